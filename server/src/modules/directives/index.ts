import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';
import { ownedByUnit } from '../../platform/policy/index.ts';
import type { Notifier } from '../notifications/index.ts';
import { registerDirectiveRoutes } from './directives.routes.ts';
import { createDirectivesService } from './directives.service.ts';
import { NOTIFY_CREATED_QUEUE, notifyCreated, SWEEP_CRON, SWEEP_QUEUE, sweepDirectives } from './sweep.ts';

export { seedDemoDirective } from './demo.ts';
export * from './directives.schema.ts';
export { directiveTopic } from './directives.service.ts';
export { type AcknowledgementRate, acknowledgementRate, type SweepResult, sweepDirectives } from './sweep.ts';

/**
 * Directives (chỉ đạo): a leader sends a directive to chosen units with a deadline and a required
 * action; a live per-recipient board; reminders before the deadline and escalation when overdue.
 */
export function createDirectivesModule(deps: PlatformDeps, wiring: { notifier: Notifier }) {
  // The sender side: the board, export and cancel act on the sending unit's subtree.
  deps.resources.register('directive', ownedByUnit('directive', 'sender_unit_id'));
  const service = createDirectivesService(deps, async (id) => {
    await deps.jobs.send(NOTIFY_CREATED_QUEUE, { directiveId: id });
  });
  deps.topics.register({ kind: 'directive', canSubscribe: (actor, id) => service.canFollow(actor, id) });
  deps.jobs.define<{ directiveId: string }>(NOTIFY_CREATED_QUEUE, ({ directiveId }) =>
    notifyCreated(deps.db, wiring.notifier, directiveId),
  );
  deps.jobs.define(SWEEP_QUEUE, async () => {
    await sweepDirectives(deps.db, wiring.notifier, new Date());
  });
  deps.jobs.schedule(SWEEP_QUEUE, SWEEP_CRON, { tz: 'Asia/Ho_Chi_Minh' });
  return {
    name: 'directives',
    service,
    /** The periodic sweep at a chosen time (tests and tools; the job runs it every minute with now). */
    sweep: (now: Date) => sweepDirectives(deps.db, wiring.notifier, now),
    registerRoutes(app) {
      registerDirectiveRoutes(app, { service, storage: deps.storage });
    },
  } satisfies AppModule & Record<string, unknown>;
}

export type DirectivesModule = ReturnType<typeof createDirectivesModule>;
