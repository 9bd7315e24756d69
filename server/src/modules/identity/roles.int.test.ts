import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { auditActionsFor, ensureRole, freshClient, signedInStaff } from './test-support/clients.ts';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
beforeAll(async () => {
  ctx = await createTestContext();
  tree = await buildTree(ctx.platform.db);
  await ensureRole(ctx, 'role_manager', [
    'roles.read',
    'roles.manage',
    'units.read',
    'staff.read',
    'audit.read',
    // The specialist's document permissions: a manager changes only roles within their own powers.
    'documents.read',
    'documents.draft',
    'documents.process',
    'signatures.manage_own',
    'directives.respond',
    'petitions.read',
    'petitions.intake',
    'petitions.personal_data',
    'petitions.sessions',
    'portal.read',
    'portal.write',
  ]);
  await ensureRole(ctx, 'delegator', [
    'roles.read',
    'roles.assign',
    'units.read',
    'staff.read',
    // The clerk's document permissions: an assigner grants only what they hold.
    'documents.read',
    'documents.register',
    'documents.issue',
    'documents.draft',
    'documents.configure',
    'documents.file',
    'signatures.manage_own',
    'signatures.manage_unit',
    'directives.respond',
    'petitions.read',
    'petitions.intake',
    'petitions.personal_data',
    'petitions.sessions',
    'portal.read',
    'portal.write',
  ]);
});
afterAll(() => ctx.close());

type RoleRow = {
  id: string;
  permissions: string[];
  requiresMfa: boolean;
  isSystem: boolean;
  assignmentCount: number;
};

describe('roles', () => {
  it('are listed with their permissions, two-factor requirement and how many hold them', async () => {
    const { client } = await signedInStaff(ctx, { unitId: tree.provinceA.id, roles: [{ roleId: 'leader' }] });
    const listed = await client.get('/api/roles');
    expect(listed.statusCode).toBe(200);
    const roles = listed.json() as RoleRow[];
    expect(roles.find((r) => r.id === 'system_admin')).toMatchObject({ requiresMfa: true, isSystem: true });
    expect(roles.find((r) => r.id === 'leader')).toMatchObject({
      permissions: [
        'units.read',
        'staff.read',
        'roles.read',
        'audit.read',
        'documents.read',
        'documents.direct',
        'documents.review',
        'documents.approve',
        'documents.draft',
        'documents.process',
        'signatures.manage_own',
        'directives.send',
        'directives.respond',
        'channels.moderate',
        'petitions.read',
        'petitions.intake',
        'petitions.route',
        'petitions.personal_data',
        'petitions.moderate',
        'petitions.sessions',
        'portal.read',
        'portal.write',
        'portal.approve',
        'portal.publish',
        'portal.analytics',
      ],
      assignmentCount: 1,
    });
  });

  it('changed by a central administrator take effect at once; the id stays; two-factor applies to live sessions', async () => {
    const { client: manager } = await signedInStaff(ctx, {
      unitId: tree.central.id,
      roles: [{ roleId: 'role_manager' }],
    });
    const specialist = await signedInStaff(ctx, {
      unitId: tree.communeA.id,
      roles: [{ roleId: 'specialist' }],
    });
    expect((await specialist.client.get('/api/roles')).statusCode).toBe(403);

    const granted = await manager.patch('/api/roles/specialist', {
      permissions: ['units.read', 'staff.read', 'roles.read'],
    });
    expect(granted.statusCode).toBe(200);
    expect(granted.json()).toMatchObject({
      id: 'specialist',
      isSystem: true,
      permissions: ['roles.read', 'staff.read', 'units.read'],
    });
    expect((await specialist.client.get('/api/roles')).statusCode).toBe(200);

    expect((await manager.patch('/api/roles/specialist', { requiresMfa: true })).statusCode).toBe(200);
    const blocked = await specialist.client.get('/api/roles');
    expect(blocked.statusCode).toBe(401);
    expect(blocked.json().error.code).toBe('MFA_REQUIRED');
    expect((await freshClient(ctx).login(specialist.person.username, specialist.person.password)).mfa).toBe(
      'enrol',
    );
    expect(await auditActionsFor(ctx, 'specialist')).toEqual(['role.update', 'role.update']);

    const unknown = await manager.patch('/api/roles/khong_co', { requiresMfa: false });
    expect(unknown.statusCode).toBe(404);
    const empty = await manager.patch('/api/roles/specialist', {});
    expect(empty.statusCode).toBe(400);
  });

  it('cannot be given a permission the editor lacks, nor be changed from below the central level', async () => {
    const { client: manager } = await signedInStaff(ctx, {
      unitId: tree.central.id,
      roles: [{ roleId: 'role_manager' }],
    });
    const escalate = await manager.patch('/api/roles/clerk', {
      permissions: ['units.read', 'staff.read', 'tokens.manage'],
    });
    expect(escalate.statusCode).toBe(403);
    expect(escalate.json().error.message).toMatch(/tokens\.manage/);

    const { client: provincial } = await signedInStaff(ctx, {
      unitId: tree.provinceA.id,
      roles: [{ roleId: 'role_manager' }],
    });
    const local = await provincial.patch('/api/roles/clerk', { nameVi: 'Văn thư tỉnh' });
    expect(local.statusCode).toBe(403);
    expect(local.json().error.message).toMatch(/toàn hệ thống/);
  });

  it('can be created as data; ids are unique', async () => {
    const { client: manager } = await signedInStaff(ctx, {
      unitId: tree.central.id,
      roles: [{ roleId: 'role_manager' }],
    });
    const body = {
      id: 'tong_hop',
      nameVi: 'Chuyên viên tổng hợp',
      nameEn: 'Reporting officer',
      permissions: ['units.read', 'audit.read'],
    };
    const created = await manager.post('/api/roles', body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      id: 'tong_hop',
      isSystem: false,
      requiresMfa: false,
      assignmentCount: 0,
    });
    expect((await manager.post('/api/roles', body)).statusCode).toBe(409);
  });
});

