import type { PortalDeviceKind } from '@mts/contracts';
import { sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../../db/client.ts';
import type { ViewDimension } from '../reach.schema.ts';

export interface PageView {
  siteId: string;
  day: string;
  /** The page inside the site, without query string: "/", "/bai-viet/slug"… */
  path: string;
  articleId?: string | null;
  referrerHost: string;
  device: PortalDeviceKind;
  visitorHash: Buffer;
}

interface ViewRow {
  siteId: string;
  day: string;
  dimension: ViewDimension;
  value: string;
  articleId: string | null;
  views: number;
}

/** Rows per INSERT: 6 parameters a row, well under PostgreSQL's 65,535. */
const CHUNK = 1000;

/**
 * Page views are added up in memory and written every few seconds, one multi-row upsert per table,
 * so a busy page costs no write per view. Several instances add to the same rows.
 */
export function createViewCounter(db: Database, log: { warn(obj: object, msg: string): void }) {
  let views = new Map<string, ViewRow>();
  let visitors = new Map<string, { siteId: string; day: string; visitor: Buffer }>();

  function add(view: PageView, dimension: ViewDimension, value: string, articleId: string | null) {
    const key = `${view.siteId}|${view.day}|${dimension}|${value}`;
    const row = views.get(key);
    if (row) row.views += 1;
    else views.set(key, { siteId: view.siteId, day: view.day, dimension, value, articleId, views: 1 });
  }

  function count(view: PageView) {
    add(view, 'path', view.path, view.articleId ?? null);
    add(view, 'referrer', view.referrerHost, null);
    add(view, 'device', view.device, null);
    const key = `${view.siteId}|${view.day}|${view.visitorHash.toString('hex')}`;
    if (!visitors.has(key))
      visitors.set(key, { siteId: view.siteId, day: view.day, visitor: view.visitorHash });
  }

  async function writeViews(tx: Queryable, rows: ViewRow[]) {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const values = sql.join(
        rows
          .slice(i, i + CHUNK)
          .map(
            (r) =>
              sql`(${r.siteId}::uuid, ${r.day}::date, ${r.dimension}, ${r.value}, ${r.articleId}::uuid, ${r.views})`,
          ),
        sql`, `,
      );
      await tx.execute(sql`
        INSERT INTO portal_view_daily (site_id, day, dimension, value, article_id, views) VALUES ${values}
        ON CONFLICT (site_id, day, dimension, value) DO UPDATE
          SET views = portal_view_daily.views + excluded.views,
              article_id = coalesce(excluded.article_id, portal_view_daily.article_id)`);
    }
  }

  async function writeVisitors(tx: Queryable, rows: Array<{ siteId: string; day: string; visitor: Buffer }>) {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const values = sql.join(
        rows.slice(i, i + CHUNK).map((r) => sql`(${r.siteId}::uuid, ${r.day}::date, ${r.visitor})`),
        sql`, `,
      );
      await tx.execute(sql`
        INSERT INTO portal_visitor_daily (site_id, day, visitor) VALUES ${values} ON CONFLICT DO NOTHING`);
    }
  }

  /**
   * Writes what was counted since the last flush. On a failure (database away, a site or article
   * deleted meanwhile) those seconds of counts are dropped and logged rather than retried: the
   * figures are estimates, and a batch that cannot be written must not block the next ones.
   */
  async function flush() {
    if (views.size === 0 && visitors.size === 0) return;
    // Sorted by key so that two instances flushing at once lock rows in the same order (no deadlock).
    const batch = [...views.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
    const people = [...visitors.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
    views = new Map();
    visitors = new Map();
    try {
      await db.transaction(async (tx) => {
        await writeViews(tx, batch);
        await writeVisitors(tx, people);
      });
    } catch (err) {
      log.warn({ err, views: batch.length, visitors: people.length }, 'portal page views dropped');
    }
  }

  return { count, flush, pending: () => views.size + visitors.size };
}
