/**
 * Voters' petitions (kiến nghị cử tri) and voter-contact sessions: every staff endpoint the web
 * app calls. Paths live here only; shapes come from @mts/contracts.
 */
import type {
  AnswerPetition,
  ClassifyPetition,
  ConfirmDraft,
  CreatePetition,
  CreateRecipient,
  CreateVoterSession,
  createdOpen311ApiKeySchema,
  createdPetitionSchema,
  DeadlineRuleInput,
  deadlinePreviewSchema,
  deadlineRuleSchema,
  ForwardPetition,
  holidaySchema,
  inboxItemSchema,
  Open311ApiKey,
  PetitionDetail,
  Petitioner,
  PetitionRecipient,
  PetitionRouting,
  PetitionSubjectItem,
  PetitionSummary,
  RaiseSessionPetition,
  RedactPetition,
  recipientMemberSchema,
  Scorecard,
  SimilarPetitions,
  UpdateVoterSession,
  updateRecipientSchema,
  VoterSession,
  VoterSessionAttendance,
  VoterSessionDetail,
  VoterSessionInviteeInput,
  VoterSessionMinutes,
  VoterSessionPetition,
} from '@mts/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, type Query } from './client.ts';

export type InboxItem = z.infer<typeof inboxItemSchema>;
export type RecipientMember = z.infer<typeof recipientMemberSchema>;
export type DeadlineRule = z.infer<typeof deadlineRuleSchema>;
export type DeadlinePreview = z.infer<typeof deadlinePreviewSchema>;
export type Holiday = z.infer<typeof holidaySchema>;
export type CreatedPetition = z.infer<typeof createdPetitionSchema>;
export type CreatedOpen311ApiKey = z.infer<typeof createdOpen311ApiKeySchema>;
/** What a PATCH may send (the schema's input: every field optional). */
export type UpdateRecipient = z.input<typeof updateRecipientSchema>;
/** An agency or a delegate (both first-class recipients). */
export type Recipient = PetitionRecipient;
export type {
  Open311ApiKey,
  PetitionDetail,
  Petitioner,
  PetitionRecipient,
  PetitionRouting,
  PetitionSubjectItem,
  PetitionSummary,
  Scorecard,
  SimilarPetitions,
  VoterSession,
  VoterSessionDetail,
  VoterSessionPetition,
};

export const petitionPaths = {
  petitions: '/petitions',
  petition: (id: string) => `/petitions/${id}`,
  similar: '/petitions/similar',
  classification: (id: string) => `/petitions/${id}/classification`,
  confirm: (id: string) => `/petitions/${id}/confirm`,
  reject: (id: string) => `/petitions/${id}/reject`,
  petitioner: (id: string) => `/petitions/${id}/petitioner`,
  merge: (id: string) => `/petitions/${id}/merge`,
  unmerge: (id: string) => `/petitions/${id}/unmerge`,
  hide: (id: string) => `/petitions/${id}/hide`,
  restore: (id: string) => `/petitions/${id}/restore`,
  redact: (id: string) => `/petitions/${id}/redact`,
  forward: (id: string) => `/petitions/${id}/forward`,
  withdraw: (id: string) => `/petitions/${id}/withdraw`,
  routing: (id: string) => `/petitions/${id}/routing`,
  answer: (id: string) => `/petitions/${id}/answer`,
  publish: (id: string) => `/petitions/${id}/answer/publish`,
  inbox: '/petition-inbox',
  acceptForward: (id: string) => `/petition-forwards/${id}/accept`,
  returnForward: (id: string) => `/petition-forwards/${id}/return`,
  recipients: '/petition-recipients',
  recipient: (id: string) => `/petition-recipients/${id}`,
  recipientMembers: (id: string) => `/petition-recipients/${id}/members`,
  recipientMember: (id: string, staffId: string) => `/petition-recipients/${id}/members/${staffId}`,
  deadlineRules: '/petition-deadline-rules',
  deadlineRule: (id: string) => `/petition-deadline-rules/${id}`,
  deadlinePreview: '/petition-deadline-preview',
  holidays: '/petition-holidays',
  holiday: (day: string) => `/petition-holidays/${day}`,
  scorecards: '/petition-scorecards',
  open311Keys: '/open311-keys',
  open311Key: (id: string) => `/open311-keys/${id}`,
  sessions: '/voter-sessions',
  session: (id: string) => `/voter-sessions/${id}`,
  sessionInvitations: (id: string) => `/voter-sessions/${id}/invitations`,
  sessionNotify: (id: string) => `/voter-sessions/${id}/notify`,
  sessionAttendance: (id: string) => `/voter-sessions/${id}/attendance`,
  sessionMinutes: (id: string) => `/voter-sessions/${id}/minutes`,
  sessionCancel: (id: string) => `/voter-sessions/${id}/cancel`,
  sessionPetitions: (id: string) => `/voter-sessions/${id}/petitions`,
  sessionLink: (id: string) => `/voter-sessions/${id}/petitions/link`,
  sessionReport: (id: string, format: 'xlsx' | 'pdf' | 'docx') => `/voter-sessions/${id}/report.${format}`,
  /** The calendar file, as a link (downloaded by the browser). */
  sessionIcs: (id: string) => `/api/voter-sessions/${id}/invitation.ics`,
  subjects: '/petition-subjects',
} as const;

