import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree, buildUnit } from '../../../../test/factories.ts';
import { createTestContext, type TestClient } from '../../../../test/harness.ts';
import { signedInStaff } from '../../messaging/test-support/people.ts';
import { seedDemoPortal } from '../demo.ts';
import { seedDemoAnalytics } from './demo.ts';
import { flushPortalViews } from './index.ts';
import { addDays, dropOldSalts, vietnamDay } from './salt.ts';

/**
 * Page-view analytics over HTTP on a real PostgreSQL: public pages requested by browsers, bots and
 * returning visitors are counted after a flush (only counters and hashes stored); the staff report
 * over the demo's 90 days, its exports and its permissions.
 */
const ctx = await createTestContext();
afterAll(() => ctx.close());
const db = ctx.platform.db;

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

let tree: Awaited<ReturnType<typeof buildTree>>;
let sites: Array<{ id: string; slug: string; unitId: string }>;
let analyst: TestClient; // province A: portal.analytics
let reader: TestClient; // province A: portal.read only
let outsider: TestClient; // province B: portal.analytics
let today: string;

beforeAll(async () => {
  tree = await buildTree(db);
  const phuHoi = await buildUnit(db, {
    parentId: tree.provinceA.id,
    name: 'Ủy ban MTTQ xã Phú Hội',
    levelId: 'commune',
  });
  await buildStaff(db, { unitId: tree.communeA.id });
  await buildStaff(db, { unitId: phuHoi.id });
  ({ sites } = await db.transaction((tx) => seedDemoPortal(tx, { provinceId: tree.provinceA.id })));
  // The province and Phú Hội get the demo's 90 days; An Bình (sites[1]) only what the tests count.
  await db.transaction((tx) => seedDemoAnalytics(tx, { siteIds: [sites[0]!.id, sites[2]!.id] }));
  ({ client: analyst } = await signedInStaff(ctx, tree.provinceA.id, { permissions: ['portal.analytics'] }));
  ({ client: reader } = await signedInStaff(ctx, tree.provinceA.id, { permissions: ['portal.read'] }));
  ({ client: outsider } = await signedInStaff(ctx, tree.provinceB.id, { permissions: ['portal.analytics'] }));
  today = vietnamDay();
});

let address = 0;
/** A browser (or bot) at an address of its own. */
function visitor(userAgent: string | null, ip?: string) {
  address += 1;
  const at = ip ?? `10.42.0.${address}`;
  return (url: string, headers: Record<string, string> = {}) =>
    ctx.app.inject({
      method: 'GET',
      url,
      remoteAddress: at,
      // inject adds a user agent of its own when none is given: an empty one stands for none.
      headers: { 'user-agent': userAgent ?? '', ...headers },
    });
}

async function viewRows(siteId: string) {
  const rows = await db.execute<{
    dimension: string;
    value: string;
    views: string;
    article_id: string | null;
  }>(
    sql`SELECT dimension, value, views, article_id FROM portal_view_daily WHERE site_id = ${siteId} AND day = ${today}`,
  );
  const of = (dimension: string) =>
    Object.fromEntries(
      rows.rows.filter((r) => r.dimension === dimension).map((r) => [r.value, Number(r.views)]),
    );
  return { path: of('path'), referrer: of('referrer'), device: of('device'), rows: rows.rows };
}

