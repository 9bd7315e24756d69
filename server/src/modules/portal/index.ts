import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';
import { setupAnalytics } from './analytics/index.ts';
import { setupCrossposting } from './crosspost/index.ts';
import { setupEditorial } from './editorial.setup.ts';
import { setupMedia } from './media/index.ts';
import { setupPublicSites } from './public/index.ts';
import { setupRadio } from './radio/index.ts';

export { seedDemoAnalytics } from './analytics/index.ts';
export { seedDemoPortal } from './demo.ts';
export * from './portal.schema.ts';
export { createHostMap, type HostMap, portalPathForHost } from './public/index.ts';
export * from './reach.schema.ts';

/**
 * Realtime topic published (inside the transaction) whenever what a public site shows changes:
 * an article published, scheduled publication done, edited while published, unpublished; a
 * category, tag, menu or the site itself changed. Payload `{ siteId }`. Every instance drops its
 * micro-cache of that site and of the sites aggregating it.
 */
export const SITE_CHANGED_TOPIC = 'portal.site.changed';

/** One part of the capability: its jobs are defined when it is set up, its routes registered by the app. */
export interface PortalArea {
  /** Staff routes, under /api. */
  registerRoutes(app: Parameters<AppModule['registerRoutes']>[0]): void | Promise<void>;
  /** Public routes (no prefix), when the area has any. */
  registerPublicRoutes?(app: Parameters<AppModule['registerRoutes']>[0]): void | Promise<void>;
}

/**
 * Public sites and propaganda (tuyên truyền): the staff API under /api (sites, categories, tags,
 * articles through draft → review → approved → published, revisions, the media library) and the
 * public sites under /trang/{site} or their own host names (server-rendered, no JavaScript needed).
 */
export function createPortalModules(deps: PlatformDeps): AppModule[] {
  const areas = [
    setupEditorial(deps),
    setupMedia(deps),
    setupAnalytics(deps),
    setupCrossposting(deps),
    setupRadio(deps),
  ];
  const publicSites = setupPublicSites(deps);
  return [
    {
      name: 'portal',
      async registerRoutes(app) {
        for (const area of areas) await area.registerRoutes(app);
      },
    },
    {
      name: 'portal-public',
      prefix: '',
      async registerRoutes(app) {
        for (const area of areas) await area.registerPublicRoutes?.(app);
        await publicSites.registerRoutes(app);
      },
    },
  ];
}
