import { z } from 'zod';

/**
 * Voters' petitions (kiến nghị cử tri, issue 6): request and response shapes of the staff API
 * (/api/petitions…). Public pages and Open311 have their own shapes. Personal data of petitioners
 * appears only in the `petitioner` section, never in summaries or details.
 *
 * Sections: vocabulary · intake · classification and drafts · lists and details · petitioner ·
 * consolidation · moderation. Other areas (routing, similarity, Open311, public pages, sessions)
 * add their own sections below.
 */

const uuid = z.uuid();
const iso = z.string().describe('ISO 8601 date-time with time zone');

// ───────────────────────────── Vocabulary ─────────────────────────────

/** Where a petition came in (kênh tiếp nhận); mirrors PETITION_CHANNELS in the server schema. */
export const petitionChannels = [
  'web',
  'session',
  'phone',
  'walk_in',
  'paper',
  'email',
  'social',
  'open311',
] as const;
export type PetitionChannelCode = (typeof petitionChannels)[number];
export const petitionChannelLabels: Record<PetitionChannelCode, string> = {
  web: 'Cổng thông tin (biểu mẫu trực tuyến)',
  session: 'Hội nghị tiếp xúc cử tri',
  phone: 'Điện thoại',
  walk_in: 'Trực tiếp tại trụ sở',
  paper: 'Văn bản, đơn giấy',
  email: 'Thư điện tử',
  social: 'Mạng xã hội',
  open311: 'Ứng dụng kết nối (Open311)',
};

/** A subject area (lĩnh vực), also served as an Open311 service. */
export const petitionSubjectSchema = z.object({
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  /** Open311 `group`. */
  group: z.string(),
  description: z.string(),
  /** Inactive subjects stay on old petitions but are not offered for new ones. */
  isActive: z.boolean(),
});
export type PetitionSubjectItem = z.infer<typeof petitionSubjectSchema>;
export const petitionSubjectListSchema = z.array(petitionSubjectSchema);

/** Channels a cadre records by hand (assisted intake). */
export const assistedChannels = ['session', 'phone', 'walk_in', 'paper', 'email', 'social'] as const;

/** The life of a petition; mirrors PETITION_STATUSES in the server schema. */
export const petitionStatuses = [
  'draft',
  'received',
  'forwarded',
  'accepted',
  'returned',
  'answered',
  'closed',
  'reopened',
  'merged',
  'rejected',
] as const;
export type PetitionStatusCode = (typeof petitionStatuses)[number];
export const petitionStatusLabels: Record<PetitionStatusCode, string> = {
  draft: 'Chờ xác nhận',
  received: 'Đã tiếp nhận',
  forwarded: 'Đã chuyển xử lý',
  accepted: 'Đang giải quyết',
  returned: 'Bị trả lại',
  answered: 'Đã trả lời',
  closed: 'Đã kết thúc',
  reopened: 'Mở lại',
  merged: 'Đã tổng hợp',
  rejected: 'Không tiếp nhận',
};

/** Competence level (thẩm quyền giải quyết). */
export const competenceLevels = ['central', 'province', 'commune'] as const;
export type CompetenceLevelCode = (typeof competenceLevels)[number];
export const competenceLevelLabels: Record<CompetenceLevelCode, string> = {
  central: 'Trung ương',
  province: 'Cấp tỉnh',
  commune: 'Cấp xã',
};

/** Statuses in which a petition waits on a recipient, so its deadline can be overdue. */
export const petitionOpenStatuses = ['forwarded', 'accepted'] as const;

// ───────────────────────────── Intake (assisted) ─────────────────────────────

export const PETITION_DESCRIPTION_MAX = 10_000;
export const PETITION_TITLE_MAX = 300;

const subjectCode = z
  .string()
  .trim()
  .min(1, 'Chưa chọn lĩnh vực (subject is required)')
  .max(40, 'Mã lĩnh vực không hợp lệ (unknown subject code)')
  .regex(/^[a-z0-9-]+$/, 'Mã lĩnh vực không hợp lệ (unknown subject code)');

export const petitionTitleSchema = z
  .string()
  .trim()
  .max(PETITION_TITLE_MAX, 'Tiêu đề tối đa 300 ký tự (title: at most 300 characters)');

