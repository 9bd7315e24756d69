import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree, buildUnit } from '../../../../test/factories.ts';
import { createTestContext, type TestClient, type TestContext } from '../../../../test/harness.ts';
import type { Database } from '../../../db/client.ts';
import { systemAuditContext } from '../../../platform/audit/index.ts';
import { publish } from '../../../platform/realtime/index.ts';
import { createPetition } from '../../petitions/index.ts';
import { seedDemoPortal } from '../demo.ts';
import { SITE_CHANGED_TOPIC } from '../index.ts';
import { createHostMap } from './host.ts';

/**
 * The public sites over HTTP on a real PostgreSQL, with the demo's sites and articles: pages,
 * SEO metadata, search without diacritics, feeds, sitemap, caching and the petitions page.
 */
let ctx: TestContext;
let db: Database;
let publicUrl: string;
let tree: Awaited<ReturnType<typeof buildTree>>;
let sites: Awaited<ReturnType<typeof seedDemoPortal>>['sites'];
let address = 0;

const PERSON = { name: 'Trần Thị Riêng Tư', phone: '0987 654 321', email: 'rieng.tu@example.vn' };
let trackingCode = '';

beforeAll(async () => {
  ctx = await createTestContext();
  db = ctx.platform.db;
  publicUrl = ctx.platform.config.PUBLIC_URL;
  tree = await buildTree(db);
  const phuHoi = await buildUnit(db, {
    parentId: tree.provinceA.id,
    name: 'Ủy ban MTTQ xã Phú Hội',
    levelId: 'commune',
  });
  await buildStaff(db, { unitId: tree.communeA.id });
  await buildStaff(db, { unitId: phuHoi.id });
  ({ sites } = await db.transaction((tx) => seedDemoPortal(tx, { provinceId: tree.provinceA.id })));
  const petition = await db.transaction((tx) =>
    createPetition(tx, systemAuditContext, {
      unitId: tree.communeA.id,
      subjectCode: 'giao-thong',
      title: 'Đường liên thôn 3 bị sạt lở',
      description: 'Đoạn đường liên thôn 3 sạt lở sau mưa lớn, đề nghị sớm sửa chữa.',
      channel: 'web',
      petitioner: { consent: true, ...PERSON },
    }),
  );
  trackingCode = petition.trackingCode;
});
afterAll(() => ctx?.close());

/** A reader from an address of its own (the global rate limit counts per address). */
function reader(): TestClient {
  const client = ctx.client();
  address += 1;
  client.ip = `127.88.${Math.floor(address / 250)}.${(address % 250) + 1}`;
  return client;
}

async function publishedSlug(siteSlug: string, titleStart: string) {
  const rows = await db.execute<{ slug: string; id: string; site_id: string }>(sql`
    SELECT a.slug, a.id, a.site_id FROM portal_article a JOIN portal_site s ON s.id = a.site_id
     WHERE s.slug = ${siteSlug} AND a.title LIKE ${`${titleStart}%`}`);
  return rows.rows[0]!;
}

const parser = new XMLParser({ ignoreAttributes: false });

describe('demo sites', () => {
  it('seeds the province, aggregating, and the two communes with staff', () => {
    expect(sites.map((s) => s.slug)).toEqual(['lam-dong', 'xa-an-binh', 'xa-phu-hoi']);
  });

  it('lists the active sites', async () => {
    const response = await reader().get('/trang');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('href="/trang/lam-dong"');
    expect(response.body).toContain('href="/trang/xa-an-binh"');
  });
});

