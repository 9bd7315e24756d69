import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree, buildUnit } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { signInAs } from './fixtures/actors.ts';
import { unit } from './organisation.schema.ts';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
beforeAll(async () => {
  ctx = await createTestContext();
  tree = await buildTree(ctx.platform.db);
});
afterAll(() => ctx.close());

describe('unit levels', () => {
  it('lists the configured levels in rank order', async () => {
    const { client } = await signInAs(ctx, tree.communeA.id, ['units.read']);
    const levels = await client.get('/api/unit-levels');
    expect(levels.statusCode).toBe(200);
    expect(levels.json().map((l: { id: string }) => l.id)).toEqual([
      'central',
      'province',
      'commune',
      'residential',
    ]);
  });

  it('lets only holders of unit_levels.manage rename a level, audited', async () => {
    const { client: officer } = await signInAs(ctx, tree.provinceA.id, ['units.read', 'units.manage']);
    expect(
      (await officer.patch('/api/unit-levels/commune', { nameVi: 'Xã', nameEn: 'Commune' })).statusCode,
    ).toBe(403);
    const { client: admin } = await signInAs(ctx, tree.central.id, ['units.read', 'unit_levels.manage']);
    const renamed = await admin.patch('/api/unit-levels/commune', {
      nameVi: 'Xã/Phường/Đặc khu (cấp cơ sở)',
      nameEn: 'Commune level',
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ id: 'commune', nameVi: 'Xã/Phường/Đặc khu (cấp cơ sở)', rank: 2 });
    const entries = await ctx.platform.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'unit_level.update'), eq(auditLog.entityId, 'commune')));
    expect(entries).toHaveLength(1);
    expect(entries[0]!.before).toMatchObject({ nameVi: 'Xã/Phường/Đặc khu' });
  });
});

describe('creating and editing units', () => {
  it('creates a commune under a province in scope, with an audit entry and a create event', async () => {
    const { client } = await signInAs(ctx, tree.provinceA.id, ['units.read', 'units.manage']);
    const created = await client.post('/api/units', {
      parentId: tree.provinceA.id,
      name: 'Ủy ban MTTQ Việt Nam xã Hòa Thuận',
      shortName: 'MTTQ xã Hòa Thuận',
      code: '000.12.34.H99',
      symbol: 'MTTQ-BTT',
      levelId: 'commune',
      kind: 'committee',
      phone: '0263 3822 123',
      email: 'hoathuan@mattran.test',
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      name: 'Ủy ban MTTQ Việt Nam xã Hòa Thuận',
      code: '000.12.34.H99',
      status: 'active',
      parent: { id: tree.provinceA.id },
      level: { id: 'commune', rank: 2 },
      counts: { activeChildren: 0, staff: 0, subtreeUnits: 1 },
    });
    expect(body.path.startsWith(`${tree.provinceA.path}.`)).toBe(true);
    expect(body.events.map((e: { kind: string }) => e.kind)).toEqual(['create']);
    const [entry] = await ctx.platform.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'unit.create'), eq(auditLog.entityId, body.id)));
    expect(entry?.after).toMatchObject({ code: '000.12.34.H99' });
  });

  it('explains a malformed code, a taken code, a wrong level and a parent outside the scope', async () => {
    const { client } = await signInAs(ctx, tree.provinceA.id, ['units.read', 'units.manage']);
    const base = {
      parentId: tree.provinceA.id,
      name: 'Ủy ban MTTQ xã Thử',
      levelId: 'commune',
      kind: 'committee',
    };

    const malformed = await client.post('/api/units', { ...base, code: '000.00.00.h30' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.issues[0]).toMatchObject({ path: 'body.code' });
    expect(malformed.json().error.issues[0].message).toMatch(/chữ số, chữ in hoa và dấu chấm/);

    const taken = await client.post('/api/units', { ...base, code: tree.communeA.code });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toMatch(/đã được dùng/);

    const wrongLevel = await client.post('/api/units', { ...base, levelId: 'residential' });
    expect(wrongLevel.statusCode).toBe(400);
    expect(wrongLevel.json().error.message).toMatch(/ngay dưới cấp/);

    const elsewhere = await client.post('/api/units', { ...base, parentId: tree.provinceB.id });
    expect(elsewhere.statusCode).toBe(404);
    const count = await ctx.platform.db.select().from(unit).where(eq(unit.name, base.name));
    expect(count).toHaveLength(0);
  });

  it('updates contacts but refuses a rename through PATCH (a rename is a reorganisation)', async () => {
    const { client } = await signInAs(ctx, tree.provinceA.id, ['units.read', 'units.manage']);
    const commune = await buildUnit(ctx.platform.db, { parentId: tree.provinceA.id, levelId: 'commune' });
    const updated = await client.patch(`/api/units/${commune.id}`, {
      address: 'Thôn 1, xã Thử',
      phone: '0912345678',
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      address: 'Thôn 1, xã Thử',
      phone: '0912345678',
      name: commune.name,
    });

    const rename = await client.patch(`/api/units/${commune.id}`, { name: 'Tên mới' });
    expect(rename.statusCode).toBe(400);
    const other = await client.patch(`/api/units/${tree.communeB.id}`, { address: 'x' });
    expect(other.statusCode).toBe(404);
  });
});