export const petitionDescriptionSchema = z
  .string({ error: 'Chưa nhập nội dung kiến nghị (description is required)' })
  .trim()
  .min(1, 'Chưa nhập nội dung kiến nghị (description is required)')
  .max(
    PETITION_DESCRIPTION_MAX,
    'Nội dung kiến nghị tối đa 10.000 ký tự: hãy tóm tắt, phần dài gửi kèm tệp (description: at most 10,000 characters)',
  );

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} tối đa ${max} ký tự (at most ${max} characters)`)
    .optional()
    .transform((v) => v || undefined);

/**
 * The petitioner as the cadre noted them. Nothing is stored unless `consent` is true (Decree
 * 13/2023): the cadre asks, and records the answer.
 */
export const petitionerInputSchema = z.object({
  name: optionalText(200, 'Họ tên'),
  phone: z
    .string()
    .trim()
    .max(30)
    .regex(/^[+0-9 ().-]*$/, 'Số điện thoại chỉ gồm chữ số, dấu cách, +, -, ( ) (phone: digits only)')
    .optional()
    .transform((v) => v || undefined),
  email: z
    .union([z.literal(''), z.email('Địa chỉ thư điện tử không hợp lệ (invalid e-mail address)').max(254)])
    .optional()
    .transform((v) => v || undefined),
  address: optionalText(500, 'Địa chỉ'),
  consent: z.boolean({ error: 'Cần ghi nhận người kiến nghị có đồng ý hay không (consent: true or false)' }),
  notifyByEmail: z.boolean().default(false),
});
export type PetitionerInput = z.infer<typeof petitionerInputSchema>;

const latitude = z
  .number({ error: 'Vĩ độ phải là số (latitude: a number)' })
  .min(-90, 'Vĩ độ trong khoảng -90…90 (latitude: -90…90)')
  .max(90, 'Vĩ độ trong khoảng -90…90 (latitude: -90…90)');
const longitude = z
  .number({ error: 'Kinh độ phải là số (longitude: a number)' })
  .min(-180, 'Kinh độ trong khoảng -180…180 (longitude: -180…180)')
  .max(180, 'Kinh độ trong khoảng -180…180 (longitude: -180…180)');

/** POST /api/petitions: a cadre records a petition (session, phone, walk-in, paper, e-mail, social). */
export const createPetitionSchema = z
  .object({
    channel: z.enum(assistedChannels, {
      error: 'Kênh tiếp nhận không hợp lệ (channel: session, phone, walk_in, paper, email or social)',
    }),
    title: petitionTitleSchema
      .optional()
      .describe('Optional: derived from the first words of the description when empty.'),
    description: petitionDescriptionSchema,
    subjectCode,
    competenceLevel: z
      .enum(competenceLevels)
      .optional()
      .describe("Default: the area unit's level (commune when the unit is below a commune)."),
    unitId: uuid.optional().describe('The area (unit) the petition concerns; the active unit when omitted.'),
    sessionId: uuid.optional().describe('The voter-contact session it was raised at.'),
    term: optionalText(40, 'Nhiệm kỳ').describe('The delegates’ term, e.g. "2021-2026".'),
    addressedToId: uuid.optional().describe('The agency or delegate the citizen addressed.'),
    place: optionalText(200, 'Địa bàn').describe('A coarse public place ("thôn 3"), never an exact address.'),
    lat: latitude.optional(),
    lng: longitude.optional(),
    isPublic: z.boolean().default(true),
    receivedAt: z.iso
      .datetime({ offset: true, error: 'Ngày tiếp nhận phải là thời điểm ISO 8601 (receivedAt: ISO 8601)' })
      .optional()
      .describe('When it was raised (a session held earlier); now when omitted. Never in the future.'),
    petitioner: petitionerInputSchema.optional(),
  })
  .refine((p) => (p.lat === undefined) === (p.lng === undefined), {
    path: ['lng'],
    message: 'Vị trí cần cả vĩ độ và kinh độ (location needs both lat and lng)',
  });
export type CreatePetition = z.infer<typeof createPetitionSchema>;

// ───────────────────────────── Classification and drafts ─────────────────────────────

const classificationFields = {
  subjectCode: subjectCode.optional(),
  competenceLevel: z.enum(competenceLevels).optional(),
  unitId: uuid.optional().describe('Move to another area (unit) within your scope.'),
  addressedToId: uuid.nullable().optional().describe('null clears it.'),
};

/** PATCH /api/petitions/:id/classification. */
export const classifyPetitionSchema = z
  .object({
    ...classificationFields,
    note: optionalText(1000, 'Ghi chú'),
  })
  .refine(
    (c) =>
      c.subjectCode !== undefined ||
      c.competenceLevel !== undefined ||
      c.unitId !== undefined ||
      c.addressedToId !== undefined,
    { message: 'Chưa có thay đổi phân loại nào (nothing to change)' },
  );
export type ClassifyPetition = z.infer<typeof classifyPetitionSchema>;

/** POST /api/petitions/:id/confirm: a draft (e-mail intake) becomes a received petition. */
export const confirmDraftSchema = z.object({
  ...classificationFields,
  title: petitionTitleSchema.optional(),
  description: petitionDescriptionSchema.optional(),
});
export type ConfirmDraft = z.infer<typeof confirmDraftSchema>;

const reasonSchema = z
  .string({ error: 'Cần nêu lý do (reason is required)' })
  .trim()
  .min(3, 'Cần nêu lý do, ít nhất 3 ký tự (reason: at least 3 characters)')
  .max(1000, 'Lý do tối đa 1.000 ký tự (reason: at most 1,000 characters)');

/** POST /api/petitions/:id/reject: not a petition (spam, out of scope), with a reason. */
export const rejectPetitionSchema = z.object({ reason: reasonSchema });

// ───────────────────────────── Lists and details ─────────────────────────────

const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();

const csvOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length))
    .optional();

export const petitionSorts = ['received_desc', 'received_asc', 'deadline', 'updated_desc'] as const;

/** GET /api/petitions: every filter optional; within the caller's petitions.read scope. */
export const petitionListQuerySchema = z.object({
  status: csvOf(petitionStatuses).describe('One status or a comma list.'),
  subjectCode: subjectCode.optional(),
  unitId: uuid.optional().describe("A unit's subtree (must be in scope, else nothing)."),
  channel: csvOf(petitionChannels),
  sessionId: uuid.optional(),
  term: z.string().trim().max(40).optional(),
  overdue: flag.describe('Waiting on a recipient past its deadline.'),
  hidden: flag.describe('Hidden by moderation (true) or not (false).'),
  q: z
    .string()
    .trim()
    .max(200, 'Từ khóa tối đa 200 ký tự (q: at most 200 characters)')
    .optional()
    .describe('Words in title or description, diacritics optional; or a tracking code.'),
  sort: z.enum(petitionSorts).default('received_desc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type PetitionListQuery = z.infer<typeof petitionListQuerySchema>;

export const petitionSummarySchema = z.object({
  id: uuid,
  trackingCode: z.string(),
  serial: z.number().int(),
  title: z.string(),
  status: z.enum(petitionStatuses),
  channel: z.enum(petitionChannels),
  subjectCode: z.string(),
  subjectName: z.string(),
  competenceLevel: z.enum(competenceLevels),
  unitId: uuid,
  unitName: z.string(),
  sessionId: uuid.nullable(),
  term: z.string().nullable(),
  place: z.string().nullable(),
  receivedAt: iso,
  deadlineAt: iso.nullable(),
  isOverdue: z.boolean(),
  answeredAt: iso.nullable(),
  closedAt: iso.nullable(),
  mergedIntoId: uuid.nullable(),
  /** Active members consolidated into this petition. */
  memberCount: z.number().int(),
  isHidden: z.boolean(),
  isRedacted: z.boolean(),
  isPublic: z.boolean(),
  updatedAt: iso,
});
export type PetitionSummary = z.infer<typeof petitionSummarySchema>;

export const petitionListSchema = z.object({
  items: z.array(petitionSummarySchema),
  total: z.number().int(),
});

export const petitionEventSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  status: z.enum(petitionStatuses),
  publicNote: z.string().nullable(),
  internalNote: z.string().nullable(),
  actorName: z.string().nullable(),
  at: iso,
});

export const petitionForwardSchema = z.object({
  id: uuid,
  recipientId: uuid,
  recipientName: z.string(),
  recipientKind: z.enum(['agency', 'delegate']),
  state: z.enum(['forwarded', 'accepted', 'returned', 'answered', 'withdrawn']),
  forwardedAt: iso,
  deadlineAt: iso,
  deadlineRule: z.string(),
  acceptedAt: iso.nullable(),
  returnedAt: iso.nullable(),
  returnReason: z.string().nullable(),
  answeredAt: iso.nullable(),
});

export const petitionAnswerSchema = z.object({
  id: uuid,
  summary: z.string(),
  documentId: uuid.nullable(),
  recipientName: z.string().nullable(),
  answeredAt: iso,
  publishedAt: iso.nullable(),
  /** The petition the answer was recorded on: this one, or the primary it is consolidated into. */
  petitionId: uuid,
});

/** A petition taking part in a consolidation (no personal data: where, when, how it came in). */
export const petitionContributorSchema = z.object({
  id: uuid,
  trackingCode: z.string(),
  title: z.string(),
  role: z.enum(['primary', 'member']),
  unitId: uuid,
  unitName: z.string(),
  channel: z.enum(petitionChannels),
  sessionId: uuid.nullable(),
  sessionTitle: z.string().nullable(),
  term: z.string().nullable(),
  receivedAt: iso,
  /** Members: when merged, by whom, and the status the member had (restored on unmerge). */
  mergedAt: iso.nullable(),
  mergedByName: z.string().nullable(),
  statusBeforeMerge: z.enum(petitionStatuses).nullable(),
});

export const petitionConsolidationSchema = z.object({
  /** Set when this petition is itself consolidated into another (it follows that one). */
  mergedInto: z
    .object({ id: uuid, trackingCode: z.string(), title: z.string(), status: z.enum(petitionStatuses) })
    .nullable(),
  /** The primary and its active members (empty when nothing is consolidated into this one). */
  contributors: z.array(petitionContributorSchema),
  counts: z.object({
    total: z.number().int(),
    byUnit: z.array(z.object({ unitId: uuid, unitName: z.string(), count: z.number().int() })),
    bySession: z.array(
      z.object({ sessionId: uuid.nullable(), sessionTitle: z.string().nullable(), count: z.number().int() }),
    ),
    byTerm: z.array(z.object({ term: z.string().nullable(), count: z.number().int() })),
    firstReceivedAt: iso.nullable(),
    lastReceivedAt: iso.nullable(),
  }),
  /** Merges undone, for the record. */
  undone: z.array(
    z.object({
      memberId: uuid,
      trackingCode: z.string(),
      mergedAt: iso,
      undoneAt: iso,
      undoneByName: z.string().nullable(),
    }),
  ),
});

export const petitionDetailSchema = petitionSummarySchema.extend({
  description: z.string(),
  /** What the public sees when a moderator redacted parts (null: the text as written). */
  publicTitle: z.string().nullable(),
  publicDescription: z.string().nullable(),
  redactedAt: iso.nullable(),
  hiddenAt: iso.nullable(),
  hiddenReason: z.string().nullable(),
  rejectReason: z.string().nullable(),
  reopenReason: z.string().nullable(),
  satisfied: z.boolean().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  addressedTo: z.object({ id: uuid, name: z.string(), kind: z.enum(['agency', 'delegate']) }).nullable(),
  /** Whether personal data of the petitioner is on record (see GET …/petitioner), never the data. */
  petitioner: z.object({ recorded: z.boolean(), anonymised: z.boolean() }),
  timeline: z.array(petitionEventSchema),
  forwards: z.array(petitionForwardSchema),
  answers: z.array(petitionAnswerSchema),
  consolidation: petitionConsolidationSchema,
});
export type PetitionDetail = z.infer<typeof petitionDetailSchema>;

/** What POST /api/petitions answers. */
export const createdPetitionSchema = z.object({
  petition: petitionDetailSchema,
  /** False when identity was given without consent: nothing personal was stored. */
  petitionerStored: z.boolean(),
});

// ───────────────────────────── Petitioner (personal data) ─────────────────────────────

/** GET /api/petitions/:id/petitioner (petitions.personal_data; every view audited). */
export const petitionerSchema = z.object({
  petitionId: uuid,
  recorded: z.boolean(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  consentAt: iso.nullable(),
  notifyByEmail: z.boolean(),
  anonymisedAt: iso.nullable(),
});
export type Petitioner = z.infer<typeof petitionerSchema>;

// ───────────────────────────── Consolidation ─────────────────────────────

/** POST /api/petitions/:id/merge: the listed petitions follow this one (the primary). */
export const mergePetitionsSchema = z.object({
  memberIds: z
    .array(uuid, { error: 'Chọn các kiến nghị cần gộp (memberIds: a list of petition ids)' })
    .min(1, 'Chọn ít nhất một kiến nghị cần gộp (memberIds: at least one)')
    .max(200, 'Gộp tối đa 200 kiến nghị một lần (memberIds: at most 200)')
    .transform((ids) => [...new Set(ids)]),
});

/** POST /api/petitions/:id/unmerge: the member takes back the status it had. */
export const unmergePetitionSchema = z.object({ memberId: uuid });

// ───────────────────────────── Moderation ─────────────────────────────

const sensitive = z
  .boolean()
  .default(false)
  .describe('When true the public timeline says what happened without the reason.');

/** POST /api/petitions/:id/hide: off the public site (the record stays), with a reason. */
export const hidePetitionSchema = z.object({ reason: reasonSchema, sensitive });

/** POST /api/petitions/:id/restore: back on the public site and/or the redaction undone. */
export const restorePetitionSchema = z.object({
  reason: reasonSchema,
  undo: z
    .array(z.enum(['hidden', 'redacted']))
    .min(1)
    .default(['hidden', 'redacted'])
    .describe('What to undo: the hiding, the redaction, or both (default).'),
  sensitive,
});

/**
 * POST /api/petitions/:id/redact: parts of the public text replaced (a name, a phone number…);
 * staff keep the original. Each `text` must occur in the title or the description.
 */
export const redactPetitionSchema = z.object({
  replacements: z
    .array(
      z.object({
        text: z
          .string()
          .min(1, 'Chưa nêu đoạn cần che (text: the part to hide)')
          .max(2000, 'Đoạn cần che tối đa 2.000 ký tự (text: at most 2,000 characters)'),
        replacement: z.string().max(200).default('[đã ẩn]'),
      }),
    )
    .min(1, 'Chưa nêu đoạn nào cần che (replacements: at least one)')
    .max(50),
  reason: reasonSchema,
  sensitive,
});
export type RedactPetition = z.infer<typeof redactPetitionSchema>;

// ───────────────────────────── Routing, deadlines, answers, scorecards ─────────────────────────────
// Recipients (agencies and delegates), deadline rules and holidays, forwarding and the transfer
// chain, the recipient's inbox, answers and their publication, scorecards. Server side:
// server/src/modules/petitions/routing.*, recipients.*, deadlines.ts, scorecards.ts, sweep.ts.

export const recipientKinds = ['agency', 'delegate'] as const;
export type RecipientKind = (typeof recipientKinds)[number];
export const recipientKindLabels: Record<RecipientKind, string> = {
  agency: 'Cơ quan',
  delegate: 'Đại biểu',
};

/** The elected body of a delegate; also the body that forwards a petition (the 60-day rule). */
export const delegateBodies = ['national_assembly', 'peoples_council'] as const;
export type DelegateBody = (typeof delegateBodies)[number];
export const delegateBodyLabels: Record<DelegateBody, string> = {
  national_assembly: 'Quốc hội',
  peoples_council: 'Hội đồng nhân dân',
};

export const forwardStates = ['forwarded', 'accepted', 'returned', 'answered', 'withdrawn'] as const;
export type ForwardState = (typeof forwardStates)[number];
export const forwardStateLabels: Record<ForwardState, string> = {
  forwarded: 'Chờ tiếp nhận',
  accepted: 'Đang giải quyết',
  returned: 'Trả lại (không thuộc thẩm quyền)',
  answered: 'Đã trả lời',
  withdrawn: 'Đã chuyển nơi khác',
};

const yesNo = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();

const dayString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày theo dạng YYYY-MM-DD (a day: YYYY-MM-DD)')
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    {
      message: 'Ngày không tồn tại (no such day)',
    },
  );

const recipientName = z
  .string({ error: 'Chưa nhập tên cơ quan hoặc đại biểu (name is required)' })
  .trim()
  .min(2, 'Tên tối thiểu 2 ký tự (name: at least 2 characters)')
  .max(300, 'Tên tối đa 300 ký tự (name: at most 300 characters)');
const nullableText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} tối đa ${max} ký tự (at most ${max} characters)`)
    .nullable()
    .optional()
    .transform((v) => (v === undefined ? undefined : v || null));
