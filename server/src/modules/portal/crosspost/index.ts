import { sql } from 'drizzle-orm';
import type { PlatformDeps } from '../../../platform/http/index.ts';
import { type ResourceResolver, UUID_PATTERN } from '../../../platform/policy/index.ts';
import { createSecretBox } from '../../identity/index.ts';
import type { PortalArea } from '../index.ts';
import { SITE_CHANGED_TOPIC } from '../index.ts';
import { PORTAL_CROSSPOST, registerChannelsRoutes } from './channels.routes.ts';
import { createChannelsService } from './channels.service.ts';
import { CROSSPOST_CRON, CROSSPOST_QUEUE, type CrosspostDeps, runCrosspostOnce } from './worker.ts';

export { PORTAL_CROSSPOST } from './channels.routes.ts';
export { runCrosspostOnce } from './worker.ts';

/** A cross-post belongs to its article's site's unit. */
const crosspostOwner: ResourceResolver = async (db, id) => {
  if (!UUID_PATTERN.test(id)) return null;
  const result = await db.execute<{ path: string }>(sql`
    SELECT u.path::text AS path FROM portal_crosspost p JOIN portal_article a ON a.id = p.article_id
      JOIN portal_site s ON s.id = a.site_id JOIN unit u ON u.id = s.unit_id WHERE p.id = ${id}`);
  return result.rows[0]?.path ?? null;
};

/**
 * Cross-posting (issue 7): published articles go to the site's Facebook Page and Zalo OA.
 * The job runs every minute and soon after any site change (a publication among them); the
 * staff routes configure channels and show and retry posts.
 */
export function setupCrossposting(
  deps: PlatformDeps,
): PortalArea & { registerPublicRoutes: PortalArea['registerRoutes'] } {
  deps.resources.register(PORTAL_CROSSPOST, crosspostOwner);
  const box = createSecretBox(deps.config.SECRET_KEY ?? '');
  const worker: CrosspostDeps = {
    db: deps.db,
    box,
    publicUrl: deps.config.PUBLIC_URL,
    facebookGraphUrl: deps.config.PORTAL_FACEBOOK_GRAPH_URL,
    zaloApiUrl: deps.config.PORTAL_ZALO_API_URL,
  };
  deps.jobs.define(CROSSPOST_QUEUE, async () => {
    await runCrosspostOnce(worker);
  });
  deps.jobs.schedule(CROSSPOST_QUEUE, CROSSPOST_CRON, { tz: 'Asia/Ho_Chi_Minh' });
  // After a publication: a job a few seconds later rather than the next minute (one queued at a time).
  deps.realtime.subscribe(SITE_CHANGED_TOPIC, () => {
    deps.jobs
      .send(CROSSPOST_QUEUE, {}, { startAfter: 5, singletonKey: 'after-publish' })
      .catch(() => undefined);
  });
  const channels = createChannelsService({ db: deps.db, box });
  return {
    registerRoutes(app) {
      registerChannelsRoutes(app, channels);
    },
    registerPublicRoutes() {},
  };
}
