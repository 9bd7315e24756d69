import { randomBytes } from 'node:crypto';
import type { Database } from '../src/db/client.ts';
import { credential, hashPassword, roleAssignment } from '../src/modules/identity/index.ts';
import { staff, unit } from '../src/modules/organisation/index.ts';

const suffix = () => randomBytes(4).toString('hex');
export const TEST_PASSWORD = 'Mat-khau-thu-nghiem-2026';

let cachedHash: string | undefined;
const passwordHash = async () => (cachedHash ??= await hashPassword(TEST_PASSWORD));

export interface UnitInput {
  parentId?: string | null;
  name?: string;
  levelId?: string;
  kind?: (typeof unit.$inferInsert)['kind'];
  code?: string | null;
  symbol?: string | null;
}

export async function buildUnit(db: Database, input: UnitInput = {}) {
  const [row] = await db
    .insert(unit)
    .values({
      parentId: input.parentId ?? null,
      name: input.name ?? `Ủy ban MTTQ thử nghiệm ${suffix()}`,
      levelId: input.levelId ?? (input.parentId ? 'commune' : 'central'),
      kind: input.kind ?? 'committee',
      code: input.code === undefined ? `000.${suffix().toUpperCase()}` : input.code,
      symbol: input.symbol ?? 'MTTQ-BTT',
    })
    .returning();
  return row!;
}

/** Central → two provinces → a commune in each: the smallest tree that shows subtree scoping. */
export async function buildTree(db: Database) {
  const central = await buildUnit(db, { name: 'Ủy ban Trung ương MTTQ Việt Nam', levelId: 'central' });
  const provinceA = await buildUnit(db, {
    parentId: central.id,
    name: 'Ủy ban MTTQ tỉnh Thử Nghiệm A',
    levelId: 'province',
  });
  const provinceB = await buildUnit(db, {
    parentId: central.id,
    name: 'Ủy ban MTTQ tỉnh Thử Nghiệm B',
    levelId: 'province',
  });
  const communeA = await buildUnit(db, {
    parentId: provinceA.id,
    name: 'Ủy ban MTTQ xã An Bình',
    levelId: 'commune',
  });
  const communeB = await buildUnit(db, {
    parentId: provinceB.id,
    name: 'Ủy ban MTTQ xã Bình Minh',
    levelId: 'commune',
  });
  return { central, provinceA, provinceB, communeA, communeB };
}

export interface StaffInput {
  unitId: string;
  username?: string;
  fullName?: string;
  email?: string | null;
  roles?: Array<{ roleId: string; unitId?: string }>;
  password?: string | null;
}

/** A staff member with a password (TEST_PASSWORD unless given) and roles (at their unit by default). */
export async function buildStaff(db: Database, input: StaffInput) {
  const username = input.username ?? `canbo.${suffix()}`;
  const [row] = await db
    .insert(staff)
    .values({
      unitId: input.unitId,
      username,
      fullName: input.fullName ?? 'Nguyễn Văn Thử',
      email: input.email === undefined ? `${username}@mattranso.test` : input.email,
    })
    .returning();
  await db.insert(credential).values({
    staffId: row!.id,
    passwordHash:
      input.password === null
        ? null
        : input.password
          ? await hashPassword(input.password)
          : await passwordHash(),
  });
  for (const role of input.roles ?? []) {
    await db
      .insert(roleAssignment)
      .values({ staffId: row!.id, roleId: role.roleId, unitId: role.unitId ?? input.unitId });
  }
  return { ...row!, password: input.password ?? TEST_PASSWORD };
}