const recipientEmail = z
  .union([z.literal(''), z.email('Địa chỉ thư điện tử không hợp lệ (invalid e-mail address)').max(254)])
  .nullable()
  .optional()
  .transform((v) => (v === undefined ? undefined : v || null));

/** POST /api/petition-recipients: an agency, or a delegate with their body (and term, constituency). */
export const createRecipientSchema = z
  .object({
    kind: z.enum(recipientKinds, { error: 'Loại người nhận: agency (cơ quan) hoặc delegate (đại biểu)' }),
    name: recipientName,
    level: z.enum(competenceLevels, { error: 'Cấp: central, province hoặc commune (level)' }),
    unitId: uuid.describe('The Front committee whose area the recipient serves (scoping).'),
    delegateBody: z.enum(delegateBodies).nullable().optional(),
    term: nullableText(40, 'Nhiệm kỳ').describe('Delegates: e.g. "2021-2026".'),
    constituency: nullableText(300, 'Đơn vị bầu cử'),
    email: recipientEmail,
  })
  .refine((r) => (r.kind === 'delegate') === Boolean(r.delegateBody), {
    path: ['delegateBody'],
    message:
      'Đại biểu cần nêu cơ quan dân cử (Quốc hội hoặc HĐND); cơ quan thì không (delegateBody: required for delegates only)',
  });
