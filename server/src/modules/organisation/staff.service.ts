import type {
  CreateStaff,
  CreateTraining,
  StaffDetail,
  StaffList,
  StaffListParams,
  Training,
  UpdateStaff,
} from '@mts/contracts';
import { eq } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { AppError, conflict, notFound } from '../../platform/errors/index.ts';
import { type Actor, isInScope, scopePaths } from '../../platform/policy/index.ts';
import { credential, role, roleAssignment } from '../identity/identity.schema.ts';
import { hashPassword } from '../identity/index.ts';
import { staff, staffTraining } from './organisation.schema.ts';
import { findStaffDetail, findTakenLogins, listStaff, listTraining } from './staff.repository.ts';
import { canGrantRole } from './unit-rules.ts';
import { findUnit, type UnitRow } from './units.repository.ts';
import { pgErrorCode } from './units.service.ts';

export const usernameTaken = (username: string) =>
  conflict(
    {
      vi: `Tên đăng nhập "${username}" đã có người dùng. Hãy chọn tên khác.`,
      en: `The username "${username}" is taken. Choose another one.`,
    },
    { field: 'username' },
  );

export const emailTaken = (email: string) =>
  conflict(
    {
      vi: `Thư điện tử ${email} đã gắn với tài khoản khác.`,
      en: `The e-mail ${email} belongs to another account.`,
    },
    { field: 'email' },
  );

const staffNotFound = () =>
  notFound({ vi: 'Không tìm thấy cán bộ (hoặc ngoài phạm vi của bạn).', en: 'Staff member not found.' });

/** A unit that can take staff: in the actor's scope for `permission`, and active. */
export async function requireStaffUnit(
  db: Queryable,
  actor: Actor,
  unitId: string,
  permission: 'staff.manage' | 'staff.import' | 'staff.read',
): Promise<UnitRow> {
  const row = await findUnit(db, unitId);
  if (!row || !isInScope(actor, permission, row.path))
    throw notFound({
      vi: 'Không tìm thấy đơn vị trong phạm vi bạn quản lý.',
      en: 'Unit not found in your scope.',
    });
  if (row.status !== 'active')
    throw conflict({
      vi: `"${row.name}" không còn hoạt động; hãy chọn đơn vị kế thừa.`,
      en: `"${row.name}" is no longer active; choose its successor.`,
    });
  return row;
}

/** A role the actor may grant at the unit; otherwise 403 (or 400 for an unknown role). */
export async function requireGrantableRole(db: Queryable, actor: Actor, unitRow: UnitRow, roleId: string) {
  const [found] = await db.select().from(role).where(eq(role.id, roleId));
  if (!found)
    throw new AppError('BAD_REQUEST', {
      message: { vi: `Vai trò "${roleId}" không tồn tại.`, en: `Role "${roleId}" does not exist.` },
    });
  if (!canGrantRole(actor.grants, unitRow.path, found.permissions))
    throw new AppError('FORBIDDEN', {
      message: {
        vi: `Bạn không được giao vai trò "${found.nameVi}" tại "${unitRow.name}" (cần quyền phân quyền và mọi quyền của vai trò đó).`,
        en: `You may not grant the role "${found.nameEn}" at "${unitRow.name}".`,
      },
    });
  return found;
}

