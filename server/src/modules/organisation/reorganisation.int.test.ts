import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree, buildUnit } from '../../../test/factories.ts';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { signInAs } from './fixtures/actors.ts';
import { countRows, inconsistentPaths, unitState } from './fixtures/tree-checks.ts';
import { displayNameAt } from './index.ts';
import { staff, unitSuccession } from './organisation.schema.ts';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let admin: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  tree = await buildTree(ctx.platform.db);
  ({ client: admin } = await signInAs(ctx, tree.provinceA.id, [
    'units.read',
    'units.manage',
    'units.reorganise',
    'staff.read',
  ]));
});
afterAll(() => ctx.close());

const decision = { effectiveDate: '2025-07-01', decisionRef: 'Nghị quyết 1656/NQ-UBTVQH15' };

/** A commune under province A with a standing board, a residential committee and staff. */
async function commune(name: string) {
  const db = ctx.platform.db;
  const row = await buildUnit(db, { parentId: tree.provinceA.id, levelId: 'commune', name });
  const board = await buildUnit(db, {
    parentId: row.id,
    levelId: 'commune',
    kind: 'standing_board',
    name: `Ban Thường trực ${name}`,
  });
  const area = await buildUnit(db, {
    parentId: row.id,
    levelId: 'residential',
    kind: 'residential_committee',
    name: `Khu dân cư ${name}`,
  });
  const chair = await buildStaff(db, { unitId: row.id, fullName: `Chủ tịch ${name}` });
  return { ...row, board, area, chair };
}

