import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';
import { registerMessagingRoutes } from './messaging.routes.ts';
import { createMessagingService } from './messaging.service.ts';
import { SYNC_QUEUE, syncHierarchyChannels } from './sync.ts';

export * from './messaging.schema.ts';
export {
  type ChannelAccess,
  type ChannelEventType,
  channelAccess,
  type MessagingService,
} from './messaging.service.ts';
export { SYNC_QUEUE, syncHierarchyChannels } from './sync.ts';

/**
 * Channels and messages (kênh trao đổi): hierarchy channels kept in sync with the organisation,
 * ad-hoc and direct channels, threads, mentions, reactions, pins, edits with history, search,
 * and the realtime topic `channel:<id>` (ordered events with catch-up).
 */
export function createMessagingModule(deps: PlatformDeps) {
  const secret = deps.config.SECRET_KEY;
  if (!secret) throw new Error('SECRET_KEY is required by the messaging module');
  const messaging = createMessagingService({ db: deps.db, storage: deps.storage, secret });

  deps.topics.register({
    kind: 'channel',
    canSubscribe: async (actor, id) => (await messaging.channelAccess(actor, id))?.canRead === true,
    eventsSince: (id, since, limit) => messaging.eventsSince(id, since, limit),
  });

  // Changes sync at commit (migration 0038); a full sync every hour is a safety net.
  deps.jobs.define(SYNC_QUEUE, async () => {
    await syncHierarchyChannels(deps.db);
  });
  deps.jobs.schedule(SYNC_QUEUE, '17 * * * *', { tz: 'Asia/Ho_Chi_Minh' });

  return {
    name: 'messaging',
    messaging,
    sync: (unitIds?: string[]) => syncHierarchyChannels(deps.db, { unitIds }),
    registerRoutes(app) {
      registerMessagingRoutes(app, messaging);
    },
  } satisfies AppModule & Record<string, unknown>;
}

export type MessagingModule = ReturnType<typeof createMessagingModule>;
