import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';
import { findStaffUnitPath, findUnitPath } from './units.repository.ts';

export * from './organisation.schema.ts';

/** Organisation directory: units (tree, reorganisation) and staff. */
export function createOrganisationModule(deps: PlatformDeps): AppModule {
  deps.resources.register('unit', findUnitPath);
  deps.resources.register('staff', findStaffUnitPath);
  return {
    name: 'organisation',
    registerRoutes() {},
  };
}
