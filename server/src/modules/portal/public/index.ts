import type { PlatformDeps } from '../../../platform/http/index.ts';
import { type PortalArea, SITE_CHANGED_TOPIC } from '../index.ts';
import { MicroCache } from './cache.ts';
import { loadPortalAssets } from './layout.ts';
import { registerPublicSiteRoutes } from './public.routes.ts';

export { createHostMap, type HostMap, portalPathForHost } from './host.ts';

/**
 * The units' public sites under /trang/{site} (or their own host names): home, articles,
 * categories, tags, search, contact, petitions, feeds and sitemaps, server-rendered without any
 * script. Rendered responses are micro-cached per instance and dropped on SITE_CHANGED_TOPIC,
 * which every instance receives.
 */
export function setupPublicSites(deps: PlatformDeps): PortalArea {
  const assets = loadPortalAssets();
  const cache = new MicroCache({ maxEntries: 1000, ttlMs: 10_000 });
  deps.realtime.subscribe(SITE_CHANGED_TOPIC, (data) => {
    if (typeof data.siteId === 'string') cache.dropSite(data.siteId);
    else cache.clear();
  });
  return {
    registerRoutes: (app) =>
      registerPublicSiteRoutes(app, { db: deps.db, publicUrl: deps.config.PUBLIC_URL, assets, cache }),
  };
}
