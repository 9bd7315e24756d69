import {
  type ChannelSummary,
  type createChannelSchema,
  type Message,
  type messageListQuerySchema,
  type messageSearchQuerySchema,
  type postMessageSchema,
  REACTION_EMOJIS,
} from '@mts/contracts';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Queryable } from '../../db/client.ts';
import { AppError, badRequest, notFound } from '../../platform/errors/index.ts';
import { type Actor, isInScope, UUID_PATTERN } from '../../platform/policy/index.ts';
import { publish } from '../../platform/realtime/index.ts';
import { attachmentType, MAX_ATTACHMENT_BYTES, type Storage } from '../../platform/storage/index.ts';
import { attachmentToken, readAttachmentToken } from './attachments.ts';
import { parseMentions } from './mentions.ts';
import type { MessageAttachmentRef } from './messaging.schema.ts';

export type ChannelEventType = 'message' | 'message_edited' | 'message_deleted' | 'reaction' | 'pin';

/** What a caller may do in a channel: read, post, moderate (or nothing: 404). */
export interface ChannelAccess {
  id: string;
  kind: ChannelSummary['kind'];
  unitId: string | null;
  isReadOnly: boolean;
  archived: boolean;
  role: 'member' | 'moderator' | null;
  canRead: boolean;
  canModerate: boolean;
}

const channelNotFound = () => notFound({ vi: 'Không tìm thấy kênh trao đổi.', en: 'Channel not found.' });
const messageNotFound = () => notFound({ vi: 'Không tìm thấy tin nhắn.', en: 'Message not found.' });
const forbidden = (vi: string, en: string) => new AppError('FORBIDDEN', { message: { vi, en } });

const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/**
 * Who may read a channel: its current members; and, for hierarchy channels, holders of
 * `channels.moderate` over the channel's unit (they moderate without being members).
 * Moderators: members with role `moderator` (ad-hoc channels: the creator) and those holders.
 */
export async function channelAccess(
  db: Queryable,
  actor: Actor,
  channelId: string,
): Promise<ChannelAccess | null> {
  if (!UUID_PATTERN.test(channelId)) return null;
  const result = await db.execute<{
    id: string;
    kind: ChannelSummary['kind'];
    unit_id: string | null;
    is_read_only: boolean;
    archived: boolean;
    unit_path: string | null;
    role: 'member' | 'moderator' | null;
  }>(sql`
    SELECT c.id, c.kind, c.unit_id, c.is_read_only, c.archived_at IS NOT NULL AS archived,
           u.path::text AS unit_path, m.role
      FROM channel c
      LEFT JOIN unit u ON u.id = c.unit_id
      LEFT JOIN channel_member m ON m.channel_id = c.id AND m.staff_id = ${actor.staffId}
     WHERE c.id = ${channelId}`);
  const row = result.rows[0];
  if (!row) return null;
  const overseer = row.unit_path !== null && isInScope(actor, 'channels.moderate', row.unit_path);
  return {
    id: row.id,
    kind: row.kind,
    unitId: row.unit_id,
    isReadOnly: row.is_read_only,
    archived: row.archived,
    role: row.role,
    canRead: row.role !== null || overseer,
    canModerate: row.role === 'moderator' || overseer,
  };
}

/** Appends an event to the channel's ordered log and notifies its topic (on commit). */
async function appendEvent(
  tx: Queryable,
  channelId: string,
  type: ChannelEventType,
  messageId: string,
  data: Record<string, unknown>,
) {
  const result = await tx.execute<{ seq: number }>(sql`
    UPDATE channel SET last_event_seq = last_event_seq + 1 WHERE id = ${channelId} RETURNING last_event_seq AS seq`);
  const seq = Number(result.rows[0]!.seq);
  await tx.execute(sql`
    INSERT INTO channel_event (channel_id, seq, type, message_id, data)
    VALUES (${channelId}, ${seq}, ${type}, ${messageId}, ${JSON.stringify(data)}::jsonb)`);
  await publish(tx, `channel:${channelId}`, { seq });
  return seq;
}

type MessageRow = {
  id: string;
  channel_id: string;
  seq: number;
  author_id: string;
  author_name: string;
  author_username: string;
  body: string;
  thread_root_id: string | null;
  reply_count: number;
  mention_staff_ids: string[];
  mention_unit_ids: string[];
  document_ids: string[];
  attachments: MessageAttachmentRef[];
  reactions: Array<{ emoji: string; count: number; mine: boolean }> | null;
  pinned: boolean;
  created_at: string | Date;
  edited_at: string | Date | null;
  deleted_at: string | Date | null;
  channel_name?: string;
};

