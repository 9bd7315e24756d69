import type { PlatformDeps } from '../../platform/http/index.ts';
import { ownedByUnit } from '../../platform/policy/index.ts';
import { registerArticlesRoutes } from './editorial/articles.routes.ts';
import { createArticlesService } from './editorial/articles.service.ts';
import {
  PUBLISH_SCHEDULED_CRON,
  PUBLISH_SCHEDULED_QUEUE,
  publishDueArticles,
} from './editorial/scheduler.ts';
import { ownedBySite, PORTAL_ARTICLE, PORTAL_CATEGORY, PORTAL_SITE, PORTAL_TAG } from './editorial/scope.ts';
import { registerSitesRoutes } from './editorial/sites.routes.ts';
import { createSitesService } from './editorial/sites.service.ts';
import { createTaxonomyService } from './editorial/taxonomy.service.ts';
import type { PortalArea } from './index.ts';

/**
 * The editorial side of the public sites (issue 7): resource kinds (a site by its unit; articles,
 * categories and tags through their site's unit), the staff routes, and the job publishing
 * scheduled articles every minute.
 */
export function setupEditorial(deps: PlatformDeps): PortalArea {
  deps.resources.register(PORTAL_SITE, ownedByUnit('portal_site', 'unit_id'));
  deps.resources.register(PORTAL_ARTICLE, ownedBySite('portal_article'));
  deps.resources.register(PORTAL_CATEGORY, ownedBySite('portal_category'));
  deps.resources.register(PORTAL_TAG, ownedBySite('portal_tag'));
  const services = { db: deps.db, realtime: deps.realtime };
  const sites = createSitesService(services);
  const taxonomy = createTaxonomyService(services);
  const articles = createArticlesService(services);
  deps.jobs.define(PUBLISH_SCHEDULED_QUEUE, async () => {
    await publishDueArticles(deps.db, deps.realtime);
  });
  deps.jobs.schedule(PUBLISH_SCHEDULED_QUEUE, PUBLISH_SCHEDULED_CRON, { tz: 'Asia/Ho_Chi_Minh' });
  return {
    registerRoutes(app) {
      registerSitesRoutes(app, { sites, taxonomy });
      registerArticlesRoutes(app, { db: deps.db, articles });
    },
  };
}
