import type { PlatformDeps } from '../../../platform/http/index.ts';
import { ownedByUnit } from '../../../platform/policy/index.ts';
import type { PetitionsArea, PetitionsWiring } from '../index.ts';
import { registerSessionRoutes } from './sessions.routes.ts';
import { createSessionsService } from './sessions.service.ts';

/**
 * Voter-contact sessions (hội nghị tiếp xúc cử tri): planned by a Front committee's standing board,
 * the board notified at least three working days ahead, attendance, minutes, the petitions raised
 * and the summary report (XLSX, PDF, DOCX). Routes under /api/voter-sessions; the record's unit is
 * the organising committee, so the policy scopes every :id route to its subtree.
 */
export function setupSessions(deps: PlatformDeps, wiring?: PetitionsWiring): PetitionsArea {
  if (!wiring) throw new Error('setupSessions needs the notifier');
  deps.resources.register('petition_session', ownedByUnit('petition_session', 'unit_id'));
  const service = createSessionsService(deps, wiring.notifier);
  const host = new URL(deps.config.PUBLIC_URL).hostname;
  return {
    registerRoutes(app) {
      registerSessionRoutes(app, { service, host });
    },
  };
}