const iso = (v: string | Date) => new Date(v).toISOString();

function toMessage(row: MessageRow): Message {
  const deleted = row.deleted_at !== null;
  return {
    id: row.id,
    channelId: row.channel_id,
    seq: Number(row.seq),
    author: { id: row.author_id, fullName: row.author_name, username: row.author_username },
    body: deleted ? '' : row.body,
    threadRootId: row.thread_root_id,
    replyCount: row.reply_count,
    mentionStaffIds: deleted ? [] : row.mention_staff_ids,
    mentionUnitIds: deleted ? [] : row.mention_unit_ids,
    documentIds: deleted ? [] : row.document_ids,
    attachments: deleted
      ? []
      : row.attachments.map((a) => ({ fileName: a.fileName, contentType: a.contentType, size: a.size })),
    reactions: row.reactions ?? [],
    pinned: row.pinned,
    createdAt: iso(row.created_at),
    editedAt: row.edited_at ? iso(row.edited_at) : null,
    deletedAt: row.deleted_at ? iso(row.deleted_at) : null,
  };
}

const messageColumns = (staffId: string) => sql`
  m.id, m.channel_id, m.seq, m.author_id, a.full_name AS author_name, a.username AS author_username,
  m.body, m.thread_root_id, m.reply_count, m.mention_staff_ids, m.mention_unit_ids, m.document_ids,
  m.attachments, m.pinned_at IS NOT NULL AS pinned, m.created_at, m.edited_at, m.deleted_at,
  (SELECT json_agg(json_build_object('emoji', r.emoji, 'count', r.n, 'mine', r.mine) ORDER BY r.first)
     FROM (SELECT emoji, count(*)::int AS n, bool_or(staff_id = ${staffId}) AS mine, min(created_at) AS first
             FROM message_reaction WHERE message_id = m.id GROUP BY emoji) r) AS reactions`;