export type CreateRecipient = z.infer<typeof createRecipientSchema>;

/** PATCH /api/petition-recipients/:id: the kind never changes; `isActive: false` retires it. */
export const updateRecipientSchema = z
  .object({
    name: recipientName.optional(),
    level: z.enum(competenceLevels).optional(),
    delegateBody: z.enum(delegateBodies).optional().describe('Delegates only.'),
    term: nullableText(40, 'Nhiệm kỳ'),
    constituency: nullableText(300, 'Đơn vị bầu cử'),
    email: recipientEmail,
    isActive: z.boolean().optional(),
  })
  .refine((r) => Object.values(r).some((v) => v !== undefined), {
    message: 'Chưa có thay đổi nào (nothing to change)',
  });
export type UpdateRecipient = z.infer<typeof updateRecipientSchema>;

export const recipientListQuerySchema = z.object({
  kind: z.enum(recipientKinds).optional(),
  level: z.enum(competenceLevels).optional(),
  q: z.string().trim().max(200).optional().describe('Words of the name, diacritics optional.'),
  forPetitionId: uuid.optional().describe('Only recipients a petition may be forwarded to.'),
  includeInactive: yesNo,
  limit: z.coerce.number().int().min(1).max(500).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});

export const petitionRecipientSchema = z.object({
  id: uuid,
  kind: z.enum(recipientKinds),
  name: z.string(),
  /** "Bộ Giao thông vận tải", "Đại biểu Quốc hội Nguyễn Văn A": how the timeline names it. */
  label: z.string(),
  level: z.enum(competenceLevels),
  unitId: uuid,
  unitName: z.string(),
  delegateBody: z.enum(delegateBodies).nullable(),
  term: z.string().nullable(),
  constituency: z.string().nullable(),
  email: z.string().nullable(),
  isActive: z.boolean(),
  memberCount: z.number().int(),
  createdAt: iso,
});
export type PetitionRecipient = z.infer<typeof petitionRecipientSchema>;
export const recipientListSchema = z.object({
  items: z.array(petitionRecipientSchema),
  total: z.number().int(),
});

