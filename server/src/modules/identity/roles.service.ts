import { isPermission, type Permission, type Role, type RoleAssignment } from '@mts/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { AppError, conflict, notFound } from '../../platform/errors/index.ts';
import { type Actor, isInScope, scopePaths } from '../../platform/policy/index.ts';
import { staff, unit } from '../organisation/index.ts';
import { role, roleAssignment } from './identity.schema.ts';

const ROLE_NOT_FOUND = () => notFound({ vi: 'Không tìm thấy vai trò.', en: 'Role not found.' });
const UNIT_OUT_OF_SCOPE = () =>
  notFound({
    vi: 'Không tìm thấy đơn vị trong phạm vi bạn được phân quyền.',
    en: 'No such unit within the scope where you may assign roles.',
  });

/** `unit.path` lies in one of the subtrees (none: nothing matches). */
const withinScope = (paths: string[]) =>
  paths.length ? sql`${unit.path} <@ ANY(${sql.param(paths)}::ltree[])` : sql`false`;

const permissionsHeld = (actor: Actor) => new Set(actor.grants.flatMap((g) => [...g.permissions]));

function refuseMissing(missing: string[], vi: string, en: string): never {
  throw new AppError('FORBIDDEN', {
    message: { vi: `${vi}: ${missing.join(', ')}.`, en: `${en}: ${missing.join(', ')}.` },
    details: { missing },
  });
}

/**
 * Roles are data (a set of permissions, and whether two-factor sign-in is required); a role is
 * held at a unit and applies to its subtree. Nobody can hand out a permission they do not hold
 * there themselves, so delegation never escalates.
 */