describe('counting page views', () => {
  it('counts pages, article views and returning visitors once; not bots, 404s or feeds', async () => {
    const site = sites[1]!;
    const article = await db.execute<{ id: string; slug: string }>(sql`
      SELECT id, slug FROM portal_article WHERE site_id = ${site.id} AND status = 'published' ORDER BY published_at DESC LIMIT 1`);
    const { id: articleId, slug } = article.rows[0]!;
    const articleUrl = `/trang/${site.slug}/bai-viet/${slug}`;

    const phone = visitor(IPHONE);
    const fromFacebook = { referer: 'https://m.facebook.com/story.php?story_fbid=1&id=2' };
    expect((await phone(`/trang/${site.slug}`, fromFacebook)).statusCode).toBe(200);
    const first = await phone(articleUrl, fromFacebook);
    expect(first.statusCode).toBe(200);
    expect(
      (await phone(articleUrl, { referer: `http://localhost/trang/${site.slug}`, host: 'localhost' }))
        .statusCode,
    ).toBe(200);
    // A 304 is the reader's browser showing its copy of the page: a view.
    const desk = visitor(WINDOWS);
    const cached = await desk(articleUrl, { 'if-none-match': String(first.headers.etag) });
    expect(cached.statusCode).toBe(304);

    // Not counted: a search engine, no user agent, a missing article, a feed, the sitemap.
    expect((await visitor(GOOGLEBOT)(articleUrl)).statusCode).toBe(200);
    expect((await visitor(null)(articleUrl)).statusCode).toBe(200);
    expect((await desk(`/trang/${site.slug}/bai-viet/khong-co-bai-nay`)).statusCode).toBe(404);
    expect((await desk(`/trang/${site.slug}/rss.xml`)).statusCode).toBe(200);
    expect((await desk(`/trang/${site.slug}/sitemap.xml`)).statusCode).toBe(200);

    await flushPortalViews(db);
    const counted = await viewRows(site.id);
    expect(counted.path).toEqual({ '/': 1, [`/bai-viet/${slug}`]: 3 });
    expect(counted.rows.find((r) => r.value === `/bai-viet/${slug}`)?.article_id).toBe(articleId);
    expect(counted.referrer).toEqual({ 'facebook.com': 2, '': 2 });
    expect(counted.device).toEqual({ mobile: 3, desktop: 1 });
    const visitors = await db.execute(
      sql`SELECT visitor FROM portal_visitor_daily WHERE site_id = ${site.id} AND day = ${today}`,
    );
    expect(visitors.rows).toHaveLength(2); // the phone's three pages are one visitor
  });

  it('adds to the day’s counters on later flushes (micro-cached pages included)', async () => {
    const site = sites[1]!;
    const phone = visitor(IPHONE);
    for (let i = 0; i < 3; i++) expect((await phone(`/trang/${site.slug}/lien-he`)).statusCode).toBe(200);
    await flushPortalViews(db);
    expect((await viewRows(site.id)).path['/lien-he']).toBe(3);
    await phone(`/trang/${site.slug}/lien-he`);
    await flushPortalViews(db);
    expect((await viewRows(site.id)).path['/lien-he']).toBe(4);
  });

  it('stores no address, user agent or referring page: only counters and 8-byte hashes', async () => {
    const columns = await db.execute<{ table_name: string; column_name: string }>(sql`
      SELECT table_name, column_name FROM information_schema.columns
       WHERE table_name IN ('portal_view_daily', 'portal_visitor_daily', 'portal_view_salt') ORDER BY table_name, ordinal_position`);
    expect(columns.rows.map((r) => `${r.table_name}.${r.column_name}`)).toEqual([
      'portal_view_daily.site_id',
      'portal_view_daily.day',
      'portal_view_daily.dimension',
      'portal_view_daily.value',
      'portal_view_daily.article_id',
      'portal_view_daily.views',
      'portal_view_salt.day',
      'portal_view_salt.salt',
      'portal_visitor_daily.site_id',
      'portal_visitor_daily.day',
      'portal_visitor_daily.visitor',
    ]);
    const leaks = await db.execute(sql`
      SELECT value FROM portal_view_daily WHERE value LIKE '%10.42.%' OR value ILIKE '%mozilla%' OR value LIKE '%story%'`);
    expect(leaks.rows).toHaveLength(0);
    const sizes = await db.execute<{ size: number }>(
      sql`SELECT DISTINCT octet_length(visitor) AS size FROM portal_visitor_daily WHERE site_id = ${sites[1]!.id}`,
    );
    expect(sizes.rows).toEqual([{ size: 8 }]);
  });

  it('drops the salts of days before yesterday, so old hashes cannot be recomputed', async () => {
    const old = addDays(today, -2);
    const yesterday = addDays(today, -1);
    await db.execute(sql`
      INSERT INTO portal_view_salt (day, salt) VALUES (${old}, '\\x01'), (${yesterday}, '\\x02') ON CONFLICT DO NOTHING`);
    await dropOldSalts(db);
    const days = await db.execute<{ day: string }>(
      sql`SELECT day::text AS day FROM portal_view_salt ORDER BY day`,
    );
    expect(days.rows.map((r) => r.day)).toEqual([yesterday, today]);
  });
});

