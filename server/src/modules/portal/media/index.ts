import { sql } from 'drizzle-orm';
import type { PlatformDeps } from '../../../platform/http/index.ts';
import { type ResourceResolver, UUID_PATTERN } from '../../../platform/policy/index.ts';
import type { PortalArea } from '../index.ts';
import { PORTAL_MEDIA, registerMediaRoutes } from './media.routes.ts';
import { createMediaService } from './media.service.ts';
import { registerMediaPublicRoutes } from './public.routes.ts';

export { imageUrl, pictureHtml } from './render.ts';

/** A library item belongs to its site's unit: portal_media.site_id → portal_site.unit_id → unit.path. */
const mediaOwner: ResourceResolver = async (db, id) => {
  if (!UUID_PATTERN.test(id)) return null;
  const result = await db.execute<{ path: string }>(sql`
    SELECT u.path::text AS path FROM portal_media m
      JOIN portal_site s ON s.id = m.site_id JOIN unit u ON u.id = s.unit_id
     WHERE m.id = ${id}`);
  return result.rows[0]?.path ?? null;
};

/**
 * The media library of the public sites (issue 7): staff routes under /api (upload, embed, search,
 * edit, delete) and the public renditions and attachments (/anh/…, /tep/…).
 */
export function setupMedia(
  deps: PlatformDeps,
): PortalArea & { registerPublicRoutes: PortalArea['registerRoutes'] } {
  deps.resources.register(PORTAL_MEDIA, mediaOwner);
  const media = createMediaService(deps);
  return {
    registerRoutes(app) {
      registerMediaRoutes(app, media);
    },
    registerPublicRoutes(app) {
      registerMediaPublicRoutes(app, deps);
    },
  };
}
