import { z } from 'zod';

/**
 * Official documents (văn bản): registers, numbering, incoming and outgoing workflows, internal
 * exchange. Field names follow Appendix VI of Decree 30 / edXML (CodeNumber → codeNumber …).
 */

export const documentPriorities = ['normal', 'khan', 'thuong_khan', 'hoa_toc'] as const;
export type DocumentPriority = (typeof documentPriorities)[number];
export const documentPriorityLabels: Record<DocumentPriority, string> = {
  normal: 'Thường',
  khan: 'Khẩn',
  thuong_khan: 'Thượng khẩn',
  hoa_toc: 'Hỏa tốc',
};

export const secrecyLevels = ['normal', 'mat', 'toi_mat', 'tuyet_mat'] as const;
export type SecrecyLevel = (typeof secrecyLevels)[number];
export const secrecyLabels: Record<SecrecyLevel, string> = {
  normal: 'Thường',
  mat: 'Mật',
  toi_mat: 'Tối mật',
  tuyet_mat: 'Tuyệt mật',
};

/**
 * outgoing (văn bản đi), incoming (văn bản đến), confidential (văn bản mật đi, own series),
 * incoming_confidential (văn bản mật đến, registered apart), copies (bản sao, own series),
 * advisory (a council using the agency's seal, own series).
 */
export const registerKinds = [
  'outgoing',
  'incoming',
  'confidential',
  'incoming_confidential',
  'copies',
  'advisory',
] as const;
export type RegisterKind = (typeof registerKinds)[number];

/** edXML status codes a recipient reports (QCVN 102:2016), as the sender sees them. */
export const exchangeStatusCodes = {
  '01': 'Đã đến',
  '02': 'Từ chối tiếp nhận',
  '03': 'Đã tiếp nhận',
  '04': 'Đã phân công',
  '05': 'Đang xử lý',
  '06': 'Hoàn thành',
  '13': 'Yêu cầu thu hồi',
  '15': 'Đồng ý thu hồi',
  '16': 'Từ chối thu hồi',
} as const;
export type ExchangeStatusCode = keyof typeof exchangeStatusCodes;

const isoDate = z.iso.date();
const uuid = z.uuid();
const text = (max: number) => z.string().trim().min(1).max(max);

export const documentIdParamsSchema = z.object({ id: uuid });

// ---------------------------------------------------------------------------------------------
// Catalogue and registers
// ---------------------------------------------------------------------------------------------

export const documentTypeSchema = z.object({
  id: uuid,
  unitId: uuid.nullable(),
  code: z.string().nullable(),
  name: z.string(),
  isActive: z.boolean(),
  sortOrder: z.number().int(),
});
export type DocumentType = z.infer<typeof documentTypeSchema>;

export const documentTypeListQuerySchema = z.object({ unitId: uuid.optional() });

export const createDocumentTypeSchema = z.object({
  unitId: uuid,
  code: z
    .string()
    .trim()
    .regex(/^[\p{L}\d]{1,12}$/u, 'Viết tắt chỉ gồm chữ và số, tối đa 12 ký tự (ví dụ QĐ, HD, CTr).')
    .nullable(),
  name: text(200),
  sortOrder: z.number().int().min(0).max(100_000).default(1000),
});
export type CreateDocumentType = z.infer<typeof createDocumentTypeSchema>;

export const updateDocumentTypeSchema = createDocumentTypeSchema
  .omit({ unitId: true })
  .partial()
  .extend({ isActive: z.boolean().optional() });
export type UpdateDocumentType = z.infer<typeof updateDocumentTypeSchema>;

/** A symbol template: "{n}/" then the notation, e.g. {n}/{type}-{unit} (checked by the server). */
const templateSchema = z.string().trim().min(4).max(100);

export const documentRegisterSchema = z.object({
  id: uuid,
  unitId: uuid,
  kind: z.enum(registerKinds),
  name: z.string(),
  advisoryBody: z.string().nullable(),
  symbolTemplate: z.string(),
  symbolTemplateNoType: z.string(),
  isDefault: z.boolean(),
  isActive: z.boolean(),
});
export type DocumentRegister = z.infer<typeof documentRegisterSchema>;

