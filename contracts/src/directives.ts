import { z } from 'zod';

/**
 * Directives (chỉ đạo): a leader sends a directive to chosen units with a deadline and a required
 * action; each recipient unit's row on the board goes sent → seen → acknowledged (→ reported).
 */

const uuid = z.uuid();

export const directiveActions = ['acknowledge', 'report', 'figure'] as const;
export type DirectiveAction = (typeof directiveActions)[number];
export const directiveActionLabels: Record<DirectiveAction, string> = {
  acknowledge: 'Xác nhận đã nhận',
  report: 'Xác nhận và báo cáo',
  figure: 'Xác nhận và báo cáo số liệu',
};

export const recipientStatuses = ['sent', 'seen', 'acknowledged', 'reported'] as const;
export type RecipientStatus = (typeof recipientStatuses)[number];
export const recipientStatusLabels: Record<RecipientStatus, string> = {
  sent: 'Chưa xem',
  seen: 'Đã xem',
  acknowledged: 'Đã xác nhận',
  reported: 'Đã báo cáo',
};

/** Who receives it: a whole subtree, every unit of a level (optionally within a subtree), or a list. */
export const recipientSelectorSchema = z.union([
  z.strictObject({ subtreeOf: uuid }),
  z.strictObject({ level: z.string().min(1).max(40), within: uuid.optional() }),
  z.strictObject({
    unitIds: z
      .array(uuid)
      .max(5000, 'Tối đa 5.000 đơn vị nhận (at most 5,000 recipient units)')
      .transform((ids) => [...new Set(ids)]),
  }),
]);
export type RecipientSelector = z.infer<typeof recipientSelectorSchema>;

export const createDirectiveSchema = z
  .object({
    senderUnitId: uuid.optional().describe('The sending unit; the active unit when omitted.'),
    title: z
      .string()
      .trim()
      .min(1, 'Chưa nhập tiêu đề (title is required)')
      .max(300, 'Tiêu đề tối đa 300 ký tự (title: at most 300 characters)'),
    body: z
      .string()
      .max(20_000, 'Nội dung tối đa 20.000 ký tự (body: at most 20,000 characters)')
      .default(''),
    deadline: z.iso.datetime({
      offset: true,
      error: 'Hạn xử lý phải là thời điểm ISO 8601 (deadline: an ISO 8601 date-time)',
    }),
    action: z.enum(directiveActions),
    figureLabel: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .optional()
      .describe('Unit of the figure (e.g. "hộ"); action figure.'),
    urgent: z.boolean().default(false),
    recipients: recipientSelectorSchema,
    remindBeforeMinutes: z
      .array(
        z
          .number()
          .int()
          .min(5)
          .max(60 * 24 * 14),
      )
      .max(5)
      .optional()
      .describe('Reminders before the deadline, in minutes (default 24 h and 2 h).'),
  })
  .refine((d) => d.action !== 'figure' || d.figureLabel, {
    path: ['figureLabel'],
    message: 'Cần đơn vị tính của số liệu (the figure needs a unit label)',
  });
export type CreateDirective = z.infer<typeof createDirectiveSchema>;

export const directiveCountsSchema = z.object({
  sent: z.number().int(),
  seen: z.number().int(),
  acknowledged: z.number().int(),
  reported: z.number().int(),
  overdue: z.number().int(),
  total: z.number().int(),
});
export type DirectiveCounts = z.infer<typeof directiveCountsSchema>;

export const directiveSchema = z.object({
  id: uuid,
  senderUnitId: uuid,
  senderUnitName: z.string(),
  senderStaffId: uuid,
  senderName: z.string(),
  title: z.string(),
  body: z.string(),
  deadline: z.string(),
  action: z.enum(directiveActions),
  figureLabel: z.string().nullable(),
  urgent: z.boolean(),
  selector: z.record(z.string(), z.unknown()),
  remindBeforeMinutes: z.array(z.number().int()),
  recipientCount: z.number().int(),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
});
export type Directive = z.infer<typeof directiveSchema>;

export const directiveAttachmentSchema = z.object({
  key: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});

export const recipientRowSchema = z.object({
  unitId: uuid,
  unitName: z.string(),
  unitCode: z.string().nullable(),
  status: z.enum(recipientStatuses),
  seenAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  onTime: z.boolean().nullable(),
  reportedAt: z.string().nullable(),
  reportText: z.string().nullable(),
  reportFigure: z.number().nullable(),
  attachments: z.array(directiveAttachmentSchema),
  remindedAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
});
export type RecipientRow = z.infer<typeof recipientRowSchema>;

/** What GET /directives/:id answers: the directive, the counts for the sender, the caller's own rows. */
export const directiveDetailSchema = z.object({
  directive: directiveSchema,
  /** Present when the caller follows the board (sender side). */
  counts: directiveCountsSchema.nullable(),
  /** The rows of the recipient units the caller answers for. */
  mine: z.array(recipientRowSchema),
});

export const directiveListQuerySchema = z.object({
  box: z.enum(['sent', 'received']).default('received'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const directiveListItemSchema = directiveSchema.omit({ body: true, selector: true }).extend({
  /** Sent box: the counts by status; received box: null. */
  counts: directiveCountsSchema.nullable(),
  /** Received box: the status of the (first) receiving unit; sent box: null. */
  myStatus: z.enum(recipientStatuses).nullable(),
});
export const directiveListSchema = z.object({
  items: z.array(directiveListItemSchema),
  total: z.number().int(),
});

export const boardQuerySchema = z.object({
  status: z.enum([...recipientStatuses, 'overdue']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const boardSchema = z.object({
  counts: directiveCountsSchema,
  rows: z.array(recipientRowSchema),
  total: z.number().int().describe('Rows matching the filter.'),
});

/** Recipient actions name the acting unit when the caller answers for several recipients. */
export const respondSchema = z.object({ unitId: uuid.optional() });

export const reportSchema = z.object({
  unitId: uuid.optional(),
  text: z
    .string()
    .trim()
    .max(20_000, 'Báo cáo tối đa 20.000 ký tự (report: at most 20,000 characters)')
    .optional(),
  figure: z.coerce
    .number({ error: 'Số liệu phải là một số (the figure must be a number)' })
    .finite()
    .optional(),
});
export type DirectiveReport = z.infer<typeof reportSchema>;