export const addRecipientMemberSchema = z.object({ staffId: uuid });
export const recipientMemberSchema = z.object({
  staffId: uuid,
  fullName: z.string(),
  username: z.string(),
  unitId: uuid,
  unitName: z.string(),
});
export const recipientMembersSchema = z.object({ items: z.array(recipientMemberSchema) });

/** Deadline rules: a null field matches anything; the most specific matching rule wins. */
export const deadlineRuleInputSchema = z.object({
  name: z
    .string({ error: 'Chưa nhập tên quy tắc (name is required)' })
    .trim()
    .min(3, 'Tên quy tắc tối thiểu 3 ký tự (name: at least 3 characters)')
    .max(300),
  level: z.enum(competenceLevels).nullable().default(null),
  channel: z.enum(petitionChannels).nullable().default(null),
  forwardedBy: z.enum(delegateBodies).nullable().default(null),
  days: z
    .number({ error: 'Số ngày phải là số nguyên (days: a whole number)' })
    .int('Số ngày phải là số nguyên (days: a whole number)')
    .min(1, 'Thời hạn từ 1 đến 365 ngày (days: 1–365)')
    .max(365, 'Thời hạn từ 1 đến 365 ngày (days: 1–365)'),
  workingDays: z.boolean().default(false),
});
export type DeadlineRuleInput = z.infer<typeof deadlineRuleInputSchema>;
export const deadlineRuleSchema = z.object({
  id: uuid,
  name: z.string(),
  level: z.enum(competenceLevels).nullable(),
  channel: z.enum(petitionChannels).nullable(),
  forwardedBy: z.enum(delegateBodies).nullable(),
  days: z.number().int(),
  workingDays: z.boolean(),
  createdAt: iso,
});
export const deadlineRuleListSchema = z.object({ items: z.array(deadlineRuleSchema) });