export const registerListQuerySchema = z.object({ unitId: uuid.optional() });

export const createRegisterSchema = z.object({
  unitId: uuid,
  kind: z.enum(registerKinds),
  name: text(200),
  advisoryBody: text(300).nullable().default(null),
  symbolTemplate: templateSchema.default('{n}/{type}-{unit}'),
  symbolTemplateNoType: templateSchema.default('{n}/{unit}'),
  isDefault: z.boolean().default(false),
});
export type CreateRegister = z.infer<typeof createRegisterSchema>;

export const updateRegisterSchema = z.object({
  name: text(200).optional(),
  symbolTemplate: templateSchema.optional(),
  symbolTemplateNoType: templateSchema.optional(),
  isActive: z.boolean().optional(),
});
export type UpdateRegister = z.infer<typeof updateRegisterSchema>;

export const reserveNumbersSchema = z.object({
  count: z.number().int().min(1).max(100),
  note: text(500),
});
export const cancelNumberSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  number: z.number().int().min(1),
  note: text(500),
});

export const registerNumberSchema = z.object({
  year: z.number().int(),
  number: z.number().int(),
  codeNumber: z.string(),
  status: z.enum(['issued', 'reserved', 'cancelled']),
  documentId: uuid.nullable(),
  note: z.string().nullable(),
  takenAt: z.string(),
});
export type RegisterNumber = z.infer<typeof registerNumberSchema>;
export const registerNumbersQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

export const documentUploadSchema = z.object({
  id: uuid,
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  pageCount: z.number().int().nullable(),
  sha256: z.string(),
});
export type DocumentUpload = z.infer<typeof documentUploadSchema>;
export const uploadQuerySchema = z.object({
  unitId: uuid,
  purpose: z.enum(['scan', 'draft']).default('scan'),
});