describe('listing and the tree', () => {
  it('lists only units in scope, finds names typed without diacritics, paginates', async () => {
    const db = ctx.platform.db;
    const province = await buildUnit(db, {
      parentId: tree.central.id,
      levelId: 'province',
      name: 'Tỉnh Danh Sách',
    });
    const names = ['Ủy ban MTTQ xã An Bình', 'Ủy ban MTTQ phường Đông Hải', 'Ủy ban MTTQ xã Ea Tling'];
    for (const name of names) await buildUnit(db, { parentId: province.id, levelId: 'commune', name });
    await buildUnit(db, {
      parentId: province.id,
      levelId: 'province',
      kind: 'standing_board',
      name: 'Ban Thường trực',
    });
    const { client } = await signInAs(ctx, province.id, ['units.read']);

    const all = await client.get('/api/units?pageSize=2');
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBe(5);
    expect(all.json().items).toHaveLength(2);
    const full = await client.get('/api/units');
    expect(full.json().items.find((u: { id: string }) => u.id === province.id)).toMatchObject({
      childCount: 4,
    });
    const page3 = await client.get('/api/units?pageSize=2&page=3');
    expect(page3.json().items).toHaveLength(1);

    const search = await client.get(`/api/units?q=${encodeURIComponent('xa an binh')}`);
    expect(search.json().items.map((u: { name: string }) => u.name)).toEqual(['Ủy ban MTTQ xã An Bình']);
    // typed with combining marks (NFD, as some phones and macOS send it)
    const decomposed = await client.get(`/api/units?q=${encodeURIComponent('xã An Bình'.normalize('NFD'))}`);
    expect(decomposed.json().items.map((u: { name: string }) => u.name)).toEqual(['Ủy ban MTTQ xã An Bình']);
    const dong = await client.get(`/api/units?q=${encodeURIComponent('DONG HAI')}`);
    expect(dong.json().items.map((u: { name: string }) => u.name)).toEqual(['Ủy ban MTTQ phường Đông Hải']);
    const elsewhere = await client.get(`/api/units?q=${encodeURIComponent('Bình Minh')}`);
    expect(elsewhere.json().total).toBe(0); // xã Bình Minh lies in another province

    const boards = await client.get('/api/units?kind=standing_board');
    expect(boards.json().items.map((u: { name: string }) => u.name)).toEqual(['Ban Thường trực']);
    const communes = await client.get(`/api/units?levelId=commune&parentId=${province.id}`);
    expect(communes.json().items.map((u: { name: string }) => u.name)).toEqual([
      'Ủy ban MTTQ phường Đông Hải',
      'Ủy ban MTTQ xã An Bình',
      'Ủy ban MTTQ xã Ea Tling',
    ]);
  });

  it('returns the tree of the scope nested to the requested depth, expandable by rootId', async () => {
    const db = ctx.platform.db;
    const area = await buildUnit(db, {
      parentId: tree.communeA.id,
      levelId: 'residential',
      kind: 'residential_committee',
      name: 'Ban Công tác Mặt trận khu dân cư Thôn 1',
    });
    const { client } = await signInAs(ctx, tree.provinceA.id, ['units.read']);
    const shallow = await client.get('/api/units/tree');
    expect(shallow.statusCode).toBe(200);
    const [root] = shallow.json().roots;
    expect(root.id).toBe(tree.provinceA.id);
    const commune = root.children.find((c: { id: string }) => c.id === tree.communeA.id);
    expect(commune.childCount).toBe(1);
    expect(commune.children).toBeUndefined();

    const expanded = await client.get(`/api/units/tree?rootId=${tree.communeA.id}&depth=1`);
    expect(expanded.json().roots[0].children.map((c: { id: string }) => c.id)).toEqual([area.id]);

    const outside = await client.get(`/api/units/tree?rootId=${tree.provinceB.id}`);
    expect(outside.statusCode).toBe(404);
  });

  it('shows a unit with its parent and counts; a unit of another province is 404', async () => {
    const db = ctx.platform.db;
    const commune = await buildUnit(db, { parentId: tree.provinceA.id, levelId: 'commune' });
    await buildStaff(db, { unitId: commune.id });
    await buildStaff(db, { unitId: commune.id });
    const { client } = await signInAs(ctx, tree.provinceA.id, ['units.read']);
    const detail = await client.get(`/api/units/${commune.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      parent: { id: tree.provinceA.id, name: tree.provinceA.name },
      counts: { staff: 2, subtreeStaff: 2, activeChildren: 0 },
      successors: [],
      predecessors: [],
      formerNames: [],
    });
    expect((await client.get(`/api/units/${tree.communeB.id}`)).statusCode).toBe(404);
  });

  it('publishes the API description with the recursive tree schema', async () => {
    const docs = await ctx.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(docs.statusCode).toBe(200);
    const operations = Object.values(
      docs.json().paths as Record<string, Record<string, { operationId?: string }>>,
    )
      .flatMap((methods) => Object.values(methods))
      .map((op) => op.operationId);
    expect(operations).toEqual(
      expect.arrayContaining(['listUnits', 'unitTree', 'getUnit', 'applyReorganisation', 'importStaff']),
    );
  });
});
