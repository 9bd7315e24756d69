import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { addDays, vietnamDay } from './salt.ts';

/**
 * Demo page views: 90 days up to today for each site, rising steeply as the sites became known
 * (the last 30 days are about 25× the 30 before), shared among the home page, the articles
 * already published that day (newer ones read more), the petitions and contact pages; referrers
 * facebook.com, zalo.me, google.com and direct; 70 % phones. Deterministic (a seeded generator).
 */
const DAYS = 90;
/** Daily growth giving ≈ 25.7× between two consecutive 30-day periods. */
const RATE = Math.log(25.7) / 30;
const REFERRERS: Array<[string, number]> = [
  ['facebook.com', 0.36],
  ['zalo.me', 0.26],
  ['google.com', 0.2],
  ['', 0.18],
];
const DEVICES: Array<[string, number]> = [
  ['mobile', 0.7],
  ['desktop', 0.22],
  ['tablet', 0.08],
];

/** Splits `total` by `weights` into integers summing exactly to `total`. */
function split(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  parts[0] = (parts[0] ?? 0) + total - parts.reduce((a, b) => a + b, 0);
  return parts;
}

/** A small deterministic generator (mulberry32) for day-to-day noise. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedDemoAnalytics(
  tx: Queryable,
  input: { siteIds: string[]; now?: Date },
): Promise<void> {
  const today = vietnamDay(input.now ?? new Date());
  const first = addDays(today, -(DAYS - 1));
  for (const [index, siteId] of input.siteIds.entries()) {
    const next = random(index + 7);
    // The first site (the province) is read most; the communes' sites less.
    const peak = index === 0 ? 4200 : 900 - 200 * Math.min(index - 1, 3);
    const articles = await tx.execute<{ id: string; slug: string; day: string }>(sql`
      SELECT id, slug, to_char(published_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS day
        FROM portal_article WHERE site_id = ${siteId} AND status = 'published' ORDER BY published_at DESC`);
    const views: Array<{
      day: string;
      dimension: string;
      value: string;
      articleId: string | null;
      views: number;
    }> = [];
    const visitors: Array<{ day: string; count: number }> = [];
    for (let i = 0; i < DAYS; i++) {
      const day = addDays(first, i);
      const total = Math.max(1, Math.round(peak * Math.exp(RATE * (i - (DAYS - 1))) * (0.85 + 0.3 * next())));
      const add = (dimension: string, value: string, count: number, articleId: string | null = null) => {
        if (count > 0) views.push({ day, dimension, value, articleId, views: count });
      };
      const readable = articles.rows.filter((a) => a.day <= day);
      const pages: Array<[string, string | null, number]> = [
        ['/', null, 0.3],
        ['/kien-nghi', null, 0.08],
        ['/lien-he', null, 0.04],
        ...readable.map((a, rank): [string, string | null, number] => [
          `/bai-viet/${a.slug}`,
          a.id,
          0.58 / (rank + 1.5),
        ]),
      ];
      split(
        total,
        pages.map(([, , w]) => w),
      ).forEach((count, p) => {
        const [path, articleId] = pages[p]!;
        add('path', path, count, articleId);
      });
      split(
        total,
        REFERRERS.map(([, w]) => w),
      ).forEach((count, r) => {
        add('referrer', REFERRERS[r]![0], count);
      });
      split(
        total,
        DEVICES.map(([, w]) => w),
      ).forEach((count, d) => {
        add('device', DEVICES[d]![0], count);
      });
      visitors.push({ day, count: Math.max(1, Math.round(total * (0.55 + 0.1 * next()))) });
    }
    for (let i = 0; i < views.length; i += 1000) {
      const values = sql.join(
        views
          .slice(i, i + 1000)
          .map(
            (v) =>
              sql`(${siteId}::uuid, ${v.day}::date, ${v.dimension}, ${v.value}, ${v.articleId}::uuid, ${v.views})`,
          ),
        sql`, `,
      );
      await tx.execute(sql`
        INSERT INTO portal_view_daily (site_id, day, dimension, value, article_id, views) VALUES ${values}
        ON CONFLICT (site_id, day, dimension, value) DO UPDATE SET views = excluded.views`);
    }
    // Visitor hashes are random-looking 8-byte values: one row per estimated visitor of the day.
    const days = sql.join(
      visitors.map((v) => sql`(${v.day}::date, ${v.count}::int)`),
      sql`, `,
    );
    await tx.execute(sql`
      INSERT INTO portal_visitor_daily (site_id, day, visitor)
      SELECT ${siteId}::uuid, d.day, substring(sha256(convert_to(${siteId} || d.day::text || g::text, 'UTF8')) FROM 1 FOR 8)
        FROM (VALUES ${days}) AS d(day, n), generate_series(1, d.n) AS g
      ON CONFLICT DO NOTHING`);
  }
}
