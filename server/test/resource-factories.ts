import type { Database } from '../src/db/client.ts';
import { buildStaff, buildUnit } from './factories.ts';

/**
 * One factory per resource kind registered with `deps.resources.register(kind, …)`: creates a
 * record owned by `unitId` (inside its subtree) and returns the id a route parameter names.
 * The route-matrix test fails for a route whose resource kind has no factory here.
 */
export const resourceFactories: Record<string, (db: Database, unitId: string) => Promise<string>> = {
  unit: async (db, unitId) => (await buildUnit(db, { parentId: unitId, levelId: 'commune' })).id,
  staff: async (db, unitId) => (await buildStaff(db, { unitId })).id,
};