export function createStaffService(deps: { db: Database }) {
  const { db } = deps;

  async function list(actor: Actor, query: StaffListParams): Promise<StaffList> {
    let subtreePath: string | undefined;
    if (query.unitId) {
      const row = await findUnit(db, query.unitId);
      if (!row || !isInScope(actor, 'staff.read', row.path))
        throw notFound({ vi: 'Không tìm thấy đơn vị.', en: 'Unit not found.' });
      if (query.subtree) subtreePath = row.path;
    }
    const { items, total } = await listStaff(db, {
      scope: scopePaths(actor, 'staff.read'),
      unitId: query.unitId,
      subtreePath,
      status: query.status,
      q: query.q || undefined,
      page: query.page,
      pageSize: query.pageSize,
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async function get(id: string): Promise<StaffDetail> {
    const found = await findStaffDetail(db, id);
    if (!found) throw staffNotFound();
    return found;
  }

  async function create(actor: Actor, input: CreateStaff, audit: AuditContext): Promise<StaffDetail> {
    const unitRow = await requireStaffUnit(db, actor, input.unitId, 'staff.manage');
    if (input.roleId) await requireGrantableRole(db, actor, unitRow, input.roleId);
    const taken = await findTakenLogins(db, [input.username], input.email ? [input.email] : []);
    if (taken.usernames.has(input.username.toLowerCase())) throw usernameTaken(input.username);
    if (input.email && taken.emails.has(input.email.toLowerCase())) throw emailTaken(input.email);
    const passwordHash = input.initialPassword ? await hashPassword(input.initialPassword) : null;
    const { initialPassword: _password, roleId, ...values } = input;
    const id = await db
      .transaction(async (tx) => {
        const [row] = await tx
          .insert(staff)
          .values({ ...values, fullName: values.fullName.normalize('NFC') })
          .returning();
        await tx.insert(credential).values({
          staffId: row!.id,
          passwordHash,
          passwordChangedAt: passwordHash ? new Date() : null,
        });
        if (roleId)
          await tx.insert(roleAssignment).values({
            staffId: row!.id,
            roleId,
            unitId: unitRow.id,
            createdBy: actor.staffId,
          });
        await recordAudit(tx, audit, {
          action: 'staff.create',
          entityType: 'staff',
          entityId: row!.id,
          unitId: unitRow.id,
          after: { ...row, initialPassword: Boolean(passwordHash), roleId: roleId ?? null },
        });
        return row!.id;
      })
      .catch((error: unknown) => rethrowTaken(error, input));
    return get(id);
  }

  async function update(
    actor: Actor,
    id: string,
    input: UpdateStaff,
    audit: AuditContext,
  ): Promise<StaffDetail> {
    if (input.unitId) await requireStaffUnit(db, actor, input.unitId, 'staff.manage');
    if (input.email) {
      const taken = await findTakenLogins(db, [], [input.email], id);
      if (taken.emails.has(input.email.toLowerCase())) throw emailTaken(input.email);
    }
    await db
      .transaction(async (tx) => {
        const [before] = await tx.select().from(staff).where(eq(staff.id, id)).for('update');
        if (!before) throw staffNotFound();
        const [after] = await tx.update(staff).set(input).where(eq(staff.id, id)).returning();
        const keys = Object.keys(input);
        await recordAudit(tx, audit, {
          action: input.unitId && input.unitId !== before.unitId ? 'staff.move' : 'staff.update',
          entityType: 'staff',
          entityId: id,
          unitId: after!.unitId,
          before: Object.fromEntries(Object.entries(before).filter(([k]) => keys.includes(k))),
          after: Object.fromEntries(Object.entries(after!).filter(([k]) => keys.includes(k))),
        });
      })
      .catch((error: unknown) => rethrowTaken(error, input));
    return get(id);
  }

  async function trainings(id: string): Promise<Training[]> {
    return listTraining(db, id);
  }

  async function addTraining(id: string, input: CreateTraining, audit: AuditContext): Promise<Training> {
    const created = await db.transaction(async (tx) => {
      const [owner] = await tx.select({ unitId: staff.unitId }).from(staff).where(eq(staff.id, id));
      if (!owner) throw staffNotFound();
      const [row] = await tx
        .insert(staffTraining)
        .values({ staffId: id, ...input })
        .returning();
      await recordAudit(tx, audit, {
        action: 'staff.training.add',
        entityType: 'staff',
        entityId: id,
        unitId: owner.unitId,
        after: row,
      });
      return row!;
    });
    return { ...created, createdAt: created.createdAt.toISOString() };
  }

  return { list, get, create, update, trainings, addTraining };
}

export type StaffService = ReturnType<typeof createStaffService>;

function rethrowTaken(error: unknown, input: { username?: string; email?: string | null }): never {
  if (pgErrorCode(error) === '23505') {
    const constraint = (error as { cause?: { constraint?: string } }).cause?.constraint ?? '';
    if (constraint.includes('email') && input.email) throw emailTaken(input.email);
    if (input.username) throw usernameTaken(input.username);
  }
  throw error;
}
