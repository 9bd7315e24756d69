import type { PortalChannel, PortalChannelKind, PortalCrosspost, PutPortalChannel } from '@mts/contracts';
import { sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../../db/client.ts';
import { type AuditContext, recordAudit } from '../../../platform/audit/index.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors/index.ts';
import type { createSecretBox } from '../../identity/index.ts';

/**
 * A site's cross-posting channels (its Facebook Page, its Zalo OA) and the status of each
 * article's posts. Access tokens are sealed at rest and never leave the server: responses and
 * the audit show only their last 4 characters.
 */

type ChannelRow = {
  id: string;
  site_id: string;
  kind: PortalChannelKind;
  account_id: string;
  account_name: string;
  token_sealed: string;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
};

const siteNotFound = () => notFound({ vi: 'Không tìm thấy trang thông tin điện tử.', en: 'Site not found.' });
const channelNotFound = () =>
  notFound({ vi: 'Trang này chưa cấu hình kênh đăng bài đó.', en: 'This site has no such channel.' });
const crosspostNotFound = () =>
  notFound({ vi: 'Không tìm thấy lượt đăng bài lên mạng xã hội.', en: 'Cross-post not found.' });
const tokenRequired = () =>
  badRequest(
    { vi: 'Hãy nhập mã truy cập (access token) của kênh.', en: 'Enter the channel’s access token.' },
    [{ path: 'body.accessToken', message: 'Cần mã truy cập (access token required)' }],
  );
const notFailed = () =>
  conflict({
    vi: 'Chỉ thử lại được lượt đăng đã thất bại: lượt này đang chờ đăng hoặc đã đăng xong.',
    en: 'Only a failed cross-post can be retried.',
  });

export function createChannelsService(deps: { db: Database; box: ReturnType<typeof createSecretBox> }) {
  const { db, box } = deps;

  const tokenHint = (sealed: string) => {
    try {
      return `…${box.open(sealed).slice(-4)}`;
    } catch {
      return '…????';
    }
  };

  const toChannel = (r: ChannelRow): PortalChannel => ({
    id: r.id,
    siteId: r.site_id,
    kind: r.kind,
    accountId: r.account_id,
    accountName: r.account_name,
    tokenHint: tokenHint(r.token_sealed),
    isActive: r.is_active,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  });

  /** The site's unit (for the audit), or 404. */
  async function siteUnit(siteId: string): Promise<string> {
    const result = await db.execute<{ unit_id: string }>(
      sql`SELECT unit_id FROM portal_site WHERE id = ${siteId}`,
    );
    const row = result.rows[0];
    if (!row) throw siteNotFound();
    return row.unit_id;
  }

  async function channelOf(q: Queryable, siteId: string, kind: PortalChannelKind) {
    const result = await q.execute<ChannelRow>(
      sql`SELECT * FROM portal_channel WHERE site_id = ${siteId} AND kind = ${kind} FOR UPDATE`,
    );
    return result.rows[0] ?? null;
  }

  /** What the audit keeps of a channel: never the token, only its hint. */
  const audited = (c: PortalChannel) => ({
    accountId: c.accountId,
    accountName: c.accountName,
    isActive: c.isActive,
    tokenHint: c.tokenHint,
  });

  return {
    async list(siteId: string): Promise<PortalChannel[]> {
      const result = await db.execute<ChannelRow>(
        sql`SELECT * FROM portal_channel WHERE site_id = ${siteId} ORDER BY kind`,
      );
      return result.rows.map(toChannel);
    },

    /** Creates or edits the site's channel of `kind`; a new channel needs a token, an edit may keep it. */
    async put(siteId: string, kind: PortalChannelKind, input: PutPortalChannel, audit: AuditContext) {
      const unitId = await siteUnit(siteId);
      return db.transaction(async (tx) => {
        const existing = await channelOf(tx, siteId, kind);
        if (!existing && !input.accessToken) throw tokenRequired();
        const sealed = input.accessToken ? box.seal(input.accessToken) : existing!.token_sealed;
        const result = await tx.execute<ChannelRow>(sql`
          INSERT INTO portal_channel (site_id, kind, account_id, account_name, token_sealed, is_active, created_by)
          VALUES (${siteId}, ${kind}, ${input.accountId}, ${input.accountName}, ${sealed}, ${input.isActive}, ${audit.actorId})
          ON CONFLICT ON CONSTRAINT portal_channel_site_kind DO UPDATE
             SET account_id = excluded.account_id, account_name = excluded.account_name,
                 token_sealed = excluded.token_sealed, is_active = excluded.is_active, updated_at = now()
          RETURNING *`);
        const channel = toChannel(result.rows[0]!);
        await recordAudit(tx, audit, {
          action: existing ? 'portal.channel.update' : 'portal.channel.create',
          entityType: 'portal_channel',
          entityId: channel.id,
          unitId,
          before: existing ? audited(toChannel(existing)) : null,
          after: { kind, ...audited(channel), tokenChanged: Boolean(input.accessToken) },
        });
        return channel;
      });
    },

    /** Removes the channel and its posts' history (pending posts are dropped). */
    async remove(siteId: string, kind: PortalChannelKind, audit: AuditContext) {
      const unitId = await siteUnit(siteId);
      await db.transaction(async (tx) => {
        const existing = await channelOf(tx, siteId, kind);
        if (!existing) throw channelNotFound();
        await tx.execute(sql`DELETE FROM portal_channel WHERE id = ${existing.id}`);
        await recordAudit(tx, audit, {
          action: 'portal.channel.delete',
          entityType: 'portal_channel',
          entityId: existing.id,
          unitId,
          before: { kind, ...audited(toChannel(existing)) },
        });
      });
    },

    async crossposts(articleId: string): Promise<PortalCrosspost[]> {
      const result = await db.execute<{
        id: string;
        article_id: string;
        channel_id: string;
        kind: PortalChannelKind;
        account_name: string;
        status: PortalCrosspost['status'];
        attempts: number;
        last_error: string | null;
        external_id: string | null;
        sent_at: Date | null;
        next_attempt_at: Date | null;
        created_at: Date;
      }>(sql`
        SELECT p.id, p.article_id, p.channel_id, c.kind, c.account_name, p.status, p.attempts, p.last_error,
               p.external_id, p.sent_at, p.next_attempt_at, p.created_at
          FROM portal_crosspost p JOIN portal_channel c ON c.id = p.channel_id
         WHERE p.article_id = ${articleId} ORDER BY c.kind`);
      const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
      return result.rows.map((r) => ({
        id: r.id,
        articleId: r.article_id,
        channelId: r.channel_id,
        kind: r.kind,
        accountName: r.account_name,
        status: r.status,
        attempts: r.attempts,
        lastError: r.last_error,
        externalId: r.external_id,
        sentAt: iso(r.sent_at),
        nextAttemptAt: r.status === 'queued' || r.status === 'retrying' ? iso(r.next_attempt_at) : null,
        createdAt: new Date(r.created_at).toISOString(),
      }));
    },

    /** A failed post goes back to the queue now, with a fresh count of attempts. */
    async retry(id: string, audit: AuditContext) {
      await db.transaction(async (tx) => {
        const found = await tx.execute<{
          status: string;
          attempts: number;
          article_id: string;
          unit_id: string;
        }>(sql`
          SELECT p.status, p.attempts, p.article_id, s.unit_id FROM portal_crosspost p
            JOIN portal_article a ON a.id = p.article_id JOIN portal_site s ON s.id = a.site_id
           WHERE p.id = ${id} FOR UPDATE OF p`);
        const row = found.rows[0];
        if (!row) throw crosspostNotFound();
        if (row.status !== 'failed') throw notFailed();
        await tx.execute(sql`
          UPDATE portal_crosspost SET status = 'queued', attempts = 0, next_attempt_at = now(), updated_at = now()
           WHERE id = ${id}`);
        await recordAudit(tx, audit, {
          action: 'portal.crosspost.retry',
          entityType: 'portal_crosspost',
          entityId: id,
          unitId: row.unit_id,
          before: { status: 'failed', attempts: row.attempts },
          after: { status: 'queued' },
        });
      });
    },
  };
}

export type ChannelsService = ReturnType<typeof createChannelsService>;
