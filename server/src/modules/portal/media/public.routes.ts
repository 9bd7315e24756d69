import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../../db/client.ts';
import { notFound } from '../../../platform/errors/index.ts';
import { publicAccess, UUID_PATTERN } from '../../../platform/policy/index.ts';
import type { Storage } from '../../../platform/storage/index.ts';
import type { ImageVariant, MediaKind } from '../portal.schema.ts';

const IMAGE_TYPES = { avif: 'image/avif', webp: 'image/webp', jpg: 'image/jpeg' } as const;
const FILE_PATTERN = /^(\d{1,5})\.(avif|webp|jpg)$/;
/** Renditions are content-addressed and never change under their URL: cached for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

// Pictures are many per page and served from storage (or a cache in front): a generous limit.
const open = {
  config: { access: publicAccess, rateLimit: { max: 1200, timeWindow: '1 minute' } },
  schema: { hide: true },
} as const;

type PublicMedia = {
  kind: MediaKind;
  storage_key: string | null;
  file_name: string;
  content_type: string | null;
  variants: ImageVariant[];
};

const gone = () => notFound({ vi: 'Không tìm thấy ảnh hoặc tệp này.', en: 'No such image or file.' });

/**
 * The public side of the library: image renditions at /anh/{id}/{width}.{avif|webp|jpg} and
 * attachments at /tep/{id}/{name}, for items of active sites only (404 otherwise, as for absent).
 */
export function registerMediaPublicRoutes(app: FastifyInstance, deps: { db: Database; storage: Storage }) {
  const { db, storage } = deps;

  async function find(id: string): Promise<PublicMedia | null> {
    if (!UUID_PATTERN.test(id)) return null;
    const found = await db.execute<PublicMedia>(sql`
      SELECT m.kind, m.storage_key, m.file_name, m.content_type, m.variants
        FROM portal_media m JOIN portal_site s ON s.id = m.site_id
       WHERE m.id = ${id} AND s.is_active`);
    return found.rows[0] ?? null;
  }

  app.get('/anh/:mediaId/:file', open, async (request, reply) => {
    const { mediaId, file } = request.params as { mediaId: string; file: string };
    const match = FILE_PATTERN.exec(file);
    if (!match) throw gone();
    const width = Number(match[1]);
    const format = match[2] as keyof typeof IMAGE_TYPES;
    const media = await find(mediaId);
    const variant = media?.kind === 'image' ? media.variants.find((v) => v.width === width) : undefined;
    const key =
      variant && (format === 'avif' ? variant.avif : format === 'webp' ? variant.webp : variant.jpeg);
    if (!key) throw gone();
    const etag = `"${key}"`;
    reply.header('cache-control', IMMUTABLE).header('etag', etag).header('x-content-type-options', 'nosniff');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type(IMAGE_TYPES[format]).send(await storage.get(key));
  });

  app.get('/tep/:mediaId/:name', open, async (request, reply) => {
    const { mediaId } = request.params as { mediaId: string; name: string };
    const media = await find(mediaId);
    if (media?.kind !== 'file' || !media.storage_key || !media.content_type) throw gone();
    const name = media.file_name || 'tep';
    return reply
      .type(media.content_type)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'public, max-age=3600')
      .send(await storage.get(media.storage_key));
  });
}