/** GET /api/petition-deadline-preview: which rule applies and when the period would end. */
export const deadlinePreviewQuerySchema = z.object({
  level: z.enum(competenceLevels),
  channel: z.enum(petitionChannels),
  forwardedBy: z.enum(delegateBodies).optional(),
  at: z.iso.datetime({ offset: true }).optional().describe('Forwarded at (default: now).'),
});
export const deadlinePreviewSchema = z.object({
  deadlineAt: iso,
  lastDay: z.string(),
  ruleId: uuid,
  rule: z.string(),
});

export const holidaySchema = z.object({ day: z.string(), name: z.string() });
export const holidayListQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().describe('Default: this year and the next.'),
});
export const holidayListSchema = z.object({ items: z.array(holidaySchema) });
export const holidayParamsSchema = z.object({ day: dayString });
export const putHolidaySchema = z.object({
  name: z
    .string({ error: 'Chưa nhập tên ngày nghỉ (name is required)' })
    .trim()
    .min(2, 'Tên ngày nghỉ tối thiểu 2 ký tự (name: at least 2 characters)')
    .max(200),
});

/** POST /api/petitions/:id/forward: to an agency or a delegate; again to re-route (a new hop). */
export const forwardPetitionSchema = z.object({
  recipientId: uuid,
  note: z
    .string()
    .trim()
    .max(2000, 'Ghi chú tối đa 2.000 ký tự (note: at most 2,000 characters)')
    .optional()
    .transform((v) => v || undefined)
    .describe('For staff and the recipient (the public timeline names only the recipient).'),
  forwardedBy: z
    .enum(delegateBodies)
    .optional()
    .describe(
      "The body forwarding it (the 60-day rule of the National Assembly). Default: a delegate recipient's body.",
    ),
});
export type ForwardPetition = z.infer<typeof forwardPetitionSchema>;