describe('pages', () => {
  it("shows the province's latest news with its communes' news, each marked with its commune", async () => {
    const response = await reader().get('/trang/lam-dong');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const body = response.body;
    expect(body).toContain('<html lang="vi">');
    expect(body).toContain('Hội nghị Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng lần thứ hai');
    expect(body).toContain('Tin từ cơ sở');
    expect(body).toContain('href="/trang/xa-an-binh/bai-viet/ngay-hoi-dai-doan-ket-o-thon-3-xa-an-binh"');
    expect(body).toContain('<span class="badge">Ủy ban MTTQ xã Phú Hội</span>');
    expect(body).toContain('href="/trang/lam-dong/chuyen-muc/giam-sat-va-phan-bien-xa-hoi"');
    // Drafts and articles in review are nowhere.
    expect(body).not.toContain('bản nháp');
    expect(body).not.toContain('Tổng kết phong trào');
  });

  it('pages the home (10 a page) and answers 400 to a page number that is not one', async () => {
    const client = reader();
    expect((await client.get('/trang/lam-dong?trang=2')).statusCode).toBe(404); // 8 articles: one page
    const bad = await client.get('/trang/lam-dong?trang=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Số trang không hợp lệ');
  });

  it('renders an article with its date, canonical URL, Open Graph and NewsArticle data, light and script-free', async () => {
    const { slug } = await publishedSlug('lam-dong', 'Trao 50 căn nhà');
    const response = await reader().get(`/trang/lam-dong/bai-viet/${slug}`);
    expect(response.statusCode).toBe(200);
    const body = response.body;
    const canonical = `${publicUrl}/trang/lam-dong/bai-viet/${slug}`;
    expect(body).toContain(`<link rel="canonical" href="${canonical}">`);
    expect(body).toContain(`<meta property="og:url" content="${canonical}">`);
    expect(body).toContain('<meta property="og:type" content="article">');
    expect(body).toContain('<meta property="og:title" content="Trao 50 căn nhà Đại đoàn kết');
    expect(body).toMatch(/<meta property="article:published_time" content="\d{4}-\d\d-\d\dT/);
    expect(body).toMatch(/<time datetime="[^"]+">\d\d\/\d\d\/\d{4}<\/time>/);
    expect(body).toContain('<h2>Niềm vui nhà mới</h2>');
    expect(body).toContain('href="/trang/lam-dong/the/nha-dai-doan-ket"');

    const scripts = [...body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]![1]).toBe(' type="application/ld+json"');
    const data = JSON.parse(scripts[0]![2]!);
    expect(data['@type']).toBe('NewsArticle');
    expect(data.headline).toMatch(/^Trao 50 căn nhà/);
    expect(data.author).toEqual({
      '@type': 'Organization',
      name: tree.provinceA.name,
      url: `${publicUrl}/trang/lam-dong/`,
    });
    expect(data.mainEntityOfPage['@id']).toBe(canonical);
    expect(new Date(data.datePublished).getTime()).toBeLessThanOrEqual(Date.now());

    expect(gzipSync(body).length).toBeLessThan(60 * 1024);
  });

  it('sanitises the body again on render and escapes the structured data', async () => {
    const article = await publishedSlug('xa-phu-hoi', 'Trao học bổng');
    await db.execute(sql`
      UPDATE portal_article SET title = ${'Học bổng </script><script>alert(1)</script>'},
             body_html = body_html || ${'<script>alert(2)</script><p onclick="x()">Thêm</p>'}
       WHERE id = ${article.id}`);
    const body = (await reader().get(`/trang/xa-phu-hoi/bai-viet/${article.slug}`)).body;
    expect(body).not.toContain('alert(2)');
    expect(body).not.toContain('onclick');
    expect(body).toContain('<p>Thêm</p>');
    expect(body).not.toContain('<script>alert(1)');
    expect(body).toContain('\\u003c/script>\\u003cscript>alert(1)');
    expect(body).toContain('<h1>Học bổng &#60;/script&#62;');
  });

  it('answers 404 pages in Vietnamese for a draft, an article in review, an unknown article or site', async () => {
    const client = reader();
    for (const title of ['Kế hoạch giám sát', 'Tổng kết phong trào']) {
      const { slug } = await publishedSlug('xa-an-binh', title);
      const response = await client.get(`/trang/xa-an-binh/bai-viet/${slug}`);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('Không tìm thấy bài viết này');
    }
    expect((await client.get('/trang/xa-an-binh/bai-viet/khong-co')).statusCode).toBe(404);
    const unknown = await client.get('/trang/khong-co-trang-nay');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Không có trang thông tin điện tử này');
  });

  it("lists a category's and a tag's articles only", async () => {
    const client = reader();
    const category = await client.get('/trang/lam-dong/chuyen-muc/cuoc-van-dong');
    expect(category.statusCode).toBe(200);
    expect(category.body).toContain('Phát động ủng hộ Quỹ');
    expect(category.body).toContain('Người Việt Nam ưu tiên dùng hàng Việt Nam');
    expect(category.body).not.toContain('Tập huấn nghiệp vụ');
    const tag = await client.get('/trang/lam-dong/the/chuyen-doi-so');
    expect(tag.statusCode).toBe(200);
    expect(tag.body).toContain('Tập huấn nghiệp vụ');
    expect(tag.body).toContain('Hội nghị Ủy ban MTTQ');
    expect(tag.body).not.toContain('Phát động ủng hộ Quỹ');
    expect((await client.get('/trang/lam-dong/chuyen-muc/khong-co')).statusCode).toBe(404);
  });

  it('searches with or without diacritics, published articles of the site only', async () => {
    const client = reader();
    for (const q of ['dai doan ket', 'Đại đoàn kết', 'ĐẠI ĐOÀN']) {
      const response = await client.get(`/trang/lam-dong/tim-kiem?q=${encodeURIComponent(q)}`);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư năm 2026');
      expect(response.body).not.toContain('Tập huấn nghiệp vụ');
    }
    const words = await client.get('/trang/xa-an-binh/tim-kiem?q=ke+hoach+giam+sat');
    expect(words.body).toContain('Không tìm thấy bài viết nào');
    const empty = await client.get('/trang/lam-dong/tim-kiem');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('<input id="q" type="search" name="q" value=""');
    expect(empty.body).not.toContain('Tìm thấy');
    const long = await client.get(`/trang/lam-dong/tim-kiem?q=${'a'.repeat(201)}`);
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Từ khóa quá dài');
  });

  it("shows the unit's contact page", async () => {
    const response = await reader().get('/trang/lam-dong/lien-he');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('0263 3822 118');
    expect(response.body).toContain('mailto:mattran.lamdong@mattranso.demo');
  });

  it("shows the unit's petitions page with links and public petitions, never the petitioner", async () => {
    const response = await reader().get('/trang/lam-dong/kien-nghi');
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain(`href="/kien-nghi/gui?don-vi=${tree.provinceA.id}"`);
    expect(body).toContain('href="/kien-nghi/tra-cuu"');
    expect(body).toContain('Đường liên thôn 3 bị sạt lở'); // a commune's, in the province's area
    expect(body).toMatch(/href="\/kien-nghi\/so\/\d+"/);
    for (const secret of [PERSON.name, PERSON.phone, PERSON.email, trackingCode])
      expect(body).not.toContain(secret);
    const other = await reader().get('/trang/xa-phu-hoi/kien-nghi');
    expect(other.body).not.toContain('Đường liên thôn 3 bị sạt lở');
  });
});