export const petitionKeys = {
  all: ['petitions'] as const,
  list: (query: Query) => ['petitions', 'list', query] as const,
  detail: (id: string) => ['petitions', 'detail', id] as const,
  routing: (id: string) => ['petitions', 'routing', id] as const,
  similar: (query: Query) => ['petitions', 'similar', query] as const,
  inbox: (query: Query) => ['petitions', 'inbox', query] as const,
  subjects: ['petition-subjects'] as const,
  recipients: (query: Query) => ['petition-recipients', query] as const,
  recipientsAll: ['petition-recipients'] as const,
  members: (id: string) => ['petition-recipients', 'members', id] as const,
  rules: ['petition-deadline-rules'] as const,
  holidays: (year: number) => ['petition-holidays', year] as const,
  scorecards: (query: Query) => ['petition-scorecards', query] as const,
  keys: ['open311-keys'] as const,
  sessions: ['voter-sessions'] as const,
  sessionList: (query: Query) => ['voter-sessions', 'list', query] as const,
  session: (id: string) => ['voter-sessions', 'detail', id] as const,
  sessionPetitions: (id: string) => ['voter-sessions', 'petitions', id] as const,
};

/** One page of a staff list (`{ items, total }`), kept on screen while the next page loads. */
function usePage<T>(queryKey: readonly unknown[], path: string, query: Query, enabled = true) {
  return useQuery({
    enabled,
    queryKey,
    queryFn: ({ signal }) => api.get<{ items: T[]; total: number }>(path, query, signal),
    placeholderData: keepPreviousData,
  });
}

// ───────────────────────────── Subjects ─────────────────────────────

/** The subject areas, active ones first (inactive ones only name old petitions' subjects). */
export function usePetitionSubjects() {
  return useQuery({
    queryKey: petitionKeys.subjects,
    staleTime: 10 * 60_000,
    queryFn: ({ signal }) => api.get<PetitionSubjectItem[]>(petitionPaths.subjects, undefined, signal),
  });
}

// ───────────────────────────── Petitions ─────────────────────────────

export function usePetitionList(query: Query, enabled = true) {
  return usePage<PetitionSummary>(petitionKeys.list(query), petitionPaths.petitions, query, enabled);
}

export function usePetition(id: string | undefined) {
  return useQuery({
    queryKey: petitionKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<PetitionDetail>(petitionPaths.petition(id!), undefined, signal),
    enabled: Boolean(id),
  });
}

export function usePetitionRouting(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: petitionKeys.routing(id ?? ''),
    queryFn: ({ signal }) => api.get<PetitionRouting>(petitionPaths.routing(id!), undefined, signal),
    enabled: Boolean(id) && enabled,
  });
}

