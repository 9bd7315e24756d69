import type { Me, Permission } from '@mts/contracts';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { Actor } from '../../platform/policy/index.ts';
import { staff, unit } from '../organisation/index.ts';
import { credential, role, roleAssignment, webauthnCredential } from './identity.schema.ts';

/** Everything the staff app needs to know about the signed-in person, in three queries. */
export async function describeActor(db: Database, actor: Actor): Promise<Me> {
  const [profile] = await db
    .select({
      id: staff.id,
      username: staff.username,
      fullName: staff.fullName,
      position: staff.position,
      email: staff.email,
      totpEnabledAt: credential.totpEnabledAt,
      passkeys: sql<number>`(SELECT count(*)::int FROM ${webauthnCredential} w WHERE w.staff_id = ${staff.id})`,
    })
    .from(staff)
    .leftJoin(credential, eq(credential.staffId, staff.id))
    .where(eq(staff.id, actor.staffId));
  const assignments = await db
    .select({
      unitId: roleAssignment.unitId,
      roleId: role.id,
      nameVi: role.nameVi,
      nameEn: role.nameEn,
      requiresMfa: role.requiresMfa,
    })
    .from(roleAssignment)
    .innerJoin(role, eq(role.id, roleAssignment.roleId))
    .where(eq(roleAssignment.staffId, actor.staffId));
  const unitIds = [...new Set([actor.activeUnitId, ...assignments.map((a) => a.unitId)])];
  const units = await db
    .select({ id: unit.id, name: unit.name, shortName: unit.shortName })
    .from(unit)
    .where(inArray(unit.id, unitIds));
  const permissionsInEffect = new Set<Permission>();
  for (const grant of actor.grants) for (const p of grant.permissions) permissionsInEffect.add(p);
  const activeUnit = units.find((u) => u.id === actor.activeUnitId)!;
  return {
    staff: {
      id: profile!.id,
      username: profile!.username,
      fullName: profile!.fullName,
      position: profile!.position,
      email: profile!.email,
    },
    activeUnit,
    units: units.filter((u) => assignments.some((a) => a.unitId === u.id)),
    roles: assignments
      .filter((a) => a.unitId === actor.activeUnitId)
      .map((a) => ({ id: a.roleId, nameVi: a.nameVi, nameEn: a.nameEn })),
    permissions: [...permissionsInEffect].sort(),
    mfa: {
      satisfied: actor.mfaSatisfied,
      requiredByRole: assignments.some((a) => a.requiresMfa),
      totpEnabled: Boolean(profile!.totpEnabledAt),
      passkeys: profile!.passkeys,
    },
    csrfToken: actor.csrfToken ?? '',
  };
}