describe('feeds and sitemap', () => {
  it("gives RSS 2.0 and Atom of the site's latest articles with absolute links", async () => {
    const client = reader();
    const rss = await client.get('/trang/lam-dong/rss.xml');
    expect(rss.statusCode).toBe(200);
    expect(rss.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    const channel = parser.parse(rss.body).rss.channel;
    expect(channel.item).toHaveLength(8);
    expect(channel.item[0].title).toBe('Hội nghị Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng lần thứ hai');
    expect(channel.item[0].link).toMatch(new RegExp(`^${publicUrl}/trang/lam-dong/bai-viet/`));

    const atom = await client.get('/trang/lam-dong/atom.xml');
    expect(atom.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const entries = parser.parse(atom.body).feed.entry;
    expect(entries).toHaveLength(8);
    expect(entries[0].link['@_href']).toMatch(new RegExp(`^${publicUrl}/trang/lam-dong/bai-viet/`));
  });

  it("gives a category's feeds with its articles only", async () => {
    const client = reader();
    const rss = parser.parse((await client.get('/trang/lam-dong/chuyen-muc/dai-doan-ket/rss.xml')).body);
    const titles = [rss.rss.channel.item].flat().map((i: { title: string }) => i.title);
    expect(titles.sort()).toEqual([
      'Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư năm 2026',
      'Trao 50 căn nhà Đại đoàn kết cho hộ nghèo vùng đồng bào dân tộc thiểu số',
    ]);
    const atom = await client.get('/trang/lam-dong/chuyen-muc/dai-doan-ket/atom.xml');
    expect([parser.parse(atom.body).feed.entry].flat()).toHaveLength(2);
    expect((await client.get('/trang/lam-dong/chuyen-muc/khong-co/rss.xml')).statusCode).toBe(404);
  });

  it('lists home, categories, tags and every published article in the sitemap', async () => {
    const response = await reader().get('/trang/xa-an-binh/sitemap.xml');
    expect(response.statusCode).toBe(200);
    const urls = [parser.parse(response.body).urlset.url].flat() as Array<{ loc: string; lastmod?: string }>;
    const base = `${publicUrl}/trang/xa-an-binh`;
    const locs = urls.map((u) => u.loc);
    expect(locs).toContain(`${base}/`);
    expect(locs).toContain(`${base}/chuyen-muc/tin-hoat-dong`);
    expect(locs).toContain(`${base}/the/tiep-xuc-cu-tri`);
    const articles = urls.filter((u) => u.loc.includes('/bai-viet/'));
    expect(articles).toHaveLength(3);
    expect(articles.every((u) => u.lastmod)).toBe(true);
    expect(locs.some((l) => l.includes('ke-hoach-giam-sat'))).toBe(false);
  });
});

describe('HTTP caching', () => {
  it('answers 304 to a conditional GET by ETag or by date', async () => {
    const client = reader();
    const first = await client.get('/trang/lam-dong/lien-he');
    expect(first.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
    const etag = first.headers.etag as string;
    const lastModified = first.headers['last-modified'] as string;
    expect(etag).toMatch(/^W\/"/);
    expect(lastModified).toBeTruthy();
    const byTag = await client.request({
      method: 'GET',
      url: '/trang/lam-dong/lien-he',
      headers: { 'if-none-match': etag },
    });
    expect(byTag.statusCode).toBe(304);
    expect(byTag.body).toBe('');
    const byDate = await client.request({
      method: 'GET',
      url: '/trang/lam-dong/lien-he',
      headers: { 'if-modified-since': lastModified },
    });
    expect(byDate.statusCode).toBe(304);
    const stale = await client.request({
      method: 'GET',
      url: '/trang/lam-dong/lien-he',
      headers: { 'if-none-match': 'W/"something-else"' },
    });
    expect(stale.statusCode).toBe(200);
  });

  it('keeps a page for seconds, then renders it again as soon as the site-changed topic arrives', async () => {
    const client = reader();
    const article = await publishedSlug('xa-an-binh', 'Tiếp xúc cử tri');
    const before = await client.get('/trang/xa-an-binh');
    expect(before.body).toContain('Tiếp xúc cử tri trước kỳ họp');
    await client.get('/trang/lam-dong'); // the province shows the commune's news too
    await db.execute(
      sql`UPDATE portal_article SET title = 'Cử tri góp ý trước kỳ họp', updated_at = now() WHERE id = ${article.id}`,
    );
    // Without the topic, the micro-cache still answers.
    expect((await client.get('/trang/xa-an-binh')).body).toContain('Tiếp xúc cử tri trước kỳ họp');

    await db.transaction((tx) => publish(tx, SITE_CHANGED_TOPIC, { siteId: article.site_id }));
    let body = '';
    for (let i = 0; i < 50 && !body.includes('Cử tri góp ý trước kỳ họp'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      body = (await client.get('/trang/xa-an-binh')).body;
    }
    expect(body).toContain('Cử tri góp ý trước kỳ họp');
    expect((await client.get('/trang/lam-dong')).body).toContain('Cử tri góp ý trước kỳ họp');
  });
});

/** Publishes the site-changed topic and waits until `url` shows `expected` (the notify is async). */
async function changedAndShown(
  client: TestClient,
  siteId: string,
  url: string,
  expected: string,
  host?: string,
) {
  await db.transaction((tx) => publish(tx, SITE_CHANGED_TOPIC, { siteId }));
  let body = '';
  for (let i = 0; i < 50 && !body.includes(expected); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    body = (await client.request({ method: 'GET', url, headers: host ? { host } : {} })).body;
  }
  return body;
}

describe('pictures and host names', () => {
  it('shows a cover as a responsive, lazy picture in lists and as og:image on the article', async () => {
    const article = await publishedSlug('xa-an-binh', 'Trao học bổng');
    const media = await db.execute<{ id: string }>(sql`
      INSERT INTO portal_media (site_id, kind, width, height, alt, variants)
      VALUES (${article.site_id}, 'image', 1280, 720, 'Học sinh nhận học bổng',
              ${JSON.stringify([
                { width: 320, height: 180, webp: 'a', avif: 'b', jpeg: 'c' },
                { width: 960, height: 540, webp: 'd', avif: 'e', jpeg: 'f' },
              ])}::jsonb)
      RETURNING id`);
    const mediaId = media.rows[0]!.id;
    await db.execute(sql`UPDATE portal_article SET cover_media_id = ${mediaId} WHERE id = ${article.id}`);
    const client = reader();
    const home = await changedAndShown(client, article.site_id, '/trang/xa-an-binh', '<picture>');
    expect(home).toContain('<source type="image/avif"');
    expect(home).toContain('loading="lazy"');
    expect(home).toContain('alt="Học sinh nhận học bổng"');
    const page = (await client.get(`/trang/xa-an-binh/bai-viet/${article.slug}`)).body;
    expect(page).toContain(`<meta property="og:image" content="${publicUrl}/anh/${mediaId}/960.jpg">`);
    expect(page).toContain('fetchpriority="high"');
    const data = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)![1]!);
    expect(data.image).toEqual([`${publicUrl}/anh/${mediaId}/960.jpg`]);
  });

  it("links a site's pages from its own host name, canonical there, and maps the host after a change", async () => {
    const site = sites.find((s) => s.slug === 'xa-phu-hoi')!;
    const hostMap = createHostMap(ctx.platform);
    await hostMap.ready;
    expect(hostMap.hosts.has('mattran.phuhoi.test')).toBe(false);
    await db.execute(
      sql`UPDATE portal_site SET host = 'mattran.phuhoi.test', updated_at = now() WHERE id = ${site.id}`,
    );
    const client = reader();
    const body = await changedAndShown(
      client,
      site.id,
      '/trang/xa-phu-hoi/lien-he',
      'https://mattran.phuhoi.test/lien-he',
      'mattran.phuhoi.test',
    );
    expect(body).toContain('<link rel="canonical" href="https://mattran.phuhoi.test/lien-he">');
    expect(body).toContain('<a href="/lien-he" aria-current="page">Liên hệ</a>');
    for (let i = 0; i < 50 && !hostMap.hosts.has('mattran.phuhoi.test'); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hostMap.hosts.get('mattran.phuhoi.test')).toBe('xa-phu-hoi');
    hostMap.close();
    // On the platform's own host the site keeps its /trang links, canonical on its host.
    const elsewhere = (await client.get('/trang/xa-phu-hoi/lien-he')).body;
    expect(elsewhere).toContain('<a href="/trang/xa-phu-hoi/lien-he" aria-current="page">');
    expect(elsewhere).toContain('<link rel="canonical" href="https://mattran.phuhoi.test/lien-he">');
  });
});