/** Similar existing petitions for a text being typed (debounce the text before passing it). */
export function useSimilarPetitions(query: {
  text: string;
  unitId?: string;
  subjectCode?: string;
  excludeId?: string;
  limit?: number;
}) {
  const text = query.text.trim();
  const q: Query = { ...query, text };
  return useQuery({
    queryKey: petitionKeys.similar(q),
    queryFn: ({ signal }) => api.get<SimilarPetitions>(petitionPaths.similar, q, signal),
    enabled: text.length >= 8,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
}

/** Invalidate everything about petitions (lists, details, inbox, sessions' petitions). */
function useRefresh() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: petitionKeys.all }),
      client.invalidateQueries({ queryKey: petitionKeys.sessions }),
    ]);
}

/** A mutation after which every view of petitions and sessions is fetched again. */
function usePetitionsMutation<TVariables, TResult>(mutationFn: (variables: TVariables) => Promise<TResult>) {
  const refresh = useRefresh();
  return useMutation({ mutationFn, onSuccess: () => refresh() });
}

/** The `onSuccess` of settings mutations: fetch the queries under `queryKey` again. */
function useInvalidate(queryKey: readonly unknown[]) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey });
}

export function useCreatePetition() {
  return usePetitionsMutation((body: CreatePetition) =>
    api.post<CreatedPetition>(petitionPaths.petitions, body),
  );
}

/** Every action on one petition that answers with the petition's detail. */
export function usePetitionAction(id: string) {
  return usePetitionsMutation(
    (
      action:
        | { kind: 'classify'; body: ClassifyPetition }
        | { kind: 'confirm'; body: ConfirmDraft }
        | { kind: 'reject'; body: { reason: string } }
        | { kind: 'merge'; body: { memberIds: string[] } }
        | { kind: 'unmerge'; body: { memberId: string } }
        | { kind: 'hide'; body: { reason: string; sensitive?: boolean } }
        | { kind: 'restore'; body: { reason: string; undo?: ('hidden' | 'redacted')[]; sensitive?: boolean } }
        | { kind: 'redact'; body: RedactPetition },
    ) => {
      switch (action.kind) {
        case 'classify':
          return api.patch<PetitionDetail>(petitionPaths.classification(id), action.body);
        case 'confirm':
          return api.post<PetitionDetail>(petitionPaths.confirm(id), action.body);
        case 'reject':
          return api.post<PetitionDetail>(petitionPaths.reject(id), action.body);
        case 'merge':
          return api.post<PetitionDetail>(petitionPaths.merge(id), action.body);
        case 'unmerge':
          return api.post<PetitionDetail>(petitionPaths.unmerge(id), action.body);
        case 'hide':
          return api.post<PetitionDetail>(petitionPaths.hide(id), action.body);
        case 'restore':
          return api.post<PetitionDetail>(petitionPaths.restore(id), action.body);
        case 'redact':
          return api.post<PetitionDetail>(petitionPaths.redact(id), action.body);
      }
    },
  );
}

/** Routing actions (forward, withdraw, answer, publish); they answer with the transfer chain. */
export function useRoutingAction(id: string) {
  return usePetitionsMutation(
    (
      action:
        | { kind: 'forward'; body: ForwardPetition }
        | { kind: 'withdraw'; body: { reason: string } }
        | { kind: 'answer'; body: AnswerPetition }
        | { kind: 'publish' },
    ) => {
      switch (action.kind) {
        case 'forward':
          return api.post<PetitionRouting>(petitionPaths.forward(id), action.body);
        case 'withdraw':
          return api.post<PetitionRouting>(petitionPaths.withdraw(id), action.body);
        case 'answer':
          return api.post<PetitionRouting>(petitionPaths.answer(id), action.body);
        case 'publish':
          return api.post<PetitionRouting>(petitionPaths.publish(id));
      }
    },
  );
}

/** The petitioner's personal data: fetched only when asked (every view is audited). */
export function fetchPetitioner(id: string) {
  return api.get<Petitioner>(petitionPaths.petitioner(id));
}