export function createRolesService(deps: { db: Database }) {
  const { db } = deps;

  async function list(): Promise<Role[]> {
    const rows = await db
      .select({
        id: role.id,
        nameVi: role.nameVi,
        nameEn: role.nameEn,
        permissions: role.permissions,
        requiresMfa: role.requiresMfa,
        isSystem: role.isSystem,
        // Spelled out: drizzle leaves a lone table's columns unqualified, and `id` would mean ra.id here.
        assignmentCount: sql<number>`(SELECT count(*)::int FROM role_assignment ra WHERE ra.role_id = role.id)`,
      })
      .from(role)
      .orderBy(asc(role.isSystem), asc(role.id));
    return rows.sort((a, b) => Number(b.isSystem) - Number(a.isSystem));
  }

  const findRole = async (id: string) => (await list()).find((r) => r.id === id) ?? null;

  /**
   * Role definitions apply across the whole country, so changing them needs roles.manage held at
   * a root of the tree (the central committee), not merely somewhere.
   */
  function assertManagesWholeTree(actor: Actor) {
    if (!scopePaths(actor, 'roles.manage').some((path) => !path.includes('.'))) {
      throw new AppError('FORBIDDEN', {
        message: {
          vi: 'Vai trò áp dụng cho toàn hệ thống; chỉ quản trị cấp Trung ương được thay đổi.',
          en: 'Roles apply system-wide; only central-level administrators may change them.',
        },
      });
    }
  }

  function assertMayGrant(actor: Actor, permissions: readonly string[]) {
    const held = permissionsHeld(actor);
    const missing = permissions.filter((p) => !held.has(p as Permission));
    if (missing.length) {
      refuseMissing(
        missing,
        'Bạn không thể thêm hoặc bớt quyền mà chính bạn không có',
        'You cannot add or remove permissions you do not hold',
      );
    }
  }

  async function create(
    actor: Actor,
    input: { id: string; nameVi: string; nameEn: string; permissions: Permission[]; requiresMfa: boolean },
    audit: AuditContext,
  ) {
    assertManagesWholeTree(actor);
    const permissions = [...new Set(input.permissions)].sort();
    assertMayGrant(actor, permissions);
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(role)
        .values({ ...input, permissions, isSystem: false })
        .onConflictDoNothing()
        .returning();
      if (!row) {
        throw conflict({
          vi: `Mã vai trò “${input.id}” đã tồn tại.`,
          en: `Role id “${input.id}” already exists.`,
        });
      }
      await recordAudit(tx, audit, {
        action: 'role.create',
        entityType: 'role',
        entityId: row.id,
        after: row,
      });
    });
    return (await findRole(input.id))!;
  }

  async function update(
    actor: Actor,
    id: string,
    input: { nameVi?: string; nameEn?: string; permissions?: Permission[]; requiresMfa?: boolean },
    audit: AuditContext,
  ) {
    assertManagesWholeTree(actor);
    await db.transaction(async (tx) => {
      const [before] = await tx.select().from(role).where(eq(role.id, id)).for('update');
      if (!before) throw ROLE_NOT_FOUND();
      const permissions = input.permissions ? [...new Set(input.permissions)].sort() : undefined;
      if (permissions) {
        const changed = [
          ...permissions.filter((p) => !before.permissions.includes(p)),
          ...before.permissions.filter((p) => !permissions.includes(p as Permission)),
        ];
        assertMayGrant(actor, changed);
      }
      const [after] = await tx
        .update(role)
        .set({ ...input, ...(permissions ? { permissions } : {}) })
        .where(eq(role.id, id))
        .returning();
      await recordAudit(tx, audit, {
        action: 'role.update',
        entityType: 'role',
        entityId: id,
        before: { permissions: before.permissions, requiresMfa: before.requiresMfa, nameVi: before.nameVi },
        after: { permissions: after!.permissions, requiresMfa: after!.requiresMfa, nameVi: after!.nameVi },
      });
    });
    return (await findRole(id))!;
  }

  /** The person's roles at units the actor can see (roles held elsewhere are not shown). */
  async function assignmentsOf(actor: Actor, staffId: string): Promise<RoleAssignment[]> {
    const rows = await db
      .select({
        id: roleAssignment.id,
        roleId: role.id,
        nameVi: role.nameVi,
        nameEn: role.nameEn,
        unitId: unit.id,
        unitName: unit.name,
        unitShortName: unit.shortName,
        createdAt: roleAssignment.createdAt,
      })
      .from(roleAssignment)
      .innerJoin(role, eq(role.id, roleAssignment.roleId))
      .innerJoin(unit, eq(unit.id, roleAssignment.unitId))
      .where(and(eq(roleAssignment.staffId, staffId), withinScope(scopePaths(actor, 'roles.read'))))
      .orderBy(asc(roleAssignment.createdAt));
    return rows.map((r) => ({
      id: r.id,
      role: { id: r.roleId, nameVi: r.nameVi, nameEn: r.nameEn },
      unit: { id: r.unitId, name: r.unitName, shortName: r.unitShortName },
      createdAt: r.createdAt.toISOString(),
    }));
  }

  async function unitPathOf(unitId: string) {
    const [row] = await db
      .select({ path: sql<string>`${unit.path}::text` })
      .from(unit)
      .where(eq(unit.id, unitId));
    return row?.path ?? null;
  }

  /**
   * The actor may give (or take away) a role at a unit only when the unit lies in their roles.assign
   * subtree and they hold every permission of the role over that unit.
   */
  function assertMayDelegate(actor: Actor, rolePermissions: readonly string[], unitPath: string) {
    if (!isInScope(actor, 'roles.assign', unitPath)) throw UNIT_OUT_OF_SCOPE();
    const missing = rolePermissions.filter((p) => !isPermission(p) || !isInScope(actor, p, unitPath));
    if (missing.length) {
      refuseMissing(
        missing,
        'Vai trò này có quyền mà bạn không có tại đơn vị đó',
        'This role carries permissions you do not hold at that unit',
      );
    }
  }

  async function assign(
    actor: Actor,
    staffId: string,
    input: { roleId: string; unitId: string },
    audit: AuditContext,
  ) {
    const [target] = await db.select().from(role).where(eq(role.id, input.roleId));
    if (!target) throw ROLE_NOT_FOUND();
    const unitPath = await unitPathOf(input.unitId);
    if (!unitPath) throw UNIT_OUT_OF_SCOPE();
    assertMayDelegate(actor, target.permissions, unitPath);
    const [person] = await db.select({ unitId: staff.unitId }).from(staff).where(eq(staff.id, staffId));
    const [assignedUnit] = await db
      .select({ id: unit.id, name: unit.name, shortName: unit.shortName })
      .from(unit)
      .where(eq(unit.id, input.unitId));
    return db.transaction(async (tx): Promise<RoleAssignment> => {
      const [row] = await tx
        .insert(roleAssignment)
        .values({ staffId, roleId: target.id, unitId: input.unitId, createdBy: actor.staffId })
        .onConflictDoNothing()
        .returning({ id: roleAssignment.id, createdAt: roleAssignment.createdAt });
      if (!row) {
        throw conflict({
          vi: 'Cán bộ đã có vai trò này tại đơn vị này.',
          en: 'The person already holds this role at this unit.',
        });
      }
      await recordAudit(tx, audit, {
        action: 'role.assign',
        entityType: 'staff',
        entityId: staffId,
        unitId: person?.unitId ?? null,
        after: { assignmentId: row.id, roleId: target.id, unitId: input.unitId },
      });
      return {
        id: row.id,
        role: { id: target.id, nameVi: target.nameVi, nameEn: target.nameEn },
        unit: assignedUnit!,
        createdAt: row.createdAt.toISOString(),
      };
    });
  }

  async function unassign(actor: Actor, staffId: string, assignmentId: string, audit: AuditContext) {
    const [row] = await db
      .select({
        id: roleAssignment.id,
        roleId: roleAssignment.roleId,
        unitId: roleAssignment.unitId,
        permissions: role.permissions,
        unitPath: sql<string>`${unit.path}::text`,
      })
      .from(roleAssignment)
      .innerJoin(role, eq(role.id, roleAssignment.roleId))
      .innerJoin(unit, eq(unit.id, roleAssignment.unitId))
      .where(and(eq(roleAssignment.id, assignmentId), eq(roleAssignment.staffId, staffId)));
    if (!row || !isInScope(actor, 'roles.assign', row.unitPath)) {
      throw notFound({ vi: 'Không tìm thấy phân công vai trò.', en: 'Role assignment not found.' });
    }
    assertMayDelegate(actor, row.permissions, row.unitPath);
    const [person] = await db.select({ unitId: staff.unitId }).from(staff).where(eq(staff.id, staffId));
    await db.transaction(async (tx) => {
      await tx.delete(roleAssignment).where(eq(roleAssignment.id, assignmentId));
      await recordAudit(tx, audit, {
        action: 'role.unassign',
        entityType: 'staff',
        entityId: staffId,
        unitId: person?.unitId ?? null,
        before: { assignmentId, roleId: row.roleId, unitId: row.unitId },
      });
    });
  }

  return { list, create, update, assignmentsOf, assign, unassign };
}

export type RolesService = ReturnType<typeof createRolesService>;
