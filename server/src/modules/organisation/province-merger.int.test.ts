import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildUnit } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { auditLog, verifyAuditChain } from '../../platform/audit/index.ts';
import { roleAssignment } from '../identity/index.ts';
import { signInAs } from './fixtures/actors.ts';
import { inconsistentPaths } from './fixtures/tree-checks.ts';
import { staff, unit } from './organisation.schema.ts';

/**
 * The 2025 reality, end to end over HTTP: the former provinces Lâm Đồng, Đắk Nông and Bình Thuận
 * (each with communes, a standing board, a department and staff) merge into the new province of
 * Lâm Đồng on 1/7/2025 under Nghị quyết 202/2025/QH15.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const FORMER = [
  {
    name: 'Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng',
    code: '000.00.00.H42',
    communes: ['Phường 1 Đà Lạt', 'Xã Lạc Dương', 'Xã Đạ Huoai'],
  },
  {
    name: 'Ủy ban MTTQ Việt Nam tỉnh Đắk Nông',
    code: '000.00.00.H67',
    communes: ['Phường Nghĩa Đức', 'Xã Đắk Mil', 'Xã Tuy Đức'],
  },
  {
    name: 'Ủy ban MTTQ Việt Nam tỉnh Bình Thuận',
    code: '000.00.00.H48',
    communes: ['Phường Phú Thủy', 'Xã Hàm Tiến', 'Xã Tân Thắng'],
  },
];

async function buildFormerProvince(centralId: string, spec: (typeof FORMER)[number]) {
  const db = ctx.platform.db;
  const province = await buildUnit(db, {
    parentId: centralId,
    levelId: 'province',
    name: spec.name,
    code: spec.code,
  });
  const board = await buildUnit(db, {
    parentId: province.id,
    levelId: 'province',
    kind: 'standing_board',
    name: `Ban Thường trực - ${spec.name}`,
  });
  const office = await buildUnit(db, {
    parentId: province.id,
    levelId: 'province',
    kind: 'department',
    name: `Văn phòng - ${spec.name}`,
  });
  const communes = [];
  for (const name of spec.communes) {
    const commune = await buildUnit(db, {
      parentId: province.id,
      levelId: 'commune',
      name: `Ủy ban MTTQ ${name}`,
    });
    await buildUnit(db, {
      parentId: commune.id,
      levelId: 'residential',
      kind: 'residential_committee',
      name: `Ban Công tác Mặt trận khu dân cư 1 - ${name}`,
    });
    const chair = await buildStaff(db, { unitId: commune.id, fullName: `Chủ tịch ${name}` });
    communes.push({ ...commune, chair });
  }
  const leader = await buildStaff(db, {
    unitId: province.id,
    fullName: `Chủ tịch ${spec.name}`,
    roles: [{ roleId: 'leader' }],
  });
  const clerk = await buildStaff(db, { unitId: office.id, fullName: `Văn thư ${spec.name}` });
  const retired = await buildStaff(db, { unitId: province.id, fullName: `Nguyên cán bộ ${spec.name}` });
  await db.update(staff).set({ status: 'left' }).where(eq(staff.id, retired.id));
  return { province, board, office, communes, leader, clerk, retired };
}

describe('province merger (1/7/2025): Lâm Đồng + Đắk Nông + Bình Thuận → Lâm Đồng', () => {
  it('moves every commune under the new province and keeps the old provinces, staff and history inside it', async () => {
    const db = ctx.platform.db;
    const central = await buildUnit(db, { name: 'Ủy ban Trung ương MTTQ Việt Nam', levelId: 'central' });
    const untouched = await buildUnit(db, {
      parentId: central.id,
      levelId: 'province',
      name: 'Ủy ban MTTQ tỉnh Hà Tĩnh',
    });
    const former = [];
    for (const spec of FORMER) former.push(await buildFormerProvince(central.id, spec));
    const { client: centralAdmin } = await signInAs(ctx, central.id, ['units.read', 'units.reorganise']);

    const request = {
      kind: 'merge',
      sourceIds: former.map((f) => f.province.id),
      target: {
        mode: 'new',
        unit: {
          name: 'Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng',
          shortName: 'MTTQ tỉnh Lâm Đồng',
          code: '000.00.00.H68',
          symbol: 'MTTQ-BTT',
        },
      },
      internalBodies: 'retire',
      effectiveDate: '2025-07-01',
      decisionRef: 'Nghị quyết 202/2025/QH15',
      note: 'Sắp xếp đơn vị hành chính cấp tỉnh năm 2025',
    };

    // The wizard's preview: what would change.
    const preview = await centralAdmin.post('/api/units/reorganisations/preview', request);
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      created: [{ name: 'Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng', code: '000.00.00.H68', levelId: 'province' }],
      counts: { staffMoved: 6, childrenAfter: 9 },
    });
    expect(preview.json().moved).toHaveLength(9);
    expect(preview.json().retired).toHaveLength(9); // 3 provinces + their standing boards and offices
    expect(
      preview
        .json()
        .warnings.map((w: { vi: string }) => w.vi)
        .join(' '),
    ).toMatch(/3 phân quyền/);

    const applied = await centralAdmin.post('/api/units/reorganisations', request);
    expect(applied.statusCode).toBe(201);
    const newProvinceId: string = applied.json().createdIds[0];
    const eventId: string = applied.json().eventId;
    expect(await inconsistentPaths(db)).toEqual([]);

    // The new province's officer sees all nine communes, in one list and in the tree.
    const { client: officer } = await signInAs(ctx, newProvinceId, ['units.read', 'staff.read']);
    const communes = await officer.get('/api/units?levelId=commune&pageSize=100');
    expect(communes.json().total).toBe(9);
    expect(communes.json().items.every((c: { parentId: string }) => c.parentId === newProvinceId)).toBe(true);
    const treeView = await officer.get('/api/units/tree?depth=1');
    expect(treeView.json().roots[0].children).toHaveLength(9);
    const found = await officer.get(`/api/units?kind=committee&q=${encodeURIComponent('xa ham tien')}`);
    expect(found.json().items.map((c: { name: string }) => c.name)).toEqual(['Ủy ban MTTQ Xã Hàm Tiến']);
    expect((await officer.get(`/api/units/${untouched.id}`)).statusCode).toBe(404);

    // Staff of the old provinces are still attached: the active ones moved to the new province,
    // those who had left stay with their historical unit, inside the new province's subtree.
    const active = await officer.get(`/api/staff?unitId=${newProvinceId}&subtree=true&pageSize=100`);
    const activeNames = active.json().items.map((s: { fullName: string }) => s.fullName);
    expect(activeNames).toHaveLength(16); // 9 commune chairs + 3 leaders + 3 clerks + the officer
    expect(activeNames).toEqual(expect.arrayContaining(['Chủ tịch Ủy ban MTTQ Việt Nam tỉnh Bình Thuận']));
    const leaders = await db
      .select()
      .from(staff)
      .where(inArray(staff.id, [...former.map((f) => f.leader.id), ...former.map((f) => f.clerk.id)]));
    expect(new Set(leaders.map((l) => l.unitId))).toEqual(new Set([newProvinceId]));
    const everyone = await officer.get(
      `/api/staff?unitId=${newProvinceId}&subtree=true&status=all&pageSize=100`,
    );
    const leftStaff = everyone.json().items.filter((s: { status: string }) => s.status === 'left');
    expect(leftStaff.map((s: { unit: { id: string } }) => s.unit.id).sort()).toEqual(
      former.map((f) => f.province.id).sort(),
    );

    // History is visible: old provinces as merged units below the new one, with successor links.
    const historical = await officer.get('/api/units?status=merged&levelId=province&pageSize=100');
    expect(
      historical
        .json()
        .items.map((u: { name: string }) => u.name)
        .sort(),
    ).toEqual(
      [
        ...FORMER.map((f) => f.name),
        ...FORMER.flatMap((f) => [`Ban Thường trực - ${f.name}`, `Văn phòng - ${f.name}`]),
      ].sort(),
    );
    const binhThuan = former[2]!.province;
    const oldDetail = (await officer.get(`/api/units/${binhThuan.id}`)).json();
    expect(oldDetail).toMatchObject({
      status: 'merged',
      effectiveTo: '2025-06-30',
      parent: { id: newProvinceId },
    });
    expect(oldDetail.successors[0]).toMatchObject({
      unit: { id: newProvinceId },
      event: { kind: 'merge', decisionRef: 'Nghị quyết 202/2025/QH15', effectiveDate: '2025-07-01' },
    });
    const newDetail = (await officer.get(`/api/units/${newProvinceId}`)).json();
    expect(newDetail.predecessors.map((p: { unit: { name: string } }) => p.unit.name)).toEqual(
      expect.arrayContaining(FORMER.map((f) => f.name)),
    );
    expect(newDetail).toMatchObject({
      effectiveFrom: '2025-07-01',
      counts: { activeChildren: 9, historicalChildren: 3 },
    });
    const nameThen = await officer.get(`/api/units/${binhThuan.id}/name-at?date=2024-05-01`);
    expect(nameThen.json().display.vi).toBe(
      'Ủy ban MTTQ Việt Nam tỉnh Bình Thuận (nay là Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng)',
    );

    // A former provincial leader's role still covers the old province's subtree: its history only.
    const [assignment] = await db
      .select()
      .from(roleAssignment)
      .where(eq(roleAssignment.staffId, former[0]!.leader.id));
    expect(assignment?.unitId).toBe(former[0]!.province.id);
    const [formerCommune] = await db
      .select({ path: unit.path })
      .from(unit)
      .where(eq(unit.id, former[0]!.communes[0]!.id));
    expect(formerCommune!.path.startsWith(`${newDetail.path}.`)).toBe(true);

    // Audited in the same transaction: event, creation, merges, moves, staff moves; the chain holds.
    const entries = await db
      .select({ action: auditLog.action, n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(
        sql`${auditLog.action} IN ('unit.create', 'unit.merge', 'unit.move', 'staff.move', 'unit.reorganise.merge')`,
      )
      .groupBy(auditLog.action);
    expect(Object.fromEntries(entries.map((e) => [e.action, e.n]))).toEqual({
      'unit.create': 1,
      'unit.merge': 9,
      'unit.move': 9,
      'staff.move': 6,
      'unit.reorganise.merge': 1,
    });
    const [summary] = await db.select().from(auditLog).where(eq(auditLog.entityId, eventId));
    expect(summary?.actorLabel).toMatch(/canbo\./);
    expect((await verifyAuditChain(db)).firstBrokenId).toBeNull();
  });
});