describe('the report', () => {
  const url = (siteId: string, query = '') => `/api/portal/sites/${siteId}/analytics${query}`;

  it('gives the last 30 days with every day, totals, growth and breakdowns', async () => {
    const response = await analyst.get(url(sites[0]!.id));
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ site: { id: sites[0]!.id, slug: 'lam-dong' }, siteCount: 1, to: today });
    expect(report.from).toBe(addDays(today, -29));
    expect(report.days).toHaveLength(30);
    expect(report.previous).toMatchObject({ from: addDays(today, -59), to: addDays(today, -30) });
    const stored = await db.execute<{ views: string }>(sql`
      SELECT sum(views) AS views FROM portal_view_daily
       WHERE site_id = ${sites[0]!.id} AND dimension = 'path' AND day BETWEEN ${report.from} AND ${today}`);
    expect(report.totals.views).toBe(Number(stored.rows[0]!.views));
    expect(report.totals.views).toBe(report.days.reduce((n: number, d: { views: number }) => n + d.views, 0));
    expect(report.totals.visitors).toBeGreaterThan(0);
    expect(report.totals.visitors).toBeLessThan(report.totals.views);
    // The demo rises about 25× from one month to the next.
    expect(report.growth.views).toBeGreaterThan(15);
    expect(report.growth.views).toBeCloseTo(report.totals.views / report.previous.views, 2);
    expect(report.topArticles.length).toBeGreaterThan(0);
    expect(report.topArticles.length).toBeLessThanOrEqual(10);
    expect(report.topArticles[0].path).toMatch(/^\/trang\/lam-dong\/bai-viet\//);
    expect(report.topArticles[0].views).toBeGreaterThanOrEqual(report.topArticles.at(-1).views);
    expect(report.referrers).toContainEqual(expect.objectContaining({ host: '', label: 'Trực tiếp' }));
    expect(report.referrers.map((r: { host: string }) => r.host)).toContain('facebook.com');
    const mobile = report.devices.find((d: { device: string }) => d.device === 'mobile');
    expect(mobile.views / report.totals.views).toBeCloseTo(0.7, 1);
  });

  it('shows days without views as zeros and no growth when there was nothing before', async () => {
    const response = await analyst.get(url(sites[0]!.id, '?from=2020-02-27&to=2020-03-02'));
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report.days.map((d: { day: string }) => d.day)).toEqual([
      '2020-02-27',
      '2020-02-28',
      '2020-02-29',
      '2020-03-01',
      '2020-03-02',
    ]);
    expect(
      report.days.every((d: { views: number; visitors: number }) => d.views === 0 && d.visitors === 0),
    ).toBe(true);
    expect(report.growth).toEqual({ views: null, visitors: null });
    expect(report.topArticles).toEqual([]);
  });

  it('adds the communes’ sites with include=children', async () => {
    const own = (await analyst.get(url(sites[0]!.id))).json();
    const all = (await analyst.get(url(sites[0]!.id, '?include=children'))).json();
    const commune = (await analyst.get(url(sites[2]!.id))).json();
    expect(all.siteCount).toBe(3);
    expect(all.totals.views).toBeGreaterThanOrEqual(own.totals.views + commune.totals.views);
  });

  it('refuses a reversed or too long period, or a malformed date, in Vietnamese', async () => {
    const reversed = await analyst.get(url(sites[0]!.id, '?from=2026-03-10&to=2026-03-01'));
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.message).toContain('Ngày bắt đầu');
    const long = await analyst.get(url(sites[0]!.id, '?from=2024-01-01&to=2025-01-02'));
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toContain('366 ngày');
    expect((await analyst.get(url(sites[0]!.id, '?from=2025-01-01&to=2026-01-01'))).statusCode).toBe(200);
    expect((await analyst.get(url(sites[0]!.id, '?from=2026-02-30'))).statusCode).toBe(400);
  });

  it('needs portal.analytics over the site’s unit', async () => {
    expect((await reader.get(url(sites[0]!.id))).statusCode).toBe(403);
    expect((await outsider.get(url(sites[0]!.id))).statusCode).toBe(404);
    expect((await outsider.get(`/api/portal/sites/${sites[0]!.id}/analytics.csv`)).statusCode).toBe(404);
  });

  it('exports the same figures as XLSX and CSV with Vietnamese headings', async () => {
    const report = (await analyst.get(url(sites[0]!.id))).json();
    const xlsx = await analyst.get(`/api/portal/sites/${sites[0]!.id}/analytics.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain(`thong-ke-lam-dong-${report.from}-${today}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const summary = workbook.getWorksheet('Tổng quan')!;
    const cells = new Map<string, unknown>();
    summary.eachRow((row) => cells.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(cells.get('Lượt xem')).toBe(report.totals.views);
    expect(cells.get('Lượt khách (ước tính, cộng theo ngày)')).toBe(report.totals.visitors);
    expect(workbook.getWorksheet('Theo ngày')!.rowCount).toBe(32); // title, headings, 30 days
    const devices = workbook.getWorksheet('Thiết bị')!;
    expect(devices.getRow(3).values).toEqual([undefined, 'Điện thoại', report.devices[0].views]);

    const csv = await analyst.get(`/api/portal/sites/${sites[0]!.id}/analytics.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    const lines = csv.body.split('\r\n');
    expect(lines).toContain(`Lượt xem,${report.totals.views}`);
    expect(lines).toContain('Ngày,Lượt xem,Lượt khách');
    const lastDay = report.days.at(-1);
    expect(lines).toContain(
      `${today.slice(8)}/${today.slice(5, 7)}/${today.slice(0, 4)},${lastDay.views},${lastDay.visitors}`,
    );
  });
});
