import type { PlatformDeps } from '../../platform/http/index.ts';
import { ownedByUnit } from '../../platform/policy/index.ts';
import type { PetitionsArea, PetitionsWiring } from './index.ts';
import { PETITION, registerIntakeRoutes } from './intake.routes.ts';
import { createIntakeService } from './intake.service.ts';
import { createMergeService } from './merge.service.ts';
import { createModerationService } from './moderation.service.ts';
import { ANONYMISE_CRON, ANONYMISE_QUEUE, anonymisePetitioners } from './privacy.ts';

/**
 * Staff intake, classification, consolidation, moderation and privacy of voters' petitions:
 * registers the `petition` resource kind (scoped by `petition.unit_id`, used by every area's
 * routes), the staff routes, and the daily anonymisation job.
 */
export function setupIntake(deps: PlatformDeps, _wiring?: PetitionsWiring): PetitionsArea {
  deps.resources.register(PETITION, ownedByUnit('petition', 'unit_id'));
  const intake = createIntakeService(deps);
  const merges = createMergeService(deps);
  const moderation = createModerationService(deps);
  deps.jobs.define(ANONYMISE_QUEUE, async () => {
    await anonymisePetitioners(deps.db, { afterDays: deps.config.PETITIONS_ANONYMISE_AFTER_DAYS });
  });
  deps.jobs.schedule(ANONYMISE_QUEUE, ANONYMISE_CRON, { tz: 'Asia/Ho_Chi_Minh' });
  return {
    registerRoutes(app) {
      registerIntakeRoutes(app, { intake, merges, moderation });
    },
  };
}
