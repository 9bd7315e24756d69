import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt } from '../../db/columns.ts';
import { staff, unit } from '../organisation/organisation.schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** How the recipients were chosen, kept for the record (the rows of directive_recipient are the result). */
export type RecipientSelector =
  | { subtreeOf: string }
  | { level: string; within?: string }
  | { unitIds: string[] };

/** A file attached to a report: a storage key (SHA-256 of the bytes) and what the sender called it. */
export interface DirectiveAttachment {
  key: string;
  name: string;
  contentType: string;
  size: number;
}

/**
 * A directive (chỉ đạo) from a leader of one unit to many units, with a deadline and the action
 * each recipient owes: acknowledge, or acknowledge and report back in text or as a figure.
 */
export const directive = pgTable(
  'directive',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    senderUnitId: uuid('sender_unit_id')
      .notNull()
      .references(() => unit.id),
    senderStaffId: uuid('sender_staff_id')
      .notNull()
      .references(() => staff.id),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    deadline: at('deadline').notNull(),
    action: text('action', { enum: ['acknowledge', 'report', 'figure'] }).notNull(),
    /** Unit of a reported figure (e.g. "hộ", "người"), for action 'figure'. */
    figureLabel: text('figure_label'),
    urgent: boolean('urgent').notNull().default(false),
    selector: jsonb('selector').$type<RecipientSelector>().notNull(),
    /** Reminders before the deadline, in minutes (24 h and 2 h unless chosen). */
    remindBeforeMinutes: integer('remind_before_minutes')
      .array()
      .notNull()
      .default(sql`'{1440,120}'::integer[]`),
    recipientCount: integer('recipient_count').notNull(),
    createdAt: createdAt(),
    cancelledAt: at('cancelled_at'),
    cancelledBy: uuid('cancelled_by').references(() => staff.id),
  },
  (t) => [
    index('directive_sender_unit_idx').on(t.senderUnitId, t.createdAt),
    check('directive_title_length', sql`char_length(${t.title}) BETWEEN 1 AND 300`),
    check('directive_figure_label', sql`(${t.action} = 'figure') = (${t.figureLabel} IS NOT NULL)`),
  ],
);

/** One recipient unit of a directive: its row on the board (not seen / seen / acknowledged / reported). */
export const directiveRecipient = pgTable(
  'directive_recipient',
  {
    directiveId: uuid('directive_id')
      .notNull()
      .references(() => directive.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unit.id),
    status: text('status', { enum: ['sent', 'seen', 'acknowledged', 'reported'] })
      .notNull()
      .default('sent'),
    seenAt: at('seen_at'),
    seenBy: uuid('seen_by').references(() => staff.id),
    acknowledgedAt: at('acknowledged_at'),
    acknowledgedBy: uuid('acknowledged_by').references(() => staff.id),
    /** Acknowledged no later than the deadline (set with acknowledged_at). */
    onTime: boolean('on_time'),
    reportedAt: at('reported_at'),
    reportedBy: uuid('reported_by').references(() => staff.id),
    reportText: text('report_text'),
    reportFigure: numeric('report_figure'),
    attachments: jsonb('attachments').$type<DirectiveAttachment[]>().notNull().default([]),
    /** How many of the directive's reminders this unit has had, and when the last one went. */
    remindersSent: integer('reminders_sent').notNull().default(0),
    remindedAt: at('reminded_at'),
    escalatedAt: at('escalated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.directiveId, t.unitId] }),
    // The board: rows of one directive by status.
    index('directive_recipient_board_idx').on(t.directiveId, t.status),
    // "My unit's directives": a unit's received directives.
    index('directive_recipient_unit_idx').on(t.unitId, t.directiveId),
    // The sweep: rows still owing an acknowledgement.
    index('directive_recipient_pending_idx').on(t.directiveId).where(sql`${t.status} IN ('sent', 'seen')`),
  ],
);