// ───────────────────────────── Inbox ─────────────────────────────

export function usePetitionInbox(query: Query) {
  return usePage<InboxItem>(petitionKeys.inbox(query), petitionPaths.inbox, query);
}

export function useForwardAction() {
  return usePetitionsMutation(
    (
      action: { kind: 'accept'; forwardId: string } | { kind: 'return'; forwardId: string; reason: string },
    ) =>
      action.kind === 'accept'
        ? api.post<PetitionRouting>(petitionPaths.acceptForward(action.forwardId))
        : api.post<PetitionRouting>(petitionPaths.returnForward(action.forwardId), { reason: action.reason }),
  );
}

/** Answer from the inbox (the petition id comes with the hop). */
export function useAnswerPetition() {
  return usePetitionsMutation(({ petitionId, body }: { petitionId: string; body: AnswerPetition }) =>
    api.post<PetitionRouting>(petitionPaths.answer(petitionId), body),
  );
}

// ───────────────────────────── Recipients, rules, holidays ─────────────────────────────

export function useRecipients(query: Query, enabled = true) {
  return usePage<Recipient>(petitionKeys.recipients(query), petitionPaths.recipients, query, enabled);
}

export function useRecipientMutations() {
  const onSuccess = useInvalidate(petitionKeys.recipientsAll);
  return {
    create: useMutation({
      mutationFn: (body: CreateRecipient) => api.post<Recipient>(petitionPaths.recipients, body),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: UpdateRecipient }) =>
        api.patch<Recipient>(petitionPaths.recipient(id), body),
      onSuccess,
    }),
    addMember: useMutation({
      mutationFn: ({ id, staffId }: { id: string; staffId: string }) =>
        api.post<{ items: RecipientMember[] }>(petitionPaths.recipientMembers(id), { staffId }),
      onSuccess,
    }),
    removeMember: useMutation({
      mutationFn: ({ id, staffId }: { id: string; staffId: string }) =>
        api.delete<{ items: RecipientMember[] }>(petitionPaths.recipientMember(id, staffId)),
      onSuccess,
    }),
  };
}

export function useRecipientMembers(id: string | null) {
  return useQuery({
    queryKey: petitionKeys.members(id ?? ''),
    queryFn: ({ signal }) =>
      api.get<{ items: RecipientMember[] }>(petitionPaths.recipientMembers(id!), undefined, signal),
    enabled: Boolean(id),
  });
}

export function useDeadlineRules() {
  return useQuery({
    queryKey: petitionKeys.rules,
    queryFn: ({ signal }) =>
      api.get<{ items: DeadlineRule[] }>(petitionPaths.deadlineRules, undefined, signal),
  });
}

export function useDeadlineRuleMutations() {
  const onSuccess = useInvalidate(petitionKeys.rules);
  return {
    save: useMutation({
      mutationFn: ({ id, body }: { id?: string; body: DeadlineRuleInput }) =>
        id
          ? api.put<DeadlineRule>(petitionPaths.deadlineRule(id), body)
          : api.post<DeadlineRule>(petitionPaths.deadlineRules, body),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (id: string) => api.delete<void>(petitionPaths.deadlineRule(id)),
      onSuccess,
    }),
  };
}

export function useHolidays(year: number) {
  return useQuery({
    queryKey: petitionKeys.holidays(year),
    queryFn: ({ signal }) => api.get<{ items: Holiday[] }>(petitionPaths.holidays, { year }, signal),
  });
}

export function useHolidayMutations() {
  const onSuccess = useInvalidate(['petition-holidays']);
  return {
    put: useMutation({
      mutationFn: ({ day, name }: { day: string; name: string }) =>
        api.put<Holiday>(petitionPaths.holiday(day), { name }),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (day: string) => api.delete<void>(petitionPaths.holiday(day)),
      onSuccess,
    }),
  };
}