describe('merging units', () => {
  it('previews a merge into an existing commune without changing anything', async () => {
    const x = await commune('xã Xuân');
    const y = await commune('xã Yên');
    const z = await commune('xã Trung');
    const events = await countRows(ctx.platform.db, 'unit_event');
    const preview = await admin.post('/api/units/reorganisations/preview', {
      kind: 'merge',
      sourceIds: [x.id, y.id],
      target: { mode: 'existing', unitId: z.id },
      ...decision,
    });
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    expect(body.retired.map((r: { unit: { id: string } }) => r.unit.id).sort()).toEqual([x.id, y.id].sort());
    // internal bodies move by default: both standing boards and both residential committees
    expect(body.moved).toHaveLength(4);
    expect(body.successions).toEqual([
      { predecessor: 'xã Xuân', successor: 'xã Trung' },
      { predecessor: 'xã Yên', successor: 'xã Trung' },
    ]);
    expect(body.counts).toMatchObject({
      staffMoved: 2,
      childrenBefore: 6,
      childrenAfter: 6,
      unitsRepositioned: 6,
    });
    expect((await unitState(ctx.platform.db, x.id)).status).toBe('active');
    expect(await countRows(ctx.platform.db, 'unit_event')).toBe(events);
  });

  it('merges into an existing commune: retires the sources under it, moves areas and staff, links successors', async () => {
    const db = ctx.platform.db;
    const x = await commune('xã Phú Xuân');
    const y = await commune('xã Phú Yên');
    const z = await commune('xã Phú Trung');
    const applied = await admin.post('/api/units/reorganisations', {
      kind: 'merge',
      sourceIds: [x.id, y.id],
      target: { mode: 'existing', unitId: z.id },
      internalBodies: 'retire',
      ...decision,
    });
    expect(applied.statusCode).toBe(201);
    const { eventId } = applied.json();

    for (const source of [x, y]) {
      expect(await unitState(db, source.id)).toMatchObject({
        status: 'merged',
        parentId: z.id,
        effectiveTo: '2025-06-30',
      });
      expect(await unitState(db, source.board.id)).toMatchObject({ status: 'merged', parentId: source.id });
      expect(await unitState(db, source.area.id)).toMatchObject({ status: 'active', parentId: z.id });
    }
    const moved = await db
      .select()
      .from(staff)
      .where(inArray(staff.id, [x.chair.id, y.chair.id]));
    expect(moved.map((s) => s.unitId)).toEqual([z.id, z.id]);
    expect(await inconsistentPaths(db)).toEqual([]);

    const links = await db.select().from(unitSuccession).where(eq(unitSuccession.eventId, eventId));
    expect(links).toHaveLength(4); // two communes and their two standing boards
    expect(links.every((l) => l.successorId === z.id)).toBe(true);

    const target = (await admin.get(`/api/units/${z.id}`)).json();
    expect(target.predecessors.map((p: { unit: { name: string } }) => p.unit.name).sort()).toEqual([
      'Ban Thường trực xã Phú Xuân',
      'Ban Thường trực xã Phú Yên',
      'xã Phú Xuân',
      'xã Phú Yên',
    ]);
    expect(target.counts).toMatchObject({ activeChildren: 4, historicalChildren: 2, staff: 3 });
    expect(target.predecessors[0].event).toMatchObject({ kind: 'merge', decisionRef: decision.decisionRef });

    const old = (await admin.get(`/api/units/${x.id}`)).json();
    expect(old.status).toBe('merged');
    expect(old.successors.map((s: { unit: { id: string } }) => s.unit.id)).toEqual([z.id]);

    const nameThen = await admin.get(`/api/units/${x.id}/name-at?date=2024-03-15`);
    expect(nameThen.json().display.vi).toBe('xã Phú Xuân (nay là xã Phú Trung)');

    const audit = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(inArray(auditLog.entityId, [x.id, y.id, x.area.id, eventId, x.chair.id]));
    expect(audit.map((a) => a.action).sort()).toEqual(
      ['unit.merge', 'unit.merge', 'unit.move', 'unit.reorganise.merge', 'staff.move'].sort(),
    );

    const again = await admin.post('/api/units/reorganisations', {
      kind: 'merge',
      sourceIds: [x.id],
      target: { mode: 'existing', unitId: z.id },
      ...decision,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/không còn hoạt động/);
  });

  it('refuses merges across levels, a single unit into a new one, and units outside the scope', async () => {
    const x = await commune('xã Lệch Cấp');
    const intoNew = await admin.post('/api/units/reorganisations/preview', {
      kind: 'merge',
      sourceIds: [x.id],
      target: { mode: 'new', unit: { name: 'Xã Mới' } },
      ...decision,
    });
    expect(intoNew.statusCode).toBe(400);
    expect(intoNew.json().error.message).toMatch(/ít nhất hai/);

    const acrossLevels = await admin.post('/api/units/reorganisations/preview', {
      kind: 'merge',
      sourceIds: [x.id, x.area.id],
      target: { mode: 'existing', unitId: tree.communeA.id },
      ...decision,
    });
    expect(acrossLevels.statusCode).toBe(400);
    expect(acrossLevels.json().error.message).toMatch(/cùng cấp/);

    const foreign = await admin.post('/api/units/reorganisations/preview', {
      kind: 'merge',
      sourceIds: [x.id, tree.communeB.id],
      target: { mode: 'existing', unitId: tree.communeA.id },
      ...decision,
    });
    expect(foreign.statusCode).toBe(404);

    const { client: reader } = await signInAs(ctx, tree.provinceA.id, ['units.read']);
    const forbidden = await reader.post('/api/units/reorganisations', {
      kind: 'merge',
      sourceIds: [x.id, tree.communeA.id],
      target: { mode: 'new', unit: { name: 'Xã Mới' } },
      ...decision,
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('writes nothing when a step fails (new unit with a taken code)', async () => {
    const db = ctx.platform.db;
    const x = await commune('xã Không Đổi A');
    const y = await commune('xã Không Đổi B');
    const before = await Promise.all([countRows(db, 'unit_event'), countRows(db, 'unit_succession')]);
    const response = await admin.post('/api/units/reorganisations', {
      kind: 'merge',
      sourceIds: [x.id, y.id],
      target: { mode: 'new', unit: { name: 'Xã Không Đổi', code: tree.communeB.code } },
      ...decision,
    });
    expect(response.statusCode).toBe(409);
    expect(await unitState(db, x.id)).toMatchObject({ status: 'active', parentId: tree.provinceA.id });
    expect(await unitState(db, x.area.id)).toMatchObject({ parentId: x.id });
    expect(await Promise.all([countRows(db, 'unit_event'), countRows(db, 'unit_succession')])).toEqual(
      before,
    );
  });
});

describe('splitting, renaming, moving and dissolving', () => {
  it('splits a commune into two new ones, assigning areas and staff', async () => {
    const db = ctx.platform.db;
    const source = await commune('xã Song Phú');
    const area2 = await buildUnit(db, {
      parentId: source.id,
      levelId: 'residential',
      kind: 'residential_committee',
      name: 'Khu dân cư Song Phú 2',
    });
    const clerk = await buildStaff(db, { unitId: source.id, fullName: 'Văn thư Song Phú' });
    const response = await admin.post('/api/units/reorganisations', {
      kind: 'split',
      sourceId: source.id,
      parts: [
        {
          unit: { name: 'xã Song Phú Đông', code: '000.77.01.H99' },
          childIds: [source.area.id, source.board.id],
        },
        {
          unit: { name: 'xã Song Phú Tây', code: '000.77.02.H99' },
          childIds: [area2.id],
          staffIds: [clerk.id],
        },
      ],
      ...decision,
    });
    expect(response.statusCode).toBe(201);
    const [east, west] = response.json().createdIds;
    expect(await unitState(db, source.id)).toMatchObject({ status: 'split', parentId: tree.provinceA.id });
    expect((await unitState(db, source.area.id)).parentId).toBe(east);
    expect((await unitState(db, area2.id)).parentId).toBe(west);
    const people = await db
      .select()
      .from(staff)
      .where(inArray(staff.id, [source.chair.id, clerk.id]));
    expect(Object.fromEntries(people.map((p) => [p.id, p.unitId]))).toEqual({
      [source.chair.id]: east, // not assigned: goes to the first part
      [clerk.id]: west,
    });
    expect(await inconsistentPaths(db)).toEqual([]);
    const name = await displayNameAt(db, source.id, '2025-01-01');
    expect(name?.display.vi).toBe('xã Song Phú (nay là xã Song Phú Đông, xã Song Phú Tây)');
  });

  it('renames with history: records before the date show the old name (nay là the new one)', async () => {
    const db = ctx.platform.db;
    const row = await buildUnit(db, { parentId: tree.provinceA.id, levelId: 'commune', name: 'Xã Hòa Bình' });
    // the commune has existed since 2010
    await db.execute(sql`UPDATE unit SET effective_from = '2010-01-01' WHERE id = ${row.id}`);
    const first = await admin.post('/api/units/reorganisations', {
      kind: 'rename',
      unitId: row.id,
      name: 'Phường Hòa Bình',
      effectiveDate: '2020-01-01',
      decisionRef: 'Nghị quyết 800/NQ-UBTVQH14',
    });
    expect(first.statusCode).toBe(201);
    const second = await admin.post('/api/units/reorganisations', {
      kind: 'rename',
      unitId: row.id,
      name: 'Phường Hòa Bình Mới',
      ...decision,
    });
    expect(second.statusCode).toBe(201);
    const tooEarly = await admin.post('/api/units/reorganisations', {
      kind: 'rename',
      unitId: row.id,
      name: 'Phường Khác',
      effectiveDate: '2025-07-01',
      decisionRef: 'x',
    });
    expect(tooEarly.statusCode).toBe(400);
    expect(tooEarly.json().error.message).toMatch(/01\/07\/2025/);

    const detail = (await admin.get(`/api/units/${row.id}`)).json();
    expect(detail.name).toBe('Phường Hòa Bình Mới');
    expect(detail.formerNames).toEqual([
      {
        name: 'Phường Hòa Bình',
        shortName: null,
        validFrom: '2020-01-01',
        validTo: '2025-06-30',
        decisionRef: decision.decisionRef,
      },
      {
        name: 'Xã Hòa Bình',
        shortName: null,
        validFrom: '2010-01-01',
        validTo: '2019-12-31',
        decisionRef: 'Nghị quyết 800/NQ-UBTVQH14',
      },
    ]);
    const at = async (date: string) => (await admin.get(`/api/units/${row.id}/name-at?date=${date}`)).json();
    expect((await at('2015-05-05')).display.vi).toBe('Xã Hòa Bình (nay là Phường Hòa Bình Mới)');
    expect((await at('2025-06-30')).name).toBe('Phường Hòa Bình');
    expect((await at('2025-07-01')).display.vi).toBe('Phường Hòa Bình Mới');
    expect((await admin.get(`/api/units/${row.id}/name-at?date=01-07-2025`)).statusCode).toBe(400);
  });

  it('moves a commune with its subtree to another province, rewriting every path below it', async () => {
    const db = ctx.platform.db;
    const source = await commune('xã Di Chuyển');
    const otherProvince = await buildUnit(db, { parentId: tree.central.id, levelId: 'province' });
    const { client: centralAdmin } = await signInAs(ctx, tree.central.id, ['units.read', 'units.reorganise']);
    const moved = await centralAdmin.post('/api/units/reorganisations', {
      kind: 'move',
      unitId: source.id,
      newParentId: otherProvince.id,
      ...decision,
    });
    expect(moved.statusCode).toBe(201);
    const after = await unitState(db, source.area.id);
    expect(after.path.startsWith(`${otherProvince.path}.`)).toBe(true);
    expect(await inconsistentPaths(db)).toEqual([]);
    // the province A officer no longer sees it
    expect((await admin.get(`/api/units/${source.id}`)).statusCode).toBe(404);

    const intoOwnSubtree = await centralAdmin.post('/api/units/reorganisations/preview', {
      kind: 'move',
      unitId: otherProvince.id,
      newParentId: source.id,
      ...decision,
    });
    expect(intoOwnSubtree.statusCode).toBe(400);
    expect(intoOwnSubtree.json().error.message).toMatch(/chính nó hoặc một đơn vị cấp dưới/);

    const communeUnderCommune = await centralAdmin.post('/api/units/reorganisations/preview', {
      kind: 'move',
      unitId: source.id,
      newParentId: tree.communeA.id,
      ...decision,
    });
    expect(communeUnderCommune.statusCode).toBe(400);
    expect(communeUnderCommune.json().error.message).toMatch(/ngay dưới cấp/);
  });

  it('dissolves a unit only once its sub-units and staff have somewhere to go', async () => {
    const db = ctx.platform.db;
    const source = await commune('xã Giải Thể');
    const refused = await admin.post('/api/units/reorganisations', {
      kind: 'dissolve',
      unitId: source.id,
      ...decision,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/còn 2 đơn vị trực thuộc và 1 cán bộ/);
    expect((await unitState(db, source.id)).status).toBe('active');

    const target = await commune('xã Tiếp Nhận');
    const done = await admin.post('/api/units/reorganisations', {
      kind: 'dissolve',
      unitId: source.id,
      transferToId: target.id,
      ...decision,
    });
    expect(done.statusCode).toBe(201);
    expect(await unitState(db, source.id)).toMatchObject({ status: 'dissolved', effectiveTo: '2025-06-30' });
    expect((await unitState(db, source.area.id)).parentId).toBe(target.id);
    const [chair] = await db.select().from(staff).where(eq(staff.id, source.chair.id));
    expect(chair?.unitId).toBe(target.id);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'unit.dissolve'), eq(auditLog.entityId, source.id)));
    expect(audit).toHaveLength(1);
  });
});
