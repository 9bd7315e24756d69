import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../../db/client.ts';
import { notFound } from '../../../platform/errors/index.ts';
import { publicAccess } from '../../../platform/policy/index.ts';
import type { Storage } from '../../../platform/storage/index.ts';
import { type FeedBulletin, renderPodcastFeed } from './feed.ts';
import { AUDIO_TYPES } from './tts.ts';

const open = { config: { access: publicAccess }, schema: { hide: true } } as const;
const FILE_PATTERN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(ogg|mp3)$/i;
/** Audio is content-addressed and a ready bulletin never changes: cached for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const FEED_SIZE = 50;

const gone = () => notFound({ vi: 'Không tìm thấy bản tin phát thanh này.', en: 'No such radio bulletin.' });

/** One byte range of `size` bytes from a Range header; null: send everything; 'invalid': 416. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges or another unit: a full 200 is a valid answer (RFC 9110 §14.2).
  if (!match) return null;
  const [, from, to] = match;
  if (from === '' && to === '') return 'invalid';
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'invalid';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'invalid';
  return { start, end };
}

/**
 * The public side of radio bulletins: the podcast feed of a site's ready bulletins and their
 * audio, with single byte ranges (podcast apps and loudspeaker controllers seek and resume).
 */
export function registerRadioPublicRoutes(
  app: FastifyInstance,
  deps: { db: Database; storage: Storage; publicUrl: string },
) {
  const { db, storage } = deps;

  app.get('/trang/:site/phat-thanh.xml', open, async (request, reply) => {
    const { site: slug } = request.params as { site: string };
    const found = await db.execute<{ id: string; name: string; host: string | null; unit_name: string }>(sql`
      SELECT s.id, s.name, s.host, u.name AS unit_name FROM portal_site s JOIN unit u ON u.id = s.unit_id
       WHERE s.slug = ${slug} AND s.is_active`);
    const site = found.rows[0];
    if (!site) throw gone();
    const rows = await db.execute<{
      id: string;
      title: string;
      script: string;
      audio_format: 'ogg' | 'mp3';
      audio_bytes: string | number;
      duration_seconds: number;
      produced_at: string | Date;
    }>(sql`
      SELECT id, title, script, audio_format, audio_bytes, duration_seconds, produced_at FROM portal_bulletin
       WHERE site_id = ${site.id} AND status = 'ready' AND audio_key IS NOT NULL
       ORDER BY produced_at DESC LIMIT ${FEED_SIZE}`);
    const items: FeedBulletin[] = rows.rows.map((r) => ({
      id: r.id,
      title: r.title,
      script: r.script,
      format: r.audio_format,
      bytes: Number(r.audio_bytes),
      durationSeconds: r.duration_seconds,
      producedAt: new Date(r.produced_at),
    }));
    // As the public sites' links: the site's own host when it has one, else under PUBLIC_URL.
    const base = site.host ? `https://${site.host}` : `${deps.publicUrl}/trang/${slug}`;
    return reply
      .type('application/rss+xml; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(
        renderPodcastFeed({ siteName: site.name, unitName: site.unit_name, base, items, now: new Date() }),
      );
  });

  app.get('/trang/:site/phat-thanh/:file', open, async (request, reply) => {
    const { site: slug, file } = request.params as { site: string; file: string };
    const match = FILE_PATTERN.exec(file);
    if (!match) throw gone();
    const [, id, format] = match as unknown as [string, string, 'ogg' | 'mp3'];
    const found = await db.execute<{ audio_key: string }>(sql`
      SELECT b.audio_key FROM portal_bulletin b JOIN portal_site s ON s.id = b.site_id
       WHERE b.id = ${id.toLowerCase()} AND s.slug = ${slug} AND s.is_active AND b.status = 'ready'
         AND b.audio_format = ${format.toLowerCase()} AND b.audio_key IS NOT NULL`);
    const key = found.rows[0]?.audio_key;
    if (!key) throw gone();
    const etag = `"${key}"`;
    reply
      .header('accept-ranges', 'bytes')
      .header('cache-control', IMMUTABLE)
      .header('etag', etag)
      .header('x-content-type-options', 'nosniff')
      .type(AUDIO_TYPES[format.toLowerCase() as 'ogg' | 'mp3']);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    const audio = await storage.get(key);
    // If-Range with another validator: the client's partial copy is stale, send it all.
    const ifRange = request.headers['if-range'];
    const range = ifRange && ifRange !== etag ? null : parseRange(request.headers.range, audio.length);
    if (range === 'invalid') {
      return reply.code(416).header('content-range', `bytes */${audio.length}`).send();
    }
    if (!range) return reply.header('content-length', audio.length).send(audio);
    return reply
      .code(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${audio.length}`)
      .header('content-length', range.end - range.start + 1)
      .send(audio.subarray(range.start, range.end + 1));
  });
}
