import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.ts';
import { staff, unit } from '../organisation/index.ts';

export const channelKinds = [
  'unit',
  'province_communes',
  'committee_organisations',
  'adhoc',
  'direct',
] as const;
export const hierarchyChannelKinds = ['unit', 'province_communes', 'committee_organisations'] as const;

/**
 * A conversation (kênh trao đổi). Hierarchy channels (`unit`, `province_communes`,
 * `committee_organisations`) belong to a committee (`unit_id`) and their membership follows the
 * organisation tree (sync.ts); `adhoc` channels and `direct` messages are managed by people.
 */
export const channel = pgTable(
  'channel',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: channelKinds }).notNull(),
    unitId: uuid('unit_id').references(() => unit.id),
    name: text('name').notNull(),
    /** Announcement channel (kênh thông báo): only moderators post. */
    isReadOnly: boolean('is_read_only').notNull().default(false),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    /** Sorted "staffA:staffB" of a direct channel: one DM per pair. */
    directKey: text('direct_key'),
    /** Gap-free counters: the last message's seq, and the last event's seq (channel_event). */
    lastMessageSeq: bigint('last_message_seq', { mode: 'number' }).notNull().default(0),
    lastEventSeq: bigint('last_event_seq', { mode: 'number' }).notNull().default(0),
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('channel_hierarchy_unique')
      .on(t.kind, t.unitId)
      .where(sql`${t.kind} IN ('unit', 'province_communes', 'committee_organisations')`),
    uniqueIndex('channel_direct_unique').on(t.directKey),
    check('channel_hierarchy_has_unit', sql`(${t.kind} IN ('adhoc', 'direct')) = (${t.unitId} IS NULL)`),
  ],
);

export const channelMember = pgTable(
  'channel_member',
  {
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channel.id),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    role: text('role', { enum: ['member', 'moderator'] })
      .notNull()
      .default('member'),
    source: text('source', { enum: ['hierarchy', 'manual'] }).notNull(),
    /** Message seq read up to; unread = channel.last_message_seq − last_read_seq. */
    lastReadSeq: bigint('last_read_seq', { mode: 'number' }).notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.staffId] }), index('channel_member_staff_idx').on(t.staffId)],
);

export interface MessageAttachmentRef {
  storageKey: string;
  fileName: string;
  contentType: string;
  size: number;
}

/**
 * A message: plain text (never HTML — clients escape it), seq gap-free per channel, taken from
 * `channel.last_message_seq` in the posting transaction.
 */
export const message = pgTable(
  'message',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channel.id),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => staff.id),
    body: text('body').notNull(),
    threadRootId: uuid('thread_root_id'),
    mentionStaffIds: uuid('mention_staff_ids').array().notNull().default(sql`'{}'::uuid[]`),
    mentionUnitIds: uuid('mention_unit_ids').array().notNull().default(sql`'{}'::uuid[]`),
    documentIds: uuid('document_ids').array().notNull().default(sql`'{}'::uuid[]`),
    attachments: jsonb('attachments').$type<MessageAttachmentRef[]>().notNull().default([]),
    replyCount: integer('reply_count').notNull().default(0),
    pinnedAt: timestamp('pinned_at', { withTimezone: true }),
    pinnedBy: uuid('pinned_by').references(() => staff.id),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('message_channel_seq_unique').on(t.channelId, t.seq),
    index('message_thread_idx').on(t.threadRootId),
    index('message_pinned_idx').on(t.channelId).where(sql`${t.pinnedAt} IS NOT NULL`),
    // Diacritic-insensitive search ("ho tro" finds "hỗ trợ"): trigram over the unaccented body.
    index('message_body_trgm').using('gin', sql`f_unaccent(${t.body}) gin_trgm_ops`),
    check('message_body_length', sql`char_length(${t.body}) <= 4000`),
  ],
);

/** Earlier versions of a message (edits and deletes): visible to moderators only. */
export const messageRevision = pgTable(
  'message_revision',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => message.id),
    kind: text('kind', { enum: ['edit', 'delete'] }).notNull(),
    /** The body before the change. */
    body: text('body').notNull(),
    actorId: uuid('actor_id')
      .notNull()
      .references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [index('message_revision_message_idx').on(t.messageId, t.createdAt)],
);

export const messageReaction = pgTable(
  'message_reaction',
  {
    messageId: uuid('message_id')
      .notNull()
      .references(() => message.id),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    emoji: text('emoji').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.staffId, t.emoji] })],
);

/**
 * Every change in a channel, in order (seq gap-free per channel): what realtime catch-up replays.
 * `data` carries ids and codes only — clients fetch the message itself.
 */
export const channelEvent = pgTable(
  'channel_event',
  {
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channel.id),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    type: text('type', {
      enum: ['message', 'message_edited', 'message_deleted', 'reaction', 'pin'],
    }).notNull(),
    messageId: uuid('message_id').references(() => message.id),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.seq] })],
);
