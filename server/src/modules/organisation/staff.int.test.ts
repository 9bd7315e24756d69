import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree, buildUnit } from '../../../test/factories.ts';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { credential, roleAssignment } from '../identity/index.ts';
import { permissionsOfRoles, signInAs } from './fixtures/actors.ts';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let manager: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  tree = await buildTree(ctx.platform.db);
  // The manager holds what the clerk role carries, so may grant it (but not unit_admin).
  ({ client: manager } = await signInAs(ctx, tree.provinceA.id, [
    ...new Set([
      'units.read',
      'staff.read',
      'staff.manage',
      'roles.assign',
      ...(await permissionsOfRoles(ctx, ['clerk'])),
    ] as const),
  ]));
});
afterAll(() => ctx.close());

describe('staff accounts', () => {
  it('creates an account with an initial password and a role the manager may grant; the person can sign in', async () => {
    const created = await manager.post('/api/staff', {
      unitId: tree.communeA.id,
      username: 'Vanthu.AnBinh',
      fullName: 'Trần Thị Thu Hà',
      position: 'Văn thư',
      email: 'Thuha@AnBinh.test',
      phone: '0912 345 678',
      gender: 'female',
      initialPassword: 'Khoi-tao-2026!',
      roleId: 'clerk',
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      username: 'vanthu.anbinh',
      email: 'thuha@anbinh.test',
      unit: { id: tree.communeA.id },
      status: 'active',
      hasPassword: true,
      roles: [{ roleId: 'clerk', unit: { id: tree.communeA.id } }],
    });
    const person = ctx.client();
    person.ip = '127.55.0.1';
    expect((await person.login('vanthu.anbinh', 'Khoi-tao-2026!')).mfa).toBe('none');

    const [audit] = await ctx.platform.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'staff.create'), eq(auditLog.entityId, body.id)));
    expect(JSON.stringify(audit?.after)).not.toMatch(/Khoi-tao/);
  });

  it('creates an account without a password (sign-in after reset, SSO or passkey)', async () => {
    const created = await manager.post('/api/staff', {
      unitId: tree.communeA.id,
      username: 'canbo.khongmatkhau',
      fullName: 'Lê Văn Nam',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ hasPassword: false, roles: [] });
    const [row] = await ctx.platform.db
      .select()
      .from(credential)
      .where(eq(credential.staffId, created.json().id));
    expect(row?.passwordHash).toBeNull();
  });

  it('refuses a taken username or e-mail, a unit outside the scope and a role above the manager', async () => {
    const existing = await buildStaff(ctx.platform.db, { unitId: tree.communeA.id });
    const base = { unitId: tree.communeA.id, fullName: 'Phạm Văn Đức' };
    const taken = await manager.post('/api/staff', { ...base, username: existing.username.toUpperCase() });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toMatch(/đã có người dùng/);
    const email = await manager.post('/api/staff', {
      ...base,
      username: 'canbo.moi1',
      email: existing.email,
    });
    expect(email.statusCode).toBe(409);
    expect(email.json().error.details).toEqual({ field: 'email' });
    const outside = await manager.post('/api/staff', {
      ...base,
      unitId: tree.communeB.id,
      username: 'canbo.moi2',
    });
    expect(outside.statusCode).toBe(404);
    const tooMuch = await manager.post('/api/staff', {
      ...base,
      username: 'canbo.moi3',
      roleId: 'unit_admin',
    });
    expect(tooMuch.statusCode).toBe(403);
    expect(tooMuch.json().error.message).toMatch(/không được giao vai trò/);
    const badName = await manager.post('/api/staff', { ...base, username: 'Nguyễn Văn A' });
    expect(badName.statusCode).toBe(400);
    const users = await manager.get(`/api/staff?q=${encodeURIComponent('pham van duc')}`);
    expect(users.json().total).toBe(0);
  });

  it('lists staff of the scope by unit or subtree, finds names without diacritics, filters by status', async () => {
    const db = ctx.platform.db;
    const commune = await buildUnit(db, { parentId: tree.provinceA.id, levelId: 'commune' });
    const area = await buildUnit(db, {
      parentId: commune.id,
      levelId: 'residential',
      kind: 'residential_committee',
    });
    await buildStaff(db, { unitId: commune.id, fullName: 'Nguyễn Thị Thủy' });
    await buildStaff(db, { unitId: commune.id, fullName: 'Hoàng Văn Bình' });
    const inArea = await buildStaff(db, { unitId: area.id, fullName: 'Đặng Quốc Anh' });
    await buildStaff(db, { unitId: tree.communeB.id, fullName: 'Nguyễn Thị Thủy Khác Tỉnh' });

    const direct = await manager.get(`/api/staff?unitId=${commune.id}`);
    expect(direct.json().items.map((s: { fullName: string }) => s.fullName)).toEqual([
      'Hoàng Văn Bình',
      'Nguyễn Thị Thủy',
    ]); // sorted by given name: Bình before Thủy
    const subtree = await manager.get(`/api/staff?unitId=${commune.id}&subtree=true`);
    expect(subtree.json().items.map((s: { fullName: string }) => s.fullName)).toEqual([
      'Đặng Quốc Anh',
      'Hoàng Văn Bình',
      'Nguyễn Thị Thủy',
    ]);
    const search = await manager.get(`/api/staff?q=${encodeURIComponent('nguyen thi thuy')}`);
    expect(search.json().items.map((s: { fullName: string }) => s.fullName)).toEqual(['Nguyễn Thị Thủy']);
    expect((await manager.get(`/api/staff?unitId=${tree.communeB.id}`)).statusCode).toBe(404);
    expect((await manager.get(`/api/staff/${inArea.id}`)).statusCode).toBe(200);

    const left = await manager.patch(`/api/staff/${inArea.id}`, { status: 'left', termEnd: '2025-06-30' });
    expect(left.statusCode).toBe(200);
    const active = await manager.get(`/api/staff?unitId=${commune.id}&subtree=true`);
    expect(active.json().total).toBe(2);
    const all = await manager.get(`/api/staff?unitId=${commune.id}&subtree=true&status=all`);
    expect(all.json().total).toBe(3);
  });

  it('updates position, contacts and unit within the scope, audited; a suspended person cannot sign in', async () => {
    const db = ctx.platform.db;
    const person = await buildStaff(db, { unitId: tree.communeA.id, fullName: 'Võ Minh Tuấn' });
    const commune = await buildUnit(db, { parentId: tree.provinceA.id, levelId: 'commune' });
    const moved = await manager.patch(`/api/staff/${person.id}`, {
      position: 'Phó Chủ tịch',
      unitId: commune.id,
      termStart: '2024-10-01',
      termEnd: '2029-09-30',
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      position: 'Phó Chủ tịch',
      unit: { id: commune.id },
      termStart: '2024-10-01',
    });
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'staff.move'), eq(auditLog.entityId, person.id)));
    expect(entry?.before).toMatchObject({ unitId: tree.communeA.id, position: null });
    expect(entry?.after).toMatchObject({ unitId: commune.id, position: 'Phó Chủ tịch' });

    const away = await manager.patch(`/api/staff/${person.id}`, { unitId: tree.communeB.id });
    expect(away.statusCode).toBe(404);
    const rename = await manager.patch(`/api/staff/${person.id}`, { username: 'doiten' });
    expect(rename.statusCode).toBe(400);

    const suspended = await manager.patch(`/api/staff/${person.id}`, { status: 'suspended' });
    expect(suspended.statusCode).toBe(200);
    const client = ctx.client();
    client.ip = '127.55.0.2';
    const login = await client.post('/api/auth/login', {
      username: person.username,
      password: person.password,
    });
    expect(login.statusCode).toBe(403);
    expect((await manager.get(`/api/staff/${tree.communeB.id}`)).statusCode).toBe(404);
  });

  it('records training and lists it newest first', async () => {
    const person = await buildStaff(ctx.platform.db, { unitId: tree.communeA.id });
    const first = await manager.post(`/api/staff/${person.id}/training`, {
      title: 'Bồi dưỡng nghiệp vụ công tác Mặt trận',
      provider: 'Trường Cán bộ Mặt trận',
      completedOn: '2024-05-20',
      hours: 40,
    });
    expect(first.statusCode).toBe(201);
    await manager.post(`/api/staff/${person.id}/training`, {
      title: 'Tập huấn chuyển đổi số',
      completedOn: '2025-03-01',
      hours: 16,
    });
    const list = await manager.get(`/api/staff/${person.id}/training`);
    expect(list.json().map((t: { title: string }) => t.title)).toEqual([
      'Tập huấn chuyển đổi số',
      'Bồi dưỡng nghiệp vụ công tác Mặt trận',
    ]);
    const { client: reader } = await signInAs(ctx, tree.provinceA.id, ['staff.read']);
    const refused = await reader.post(`/api/staff/${person.id}/training`, { title: 'Khác' });
    expect(refused.statusCode).toBe(403);
    const assignments = await ctx.platform.db
      .select()
      .from(roleAssignment)
      .where(eq(roleAssignment.staffId, person.id));
    expect(assignments).toHaveLength(0);
  });
});