export function createMessagingService(deps: { db: Database; storage: Storage; secret: string }) {
  const { db, storage, secret } = deps;

  async function requireAccess(q: Queryable, actor: Actor, channelId: string) {
    const access = await channelAccess(q, actor, channelId);
    if (!access?.canRead) throw channelNotFound();
    return access;
  }

  /** A message in a channel the actor may read (with the channel's access), or 404. */
  async function requireMessage(q: Queryable, actor: Actor, messageId: string) {
    if (!UUID_PATTERN.test(messageId)) throw messageNotFound();
    const result = await q.execute<{
      id: string;
      channel_id: string;
      author_id: string;
      body: string;
      deleted_at: string | null;
      pinned: boolean;
    }>(sql`SELECT id, channel_id, author_id, body, deleted_at, pinned_at IS NOT NULL AS pinned
             FROM message WHERE id = ${messageId}`);
    const row = result.rows[0];
    if (!row) throw messageNotFound();
    const access = await channelAccess(q, actor, row.channel_id);
    if (!access?.canRead) throw messageNotFound();
    return { message: row, access };
  }

  function requireWritable(access: ChannelAccess) {
    if (access.archived)
      throw badRequest({
        vi: 'Kênh đã lưu trữ (đơn vị đã sáp nhập, chia tách hoặc giải thể): chỉ xem, không gửi tin.',
        en: 'The channel is archived: read only.',
      });
  }

  async function fetchMessage(q: Queryable, actor: Actor, id: string) {
    const result = await q.execute<MessageRow>(sql`
      SELECT ${messageColumns(actor.staffId)} FROM message m JOIN staff a ON a.id = m.author_id WHERE m.id = ${id}`);
    return toMessage(result.rows[0]!);
  }

  return {
    channelAccess: (actor: Actor, channelId: string) => channelAccess(db, actor, channelId),

    /** My channels with unread counts, in one query (archived ones on request). */
    async listChannels(actor: Actor, options: { archived?: boolean } = {}) {
      const result = await db.execute<{
        id: string;
        kind: ChannelSummary['kind'];
        unit_id: string | null;
        name: string;
        is_read_only: boolean;
        archived: boolean;
        role: 'member' | 'moderator';
        unit_path: string | null;
        last_message_seq: number;
        last_event_seq: number;
        last_read_seq: number;
        peer_id: string | null;
        peer_name: string | null;
      }>(sql`
        SELECT c.id, c.kind, c.unit_id, c.name, c.is_read_only, c.archived_at IS NOT NULL AS archived,
               m.role, u.path::text AS unit_path, c.last_message_seq, c.last_event_seq, m.last_read_seq,
               p.id AS peer_id, p.full_name AS peer_name
          FROM channel_member m
          JOIN channel c ON c.id = m.channel_id
          LEFT JOIN unit u ON u.id = c.unit_id
          LEFT JOIN LATERAL (
            SELECT s.id, s.full_name FROM channel_member o JOIN staff s ON s.id = o.staff_id
             WHERE c.kind = 'direct' AND o.channel_id = c.id AND o.staff_id <> m.staff_id LIMIT 1) p ON TRUE
         WHERE m.staff_id = ${actor.staffId} AND (c.archived_at IS NULL OR ${options.archived === true})
         ORDER BY (c.last_message_seq - m.last_read_seq > 0) DESC, c.kind, c.name`);
      return {
        items: result.rows.map(
          (r): ChannelSummary => ({
            id: r.id,
            kind: r.kind,
            unitId: r.unit_id,
            name: r.kind === 'direct' ? (r.peer_name ?? r.name) : r.name,
            isReadOnly: r.is_read_only,
            archived: r.archived,
            role: r.role,
            canModerate:
              r.role === 'moderator' ||
              (r.unit_path !== null && isInScope(actor, 'channels.moderate', r.unit_path)),
            lastMessageSeq: Number(r.last_message_seq),
            lastEventSeq: Number(r.last_event_seq),
            lastReadSeq: Number(r.last_read_seq),
            unread: Math.max(0, Number(r.last_message_seq) - Number(r.last_read_seq)),
            peer: r.peer_id ? { id: r.peer_id, fullName: r.peer_name ?? '' } : null,
          }),
        ),
      };
    },

    async getChannel(actor: Actor, channelId: string) {
      await requireAccess(db, actor, channelId);
      const list = await this.listChannels(actor, { archived: true });
      const mine = list.items.find((c) => c.id === channelId);
      if (mine) return mine;
      // An overseer (channels.moderate over the unit) who is not a member.
      const result = await db.execute<{
        id: string;
        kind: ChannelSummary['kind'];
        unit_id: string | null;
        name: string;
        is_read_only: boolean;
        archived: boolean;
        last_message_seq: number;
        last_event_seq: number;
      }>(sql`SELECT id, kind, unit_id, name, is_read_only, archived_at IS NOT NULL AS archived,
                    last_message_seq, last_event_seq FROM channel WHERE id = ${channelId}`);
      const r = result.rows[0]!;
      return {
        id: r.id,
        kind: r.kind,
        unitId: r.unit_id,
        name: r.name,
        isReadOnly: r.is_read_only,
        archived: r.archived,
        role: null,
        canModerate: true,
        lastMessageSeq: Number(r.last_message_seq),
        lastEventSeq: Number(r.last_event_seq),
        lastReadSeq: Number(r.last_message_seq),
        unread: 0,
        peer: null,
      } satisfies ChannelSummary;
    },

    /** An ad-hoc channel; its creator moderates it. Members: any active staff. */
    async createChannel(actor: Actor, input: z.infer<typeof createChannelSchema>) {
      return db.transaction(async (tx) => {
        await requireActiveStaff(tx, input.memberIds);
        const created = await tx.execute<{ id: string }>(sql`
          INSERT INTO channel (kind, name, is_read_only, created_by)
          VALUES ('adhoc', ${input.name}, ${input.isReadOnly}, ${actor.staffId}) RETURNING id`);
        const id = created.rows[0]!.id;
        const others = input.memberIds.filter((m) => m !== actor.staffId);
        await tx.execute(sql`
          INSERT INTO channel_member (channel_id, staff_id, role, source)
          SELECT ${id}, s, CASE WHEN s = ${actor.staffId}::uuid THEN 'moderator' ELSE 'member' END, 'manual'
            FROM unnest(${uuidArray([actor.staffId, ...others])}) s`);
        return { id };
      });
    },

    /** The direct channel between the actor and another person (created once per pair). */
    async openDirect(actor: Actor, staffId: string) {
      if (staffId === actor.staffId)
        throw badRequest({ vi: 'Không thể nhắn tin cho chính mình.', en: 'You cannot message yourself.' });
      return db.transaction(async (tx) => {
        await requireActiveStaff(tx, [staffId]);
        const key = [actor.staffId, staffId].sort().join(':');
        const created = await tx.execute<{ id: string }>(sql`
          INSERT INTO channel (kind, name, direct_key, created_by)
          VALUES ('direct', '', ${key}, ${actor.staffId})
          ON CONFLICT (direct_key) DO NOTHING RETURNING id`);
        if (created.rows[0]) {
          await tx.execute(sql`
            INSERT INTO channel_member (channel_id, staff_id, role, source)
            VALUES (${created.rows[0].id}, ${actor.staffId}, 'member', 'manual'),
                   (${created.rows[0].id}, ${staffId}, 'member', 'manual')`);
          return { id: created.rows[0].id, created: true };
        }
        const existing = await tx.execute<{ id: string }>(
          sql`SELECT id FROM channel WHERE direct_key = ${key}`,
        );
        return { id: existing.rows[0]!.id, created: false };
      });
    },

    async updateChannel(actor: Actor, channelId: string, input: { name?: string; isReadOnly?: boolean }) {
      const access = await requireAccess(db, actor, channelId);
      if (!access.canModerate || access.kind === 'direct')
        throw forbidden('Chỉ người điều hành kênh được sửa kênh.', 'Only moderators may change the channel.');
      if (input.name !== undefined && access.kind !== 'adhoc')
        throw badRequest({
          vi: 'Tên kênh theo đơn vị được đặt theo tên đơn vị.',
          en: 'Hierarchy channels are named after their unit.',
        });
      await db.execute(sql`
        UPDATE channel SET name = coalesce(${input.name ?? null}, name),
               is_read_only = coalesce(${input.isReadOnly ?? null}, is_read_only), updated_at = now()
         WHERE id = ${channelId}`);
      return this.getChannel(actor, channelId);
    },

    async listMembers(actor: Actor, channelId: string) {
      await requireAccess(db, actor, channelId);
      const result = await db.execute<{
        staff_id: string;
        full_name: string;
        username: string;
        unit_id: string;
        role: 'member' | 'moderator';
        source: 'hierarchy' | 'manual';
      }>(sql`
        SELECT m.staff_id, s.full_name, s.username, s.unit_id, m.role, m.source
          FROM channel_member m JOIN staff s ON s.id = m.staff_id
         WHERE m.channel_id = ${channelId} ORDER BY m.role DESC, s.full_name`);
      return {
        items: result.rows.map((r) => ({
          staffId: r.staff_id,
          fullName: r.full_name,
          username: r.username,
          unitId: r.unit_id,
          role: r.role,
          source: r.source,
        })),
      };
    },

    /** Moderators of ad-hoc channels add people (or change their role); hierarchy channels follow units. */
    async addMembers(actor: Actor, channelId: string, staffIds: string[], role: 'member' | 'moderator') {
      return db.transaction(async (tx) => {
        const access = await requireManualMembership(tx, actor, channelId);
        await requireActiveStaff(tx, staffIds);
        await tx.execute(sql`
          INSERT INTO channel_member (channel_id, staff_id, role, source, last_read_seq)
          SELECT ${access.id}, s, ${role}, 'manual', 0 FROM unnest(${uuidArray(staffIds)}) s
          ON CONFLICT (channel_id, staff_id) DO UPDATE SET role = excluded.role`);
        await publish(tx, `channel:${access.id}`, { access: true });
      });
    },

    async removeMember(actor: Actor, channelId: string, staffId: string) {
      return db.transaction(async (tx) => {
        // Anyone may leave an ad-hoc channel; moderators remove others.
        const access = await requireAccess(tx, actor, channelId);
        if (access.kind !== 'adhoc')
          throw badRequest({
            vi: 'Thành viên của kênh này theo đơn vị hoặc cố định; không thể bớt.',
            en: 'Membership of this channel follows the organisation (or is fixed).',
          });
        if (staffId !== actor.staffId && !access.canModerate)
          throw forbidden(
            'Chỉ người điều hành kênh được bớt thành viên.',
            'Only moderators may remove members.',
          );
        const removed = await tx.execute(sql`
          DELETE FROM channel_member WHERE channel_id = ${channelId} AND staff_id = ${staffId} AND source = 'manual'`);
        if (!removed.rowCount)
          throw notFound({ vi: 'Người này không phải thành viên kênh.', en: 'Not a member of the channel.' });
        await publish(tx, `channel:${channelId}`, { access: true });
      });
    },

    async listMessages(actor: Actor, channelId: string, query: z.infer<typeof messageListQuerySchema>) {
      await requireAccess(db, actor, channelId);
      const thread = query.threadRootId
        ? sql`m.thread_root_id = ${query.threadRootId}`
        : sql`m.thread_root_id IS NULL`;
      const newestFirst = query.after === undefined;
      const result = await db.execute<MessageRow>(sql`
        SELECT ${messageColumns(actor.staffId)} FROM message m JOIN staff a ON a.id = m.author_id
         WHERE m.channel_id = ${channelId} AND ${thread}
           AND (${query.before ?? null}::bigint IS NULL OR m.seq < ${query.before ?? null})
           AND (${query.after ?? null}::bigint IS NULL OR m.seq > ${query.after ?? null})
         ORDER BY m.seq ${newestFirst ? sql`DESC` : sql`ASC`} LIMIT ${query.limit}`);
      const items = result.rows.map(toMessage);
      // Oldest first, whichever end the page was taken from.
      return { items: newestFirst ? items.reverse() : items };
    },

    async post(actor: Actor, channelId: string, input: z.infer<typeof postMessageSchema>) {
      const id = await db.transaction(async (tx) => {
        const access = await requireAccess(tx, actor, channelId);
        requireWritable(access);
        if (access.isReadOnly && !access.canModerate)
          throw forbidden(
            'Đây là kênh thông báo: chỉ người điều hành được đăng tin.',
            'This is an announcement channel: only moderators post.',
          );
        if (input.threadRootId) {
          const root = await tx.execute<{ thread_root_id: string | null }>(sql`
            SELECT thread_root_id FROM message WHERE id = ${input.threadRootId} AND channel_id = ${channelId}
               AND deleted_at IS NULL FOR UPDATE`);
          if (!root.rows[0] || root.rows[0].thread_root_id !== null)
            throw badRequest({
              vi: 'Tin nhắn được trả lời không có trong kênh (hoặc đã bị xoá).',
              en: 'The message replied to is not in this channel.',
            });
        }
        const mentions = await resolveMentions(tx, input.body, input.mentionStaffIds, input.mentionUnitIds);
        await requireDocuments(tx, input.documentIds);
        const attachments = input.attachmentTokens.map((token) => {
          const ref = readAttachmentToken(secret, channelId, actor.staffId, token);
          if (!ref)
            throw badRequest({
              vi: 'Tệp đính kèm không hợp lệ hoặc được tải lên cho kênh khác. Hãy tải tệp lên lại.',
              en: 'An attachment is invalid or was uploaded for another channel. Upload it again.',
            });
          return ref;
        });
        // The channel row lock serialises posts: seq is gap-free and in commit order.
        const counters = await tx.execute<{ message_seq: number; event_seq: number }>(sql`
          UPDATE channel SET last_message_seq = last_message_seq + 1 WHERE id = ${channelId}
          RETURNING last_message_seq AS message_seq`);
        const seq = Number(counters.rows[0]!.message_seq);
        const inserted = await tx.execute<{ id: string }>(sql`
          INSERT INTO message (channel_id, seq, author_id, body, thread_root_id, mention_staff_ids,
                               mention_unit_ids, document_ids, attachments)
          VALUES (${channelId}, ${seq}, ${actor.staffId}, ${input.body}, ${input.threadRootId ?? null},
                  ${uuidArray(mentions.staffIds)}, ${uuidArray(mentions.unitIds)}, ${uuidArray(input.documentIds)},
                  ${JSON.stringify(attachments)}::jsonb)
          RETURNING id`);
        const messageId = inserted.rows[0]!.id;
        if (input.threadRootId)
          await tx.execute(
            sql`UPDATE message SET reply_count = reply_count + 1 WHERE id = ${input.threadRootId}`,
          );
        // One's own message is read.
        await tx.execute(sql`
          UPDATE channel_member SET last_read_seq = GREATEST(last_read_seq, ${seq})
           WHERE channel_id = ${channelId} AND staff_id = ${actor.staffId}`);
        await appendEvent(tx, channelId, 'message', messageId, {
          messageId,
          messageSeq: seq,
          authorId: actor.staffId,
          threadRootId: input.threadRootId ?? null,
          mentionStaffIds: mentions.staffIds,
          mentionUnitIds: mentions.unitIds,
        });
        return messageId;
      });
      return fetchMessage(db, actor, id);
    },

    /** The author edits; the previous text is kept as a revision (moderators see it). */
    async edit(actor: Actor, messageId: string, body: string) {
      await db.transaction(async (tx) => {
        const { message, access } = await requireMessage(tx, actor, messageId);
        requireWritable(access);
        if (message.deleted_at) throw messageNotFound();
        if (message.author_id !== actor.staffId)
          throw forbidden('Chỉ người viết được sửa tin nhắn.', 'Only the author may edit a message.');
        if (message.body === body) return;
        const mentions = await resolveMentions(tx, body, [], []);
        await tx.execute(sql`
          INSERT INTO message_revision (message_id, kind, body, actor_id)
          VALUES (${messageId}, 'edit', ${message.body}, ${actor.staffId})`);
        await tx.execute(sql`
          UPDATE message SET body = ${body}, edited_at = now(), mention_staff_ids = ${uuidArray(mentions.staffIds)},
                 mention_unit_ids = ${uuidArray(mentions.unitIds)} WHERE id = ${messageId}`);
        await appendEvent(tx, message.channel_id, 'message_edited', messageId, { messageId });
      });
      return fetchMessage(db, actor, messageId);
    },

    /** The author, or a moderator, deletes; the text is kept as a revision for moderators. */
    async remove(actor: Actor, messageId: string) {
      await db.transaction(async (tx) => {
        const { message, access } = await requireMessage(tx, actor, messageId);
        if (message.deleted_at) return;
        if (message.author_id !== actor.staffId && !access.canModerate)
          throw forbidden(
            'Chỉ người viết hoặc người điều hành được xoá tin nhắn.',
            'Only the author or a moderator may delete a message.',
          );
        await tx.execute(sql`
          INSERT INTO message_revision (message_id, kind, body, actor_id)
          VALUES (${messageId}, 'delete', ${message.body}, ${actor.staffId})`);
        await tx.execute(sql`
          UPDATE message SET body = '', deleted_at = now(), pinned_at = NULL, pinned_by = NULL WHERE id = ${messageId}`);
        await appendEvent(tx, message.channel_id, 'message_deleted', messageId, { messageId });
      });
    },

    async revisions(actor: Actor, messageId: string) {
      const { access } = await requireMessage(db, actor, messageId);
      if (!access.canModerate)
        throw forbidden(
          'Chỉ người điều hành kênh được xem lịch sử sửa, xoá.',
          'Only moderators may see the edit history.',
        );
      const result = await db.execute<{
        kind: 'edit' | 'delete';
        body: string;
        actor_id: string;
        actor_name: string;
        created_at: string;
      }>(sql`
        SELECT r.kind, r.body, r.actor_id, s.full_name AS actor_name, r.created_at
          FROM message_revision r JOIN staff s ON s.id = r.actor_id
         WHERE r.message_id = ${messageId} ORDER BY r.created_at, r.id`);
      return {
        items: result.rows.map((r) => ({
          kind: r.kind,
          body: r.body,
          actor: { id: r.actor_id, fullName: r.actor_name },
          createdAt: iso(r.created_at),
        })),
      };
    },

    async react(actor: Actor, messageId: string, emoji: string, add: boolean) {
      if (!(REACTION_EMOJIS as readonly string[]).includes(emoji))
        throw badRequest({
          vi: `Biểu tượng cảm xúc không được hỗ trợ. Hãy dùng một trong: ${REACTION_EMOJIS.join(' ')}`,
          en: `Unsupported reaction. Use one of: ${REACTION_EMOJIS.join(' ')}`,
        });
      await db.transaction(async (tx) => {
        const { message, access } = await requireMessage(tx, actor, messageId);
        requireWritable(access);
        if (message.deleted_at) throw messageNotFound();
        const changed = add
          ? await tx.execute(sql`
              INSERT INTO message_reaction (message_id, staff_id, emoji) VALUES (${messageId}, ${actor.staffId}, ${emoji})
              ON CONFLICT DO NOTHING`)
          : await tx.execute(sql`
              DELETE FROM message_reaction WHERE message_id = ${messageId} AND staff_id = ${actor.staffId}
                 AND emoji = ${emoji}`);
        if (changed.rowCount)
          await appendEvent(tx, message.channel_id, 'reaction', messageId, {
            messageId,
            emoji,
            staffId: actor.staffId,
            added: add,
          });
      });
      return fetchMessage(db, actor, messageId);
    },

    /** Moderators pin (in a direct channel, either person). */
    async pin(actor: Actor, messageId: string, pinned: boolean) {
      await db.transaction(async (tx) => {
        const { message, access } = await requireMessage(tx, actor, messageId);
        requireWritable(access);
        if (message.deleted_at) throw messageNotFound();
        if (!access.canModerate && access.kind !== 'direct')
          throw forbidden(
            'Chỉ người điều hành kênh được ghim tin nhắn.',
            'Only moderators may pin messages.',
          );
        if (message.pinned === pinned) return;
        await tx.execute(sql`
          UPDATE message SET pinned_at = ${pinned ? sql`now()` : sql`NULL`},
                 pinned_by = ${pinned ? actor.staffId : null} WHERE id = ${messageId}`);
        await appendEvent(tx, message.channel_id, 'pin', messageId, { messageId, pinned });
      });
      return fetchMessage(db, actor, messageId);
    },

    async pins(actor: Actor, channelId: string) {
      await requireAccess(db, actor, channelId);
      const result = await db.execute<MessageRow>(sql`
        SELECT ${messageColumns(actor.staffId)} FROM message m JOIN staff a ON a.id = m.author_id
         WHERE m.channel_id = ${channelId} AND m.pinned_at IS NOT NULL ORDER BY m.pinned_at DESC`);
      return { items: result.rows.map(toMessage) };
    },

    /** Moves the read marker forward (never back, never past the last message). */
    async markRead(actor: Actor, channelId: string, seq: number) {
      await requireAccess(db, actor, channelId);
      const result = await db.execute<{ last_read_seq: number; last_message_seq: number }>(sql`
        UPDATE channel_member m SET last_read_seq = GREATEST(m.last_read_seq, LEAST(${seq}, c.last_message_seq))
          FROM channel c
         WHERE c.id = m.channel_id AND m.channel_id = ${channelId} AND m.staff_id = ${actor.staffId}
        RETURNING m.last_read_seq, c.last_message_seq`);
      const row = result.rows[0];
      const lastReadSeq = Number(row?.last_read_seq ?? seq);
      return { lastReadSeq, unread: row ? Math.max(0, Number(row.last_message_seq) - lastReadSeq) : 0 };
    },

    /**
     * Diacritic-insensitive substring search ("ho tro" finds "hỗ trợ") over messages of the
     * channels the actor is a member of (trigram index on the unaccented body). Newest first.
     */
    async search(actor: Actor, query: z.infer<typeof messageSearchQuerySchema>) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const result = await db.execute<MessageRow>(sql`
        SELECT ${messageColumns(actor.staffId)}, c.name AS channel_name
          FROM message m
          JOIN channel_member cm ON cm.channel_id = m.channel_id AND cm.staff_id = ${actor.staffId}
          JOIN channel c ON c.id = m.channel_id
          JOIN staff a ON a.id = m.author_id
         WHERE m.deleted_at IS NULL AND f_unaccent(m.body) LIKE f_unaccent(${pattern})
           AND (${query.channelId ?? null}::uuid IS NULL OR m.channel_id = ${query.channelId ?? null})
         ORDER BY m.created_at DESC LIMIT ${query.limit}`);
      return { items: result.rows.map((r) => ({ ...toMessage(r), channelName: r.channel_name ?? '' })) };
    },

    /**
     * Stores a file for a message to come: recognised by its content (PDF, JPEG, PNG, DOCX, XLSX),
     * at most 10 MB; answers a token the author then passes in `attachmentTokens`.
     */
    async upload(actor: Actor, channelId: string, fileName: string, bytes: Buffer) {
      const access = await requireAccess(db, actor, channelId);
      requireWritable(access);
      if (bytes.length > MAX_ATTACHMENT_BYTES)
        throw new AppError('PAYLOAD_TOO_LARGE', {
          message: { vi: 'Tệp đính kèm lớn hơn 10 MB.', en: 'The attachment is larger than 10 MB.' },
        });
      const contentType = attachmentType(bytes);
      if (!contentType)
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
          message: {
            vi: 'Chỉ đính kèm được tệp PDF, ảnh JPEG/PNG, Word (DOCX) hoặc Excel (XLSX); nội dung tệp không khớp.',
            en: 'Only PDF, JPEG/PNG images, DOCX or XLSX files can be attached; the content does not match.',
          },
        });
      const stored = await storage.put(bytes);
      const ref: MessageAttachmentRef = {
        storageKey: stored.key,
        fileName: fileName.normalize('NFC').slice(0, 255) || 'tep-dinh-kem',
        contentType,
        size: stored.size,
      };
      return {
        token: attachmentToken(secret, channelId, actor.staffId, ref),
        fileName: ref.fileName,
        contentType,
        size: ref.size,
      };
    },

    /** An attachment of a message the actor may read. */
    async download(actor: Actor, messageId: string, index: number) {
      await requireMessage(db, actor, messageId);
      const result = await db.execute<{ attachments: MessageAttachmentRef[]; deleted: boolean }>(sql`
        SELECT attachments, deleted_at IS NOT NULL AS deleted FROM message WHERE id = ${messageId}`);
      const ref = result.rows[0]?.deleted ? undefined : result.rows[0]?.attachments[index];
      if (!ref) throw notFound({ vi: 'Không tìm thấy tệp đính kèm.', en: 'Attachment not found.' });
      return { ref, bytes: await storage.get(ref.storageKey) };
    },

    /** Catch-up for the realtime gateway: events after `since`, oldest first. */
    async eventsSince(channelId: string, since: number, limit: number) {
      if (!UUID_PATTERN.test(channelId)) return [];
      const result = await db.execute<{
        seq: number;
        type: ChannelEventType;
        data: Record<string, unknown>;
      }>(sql`
        SELECT seq, type, data FROM channel_event WHERE channel_id = ${channelId} AND seq > ${since}
         ORDER BY seq LIMIT ${limit}`);
      return result.rows.map((r) => ({ seq: Number(r.seq), type: r.type, data: r.data }));
    },
  };

  async function requireManualMembership(q: Queryable, actor: Actor, channelId: string) {
    const access = await requireAccess(q, actor, channelId);
    if (access.kind !== 'adhoc')
      throw badRequest({
        vi: 'Thành viên của kênh này theo đơn vị hoặc cố định; không thể thêm.',
        en: 'Membership of this channel follows the organisation (or is fixed).',
      });
    if (!access.canModerate)
      throw forbidden('Chỉ người điều hành kênh được thêm thành viên.', 'Only moderators may add members.');
    return access;
  }
}

