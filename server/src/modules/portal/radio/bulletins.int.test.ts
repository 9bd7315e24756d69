import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PortalBulletin, TtsStatus } from '@mts/contracts';
import { sql } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree } from '../../../../test/factories.ts';
import { createTestContext, type TestClient } from '../../../../test/harness.ts';
import { signedInStaff } from '../../messaging/test-support/people.ts';
import { seedDemoPortal } from '../demo.ts';
import { TTS_MISSING_MESSAGE } from './tts.ts';

/**
 * Radio bulletins over HTTP on a real PostgreSQL with the demo sites, read aloud by the real
 * espeak-ng, oggenc and lame: composing, editing, producing, the public audio with byte ranges,
 * the podcast feed, permissions; and a server without the engine (an empty tools PATH).
 */
const ctx = await createTestContext();
afterAll(() => ctx.close());
const db = ctx.platform.db;

let editor: TestClient; // province A: portal.read + portal.publish
let reader: TestClient; // province A: portal.read only
let outsider: TestClient; // province B: portal.read + portal.publish
let provinceSite: { id: string; slug: string };
let publishedIds: string[];
let communePublishedId: string;
let draftId: string;

async function articles(siteSlug: string, status: string) {
  const result = await db.execute<{ id: string }>(sql`
    SELECT a.id FROM portal_article a JOIN portal_site s ON s.id = a.site_id
     WHERE s.slug = ${siteSlug} AND a.status = ${status} ORDER BY a.published_at DESC NULLS LAST`);
  return result.rows.map((r) => r.id);
}

