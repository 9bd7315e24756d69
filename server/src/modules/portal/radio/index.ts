import { sql } from 'drizzle-orm';
import type { PlatformDeps } from '../../../platform/http/index.ts';
import { type ResourceResolver, UUID_PATTERN } from '../../../platform/policy/index.ts';
import type { PortalArea } from '../index.ts';
import { PORTAL_BULLETIN, registerBulletinsRoutes } from './bulletins.routes.ts';
import { createBulletinsService } from './bulletins.service.ts';
import { registerRadioPublicRoutes } from './public.routes.ts';
import { ttsSearchPath } from './tts.ts';

/** A bulletin belongs to its site's unit: portal_bulletin.site_id → portal_site.unit_id → unit.path. */
const bulletinOwner: ResourceResolver = async (db, id) => {
  if (!UUID_PATTERN.test(id)) return null;
  const result = await db.execute<{ path: string }>(sql`
    SELECT u.path::text AS path FROM portal_bulletin b
      JOIN portal_site s ON s.id = b.site_id JOIN unit u ON u.id = s.unit_id
     WHERE b.id = ${id}`);
  return result.rows[0]?.path ?? null;
};

/**
 * Radio bulletins for the commune loudspeakers (issue 7): staff routes under /api (compose from
 * articles, edit the script, produce the audio with espeak-ng) and, publicly, the podcast feed
 * and the audio files under /trang/{site}/phat-thanh….
 */
export function setupRadio(
  deps: PlatformDeps,
): PortalArea & { registerPublicRoutes: PortalArea['registerRoutes'] } {
  deps.resources.register(PORTAL_BULLETIN, bulletinOwner);
  const bulletins = createBulletinsService({
    db: deps.db,
    storage: deps.storage,
    ttsPath: ttsSearchPath(deps.config.PORTAL_TTS_TOOLS_PATH),
  });
  return {
    registerRoutes(app) {
      registerBulletinsRoutes(app, bulletins);
    },
    registerPublicRoutes(app) {
      registerRadioPublicRoutes(app, {
        db: deps.db,
        storage: deps.storage,
        publicUrl: deps.config.PUBLIC_URL,
      });
    },
  };
}
