import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, inject } from 'vitest';
import { createDatabase } from '../../server/src/db/client.ts';
import { unit } from '../../server/src/modules/organisation/index.ts';
import { buildStaff, buildUnit, type UnitInput } from '../../server/test/factories.ts';

/**
 * The people and units a browser test needs, written straight into the run's database with the
 * server's test factories: the journeys themselves then go through the browser only. Names carry
 * a random tag, so files never see each other's data (nor the demo seed's).
 */
export function openWorld() {
  const { pool, db } = createDatabase(inject('databaseUrl'), 2);
  afterAll(() => pool.end());
  const tag = randomBytes(3).toString('hex');

  return {
    db,
    tag,
    /** A unit named `${name} ${tag}` (unique in the run), in existence since 2015 (or `effectiveFrom`). */
    unit: async (name: string, input: Omit<UnitInput, 'name'> & { effectiveFrom?: string } = {}) => {
      const { effectiveFrom = '2015-01-01', ...rest } = input;
      const row = await buildUnit(db, { ...rest, name: `${name} ${tag}` });
      await db.update(unit).set({ effectiveFrom }).where(eq(unit.id, row.id));
      return { ...row, effectiveFrom };
    },
    /** A staff member who signs in with a password; roles are granted at their unit unless said. */
    staff: (input: {
      unitId: string;
      fullName: string;
      roles?: Array<{ roleId: string; unitId?: string }>;
      email?: string | null;
      password?: string | null;
    }) =>
      buildStaff(db, {
        ...input,
        username: `${slug(input.fullName)}.${tag}.${randomBytes(2).toString('hex')}`,
      }),
  };
}
export type World = ReturnType<typeof openWorld>;

/** "Nguyễn Thị Lan" → "nguyen-thi-lan" (usernames are lower-case ASCII). */
const slug = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 30);

/** A small province: a root committee, a province and two communes under it, plus a second province. */
export async function buildProvince(world: World) {
  const root = await world.unit('Ủy ban MTTQ Việt Nam (thử nghiệm)', { levelId: 'central' });
  const province = await world.unit('Ủy ban MTTQ tỉnh Hòa Bình Xanh', {
    parentId: root.id,
    levelId: 'province',
  });
  const communeA = await world.unit('Ủy ban MTTQ xã An Phú', { parentId: province.id, levelId: 'commune' });
  const communeB = await world.unit('Ủy ban MTTQ xã Bình Lộc', { parentId: province.id, levelId: 'commune' });
  const otherProvince = await world.unit('Ủy ban MTTQ tỉnh Sông Lam', {
    parentId: root.id,
    levelId: 'province',
  });
  const otherCommune = await world.unit('Ủy ban MTTQ xã Thạch Long', {
    parentId: otherProvince.id,
    levelId: 'commune',
  });
  return { root, province, communeA, communeB, otherProvince, otherCommune };
}