/** POST /api/petition-forwards/:id/return: not competent, with the reason (required). */
export const returnForwardSchema = z.object({
  reason: z
    .string({ error: 'Cần nêu lý do trả lại kiến nghị (reason is required)' })
    .trim()
    .min(5, 'Cần nêu lý do trả lại, ít nhất 5 ký tự (reason: at least 5 characters)')
    .max(2000, 'Lý do tối đa 2.000 ký tự (reason: at most 2,000 characters)'),
});

/** POST /api/petitions/:id/withdraw: take it back from its recipient (before merging it, or sent by mistake). */
export const withdrawForwardSchema = z.object({
  reason: z
    .string({ error: 'Cần nêu lý do thu hồi (reason is required)' })
    .trim()
    .min(5, 'Cần nêu lý do thu hồi, ít nhất 5 ký tự (reason: at least 5 characters)')
    .max(2000, 'Lý do tối đa 2.000 ký tự (reason: at most 2,000 characters)'),
});

/** One hop of the transfer chain, as staff and the recipient see it. */
export const routingHopSchema = petitionForwardSchema.extend({
  petitionId: uuid,
  recipientLabel: z.string(),
  forwardedByName: z.string().nullable(),
  actedByName: z.string().nullable(),
  isOverdue: z.boolean(),
  remindedAt: iso.nullable(),
  escalatedAt: iso.nullable(),
});
export type RoutingHop = z.infer<typeof routingHopSchema>;

export const routingAnswerSchema = petitionAnswerSchema.extend({
  forwardId: uuid.nullable(),
  recipientId: uuid.nullable(),
  answeredByName: z.string().nullable(),
  /** The official document (the documents module); null when answered by summary only. */
  document: z
    .object({
      id: uuid,
      subject: z.string(),
      codeNumber: z.string().nullable(),
      codeNotation: z.string().nullable(),
      issuedDate: z.string().nullable(),
      status: z.string(),
    })
    .nullable(),
});

/** GET /api/petitions/:id/routing and the answer of every routing action. */
export const petitionRoutingSchema = z.object({
  petitionId: uuid,
  trackingCode: z.string(),
  status: z.enum(petitionStatuses),
  deadlineAt: iso.nullable(),
  isOverdue: z.boolean(),
  currentForwardId: uuid.nullable(),
  hops: z.array(routingHopSchema),
  answers: z.array(routingAnswerSchema),
});
export type PetitionRouting = z.infer<typeof petitionRoutingSchema>;

