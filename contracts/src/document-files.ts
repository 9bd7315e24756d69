import { z } from 'zod';

/**
 * Files (hồ sơ) of a unit's file list (danh mục hồ sơ) per year, the documents filed in them in
 * order, the 30-day archive notice, and the digitisation KPIs for the scorecard.
 * Field names of the catalogue follow Appendix VI of Decree 30 (FileCode, DocOrdinal …).
 */

const isoDate = (field: string) =>
  z.iso.date({ error: `${field} phải là ngày dạng YYYY-MM-DD (${field}: a date as YYYY-MM-DD)` });
const uuid = z.uuid();
const text = (max: number) => z.string().trim().min(1).max(max);

export const documentFileStatuses = ['open', 'closed', 'transferred'] as const;
export type DocumentFileStatus = (typeof documentFileStatuses)[number];
export const documentFileStatusLabels: Record<DocumentFileStatus, string> = {
  open: 'Đang lập',
  closed: 'Đã kết thúc',
  transferred: 'Đã nộp lưu',
};

/** Thời hạn bảo quản: a number of years, or "vĩnh viễn" (permanent). */
export const retentionSchema = z.union([
  z.literal('permanent'),
  z
    .number()
    .int()
    .min(1, 'Thời hạn bảo quản ít nhất 1 năm (retention: at least one year)')
    .max(100, 'Thời hạn bảo quản tối đa 100 năm, hoặc "vĩnh viễn" (retention: at most 100 years)'),
]);
export type Retention = z.infer<typeof retentionSchema>;

/**
 * The file code (ký hiệu hồ sơ) pattern of a unit: `{year}` the file's year, `{unit}` the unit's
 * code, `{n}` the file's index in the year's list (01, 02 …). `{n}` is required.
 */
export const defaultFileCodeTemplate = '{year}.{unit}.{n}';
export const fileCodeTemplateSchema = z
  .string()
  .trim()
  .min(3)
  .max(60)
  .refine((t) => (t.match(/\{n\}/g) ?? []).length === 1, {
    message: 'Mẫu ký hiệu hồ sơ phải có đúng một {n} (the pattern needs exactly one {n})',
  })
  .refine((t) => !/\{(?!year\}|unit\}|n\})[^}]*\}/.test(t), {
    message: 'Mẫu chỉ dùng {year}, {unit}, {n} (only {year}, {unit}, {n} are known)',
  });

export const documentFileSettingsSchema = z.object({
  unitId: uuid,
  codeTemplate: z.string(),
  /** The example code the pattern gives for the current year's first file. */
  example: z.string(),
});
export type DocumentFileSettings = z.infer<typeof documentFileSettingsSchema>;
export const updateDocumentFileSettingsSchema = z.object({ codeTemplate: fileCodeTemplateSchema });
export const unitIdParamsSchema = z.object({ unitId: uuid });

export const createDocumentFileSchema = z.object({
  unitId: uuid,
  year: z.number().int().min(1945).max(2200),
  title: text(1000),
  retention: retentionSchema,
  /** Người lập hồ sơ; the caller when omitted. */
  responsibleStaffId: uuid.optional(),
  /** Ký hiệu hồ sơ; from the unit's pattern when omitted. */
  code: text(60).optional(),
  startDate: isoDate('startDate').optional(),
  endDate: isoDate('endDate').optional(),
  description: z.string().trim().max(2000).optional(),
  /** Overrides the derived archive transfer due date (31 December of the following year). */
  archiveDueDate: isoDate('archiveDueDate').optional(),
});
export type CreateDocumentFile = z.infer<typeof createDocumentFileSchema>;

export const updateDocumentFileSchema = z
  .object({
    title: text(1000),
    retention: retentionSchema,
    responsibleStaffId: uuid,
    startDate: isoDate('startDate').nullable(),
    endDate: isoDate('endDate').nullable(),
    description: z.string().trim().max(2000).nullable(),
    /** A date overrides the derived due date; null returns to the derived one. */
    archiveDueDate: isoDate('archiveDueDate').nullable(),
  })
  .partial();
export type UpdateDocumentFile = z.infer<typeof updateDocumentFileSchema>;

export const documentFileViewSchema = z.object({
  id: uuid,
  unitId: uuid,
  year: z.number().int(),
  index: z.number().int(),
  code: z.string(),
  title: z.string(),
  retention: retentionSchema,
  responsible: z.object({ id: uuid, fullName: z.string() }),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  description: z.string().nullable(),
  status: z.enum(documentFileStatuses),
  archiveDueDate: z.string(),
  archiveDueIsOverride: z.boolean(),
  archiveNoticeAt: z.string().nullable(),
  documentCount: z.number().int(),
  closedAt: z.string().nullable(),
  transferredAt: z.string().nullable(),
});
export type DocumentFile = z.infer<typeof documentFileViewSchema>;

