import type { PortalMedia } from '@mts/contracts';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree } from '../../../../test/factories.ts';
import { createTestContext, type TestClient } from '../../../../test/harness.ts';
import { multipartFile, signedInStaff } from '../../messaging/test-support/people.ts';
import { portalArticle, portalSite } from '../portal.schema.ts';
import { buildPortalMedia } from './test-support.ts';

const ctx = await createTestContext();
afterAll(() => ctx.close());
const db = ctx.platform.db;

let editor: TestClient; // province A: portal.read + portal.write
let reader: TestClient; // province A: portal.read only
let outsider: TestClient; // province B: portal.read + portal.write
let siteId: string;
let tree: Awaited<ReturnType<typeof buildTree>>;

const YOUTUBE = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ';

async function embed(body: Record<string, unknown>, client = editor) {
  return client.post(`/api/portal/sites/${siteId}/media/embed`, body);
}
async function video(caption: string): Promise<PortalMedia> {
  const response = await embed({ url: YOUTUBE, caption });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

beforeAll(async () => {
  tree = await buildTree(db);
  ({ client: editor } = await signedInStaff(ctx, tree.provinceA.id, {
    permissions: ['portal.read', 'portal.write'],
  }));
  ({ client: reader } = await signedInStaff(ctx, tree.provinceA.id, { permissions: ['portal.read'] }));
  ({ client: outsider } = await signedInStaff(ctx, tree.provinceB.id, {
    permissions: ['portal.read', 'portal.write'],
  }));
  const [site] = await db
    .insert(portalSite)
    .values({ unitId: tree.provinceA.id, slug: 'tinh-a', name: 'MTTQ tỉnh Thử Nghiệm A' })
    .returning();
  siteId = site!.id;
});

describe('embedded videos', () => {
  it('embeds a YouTube video through the no-cookie player, audited', async () => {
    const media = await video('Lễ ra quân');
    expect(media).toMatchObject({
      kind: 'video',
      embedUrl: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
      url: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
      thumbnailUrl: null,
      caption: 'Lễ ra quân',
    });
    const audit = await db.execute(
      sql`SELECT 1 FROM audit_log WHERE action = 'portal.media.create' AND entity_id = ${media.id}`,
    );
    expect(audit.rows).toHaveLength(1);
  });

  it('embeds a Facebook page video through the video plugin', async () => {
    const response = await embed({ url: 'https://www.facebook.com/mattran/videos/1234567890/' });
    expect(response.statusCode).toBe(201);
    expect(response.json().embedUrl).toBe(
      'https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fmattran%2Fvideos%2F1234567890%2F',
    );
  });

  it('refuses other hosts and schemes with a clear message', async () => {
    for (const url of ['https://vimeo.com/123', 'javascript:alert(1)', 'https://www.youtube.com/@kenh']) {
      const response = await embed({ url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.message).toBe(
        'Địa chỉ video không hợp lệ: chỉ nhận YouTube hoặc Facebook',
      );
    }
  });
});

describe('library search', () => {
  it('finds items by words of their caption, with or without diacritics, newest first', async () => {
    const first = await video('Hội nghị đại biểu nhân dân xã An Bình');
    const second = await video('Hội nghị tổng kết năm');
    await video('Ngày hội Đại đoàn kết');
    const search = async (q: string) => {
      const response = await reader.get(
        `/api/portal/sites/${siteId}/media?q=${encodeURIComponent(q)}&kind=video`,
      );
      expect(response.statusCode).toBe(200);
      return response.json() as { items: PortalMedia[]; total: number };
    };
    const plain = await search('hoi nghi');
    expect(plain.items.map((m) => m.id)).toEqual([second.id, first.id]);
    expect(plain.total).toBe(2);
    expect((await search('HỘI NGHỊ an binh')).items.map((m) => m.id)).toEqual([first.id]);
    expect((await search('bầu cử')).total).toBe(0);
  });

  it('pages through the library', async () => {
    const page = await reader.get(`/api/portal/sites/${siteId}/media?limit=2&offset=1`);
    expect(page.statusCode).toBe(200);
    expect(page.json().items).toHaveLength(2);
    expect(page.json().total).toBeGreaterThan(3);
  });

  it('finds an item again after its caption is edited', async () => {
    const media = await video('Ảnh cũ');
    const edited = await editor.patch(`/api/portal/media/${media.id}`, { caption: 'Tuyên truyền bầu cử' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().caption).toBe('Tuyên truyền bầu cử');
    const found = await reader.get(`/api/portal/sites/${siteId}/media?q=bau%20cu`);
    expect(found.json().items.map((m: PortalMedia) => m.id)).toEqual([media.id]);
  });
});

describe('deleting', () => {
  it("refuses while the item is an article's cover, then deletes and audits", async () => {
    const media = await video('Ảnh bìa');
    const [article] = await db
      .insert(portalArticle)
      .values({ siteId, slug: 'le-ra-quan', title: 'Lễ ra quân', coverMediaId: media.id })
      .returning();
    const refused = await editor.delete(`/api/portal/media/${media.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('ảnh đại diện của bài viết "Lễ ra quân"');

    await db.update(portalArticle).set({ coverMediaId: null }).where(eq(portalArticle.id, article!.id));
    expect((await editor.delete(`/api/portal/media/${media.id}`)).statusCode).toBe(204);
    expect((await editor.delete(`/api/portal/media/${media.id}`)).statusCode).toBe(404);
    const audit = await db.execute(
      sql`SELECT 1 FROM audit_log WHERE action = 'portal.media.delete' AND entity_id = ${media.id}`,
    );
    expect(audit.rows).toHaveLength(1);
  });

  it("refuses while the item is the site's emblem", async () => {
    const media = await video('Biểu trưng');
    await db.update(portalSite).set({ emblemMediaId: media.id }).where(eq(portalSite.id, siteId));
    const refused = await editor.delete(`/api/portal/media/${media.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('biểu trưng của trang');
    await db.update(portalSite).set({ emblemMediaId: null }).where(eq(portalSite.id, siteId));
  });
});

describe('permissions', () => {
  it('lets a reader list but not upload, embed, edit or delete', async () => {
    const media = await video('Của biên tập viên');
    expect((await reader.get(`/api/portal/sites/${siteId}/media`)).statusCode).toBe(200);
    const upload = await reader.request({
      method: 'POST',
      url: `/api/portal/sites/${siteId}/media`,
      ...multipartFile(Buffer.from('%PDF-1.4\n%%EOF\n'), 'a.pdf'),
    });
    expect(upload.statusCode).toBe(403);
    expect((await embed({ url: YOUTUBE }, reader)).statusCode).toBe(403);
    expect((await reader.patch(`/api/portal/media/${media.id}`, { alt: 'x' })).statusCode).toBe(403);
    expect((await reader.delete(`/api/portal/media/${media.id}`)).statusCode).toBe(403);
  });

  it("hides another province's library and items (404)", async () => {
    const media = await video('Tỉnh A');
    expect((await outsider.get(`/api/portal/sites/${siteId}/media`)).statusCode).toBe(404);
    expect((await embed({ url: YOUTUBE }, outsider)).statusCode).toBe(404);
    expect((await outsider.patch(`/api/portal/media/${media.id}`, { alt: 'x' })).statusCode).toBe(404);
    expect((await outsider.delete(`/api/portal/media/${media.id}`)).statusCode).toBe(404);
  });

  it("lets an editor of a province edit the items of its communes' sites, not another's", async () => {
    const own = await buildPortalMedia(db, tree.provinceA.id);
    const other = await buildPortalMedia(db, tree.provinceB.id);
    expect((await editor.patch(`/api/portal/media/${own}`, { alt: 'Xã' })).statusCode).toBe(200);
    expect((await editor.patch(`/api/portal/media/${other}`, { alt: 'Xã' })).statusCode).toBe(404);
  });

  it('asks anyone signed out to sign in', async () => {
    expect((await ctx.client().get(`/api/portal/sites/${siteId}/media`)).statusCode).toBe(401);
  });
});
