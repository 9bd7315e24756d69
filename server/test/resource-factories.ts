import { randomBytes } from 'node:crypto';
import type { Database } from '../src/db/client.ts';
import { apiToken } from '../src/modules/identity/index.ts';
import { buildStaff, buildUnit } from './factories.ts';

/**
 * One factory per resource kind registered with `deps.resources.register(kind, …)`: creates a
 * record owned by `unitId` (inside its subtree) and returns the id a route parameter names.
 * The route-matrix test fails for a route whose resource kind has no factory here.
 */
export const resourceFactories: Record<string, (db: Database, unitId: string) => Promise<string>> = {
  unit: async (db, unitId) => (await buildUnit(db, { parentId: unitId, levelId: 'commune' })).id,
  staff: async (db, unitId) => (await buildStaff(db, { unitId })).id,
  api_token: async (db, unitId) => {
    const creator = await buildStaff(db, { unitId });
    const [row] = await db
      .insert(apiToken)
      .values({
        name: 'Tích hợp thử nghiệm',
        tokenHash: randomBytes(32).toString('hex'),
        prefix: 'mts_test',
        unitId,
        permissions: ['units.read'],
        createdBy: creator.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      })
      .returning({ id: apiToken.id });
    return row!.id;
  },
};
