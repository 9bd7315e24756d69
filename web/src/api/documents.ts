/** Official documents (văn bản) endpoints: registers, incoming and outgoing workflows, notifications. */
import type {
  CreateDraft,
  DirectDocument,
  DocumentDetail,
  DocumentRegister,
  DocumentSearchQuery,
  DocumentSearchResult,
  DocumentSummary,
  DocumentType,
  DocumentUpload,
  MyAssignment,
  RegisterIncoming,
  RegisterNumber,
} from '@mts/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client.ts';

export const documentPaths = {
  types: '/document-types',
  registers: '/document-registers',
  registerNumbers: (id: string) => `/document-registers/${id}/numbers`,
  reservations: (id: string) => `/document-registers/${id}/reservations`,
  uploads: '/document-uploads',
  documents: '/documents',
  document: (id: string) => `/documents/${id}`,
  file: (id: string, fileId: string) => `/api/documents/${id}/files/${fileId}`,
  incoming: '/documents/incoming',
  outgoing: '/documents/outgoing',
  notifications: '/notifications',
  search: '/documents/search',
} as const;

export interface NotificationItem {
  id: string;
  kind: string;
  title: string;
  /** Generic notices (directives, mentions…): a short text and an app-relative link. */
  body: string | null;
  link: string | null;
  documentId: string | null;
  isUrgent: boolean;
  readAt: string | null;
  createdAt: string;
}

export type OutgoingActionName =
  | 'submit_for_review'
  | 'check_content'
  | 'check_format'
  | 'approve'
  | 'send_back'
  | 'archive';

export function useDocumentTypes(unitId: string | undefined) {
  return useQuery({
    queryKey: ['document-types', unitId],
    queryFn: () => api.get<DocumentType[]>(documentPaths.types, { unitId }),
    staleTime: 5 * 60_000,
  });
}

export function useDocumentRegisters(unitId: string | undefined) {
  return useQuery({
    queryKey: ['document-registers', unitId],
    queryFn: () => api.get<DocumentRegister[]>(documentPaths.registers, { unitId }),
  });
}

export function useRegisterNumbers(registerId: string | null, year: number) {
  return useQuery({
    queryKey: ['register-numbers', registerId, year],
    queryFn: () => api.get<RegisterNumber[]>(documentPaths.registerNumbers(registerId!), { year }),
    enabled: Boolean(registerId),
  });
}

export function useReserveNumbers(registerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { count: number; note: string }) =>
      api.post<{ year: number; numbers: number[] }>(documentPaths.reservations(registerId), body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['register-numbers', registerId] }),
  });
}

export function useDocumentList(query: {
  direction: 'incoming' | 'outgoing';
  unitId?: string;
  status?: string;
  limit: number;
  offset: number;
}) {
  return useQuery({
    queryKey: ['documents', query],
    queryFn: ({ signal }) =>
      api.get<{ items: DocumentSummary[]; total: number }>(documentPaths.documents, query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useDocument(id: string | undefined) {
  return useQuery({
    queryKey: ['document', id],
    queryFn: () => api.get<DocumentDetail>(documentPaths.document(id!)),
    enabled: Boolean(id),
  });
}

/** Uploads one file (multipart); the server checks its type by content. */
export function uploadDocumentFile(file: File, unitId: string, purpose: 'scan' | 'draft') {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.post<DocumentUpload>(documentPaths.uploads, form, { unitId, purpose });
}

export function useRegisterIncoming() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RegisterIncoming) => api.post<DocumentDetail>(documentPaths.incoming, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['documents'] }),
  });
}

export function useCreateDraft() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateDraft) => api.post<DocumentDetail>(documentPaths.outgoing, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['documents'] }),
  });
}

/** Any step on a document: the answer (the document as it is now) replaces the cached detail. */
export function useDocumentStep(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (step: { path: string; body?: unknown; query?: Record<string, string> }) =>
      api.post<DocumentDetail | { ok: true }>(step.path, step.body ?? {}, step.query),
    onSuccess: async (answer) => {
      if (answer && 'id' in answer) client.setQueryData(['document', id], answer);
      else await client.invalidateQueries({ queryKey: ['document', id] });
      await client.invalidateQueries({ queryKey: ['documents'] });
      await client.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
}

export const stepPaths = {
  receive: (id: string) => `/documents/${id}/receive`,
  submit: (id: string) => `/documents/${id}/submit`,
  returnDoc: (id: string) => `/documents/${id}/return`,
  direction: (id: string) => `/documents/${id}/direction`,
  comment: (id: string) => `/documents/${id}/comments`,
  accept: (assignmentId: string) => `/document-assignments/${assignmentId}/accept`,
  complete: (assignmentId: string) => `/document-assignments/${assignmentId}/complete`,
  actions: (id: string) => `/documents/${id}/actions`,
  signOnPaper: (id: string) => `/documents/${id}/sign-on-paper`,
  issue: (id: string) => `/documents/${id}/issue`,
  recall: (id: string) => `/documents/${id}/recall`,
} as const;

export type { DirectDocument };

/** A page of the person's notifications (urgent first, then the newest). */
export function useNotifications(page: { limit: number; offset: number }) {
  return useQuery({
    queryKey: ['notifications', 'list', page],
    queryFn: ({ signal }) => api.get<NotificationItem[]>(documentPaths.notifications, page, signal),
    placeholderData: keepPreviousData,
  });
}

/** The header's unread count; polled every minute so it stays fresh. */
export function useUnreadCount() {
  return useQuery({
    queryKey: ['notifications', 'count'],
    queryFn: () => api.get<{ unread: number; urgent: number }>('/notifications/unread-count'),
    refetchInterval: 60_000,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

export function useMarkNotificationRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<{ ok: true }>(`/notifications/${id}/read`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export function useMarkAllNotificationsRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ count: number }>('/notifications/read-all'),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

/** Work assigned to the person or to their active unit, soonest deadline first. */
export function useMyAssignments(query: {
  scope: 'mine' | 'unit';
  state: 'open' | 'done' | 'all';
  limit: number;
  offset: number;
}) {
  return useQuery({
    queryKey: ['documents', 'assignments', query],
    queryFn: ({ signal }) =>
      api.get<{ items: MyAssignment[]; total: number }>('/document-assignments', query, signal),
    placeholderData: keepPreviousData,
  });
}

export interface OverdueItem {
  id: string;
  documentId: string;
  subject: string;
  arrivalNumber: number | null;
  role: 'lead' | 'coordinate';
  assigneeUnitId: string;
  assigneeStaffId: string | null;
  deadline: string;
  daysOverdue: number;
}

/** Assignments past their deadline: the unit's (subtree) or the person's own. */
export function useOverdue(scope: 'unit' | 'mine') {
  return useQuery({
    queryKey: ['documents', 'overdue', scope],
    queryFn: () => api.get<OverdueItem[]>('/documents/overdue', { scope }),
  });
}

export function useAddDraftVersion(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (draftUploadId: string) =>
      api.post<{ version: number }>(`/documents/${id}/versions`, { draftUploadId }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['document', id] }),
  });
}

/** Full-text and symbol search (the server decides whether `q` is words or a symbol). */
export function useDocumentSearch(
  query: Partial<DocumentSearchQuery> & { limit: number; offset: number },
  enabled = true,
) {
  return useQuery({
    queryKey: ['documents', 'search', query],
    queryFn: ({ signal }) => api.get<DocumentSearchResult>(documentPaths.search, query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}