async function create(body: Record<string, unknown>, client = editor) {
  return client.post(`/api/portal/sites/${provinceSite.id}/bulletins`, body);
}
async function draft(body: Record<string, unknown> = {}): Promise<PortalBulletin> {
  const response = await create({
    title: 'Bản tin sáng thứ Hai',
    articleIds: publishedIds.slice(0, 2),
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}
async function produced(format: 'ogg' | 'mp3'): Promise<PortalBulletin> {
  const bulletin = await draft({ format });
  // A short script keeps the test quick; the route reads whatever the script says.
  await editor.patch(`/api/portal/bulletins/${bulletin.id}`, {
    script: 'Đây là bản tin phát thanh thử nghiệm. Xin cảm ơn bà con.',
  });
  const response = await editor.post(`/api/portal/bulletins/${bulletin.id}/produce`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

beforeAll(async () => {
  const tree = await buildTree(db);
  await buildStaff(db, { unitId: tree.communeA.id });
  const { sites } = await db.transaction((tx) => seedDemoPortal(tx, { provinceId: tree.provinceA.id }));
  provinceSite = sites[0]!;
  publishedIds = await articles(provinceSite.slug, 'published');
  communePublishedId = (await articles(sites[1]!.slug, 'published'))[0]!;
  draftId = (await articles(sites[1]!.slug, 'draft'))[0]!;
  ({ client: editor } = await signedInStaff(ctx, tree.provinceA.id, {
    permissions: ['portal.read', 'portal.publish'],
  }));
  ({ client: reader } = await signedInStaff(ctx, tree.provinceA.id, { permissions: ['portal.read'] }));
  ({ client: outsider } = await signedInStaff(ctx, tree.provinceB.id, {
    permissions: ['portal.read', 'portal.publish'],
  }));
});

describe('TTS status', () => {
  it('tells a signed-in user that espeak-ng with the Vietnamese voice and both encoders are there', async () => {
    const response = await reader.get('/api/portal/tts-status');
    expect(response.statusCode).toBe(200);
    const status: TtsStatus = response.json();
    expect(status.available).toBe(true);
    expect(status.engines.espeak).toMatch(/^\d/);
    expect(status.formats).toEqual(['ogg', 'mp3']);
    expect((await ctx.client().get('/api/portal/tts-status')).statusCode).toBe(401);
  });
});

describe('composing', () => {
  it("composes a draft from the site's and a commune's published articles, audited", async () => {
    const titles = await db.execute<{ title: string }>(sql`
      SELECT title FROM portal_article WHERE id IN (${publishedIds[0]!}, ${communePublishedId})`);
    const response = await create({
      title: 'Bản tin tổng hợp',
      articleIds: [publishedIds[0], communePublishedId],
    });
    expect(response.statusCode, response.body).toBe(201);
    const bulletin: PortalBulletin = response.json();
    expect(bulletin).toMatchObject({ status: 'draft', format: 'ogg', audioUrl: null, durationSeconds: null });
    expect(bulletin.script).toMatch(
      /^Đây là bản tin phát thanh của Ủy ban Mặt trận Tổ quốc tỉnh Thử Nghiệm A, (Thứ|Chủ nhật)/,
    );
    expect(bulletin.script).toContain('Tin thứ 2.');
    expect(bulletin.script).not.toMatch(/MTTQ|<p>/);
    for (const { title } of titles.rows) {
      expect(bulletin.script).toContain(
        title.replace(/MTTQ Việt Nam/g, 'Mặt trận Tổ quốc Việt Nam').slice(0, 20),
      );
    }
    const audit = await db.execute(
      sql`SELECT 1 FROM audit_log WHERE action = 'portal.bulletin.create' AND entity_id = ${bulletin.id}`,
    );
    expect(audit.rows).toHaveLength(1);
  });

  it('refuses unpublished or unknown articles and more than ten, creating nothing', async () => {
    const before = await db.execute(sql`SELECT count(*)::int AS n FROM portal_bulletin`);
    const unpublished = await create({ title: 'Bản tin', articleIds: [publishedIds[0], draftId] });
    expect(unpublished.statusCode).toBe(400);
    expect(unpublished.json().error.message).toContain('chưa đăng');
    const unknown = await create({ title: 'Bản tin', articleIds: [randomUUID()] });
    expect(unknown.statusCode).toBe(400);
    const tooMany = await create({
      title: 'Bản tin',
      articleIds: Array.from({ length: 11 }, () => randomUUID()),
    });
    expect(tooMany.statusCode).toBe(400);
    expect(await db.execute(sql`SELECT count(*)::int AS n FROM portal_bulletin`)).toMatchObject({
      rows: before.rows,
    });
  });

  it('edits the script of a draft; a script over 20,000 characters is refused', async () => {
    const bulletin = await draft();
    const edited = await editor.patch(`/api/portal/bulletins/${bulletin.id}`, {
      script: 'Kính thưa bà con.',
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().script).toBe('Kính thưa bà con.');
    const long = await editor.patch(`/api/portal/bulletins/${bulletin.id}`, { script: 'a'.repeat(20_001) });
    expect(long.statusCode).toBe(400);
  });
});

describe('permissions', () => {
  it('lets a reader list and read but not compose; hides the site and bulletins from another province', async () => {
    const bulletin = await draft();
    expect((await reader.get(`/api/portal/sites/${provinceSite.id}/bulletins`)).json().items).toContainEqual(
      expect.objectContaining({ id: bulletin.id }),
    );
    expect((await reader.get(`/api/portal/bulletins/${bulletin.id}`)).statusCode).toBe(200);
    expect((await create({ title: 'X', articleIds: [publishedIds[0]] }, reader)).statusCode).toBe(403);
    expect((await reader.post(`/api/portal/bulletins/${bulletin.id}/produce`)).statusCode).toBe(403);
    expect((await outsider.get(`/api/portal/sites/${provinceSite.id}/bulletins`)).statusCode).toBe(404);
    expect((await create({ title: 'X', articleIds: [publishedIds[0]] }, outsider)).statusCode).toBe(404);
    expect((await outsider.get(`/api/portal/bulletins/${bulletin.id}`)).statusCode).toBe(404);
    expect((await outsider.delete(`/api/portal/bulletins/${bulletin.id}`)).statusCode).toBe(404);
  });
});

describe('producing', () => {
  it('reads the script into a real Ogg Vorbis file with its duration, then freezes the bulletin', async () => {
    const bulletin = await produced('ogg');
    expect(bulletin.status).toBe('ready');
    expect(bulletin.durationSeconds).toBeGreaterThan(0);
    expect(bulletin.audioUrl).toBe(`/trang/${provinceSite.slug}/phat-thanh/${bulletin.id}.ogg`);
    const row = await db.execute<{ audio_key: string }>(
      sql`SELECT audio_key FROM portal_bulletin WHERE id = ${bulletin.id}`,
    );
    const audio = await ctx.platform.storage.get(row.rows[0]!.audio_key);
    expect(audio.subarray(0, 4).toString('ascii')).toBe('OggS');
    expect(audio.length).toBe(bulletin.audioBytes);
    expect((await editor.patch(`/api/portal/bulletins/${bulletin.id}`, { title: 'Khác' })).statusCode).toBe(
      409,
    );
    expect((await editor.delete(`/api/portal/bulletins/${bulletin.id}`)).statusCode).toBe(409);
    expect((await editor.post(`/api/portal/bulletins/${bulletin.id}/produce`)).statusCode).toBe(409);
    const audit = await db.execute(
      sql`SELECT 1 FROM audit_log WHERE action = 'portal.bulletin.produce' AND entity_id = ${bulletin.id}`,
    );
    expect(audit.rows).toHaveLength(1);
  });

  it('produces MP3 when chosen', async () => {
    const bulletin = await produced('mp3');
    const response = await ctx.client().get(bulletin.audioUrl!);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('audio/mpeg');
    const head = response.rawPayload;
    const id3 = head.subarray(0, 3).toString('ascii') === 'ID3';
    const frameSync = head[0] === 0xff && (head[1]! & 0xe0) === 0xe0;
    expect(id3 || frameSync).toBe(true);
  });

  it('deletes a draft, audited', async () => {
    const bulletin = await draft();
    expect((await editor.delete(`/api/portal/bulletins/${bulletin.id}`)).statusCode).toBe(204);
    expect((await editor.get(`/api/portal/bulletins/${bulletin.id}`)).statusCode).toBe(404);
    const audit = await db.execute(
      sql`SELECT 1 FROM audit_log WHERE action = 'portal.bulletin.delete' AND entity_id = ${bulletin.id}`,
    );
    expect(audit.rows).toHaveLength(1);
  });
});

describe('public audio and podcast feed', () => {
  let ready: PortalBulletin;
  let pending: PortalBulletin;
  beforeAll(async () => {
    ready = await produced('ogg');
    pending = await draft({ title: 'Bản tin chưa đọc' });
  });

  it('serves the whole file with its type, length and cache headers', async () => {
    const response = await ctx.client().get(ready.audioUrl!);
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'audio/ogg',
      'accept-ranges': 'bytes',
      'content-length': String(ready.audioBytes),
    });
    expect(response.headers['cache-control']).toContain('max-age=31536000');
    const etag = response.headers.etag as string;
    const again = await ctx
      .client()
      .request({ method: 'GET', url: ready.audioUrl!, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
  });

  it('answers single byte ranges with 206, and an unsatisfiable one with 416', async () => {
    const get = (range: string) =>
      ctx.client().request({ method: 'GET', url: ready.audioUrl!, headers: { range } });
    const first = await get('bytes=0-3');
    expect(first.statusCode).toBe(206);
    expect(first.body).toBe('OggS');
    expect(first.headers['content-range']).toBe(`bytes 0-3/${ready.audioBytes}`);
    expect(first.headers['content-length']).toBe('4');
    const tail = await get('bytes=-10');
    expect(tail.statusCode).toBe(206);
    expect(tail.rawPayload).toHaveLength(10);
    expect(tail.headers['content-range']).toBe(
      `bytes ${ready.audioBytes! - 10}-${ready.audioBytes! - 1}/${ready.audioBytes}`,
    );
    const open = await get(`bytes=${ready.audioBytes! - 5}-`);
    expect(open.rawPayload).toHaveLength(5);
    const beyond = await get(`bytes=${ready.audioBytes}-`);
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${ready.audioBytes}`);
  });

  it('404s a draft, a wrong extension or another site', async () => {
    const client = ctx.client();
    expect((await client.get(`/trang/${provinceSite.slug}/phat-thanh/${pending.id}.ogg`)).statusCode).toBe(
      404,
    );
    expect((await client.get(`/trang/${provinceSite.slug}/phat-thanh/${ready.id}.mp3`)).statusCode).toBe(404);
    expect((await client.get(`/trang/xa-an-binh/phat-thanh/${ready.id}.ogg`)).statusCode).toBe(404);
  });

  it('lists ready bulletins in a podcast feed with absolute enclosures', async () => {
    const response = await ctx.client().get(`/trang/${provinceSite.slug}/phat-thanh.xml`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/rss+xml');
    const feed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'item' }).parse(
      response.body,
    );
    const channel = feed.rss.channel;
    const siteName = await db.execute<{ name: string }>(
      sql`SELECT name FROM portal_site WHERE id = ${provinceSite.id}`,
    );
    expect(channel.title).toBe(`Bản tin phát thanh — ${siteName.rows[0]!.name}`);
    const item = channel.item.find(
      (i: { guid: { '#text': string } }) => i.guid['#text'] === `bulletin:${ready.id}`,
    );
    expect(item.enclosure).toEqual({
      '@_url': `${ctx.platform.config.PUBLIC_URL}${ready.audioUrl}`,
      '@_length': String(ready.audioBytes),
      '@_type': 'audio/ogg',
    });
    expect(item['itunes:duration']).toMatch(/^00:00:\d\d$/);
    expect(response.body).not.toContain(pending.id);
    expect((await ctx.client().get('/trang/khong-co/phat-thanh.xml')).statusCode).toBe(404);
  });
});

describe('without the TTS engine', () => {
  it('says so in Vietnamese, answers produce with 503 and leaves the draft unchanged', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'mts-no-tts-'));
    const bare = await createTestContext({ PORTAL_TTS_TOOLS_PATH: empty });
    try {
      const tree = await buildTree(bare.platform.db);
      await buildStaff(bare.platform.db, { unitId: tree.communeA.id });
      const { sites } = await bare.platform.db.transaction((tx) =>
        seedDemoPortal(tx, { provinceId: tree.provinceA.id }),
      );
      const { client } = await signedInStaff(bare, tree.provinceA.id, {
        permissions: ['portal.read', 'portal.publish'],
      });
      const status: TtsStatus = (await client.get('/api/portal/tts-status')).json();
      expect(status).toMatchObject({ available: false, formats: [], message: TTS_MISSING_MESSAGE });
      expect(status.engines).toEqual({ espeak: null, oggenc: null, lame: null });
      const articleId = (
        await bare.platform.db.execute<{ id: string }>(
          sql`SELECT id FROM portal_article WHERE site_id = ${sites[0]!.id} AND status = 'published' LIMIT 1`,
        )
      ).rows[0]!.id;
      const created = await client.post(`/api/portal/sites/${sites[0]!.id}/bulletins`, {
        title: 'Bản tin',
        articleIds: [articleId],
      });
      expect(created.statusCode).toBe(201);
      const id = created.json().id;
      const response = await client.post(`/api/portal/bulletins/${id}/produce`);
      expect(response.statusCode).toBe(503);
      expect(response.json().error.message).toBe(TTS_MISSING_MESSAGE);
      expect((await client.get(`/api/portal/bulletins/${id}`)).json()).toMatchObject({
        status: 'draft',
        error: null,
      });
    } finally {
      await bare.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
