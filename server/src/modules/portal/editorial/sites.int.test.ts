import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree } from '../../../../test/factories.ts';
import { createTestContext, type TestClient } from '../../../../test/harness.ts';
import { signedInStaff } from '../../messaging/test-support/people.ts';
import { SITE_CHANGED_TOPIC } from '../index.ts';

const ctx = await createTestContext();
afterAll(() => ctx.close());
const db = ctx.platform.db;

let tree: Awaited<ReturnType<typeof buildTree>>;
let configurator: TestClient; // province A: read + configure
let writer: TestClient; // commune A: read + write
let outsider: TestClient; // province B: read + configure

beforeAll(async () => {
  tree = await buildTree(db);
  ({ client: configurator } = await signedInStaff(ctx, tree.provinceA.id, {
    permissions: ['portal.read', 'portal.configure'],
  }));
  ({ client: writer } = await signedInStaff(ctx, tree.communeA.id, {
    permissions: ['portal.read', 'portal.write'],
  }));
  ({ client: outsider } = await signedInStaff(ctx, tree.provinceB.id, {
    permissions: ['portal.read', 'portal.configure'],
  }));
});

describe('sites', () => {
  it('creates a site with defaults from the unit: slug without diacritics, aggregation for a parent', async () => {
    const province = await configurator.post('/api/portal/sites', {
      unitId: tree.provinceA.id,
      host: 'MatTran.ThuNghiemA.gov.vn',
    });
    expect(province.statusCode, province.body).toBe(201);
    expect(province.json()).toMatchObject({
      slug: 'uy-ban-mttq-tinh-thu-nghiem-a',
      name: 'Ủy ban MTTQ tỉnh Thử Nghiệm A',
      host: 'mattran.thunghiema.gov.vn',
      aggregateChildren: true,
    });
    const commune = await configurator.post('/api/portal/sites', {
      unitId: tree.communeA.id,
      slug: 'xa-an-binh',
    });
    expect(commune.json()).toMatchObject({ slug: 'xa-an-binh', aggregateChildren: false });
    const audit = await db.execute(
      sql`SELECT 1 FROM audit_log WHERE action = 'portal.site.create' AND entity_id = ${commune.json().id}`,
    );
    expect(audit.rows).toHaveLength(1);
  });

  it('answers 409 in Vietnamese for a second site of a unit, a taken slug or host', async () => {
    const again = await configurator.post('/api/portal/sites', { unitId: tree.provinceA.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('đã có trang');
    const other = await outsider.post('/api/portal/sites', { unitId: tree.provinceB.id, slug: 'xa-an-binh' });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.message).toContain('Đường dẫn "xa-an-binh"');
    const host = await outsider.post('/api/portal/sites', {
      unitId: tree.provinceB.id,
      host: 'mattran.thunghiema.gov.vn',
    });
    expect(host.statusCode).toBe(409);
    expect(host.json().error.message).toContain('Tên miền');
    const bad = await outsider.post('/api/portal/sites', { unitId: tree.provinceB.id, host: 'http://x/y' });
    expect(bad.statusCode).toBe(400);
    const count = await db.execute(sql`SELECT 1 FROM portal_site WHERE unit_id = ${tree.provinceB.id}`);
    expect(count.rows).toHaveLength(0);
  });

  it('refuses a site for a unit outside the caller’s scope', async () => {
    expect((await outsider.post('/api/portal/sites', { unitId: tree.communeA.id })).statusCode).toBe(404);
  });

  it('lists sites within scope only', async () => {
    const mine = (await writer.get('/api/portal/sites')).json().map((s: { slug: string }) => s.slug);
    expect(mine).toEqual(['xa-an-binh']);
    expect((await outsider.get('/api/portal/sites')).json()).toEqual([]);
  });
});

describe('categories, menu and tags', () => {
  it('manages categories, checks the menu and announces the change to the public sites', async () => {
    const site = (await configurator.get('/api/portal/sites'))
      .json()
      .find((s: { slug: string }) => s.slug === 'xa-an-binh');
    const seen: unknown[] = [];
    const stop = ctx.platform.realtime.subscribe(SITE_CHANGED_TOPIC, (data) => seen.push(data));
    await ctx.platform.realtime.ready();

    const cat = await configurator.post(`/api/portal/sites/${site.id}/categories`, { name: 'Tin hoạt động' });
    expect(cat.statusCode, cat.body).toBe(201);
    expect(cat.json().slug).toBe('tin-hoat-dong');
    const dup = await configurator.post(`/api/portal/sites/${site.id}/categories`, {
      name: 'Tin  hoạt động!',
    });
    expect(dup.statusCode).toBe(409);
    expect((await writer.post(`/api/portal/sites/${site.id}/categories`, { name: 'X' })).statusCode).toBe(
      403,
    );

    const province = (await configurator.get('/api/portal/sites'))
      .json()
      .find((s: { slug: string }) => s.slug !== 'xa-an-binh');
    const foreign = await configurator.patch(`/api/portal/sites/${province.id}`, {
      menu: [{ kind: 'category', categoryId: cat.json().id }],
    });
    expect(foreign.statusCode).toBe(400);
    const menu = await configurator.patch(`/api/portal/sites/${site.id}`, {
      menu: [
        { kind: 'page', page: 'home' },
        { kind: 'category', categoryId: cat.json().id, label: 'Tin tức' },
      ],
    });
    expect(menu.statusCode, menu.body).toBe(200);
    expect(menu.json().menu).toHaveLength(2);

    expect((await configurator.delete(`/api/portal/categories/${cat.json().id}`)).statusCode).toBe(204);
    expect((await configurator.get(`/api/portal/sites/${site.id}`)).json().menu).toEqual([
      { kind: 'page', page: 'home' },
    ]);

    await expect
      .poll(() => seen.filter((d) => (d as { siteId: string }).siteId === site.id).length)
      .toBeGreaterThanOrEqual(3);
    stop();
  });

  it('creates tags from article tag names and deletes them', async () => {
    const site = (await writer.get('/api/portal/sites')).json()[0];
    const a = await writer.post('/api/portal/articles', {
      siteId: site.id,
      title: 'Bài có thẻ',
      tags: ['Bầu cử'],
    });
    expect(a.statusCode, a.body).toBe(201);
    const tags = (await writer.get(`/api/portal/sites/${site.id}/tags`)).json();
    expect(tags).toEqual([expect.objectContaining({ slug: 'bau-cu', name: 'Bầu cử', articleCount: 1 })]);
    expect((await writer.delete(`/api/portal/tags/${tags[0].id}`)).statusCode).toBe(403);
    expect((await configurator.delete(`/api/portal/tags/${tags[0].id}`)).statusCode).toBe(204);
    expect((await writer.get(`/api/portal/articles/${a.json().id}`)).json().tags).toEqual([]);
  });
});
