import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import type { createSecretBox } from '../../identity/index.ts';
import { imageUrl } from '../media/index.ts';
import type { ImageVariant } from '../portal.schema.ts';
import type { CrosspostKind } from '../reach.schema.ts';
import { htmlToText } from '../sanitise.ts';
import { postToFacebook } from './facebook.ts';
import type { Channel, OutgoingPost, PostResult } from './post.ts';
import { postToZalo } from './zalo.ts';

/** The job: every minute, and soon after a publication (SITE_CHANGED_TOPIC). */
export const CROSSPOST_QUEUE = 'portal.crosspost';
export const CROSSPOST_CRON = '* * * * *';

/** Waits after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure is final. */
export const BACKOFF_SECONDS = [60, 5 * 60, 30 * 60, 2 * 60 * 60] as const;
export const MAX_ATTEMPTS = BACKOFF_SECONDS.length + 1;
/**
 * A claimed row's next_attempt_at is pushed this far ahead while it is being posted: another
 * instance skips it, and if this one dies mid-post the row comes back after the lease.
 */
const LEASE_SECONDS = 10 * 60;

export interface CrosspostDeps {
  db: Database;
  box: ReturnType<typeof createSecretBox>;
  publicUrl: string;
  facebookGraphUrl: string;
  zaloApiUrl: string;
}

/**
 * Queues a post per (published article × active channel of its site) not queued yet; articles
 * published before the channel was set up are not posted (no flood of old news on setup).
 */
export async function enqueueCrossposts(db: Database): Promise<number> {
  const result = await db.execute(sql`
    INSERT INTO portal_crosspost (article_id, channel_id)
    SELECT a.id, c.id
      FROM portal_article a JOIN portal_channel c ON c.site_id = a.site_id AND c.is_active
     WHERE a.status = 'published' AND a.published_at >= c.created_at
    ON CONFLICT ON CONSTRAINT portal_crosspost_article_channel DO NOTHING`);
  return result.rowCount ?? 0;
}

type Claimed = {
  id: string;
  attempts: number;
  kind: CrosspostKind;
  account_id: string;
  token_sealed: string;
  channel_active: boolean;
  article_status: string;
  title: string;
  summary: string;
  body_html: string;
  article_slug: string;
  site_slug: string;
  site_host: string | null;
  site_name: string;
  cover_id: string | null;
  cover_variants: ImageVariant[] | null;
};

/** Takes the next due post (SKIP LOCKED: each row to one instance), counting the attempt. */
async function claimNext(db: Database): Promise<Claimed | null> {
  const result = await db.execute<Claimed>(sql`
    WITH next AS (
      SELECT id FROM portal_crosspost
       WHERE status IN ('queued', 'retrying') AND next_attempt_at <= now()
       ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    UPDATE portal_crosspost p
       SET attempts = p.attempts + 1, next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS}),
           updated_at = now()
      FROM next, portal_channel c, portal_article a, portal_site s
     WHERE p.id = next.id AND c.id = p.channel_id AND a.id = p.article_id AND s.id = a.site_id
    RETURNING p.id, p.attempts, c.kind, c.account_id, c.token_sealed, c.is_active AS channel_active,
              a.status AS article_status, a.title, a.summary, a.body_html, a.slug AS article_slug,
              s.slug AS site_slug, s.host AS site_host, s.name AS site_name,
              (SELECT m.id FROM portal_media m WHERE m.id = a.cover_media_id AND m.kind = 'image') AS cover_id,
              (SELECT m.variants FROM portal_media m WHERE m.id = a.cover_media_id AND m.kind = 'image') AS cover_variants`);
  return result.rows[0] ?? null;
}

/** The article as posted: canonical URL and cover as the public site builds them (public/). */
export function outgoingPost(row: Claimed, publicUrl: string): OutgoingPost {
  const origin = row.site_host ? `https://${row.site_host}` : publicUrl;
  const base = row.site_host ? origin : `${publicUrl}/trang/${row.site_slug}`;
  const variants = [...(row.cover_variants ?? [])].sort((a, b) => a.width - b.width);
  const best = variants.filter((v) => v.width <= 1200).at(-1) ?? variants[0];
  return {
    title: row.title,
    summary: row.summary,
    text: htmlToText(row.body_html),
    url: `${base}/bai-viet/${row.article_slug}`,
    ...(row.cover_id && best ? { coverUrl: `${origin}${imageUrl(row.cover_id, best.width, 'jpg')}` } : {}),
    siteName: row.site_name,
  };
}

async function send(deps: CrosspostDeps, row: Claimed): Promise<PostResult> {
  if (row.article_status !== 'published') {
    return {
      ok: false,
      retry: false,
      error: 'Bài viết đã bị gỡ trước khi được đăng lên mạng xã hội: không đăng nữa.',
    };
  }
  if (!row.channel_active) {
    return {
      ok: false,
      retry: false,
      error: 'Kênh đã bị tắt trước khi bài được đăng: bật lại kênh rồi bấm "Thử lại".',
    };
  }
  let channel: Channel;
  try {
    channel = { accountId: row.account_id, accessToken: deps.box.open(row.token_sealed) };
  } catch {
    return {
      ok: false,
      retry: false,
      error:
        'Không đọc được mã truy cập đã lưu (khóa bí mật của hệ thống đã đổi): hãy nhập lại mã truy cập của kênh.',
    };
  }
  const post = outgoingPost(row, deps.publicUrl);
  return row.kind === 'facebook'
    ? postToFacebook(deps.facebookGraphUrl, channel, post)
    : postToZalo(deps.zaloApiUrl, channel, post);
}

async function record(db: Database, row: Claimed, result: PostResult) {
  if (result.ok) {
    await db.execute(sql`
      UPDATE portal_crosspost SET status = 'sent', external_id = ${result.externalId}, last_error = NULL,
             sent_at = now(), next_attempt_at = NULL, updated_at = now() WHERE id = ${row.id}`);
    return;
  }
  const delay = result.retry && row.attempts < MAX_ATTEMPTS ? BACKOFF_SECONDS[row.attempts - 1] : undefined;
  if (delay === undefined) {
    await db.execute(sql`
      UPDATE portal_crosspost SET status = 'failed', last_error = ${result.error}, next_attempt_at = NULL,
             updated_at = now() WHERE id = ${row.id}`);
    return;
  }
  await db.execute(sql`
    UPDATE portal_crosspost SET status = 'retrying', last_error = ${result.error},
           next_attempt_at = now() + make_interval(secs => ${delay}), updated_at = now() WHERE id = ${row.id}`);
}

/**
 * One run of the job: queue what was published, then post every due row one at a time
 * (sequential: few cores, and the networks rate-limit anyway). Returns how many were attempted.
 */
export async function runCrosspostOnce(deps: CrosspostDeps): Promise<number> {
  await enqueueCrossposts(deps.db);
  let attempted = 0;
  for (;;) {
    const row = await claimNext(deps.db);
    if (!row) return attempted;
    attempted += 1;
    await record(deps.db, row, await send(deps, row));
  }
}
