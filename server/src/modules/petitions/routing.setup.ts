import { sql } from 'drizzle-orm';
import { notFound } from '../../platform/errors/index.ts';
import type { PlatformDeps } from '../../platform/http/index.ts';
import { type Actor, isInScope, ownedByUnit } from '../../platform/policy/index.ts';
import { createDeadlineSettingsService } from './deadline-settings.service.ts';
import type { PetitionsArea, PetitionsWiring } from './index.ts';
import { createRecipientsService } from './recipients.service.ts';
import { PETITION_RECIPIENT, registerRoutingRoutes } from './routing.routes.ts';
import { createRoutingService } from './routing.service.ts';
import { scorecards } from './scorecards.ts';
import { SWEEP_CRON, SWEEP_QUEUE, sweepPetitions } from './sweep.ts';

/**
 * Routing, deadlines, answers and scorecards of voters' petitions: the recipients (agencies and
 * delegates, scoped by the unit they serve), the staff and recipient routes, and the sweep that
 * reminds recipients before a deadline and escalates overdue petitions (every 15 minutes).
 */
export function setupRouting(deps: PlatformDeps, wiring?: PetitionsWiring): PetitionsArea {
  if (!wiring) throw new Error('setupRouting needs the notifier (PetitionsWiring)');
  const { notifier } = wiring;
  deps.resources.register(PETITION_RECIPIENT, ownedByUnit('petition_recipient', 'unit_id'));
  const recipients = createRecipientsService(deps);
  const settings = createDeadlineSettingsService(deps);
  const routing = createRoutingService({
    db: deps.db,
    notifier,
    mailer: deps.mailer,
    publicUrl: deps.config.PUBLIC_URL,
  });
  deps.jobs.define(SWEEP_QUEUE, async () => {
    await sweepPetitions(deps.db, notifier, new Date());
  });
  deps.jobs.schedule(SWEEP_QUEUE, SWEEP_CRON, { tz: 'Asia/Ho_Chi_Minh' });

  /** Scorecards of the recipients serving a unit in the actor's petitions.read scope (404 outside it). */
  async function scorecardsFor(
    actor: Actor,
    query: { unitId?: string; from?: string; to?: string; kind?: 'agency' | 'delegate' },
  ) {
    const unitId = query.unitId ?? actor.activeUnitId;
    const found = await deps.db.execute<{ path: string }>(
      sql`SELECT path::text AS path FROM unit WHERE id = ${unitId}`,
    );
    const path = found.rows[0]?.path;
    if (!path || !isInScope(actor, 'petitions.read', path))
      throw notFound({
        vi: 'Không tìm thấy đơn vị trong phạm vi của bạn.',
        en: 'Unit not found within your scope.',
      });
    return scorecards(deps.db, {
      unitId,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      kind: query.kind,
    });
  }

  return {
    registerRoutes(app) {
      registerRoutingRoutes(app, { recipients, routing, settings, scorecards: scorecardsFor });
    },
  };
}
