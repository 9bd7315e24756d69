import {
  type PortalAnalytics,
  type PortalAnalyticsQuery,
  portalDeviceKinds,
  portalDeviceLabels,
  portalDirectReferrerLabel,
} from '@mts/contracts';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { badRequest, notFound } from '../../../platform/errors/index.ts';
import { addDays, daysBetween, vietnamDay } from './salt.ts';

/** The longest period a report covers (a leap year). */
export const MAX_DAYS = 366;
const DEFAULT_DAYS = 30;
const TOP = 10;

/** The report's period from the query: default the last 30 days up to today (Vietnam). */
export function periodOf(query: PortalAnalyticsQuery, now: Date = new Date()) {
  const to = query.to ?? (query.from ? addDays(query.from, DEFAULT_DAYS - 1) : vietnamDay(now));
  const from = query.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to)
    throw badRequest({
      vi: `Ngày bắt đầu (${from}) phải trước hoặc bằng ngày kết thúc (${to}): hãy đổi lại khoảng thời gian.`,
      en: `The first day (${from}) must not be after the last (${to}).`,
    });
  if (daysBetween(from, to) > MAX_DAYS)
    throw badRequest({
      vi: `Khoảng thời gian tối đa ${MAX_DAYS} ngày: hãy chọn khoảng ngắn hơn.`,
      en: `The period may span at most ${MAX_DAYS} days.`,
    });
  return { from, to };
}

const ratio = (now: number, before: number) => (before > 0 ? Math.round((now / before) * 100) / 100 : null);

/**
 * The figures of a site (and, with `include=children`, of the sites of the units below it) over
 * a period, with the previous period of the same length for growth. Visitors of a period are the
 * sum of the daily unique visitors: an estimate (the same person on two days counts twice).
 */
export async function siteAnalytics(
  db: Queryable,
  siteId: string,
  query: PortalAnalyticsQuery,
  now: Date = new Date(),
): Promise<PortalAnalytics> {
  const { from, to } = periodOf(query, now);
  const length = daysBetween(from, to);
  const previous = { from: addDays(from, -length), to: addDays(from, -1) };

  const siteRows = await db.execute<{ id: string; slug: string; name: string; path: string }>(sql`
    SELECT s.id, s.slug, s.name, u.path::text AS path FROM portal_site s JOIN unit u ON u.id = s.unit_id
     WHERE s.id = ${siteId}`);
  const site = siteRows.rows[0];
  if (!site) throw notFound({ vi: 'Không tìm thấy trang thông tin điện tử.', en: 'Site not found.' });
  const ids =
    query.include === 'children'
      ? (
          await db.execute<{ id: string }>(sql`
            SELECT s.id FROM portal_site s JOIN unit u ON u.id = s.unit_id WHERE u.path <@ ${site.path}::ltree`)
        ).rows.map((r) => r.id)
      : [site.id];
  const siteIds = sql`ARRAY[${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]`;

  const days = await db.execute<{ day: string; views: string; visitors: string }>(sql`
    WITH days AS (
      SELECT d::date AS day FROM generate_series(${previous.from}::date, ${to}::date, interval '1 day') AS d
    ), views AS (
      SELECT day, sum(views) AS views FROM portal_view_daily
       WHERE site_id = ANY(${siteIds}) AND dimension = 'path' AND day BETWEEN ${previous.from}::date AND ${to}::date
       GROUP BY day
    ), visitors AS (
      SELECT day, count(*) AS visitors FROM portal_visitor_daily
       WHERE site_id = ANY(${siteIds}) AND day BETWEEN ${previous.from}::date AND ${to}::date
       GROUP BY day
    )
    SELECT to_char(days.day, 'YYYY-MM-DD') AS day, coalesce(views.views, 0) AS views,
           coalesce(visitors.visitors, 0) AS visitors
      FROM days LEFT JOIN views USING (day) LEFT JOIN visitors USING (day)
     ORDER BY days.day`);
  const all = days.rows.map((r) => ({ day: r.day, views: Number(r.views), visitors: Number(r.visitors) }));
  const current = all.filter((d) => d.day >= from);
  const before = all.filter((d) => d.day < from);
  const sum = (list: typeof all, key: 'views' | 'visitors') => list.reduce((n, d) => n + d[key], 0);
  const totals = { views: sum(current, 'views'), visitors: sum(current, 'visitors') };
  const prior = { views: sum(before, 'views'), visitors: sum(before, 'visitors') };

  const inPeriod = sql`v.site_id = ANY(${siteIds}) AND v.day BETWEEN ${from}::date AND ${to}::date`;
  const [articles, referrers, devices] = await Promise.all([
    db.execute<{ id: string; title: string; path: string; views: string }>(sql`
      SELECT a.id, a.title, '/trang/' || s.slug || '/bai-viet/' || a.slug AS path, sum(v.views) AS views
        FROM portal_view_daily v JOIN portal_article a ON a.id = v.article_id JOIN portal_site s ON s.id = a.site_id
       WHERE ${inPeriod} AND v.dimension = 'path'
       GROUP BY a.id, a.title, s.slug, a.slug ORDER BY sum(v.views) DESC, a.title LIMIT ${TOP}`),
    db.execute<{ value: string; views: string }>(sql`
      SELECT v.value, sum(v.views) AS views FROM portal_view_daily v
       WHERE ${inPeriod} AND v.dimension = 'referrer'
       GROUP BY v.value ORDER BY sum(v.views) DESC, v.value LIMIT ${TOP}`),
    db.execute<{ value: string; views: string }>(sql`
      SELECT v.value, sum(v.views) AS views FROM portal_view_daily v
       WHERE ${inPeriod} AND v.dimension = 'device' GROUP BY v.value`),
  ]);
  const byDevice = new Map(devices.rows.map((r) => [r.value, Number(r.views)]));

  return {
    site: { id: site.id, slug: site.slug, name: site.name },
    siteCount: ids.length,
    from,
    to,
    totals,
    previous: { ...previous, ...prior },
    growth: { views: ratio(totals.views, prior.views), visitors: ratio(totals.visitors, prior.visitors) },
    days: current,
    topArticles: articles.rows.map((r) => ({
      articleId: r.id,
      title: r.title,
      path: r.path,
      views: Number(r.views),
    })),
    referrers: referrers.rows.map((r) => ({
      host: r.value,
      label: r.value === '' ? portalDirectReferrerLabel : r.value,
      views: Number(r.views),
    })),
    devices: portalDeviceKinds.map((device) => ({
      device,
      label: portalDeviceLabels[device],
      views: byDevice.get(device) ?? 0,
    })),
  };
}
