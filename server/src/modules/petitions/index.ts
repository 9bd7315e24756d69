import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';
import type { Notifier } from '../notifications/index.ts';
import { setupIntake } from './intake.setup.ts';
import { setupOpen311, setupOpen311Keys } from './open311/index.ts';
import { setupPublicPages } from './public/index.ts';
import { setupRouting } from './routing.setup.ts';
import { setupSessions } from './sessions/index.ts';
import { setupSimilarity } from './similarity.setup.ts';

export { rateAnswer, reopenPetition } from './citizen.service.ts';
export {
  addWorkingDays,
  addWorkingDaysIn,
  type Day,
  deadlineFor,
  endOfVietnamDay,
  vietnamDayOf,
  workingDaysBetween,
  workingDaysBetweenIn,
} from './deadlines.ts';
export { seedDemoPetitions } from './demo.ts';
export { type EmailIntake, startEmailIntake } from './email-intake/index.ts';
export { createPetition, type NewPetition } from './intake.ts';
export { DEMO_OPEN311_API_KEY, seedDemoOpen311Key } from './open311/index.ts';
export * from './petitions.schema.ts';
export { recipientLabel } from './recipients.service.ts';
export * from './routing.schema.ts';
export { isOverdueSql } from './routing.service.ts';
export { type ScorecardOptions, scorecards } from './scorecards.ts';
export {
  findSimilarPetitions,
  type SimilarPetition,
  type SimilarPetitionsQuery,
} from './similar.repository.ts';
export { foldVietnamese, REPEAT_THRESHOLD, textSimilarity } from './similarity.ts';
export { type SweepResult, sweepPetitions } from './sweep.ts';
export { recordPetitionEvent } from './timeline.ts';

/** What each area of the capability needs from the platform and from other modules. */
export interface PetitionsWiring {
  notifier: Notifier;
}

/** One part of the capability: its jobs are defined when it is set up, its routes registered by the app. */
export interface PetitionsArea {
  registerRoutes(app: Parameters<AppModule['registerRoutes']>[0]): void | Promise<void>;
}

/**
 * Voter contact and voters' petitions (tiếp xúc cử tri, kiến nghị cử tri): the staff API under
 * /api, the Open311 GeoReport v2 API under /open311/v2 and the public pages (no JavaScript needed).
 */
export function createPetitionsModules(deps: PlatformDeps, wiring: PetitionsWiring): AppModule[] {
  const staffAreas = [
    setupIntake(deps, wiring),
    setupRouting(deps, wiring),
    setupSimilarity(deps),
    setupSessions(deps, wiring),
    setupOpen311Keys(deps),
  ];
  const open311 = setupOpen311(deps, wiring);
  const publicPages = setupPublicPages(deps, wiring);
  return [
    {
      name: 'petitions',
      async registerRoutes(app) {
        for (const area of staffAreas) await area.registerRoutes(app);
      },
    },
    { name: 'open311', prefix: '/open311/v2', registerRoutes: (app) => open311.registerRoutes(app) },
    { name: 'petitions-public', prefix: '', registerRoutes: (app) => publicPages.registerRoutes(app) },
  ];
}