async function requireActiveStaff(q: Queryable, ids: readonly string[]) {
  if (ids.length === 0) return;
  const found = await q.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM staff WHERE id = ANY(${uuidArray([...new Set(ids)])}) AND status = 'active'`);
  if (Number(found.rows[0]!.n) !== new Set(ids).size)
    throw badRequest({
      vi: 'Có người được chọn không tồn tại hoặc không còn công tác.',
      en: 'A chosen person does not exist or is no longer active.',
    });
}

async function requireDocuments(q: Queryable, ids: readonly string[]) {
  if (ids.length === 0) return;
  const found = await q.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM document WHERE id = ANY(${uuidArray([...new Set(ids)])})`);
  if (Number(found.rows[0]!.n) !== new Set(ids).size)
    throw badRequest({ vi: 'Văn bản được liên kết không tồn tại.', en: 'A linked document does not exist.' });
}

/** Mentions written in the body (`@username`, `@unit:<code>`) plus those given as ids. */
async function resolveMentions(q: Queryable, body: string, staffIds: string[], unitIds: string[]) {
  const parsed = parseMentions(body);
  const staffRows = parsed.usernames.length
    ? await q.execute<{ id: string }>(sql`
        SELECT id FROM staff WHERE lower(username) = ANY(${`{${parsed.usernames.map((u) => `"${u}"`).join(',')}}`}::text[])
           AND status = 'active'`)
    : { rows: [] };
  const unitRows = parsed.unitCodes.length
    ? await q.execute<{ id: string }>(sql`
        SELECT id FROM unit WHERE code = ANY(${`{${parsed.unitCodes.map((c) => `"${c}"`).join(',')}}`}::text[])`)
    : { rows: [] };
  if (staffIds.length) await requireActiveStaff(q, staffIds);
  if (unitIds.length) {
    const found = await q.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM unit WHERE id = ANY(${uuidArray([...new Set(unitIds)])})`);
    if (Number(found.rows[0]!.n) !== new Set(unitIds).size)
      throw badRequest({ vi: 'Đơn vị được nhắc đến không tồn tại.', en: 'A mentioned unit does not exist.' });
  }
  return {
    staffIds: [...new Set([...staffRows.rows.map((r) => r.id), ...staffIds])],
    unitIds: [...new Set([...unitRows.rows.map((r) => r.id), ...unitIds])],
  };
}

export type MessagingService = ReturnType<typeof createMessagingService>;