/** GET /api/petition-inbox: petitions forwarded to the recipients I act for. */
export const inboxQuerySchema = z.object({
  state: z
    .enum(['open', 'forwarded', 'accepted', 'returned', 'answered', 'all'])
    .default('open')
    .describe('open: waiting for acceptance or an answer.'),
  recipientId: uuid.optional(),
  overdue: yesNo,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const inboxItemSchema = routingHopSchema.extend({
  trackingCode: z.string(),
  title: z.string(),
  description: z.string(),
  subjectName: z.string(),
  competenceLevel: z.enum(competenceLevels),
  unitName: z.string(),
  place: z.string().nullable(),
  status: z.enum(petitionStatuses),
  /** Voters who raised it: 1 + the petitions consolidated into it. */
  contributorCount: z.number().int(),
  note: z.string().nullable(),
});
export const inboxSchema = z.object({ items: z.array(inboxItemSchema), total: z.number().int() });

/** POST /api/petitions/:id/answer: by a member of the recipient, or Front staff on its behalf. */
export const answerPetitionSchema = z.object({
  summary: z
    .string({ error: 'Chưa nhập tóm tắt câu trả lời (summary is required)' })
    .trim()
    .min(10, 'Tóm tắt câu trả lời bằng lời dễ hiểu, ít nhất 10 ký tự (summary: at least 10 characters)')
    .max(5000, 'Tóm tắt tối đa 5.000 ký tự (summary: at most 5,000 characters)'),
  documentId: uuid.optional().describe('The official answer (văn bản trả lời) in the documents module.'),
});
export type AnswerPetition = z.infer<typeof answerPetitionSchema>;

/** GET /api/petition-scorecards (and the public pages): per agency and per delegate. */
export const scorecardQuerySchema = z.object({
  unitId: uuid.optional().describe("Recipients serving this unit's subtree (default: the active unit)."),
  from: z.iso.datetime({ offset: true }).optional().describe('Forwarded on or after (default: a year ago).'),
  to: z.iso.datetime({ offset: true }).optional().describe('Forwarded before (default: now).'),
  kind: z.enum(recipientKinds).optional(),
});
export const scorecardSchema = z.object({
  recipientId: uuid,
  kind: z.enum(recipientKinds),
  name: z.string(),
  label: z.string(),
  level: z.enum(competenceLevels),
  unitId: uuid,
  unitName: z.string(),
  delegateBody: z.enum(delegateBodies).nullable(),
  term: z.string().nullable(),
  constituency: z.string().nullable(),
  /** Petitions forwarded to it in the window (each petition once). */
  received: z.number().int(),
  /** Returned as not competent. */
  returned: z.number().int(),
  answered: z.number().int(),
  answeredOnTime: z.number().int(),
  /** Still waiting past the deadline. */
  overdue: z.number().int(),
  /** answeredOnTime / (answered + overdue); null when nothing was due. */
  onTimeRate: z.number().nullable(),
  /** Median days from forwarding to answer; null when nothing was answered. */
  medianDays: z.number().nullable(),
  /** Petitions that consolidated repeats (other voters, earlier sessions or terms). */
  repeats: z.number().int(),
  repeatRate: z.number().nullable(),
  rated: z.number().int(),
  satisfied: z.number().int(),
  satisfactionRate: z.number().nullable(),
});
export type Scorecard = z.infer<typeof scorecardSchema>;
export const scorecardListSchema = z.object({
  from: iso,
  to: iso,
  items: z.array(scorecardSchema),
});

// ───────────────────────────── Open311 API keys ─────────────────────────────

/** POST /api/open311-keys: a key for a partner application, valid for a unit and its subtree. */
export const createOpen311ApiKeySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Cần đặt tên cho khóa API, ví dụ tên ứng dụng được cấp (name required)')
    .max(200, 'Tên tối đa 200 ký tự (name: at most 200 characters)'),
  unitId: uuid,
});
export type CreateOpen311ApiKey = z.infer<typeof createOpen311ApiKeySchema>;

export const open311ApiKeySchema = z.object({
  id: uuid,
  name: z.string(),
  /** The first characters of the key, to recognise it; the key itself is shown only once. */
  prefix: z.string(),
  unit: z.object({ id: uuid, name: z.string(), code: z.string().nullable() }),
  /** Null for the demo seed's key. */
  createdBy: z.object({ id: uuid, fullName: z.string() }).nullable(),
  createdAt: iso,
  lastUsedAt: iso.nullable(),
  revokedAt: iso.nullable(),
});
export type Open311ApiKey = z.infer<typeof open311ApiKeySchema>;

export const createdOpen311ApiKeySchema = open311ApiKeySchema.extend({
  /** The `api_key` parameter of Open311 POST calls; shown once, only its SHA-256 is stored. */
  key: z.string(),
});