export const documentFileSchema = z.object({
  id: uuid,
  role: z.enum(['scan', 'draft', 'attachment', 'signed_scan', 'signed', 'issued', 'copy']),
  version: z.number().int(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  pageCount: z.number().int().nullable(),
  sha256: z.string(),
  createdAt: z.string(),
});

// ---------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------

const subject = z.string().trim().min(1).max(500);

export const registerIncomingSchema = z.object({
  unitId: uuid,
  registerId: uuid.optional(),
  typeId: uuid.optional(),
  typeName: text(200).optional(),
  codeNumber: text(20),
  codeNotation: text(100),
  issuedDate: isoDate,
  organName: text(300),
  organId: text(35).optional(),
  documentIdentifier: text(200).optional(),
  subject,
  signerPosition: text(200).optional(),
  signerFullName: text(200).optional(),
  pageAmount: z.number().int().min(1).max(10_000).optional(),
  priority: z.enum(documentPriorities).default('normal'),
  secrecy: z.enum(secrecyLevels).default('normal'),
  dueDate: isoDate.optional(),
  description: text(2000).optional(),
  uploadIds: z.array(uuid).min(1).max(50),
  /** Register even though a document with the same identity is already registered. */
  acknowledgeDuplicate: z.boolean().default(false),
});
export type RegisterIncoming = z.infer<typeof registerIncomingSchema>;

/** Registering an electronically arrived document that matches one already registered needs confirming. */
export const receiveQuerySchema = z.object({
  acknowledgeDuplicate: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export const reasonSchema = z.object({ reason: text(1000) });

/** A unit or a person (or both: the person within that unit); exactly one lead (checked by the server). */
export const assigneeSchema = z.object({
  role: z.enum(['lead', 'coordinate']),
  unitId: uuid.optional(),
  staffId: uuid.optional(),
  deadline: isoDate,
});

export const directSchema = z.object({
  direction: text(2000),
  assignees: z.array(assigneeSchema).min(1).max(100),
});
export type DirectDocument = z.infer<typeof directSchema>;

export const completeAssignmentSchema = z.object({
  result: text(2000),
  replyReference: text(100).optional(),
});
export const commentSchema = z.object({ body: text(4000), assignmentId: uuid.optional() });

export const createDraftSchema = z.object({
  unitId: uuid,
  typeId: uuid,
  subject,
  priority: z.enum(documentPriorities).default('normal'),
  secrecy: z.enum(secrecyLevels).default('normal'),
  dueDate: isoDate.optional(),
  signerPosition: text(200).optional(),
  signerFullName: text(200).optional(),
  description: text(2000).optional(),
  recipientUnitIds: z.array(uuid).max(10_000).default([]),
  externalRecipients: z
    .array(z.object({ organName: text(300), organId: text(35).optional() }))
    .max(500)
    .default([]),
  draftUploadId: uuid,
  attachmentUploadIds: z.array(uuid).max(50).default([]),
  /** Corrections: the issued document this one replaces (content) or corrects (format). */
  relatedDocumentId: uuid.optional(),
  relation: z.enum(['replaces', 'corrects']).optional(),
});
export type CreateDraft = z.infer<typeof createDraftSchema>;

/**
 * A draft composed in the app and rendered in the Decree 30 Appendix I layout (A4, margins, slots,
 * Times-metric font) into a PDF upload: then used like an uploaded draft. Lines are separated by
 * new lines; the number and date are left for the registry to stamp at issue.
 */
export const composeDraftSchema = z
  .object({
    unitId: uuid,
    typeId: uuid,
    /** Trích yếu: after the type name (5a), or "V/v …" for a công văn (5b). */
    summary: text(500),
    /** Kính gửi (công văn), one per line. */
    addressees: z.string().trim().max(2000).optional(),
    /** The body (6): one paragraph per line. */
    body: text(50_000),
    /** 7a: "TM. BAN THƯỜNG TRỰC", "KT. CHỦ TỊCH", … (none when the head signs in their own name). */
    authority: z.string().trim().max(200).optional(),
    signerTitle: text(200),
    signerName: text(200),
    /** Nơi nhận (9b), one per line, without "- " and ";". */
    recipients: text(5_000),
    /** What follows "Lưu:" (default "VT"). */
    archive: z.string().trim().max(100).optional(),
  })
  .strict();
export type ComposeDraft = z.infer<typeof composeDraftSchema>;

export const newVersionSchema = z.object({ draftUploadId: uuid });

export const outgoingActionSchema = z.object({
  action: z.enum(['submit_for_review', 'check_content', 'check_format', 'approve', 'send_back', 'archive']),
  note: text(2000).optional(),
});
/** Optional: the register to number from (an advisory body's); the unit's default otherwise. */
export const issueDocumentSchema = z.object({ registerId: uuid.optional() });

export const signOnPaperSchema = z.object({
  scanUploadId: uuid,
  signerFullName: text(200),
  signerPosition: text(200),
});

export const assignmentSchema = z.object({
  id: uuid,
  role: z.enum(['lead', 'coordinate']),
  assigneeUnitId: uuid,
  /** The unit's current name (and the person's full name when assigned to a person). */
  assigneeUnitName: z.string(),
  assigneeStaffId: uuid.nullable(),
  assigneeStaffName: z.string().nullable(),
  deadline: z.string(),
  direction: z.string().nullable(),
  status: z.enum(['assigned', 'accepted', 'done']),
  replyReference: z.string().nullable(),
  result: z.string().nullable(),
  isOverdue: z.boolean(),
});
export type Assignment = z.infer<typeof assignmentSchema>;

export const recipientSchema = z.object({
  id: uuid,
  recipientUnitId: uuid.nullable(),
  organName: z.string(),
  incomingDocumentId: uuid.nullable(),
  statusCode: z.string().nullable(),
  statusLabel: z.string().nullable(),
  statusReason: z.string().nullable(),
  statusAt: z.string().nullable(),
});

export const documentSummarySchema = z.object({
  id: uuid,
  unitId: uuid,
  direction: z.enum(['incoming', 'outgoing']),
  status: z.string(),
  typeName: z.string().nullable(),
  codeNumber: z.string().nullable(),
  codeNotation: z.string().nullable(),
  issuedDate: z.string().nullable(),
  organName: z.string().nullable(),
  subject: z.string(),
  priority: z.enum(documentPriorities),
  secrecy: z.enum(secrecyLevels),
  arrivalNumber: z.number().int().nullable(),
  arrivalDate: z.string().nullable(),
  dueDate: z.string().nullable(),
  createdAt: z.string(),
});
export type DocumentSummary = z.infer<typeof documentSummarySchema>;

export const documentDetailSchema = documentSummarySchema.extend({
  registerId: uuid.nullable(),
  registerYear: z.number().int().nullable(),
  typeId: uuid.nullable(),
  organId: z.string().nullable(),
  documentIdentifier: z.string().nullable(),
  description: z.string().nullable(),
  pageAmount: z.number().int().nullable(),
  signerPosition: z.string().nullable(),
  signerFullName: z.string().nullable(),
  signatureStatus: z.enum(['not_checked', 'absent', 'valid', 'invalid', 'indeterminate']),
  sourceDocumentId: uuid.nullable(),
  relatedDocumentId: uuid.nullable(),
  relation: z.enum(['replaces', 'corrects']).nullable(),
  returnReason: z.string().nullable(),
  recallReason: z.string().nullable(),
  files: z.array(documentFileSchema),
  recipients: z.array(recipientSchema),
  assignments: z.array(assignmentSchema),
  comments: z.array(
    z.object({ id: uuid, authorId: uuid, authorName: z.string(), body: z.string(), createdAt: z.string() }),
  ),
  history: z.array(
    z.object({
      fromStatus: z.string().nullable(),
      toStatus: z.string(),
      note: z.string().nullable(),
      /** Who made the change (null for the system, e.g. an arrival by exchange). */
      actorName: z.string().nullable(),
      at: z.string(),
    }),
  ),
  /** Set when the registration matched a document already registered (same identity). */
  duplicateOf: z.array(uuid).optional(),
});
export type DocumentDetail = z.infer<typeof documentDetailSchema>;

export const documentListQuerySchema = z.object({
  direction: z.enum(['incoming', 'outgoing']),
  unitId: uuid.optional(),
  status: z.string().max(30).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const documentListSchema = z.object({
  items: z.array(documentSummarySchema),
  total: z.number().int(),
});

export const overdueQuerySchema = z.object({
  scope: z.enum(['unit', 'mine']).default('unit'),
  unitId: uuid.optional(),
});
export const overdueItemSchema = assignmentSchema.extend({
  documentId: uuid,
  subject: z.string(),
  arrivalNumber: z.number().int().nullable(),
  daysOverdue: z.number().int(),
});

/** Work assigned to the caller (`mine`) or to the caller's active unit (`unit`), by deadline. */
export const myAssignmentsQuerySchema = z.object({
  scope: z.enum(['mine', 'unit']).default('mine'),
  /** `open`: not yet done (the default); `done`; or `all`. */
  state: z.enum(['open', 'done', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});
export const myAssignmentSchema = assignmentSchema.extend({
  documentId: uuid,
  subject: z.string(),
  arrivalNumber: z.number().int().nullable(),
  documentStatus: z.string(),
  priority: z.enum(documentPriorities),
  /** Days from today (Vietnam) to the deadline: negative when overdue, 0 when due today. */
  daysLeft: z.number().int(),
});
export type MyAssignment = z.infer<typeof myAssignmentSchema>;
export const myAssignmentListSchema = z.object({
  items: z.array(myAssignmentSchema),
  total: z.number().int(),
});

export const notificationListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(100),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
  /** Only the unread ones. */
  unread: z.stringbool().optional(),
});
export const notificationCountSchema = z.object({
  unread: z.number().int(),
  /** Unread and urgent (Hỏa tốc, Thượng khẩn, Khẩn). */
  urgent: z.number().int(),
});

export const notificationSchema = z.object({
  id: uuid,
  kind: z.string(),
  title: z.string(),
  /** Generic notices (directives, mentions…): a short text and an app-relative link. */
  body: z.string().nullable(),
  link: z.string().nullable(),
  documentId: uuid.nullable(),
  isUrgent: z.boolean(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