describe('role assignments', () => {
  it('gives and takes roles in the assigner’s subtree, never beyond what the assigner holds', async () => {
    const { client: assigner } = await signedInStaff(ctx, {
      unitId: tree.provinceA.id,
      roles: [{ roleId: 'delegator' }],
    });
    const person = await buildStaff(ctx.platform.db, { unitId: tree.communeA.id });
    const personClient = freshClient(ctx);
    await personClient.login(person.username, person.password);
    expect((await personClient.get('/api/auth/me')).json().permissions).toEqual([]);

    const given = await assigner.post(`/api/identity/staff/${person.id}/roles`, {
      roleId: 'clerk',
      unitId: tree.communeA.id,
    });
    expect(given.statusCode).toBe(201);
    expect(given.json()).toMatchObject({ role: { id: 'clerk' }, unit: { id: tree.communeA.id } });
    expect((await personClient.get('/api/auth/me')).json().permissions).toEqual([
      'directives.respond',
      'documents.configure',
      'documents.draft',
      'documents.file',
      'documents.issue',
      'documents.read',
      'documents.register',
      'petitions.intake',
      'petitions.personal_data',
      'petitions.read',
      'petitions.sessions',
      'portal.read',
      'portal.write',
      'signatures.manage_own',
      'signatures.manage_unit',
      'staff.read',
      'units.read',
    ]);
    const again = await assigner.post(`/api/identity/staff/${person.id}/roles`, {
      roleId: 'clerk',
      unitId: tree.communeA.id,
    });
    expect(again.statusCode).toBe(409);

    const beyond = await assigner.post(`/api/identity/staff/${person.id}/roles`, {
      roleId: 'leader',
      unitId: tree.communeA.id,
    });
    expect(beyond.statusCode).toBe(403);
    expect(beyond.json().error.message).toMatch(/audit\.read/);
    const elsewhere = await assigner.post(`/api/identity/staff/${person.id}/roles`, {
      roleId: 'clerk',
      unitId: tree.communeB.id,
    });
    expect(elsewhere.statusCode).toBe(404);
    const outsider = await buildStaff(ctx.platform.db, { unitId: tree.communeB.id });
    expect(
      (
        await assigner.post(`/api/identity/staff/${outsider.id}/roles`, {
          roleId: 'clerk',
          unitId: tree.communeA.id,
        })
      ).statusCode,
    ).toBe(404);
    expect((await assigner.get(`/api/identity/staff/${outsider.id}/roles`)).statusCode).toBe(404);

    const listed = (await assigner.get(`/api/identity/staff/${person.id}/roles`)).json();
    expect(listed).toHaveLength(1);
    expect(
      (await assigner.delete(`/api/identity/staff/${person.id}/roles/${given.json().id}`)).statusCode,
    ).toBe(204);
    expect((await assigner.get(`/api/identity/staff/${person.id}/roles`)).json()).toEqual([]);
    expect((await personClient.get('/api/auth/me')).json().permissions).toEqual([]);
    expect(await auditActionsFor(ctx, person.id)).toEqual(['role.assign', 'role.unassign']);
  });

  it('hides roles the person holds outside the assigner’s subtree and cannot remove them', async () => {
    const { client: assigner } = await signedInStaff(ctx, {
      unitId: tree.provinceA.id,
      roles: [{ roleId: 'delegator' }],
    });
    const person = await buildStaff(ctx.platform.db, {
      unitId: tree.communeA.id,
      roles: [{ roleId: 'member' }, { roleId: 'clerk', unitId: tree.provinceB.id }],
    });
    const listed = (await assigner.get(`/api/identity/staff/${person.id}/roles`)).json();
    expect(listed.map((a: { unit: { id: string } }) => a.unit.id)).toEqual([tree.communeA.id]);

    const { client: central } = await signedInStaff(ctx, {
      unitId: tree.central.id,
      roles: [{ roleId: 'delegator' }],
    });
    const all = (await central.get(`/api/identity/staff/${person.id}/roles`)).json();
    expect(all).toHaveLength(2);
    const hidden = all.find((a: { unit: { id: string } }) => a.unit.id === tree.provinceB.id);
    expect((await assigner.delete(`/api/identity/staff/${person.id}/roles/${hidden.id}`)).statusCode).toBe(
      404,
    );
    expect((await central.get(`/api/identity/staff/${person.id}/roles`)).json()).toHaveLength(2);
  });
});
