import { z } from 'zod';

/**
 * The audit log (nhật ký hệ thống): filters, pages, export and the chain check. Dates are ISO 8601;
 * a date without a time means that calendar day in Vietnam time (UTC+07:00), `to` included.
 */
const dateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const auditFilterSchema = z.object({
  /** Action prefix: `unit.` finds `unit.create`, `unit.merge`, … */
  action: z.string().trim().min(1).max(100).optional(),
  entityType: z.string().trim().min(1).max(100).optional(),
  entityId: z.string().trim().min(1).max(200).optional(),
  actorId: z.uuid().optional(),
  /** Entries of this unit and every unit below it (still limited to the reader's scope). */
  unitId: z.uuid().optional(),
  from: dateOrInstant.optional(),
  to: dateOrInstant.optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const auditListQuerySchema = auditFilterSchema.extend({
  /** `nextCursor` of the previous page: entries older than it. */
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditListQuery = z.input<typeof auditListQuerySchema>;

export const auditExportFormats = ['csv', 'xlsx'] as const;
export const auditExportQuerySchema = auditFilterSchema.extend({
  format: z.enum(auditExportFormats).default('csv'),
});

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.iso.datetime(),
  actorId: z.uuid().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  unit: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({
  items: z.array(auditEntrySchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

export const auditChainReportSchema = z.object({
  checked: z.number().int(),
  /** The first entry whose hash or link does not match; null when the chain is intact. */
  firstBrokenId: z.number().int().nullable(),
  reason: z.string().nullable(),
});
export type AuditChainReport = z.infer<typeof auditChainReportSchema>;
