import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';
import { ownedByUnit } from '../../platform/policy/index.ts';
import { registerImportRoutes } from './imports.routes.ts';
import { createReorganisationService } from './reorganisation.service.ts';
import { registerStaffRoutes } from './staff.routes.ts';
import { createStaffService } from './staff.service.ts';
import { findUnitPath } from './units.repository.ts';
import { registerUnitRoutes } from './units.routes.ts';
import { createUnitsService } from './units.service.ts';

export type { GrantInsert, StaffInsert, UnitInsert } from './bulk.repository.ts';
export { insertCredentialRows, insertGrantRows, insertStaffRows, insertUnitRows } from './bulk.repository.ts';
export * from './organisation.schema.ts';
export type { ReorganisationService } from './reorganisation.service.ts';
export { createReorganisationService } from './reorganisation.service.ts';
export { describeNameAt } from './unit-rules.ts';
/** "Old name (nay là new name)" for records dated before a rename, merge or split. */
export { displayNameAt, displayNamesAt } from './units.service.ts';

/** Organisation directory: units (tree, reorganisation) and staff. */
export function createOrganisationModule(deps: PlatformDeps) {
  deps.resources.register('unit', findUnitPath);
  deps.resources.register('staff', ownedByUnit('staff'));
  const units = createUnitsService(deps);
  const reorganisations = createReorganisationService(deps);
  const staff = createStaffService(deps);
  return {
    name: 'organisation',
    units,
    reorganisations,
    staff,
    registerRoutes(app) {
      registerUnitRoutes(app, { units, reorganisations });
      registerStaffRoutes(app, { staff });
      registerImportRoutes(app, { db: deps.db });
    },
  } satisfies AppModule & Record<string, unknown>;
}
