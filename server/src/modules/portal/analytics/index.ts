import type { Database } from '../../../db/client.ts';
import type { PlatformDeps } from '../../../platform/http/index.ts';
import type { PortalArea } from '../index.ts';
import { registerAnalyticsRoutes } from './analytics.routes.ts';
import { createViewCounter } from './counter.ts';
import { addCountingHook } from './hook.ts';
import { createSaltStore, dropOldSalts } from './salt.ts';

export { seedDemoAnalytics } from './demo.ts';

export const DROP_SALTS_QUEUE = 'portal.analytics-drop-salts';
/** Five past midnight, Vietnam time: the day before yesterday's salt goes. */
const DROP_SALTS_CRON = '5 0 * * *';
const FLUSH_MS = 5000;

/** Each database's counter, so that tests can write the counts out without waiting. */
const counters = new WeakMap<Database, { flush(): Promise<void> }>();

/** Writes out the page views counted so far (tests; the app flushes every 5 s and on close). */
export async function flushPortalViews(db: Database): Promise<void> {
  await counters.get(db)?.flush();
}

/**
 * Cookie-less page-view analytics of the public sites (issue 7): an onResponse hook on the public
 * routes counts views in memory, written every 5 s; the staff API reports them; a daily job drops
 * the salts of past days so that no visitor hash can be recomputed.
 */
export function setupAnalytics(
  deps: PlatformDeps,
): PortalArea & { registerPublicRoutes: PortalArea['registerRoutes'] } {
  deps.jobs.define(DROP_SALTS_QUEUE, async () => {
    await dropOldSalts(deps.db);
  });
  deps.jobs.schedule(DROP_SALTS_QUEUE, DROP_SALTS_CRON, { tz: 'Asia/Ho_Chi_Minh' });
  const saltOf = createSaltStore(deps.db);
  return {
    registerRoutes(app) {
      registerAnalyticsRoutes(app, { db: deps.db });
    },
    registerPublicRoutes(app) {
      const counter = createViewCounter(deps.db, app.log);
      const hook = addCountingHook(app, { db: deps.db, saltOf, count: counter.count });
      counters.set(deps.db, {
        flush: async () => {
          await hook.idle();
          await counter.flush();
        },
      });
      const timer = setInterval(() => void counter.flush(), FLUSH_MS);
      timer.unref();
      app.addHook('onClose', async () => {
        clearInterval(timer);
        await hook.idle();
        await counter.flush();
      });
    },
  };
}