export const documentFileListQuerySchema = z.object({
  unitId: uuid.optional(),
  year: z.coerce.number().int().min(1945).max(2200).optional(),
  status: z.enum(documentFileStatuses).optional(),
});

export const documentFileItemSchema = z.object({
  docOrdinal: z.number().int(),
  documentId: uuid,
  direction: z.enum(['incoming', 'outgoing']),
  codeNumber: z.string().nullable(),
  codeNotation: z.string().nullable(),
  arrivalNumber: z.number().int().nullable(),
  issuedDate: z.string().nullable(),
  typeName: z.string().nullable(),
  subject: z.string(),
  organName: z.string().nullable(),
});
export const documentFileDetailSchema = documentFileViewSchema.extend({
  documents: z.array(documentFileItemSchema),
});
export type DocumentFileDetail = z.infer<typeof documentFileDetailSchema>;

export const fileDocumentSchema = z.object({ documentId: uuid });
export const fileOrderSchema = z.object({
  /** Every document of the file, in the new order (DocOrdinal 1, 2 …). */
  documentIds: z.array(uuid).min(1).max(5000),
});
export const fileDocumentParamsSchema = z.object({ id: uuid, documentId: uuid });

export const archiveDueQuerySchema = z.object({
  unitId: uuid.optional(),
  /** Due within this many days from today (Vietnam); overdue files are always listed. */
  days: z.coerce.number().int().min(1).max(366).default(30),
});
export const archiveDueItemSchema = documentFileViewSchema.extend({
  daysLeft: z.number().int(),
  isOverdue: z.boolean(),
});

/** The catalogue of a file (mục lục văn bản trong hồ sơ) in Appendix VI tag names. */
export const fileCatalogueSchema = z.object({
  FileCode: z.object({ OrganId: z.string(), FileCatalog: z.number().int(), FileNotation: z.string() }),
  Title: z.string(),
  Maintenance: z.string(),
  StartDate: z.string().nullable(),
  EndDate: z.string().nullable(),
  TotalDoc: z.number().int(),
  Documents: z.array(
    z.object({
      DocOrdinal: z.number().int(),
      TypeName: z.string().nullable(),
      CodeNumber: z.string().nullable(),
      CodeNotation: z.string().nullable(),
      IssuedDate: z.string().nullable(),
      OrganName: z.string().nullable(),
      Subject: z.string(),
      PageAmount: z.number().int().nullable(),
      ArrivalNumber: z.number().int().nullable(),
      ArrivalDate: z.string().nullable(),
      Description: z.string().nullable(),
    }),
  ),
});
export type FileCatalogue = z.infer<typeof fileCatalogueSchema>;

// --- Digitisation KPIs ----------------------------------------------------------------------

export const documentKpiQuerySchema = z.object({
  /** The unit whose subtree is measured; the caller's active unit when omitted. */
  unitId: uuid.optional(),
  from: isoDate('from').optional(),
  to: isoDate('to').optional(),
  /** unit: one row per direct child unit (its whole subtree); month: one row per month. */
  groupBy: z.enum(['unit', 'month']).default('unit'),
});

const kpiFigures = z.object({
  incoming: z.number().int(),
  /** Incoming with a scanned or electronic main file. */
  incomingDigitised: z.number().int(),
  /** Incoming whose text is searchable (OCR'd or extracted). */
  incomingSearchable: z.number().int(),
  incomingDigitisedShare: z.number().nullable(),
  incomingSearchableShare: z.number().nullable(),
  outgoing: z.number().int(),
  /** Issued through the system with an electronic file and delivered electronically. */
  outgoingElectronic: z.number().int(),
  /** Of those, with a valid digital signature (the signatures issue). */
  outgoingDigitallySigned: z.number().int(),
  outgoingElectronicShare: z.number().nullable(),
});
export const documentKpiRowSchema = kpiFigures.extend({
  unitId: uuid.nullable(),
  unitName: z.string().nullable(),
  month: z.string().nullable(),
});
export const documentKpiSchema = z.object({
  unitId: uuid,
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(['unit', 'month']),
  rows: z.array(documentKpiRowSchema),
  total: kpiFigures,
});
export type DocumentKpi = z.infer<typeof documentKpiSchema>;