export function useScorecards(query: Query) {
  return useQuery({
    queryKey: petitionKeys.scorecards(query),
    queryFn: ({ signal }) =>
      api.get<{ from: string; to: string; items: Scorecard[] }>(petitionPaths.scorecards, query, signal),
    placeholderData: keepPreviousData,
  });
}

// ───────────────────────────── Open311 keys ─────────────────────────────

export function useOpen311Keys() {
  return useQuery({
    queryKey: petitionKeys.keys,
    queryFn: ({ signal }) => api.get<Open311ApiKey[]>(petitionPaths.open311Keys, undefined, signal),
  });
}

export function useOpen311KeyMutations() {
  const onSuccess = useInvalidate(petitionKeys.keys);
  return {
    create: useMutation({
      mutationFn: (body: { name: string; unitId: string }) =>
        api.post<CreatedOpen311ApiKey>(petitionPaths.open311Keys, body),
      onSuccess,
    }),
    revoke: useMutation({
      mutationFn: (id: string) => api.delete<void>(petitionPaths.open311Key(id)),
      onSuccess,
    }),
  };
}

// ───────────────────────────── Voter-contact sessions ─────────────────────────────

export function useVoterSessions(query: Query) {
  return usePage<VoterSession>(petitionKeys.sessionList(query), petitionPaths.sessions, query);
}

export function useVoterSession(id: string | undefined) {
  return useQuery({
    queryKey: petitionKeys.session(id ?? ''),
    queryFn: ({ signal }) => api.get<VoterSessionDetail>(petitionPaths.session(id!), undefined, signal),
    enabled: Boolean(id),
  });
}

export function useVoterSessionPetitions(id: string) {
  return useQuery({
    queryKey: petitionKeys.sessionPetitions(id),
    queryFn: ({ signal }) =>
      api.get<{ items: VoterSessionPetition[]; total: number }>(
        petitionPaths.sessionPetitions(id),
        { limit: 500 },
        signal,
      ),
  });
}

export function usePlanVoterSession() {
  return usePetitionsMutation((body: CreateVoterSession) =>
    api.post<VoterSessionDetail>(petitionPaths.sessions, body),
  );
}

/** Every action on one session; all but delete and raise answer with the session's detail. */
export function useVoterSessionAction(id: string) {
  return usePetitionsMutation(
    (
      action:
        | { kind: 'update'; body: UpdateVoterSession }
        | { kind: 'invitations'; body: { invitees: VoterSessionInviteeInput[] } }
        | { kind: 'notify' }
        | { kind: 'attendance'; body: VoterSessionAttendance }
        | { kind: 'minutes'; body: VoterSessionMinutes }
        | { kind: 'cancel'; body: { reason: string } }
        | { kind: 'raise'; body: RaiseSessionPetition }
        | { kind: 'link'; body: { petitionIds: string[] } }
        | { kind: 'delete' },
    ): Promise<unknown> => {
      switch (action.kind) {
        case 'update':
          return api.patch<VoterSessionDetail>(petitionPaths.session(id), action.body);
        case 'invitations':
          return api.put<VoterSessionDetail>(petitionPaths.sessionInvitations(id), action.body);
        case 'notify':
          return api.post<VoterSessionDetail>(petitionPaths.sessionNotify(id));
        case 'attendance':
          return api.put<VoterSessionDetail>(petitionPaths.sessionAttendance(id), action.body);
        case 'minutes':
          return api.put<VoterSessionDetail>(petitionPaths.sessionMinutes(id), action.body);
        case 'cancel':
          return api.post<VoterSessionDetail>(petitionPaths.sessionCancel(id), action.body);
        case 'raise':
          return api.post<{ id: string; trackingCode: string }>(
            petitionPaths.sessionPetitions(id),
            action.body,
          );
        case 'link':
          return api.post<{ linked: number }>(petitionPaths.sessionLink(id), action.body);
        case 'delete':
          return api.delete<void>(petitionPaths.session(id));
      }
    },
  );
}

export function downloadSessionReport(id: string, format: 'xlsx' | 'pdf' | 'docx') {
  return api.raw('GET', petitionPaths.sessionReport(id, format));
}
