import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';
import { LiveHub } from './live.hub.ts';
import { unitTopicKind, userTopicKind } from './live.kinds.ts';
import { registerLiveRoutes } from './live.routes.ts';

export { unitTopic, userTopic } from './live.kinds.ts';

/**
 * The live WebSocket gateway (`GET /api/live`): browsers subscribe to topics, every subscription is
 * authorised by the topic's kind (deps.topics), events reach sockets on every instance through
 * deps.realtime. Registers the `user:<staffId>` and `unit:<unitId>` inbox kinds.
 */
export function createLiveModule(
  deps: Pick<PlatformDeps, 'config' | 'db' | 'realtime' | 'topics'>,
): AppModule & { hub: LiveHub } {
  deps.topics.register(userTopicKind);
  deps.topics.register(unitTopicKind(deps.db));
  const hub = new LiveHub(deps.realtime, () => undefined);
  const { config } = deps;
  const allowedOrigins = new Set([
    new URL(config.PUBLIC_URL).origin,
    // `npm run dev`: the Vite dev server proxies /api/live from its own origin.
    ...(config.NODE_ENV === 'development' ? ['http://localhost:5173'] : []),
    ...(config.LIVE_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean)
      .map((origin) => new URL(origin).origin),
  ]);
  return {
    name: 'live',
    hub,
    registerRoutes: (app) =>
      registerLiveRoutes(app, {
        hub,
        topics: deps.topics,
        db: deps.db,
        allowedOrigins,
        limits: {
          maxSubscriptions: config.LIVE_MAX_SUBSCRIPTIONS,
          maxMessagesPerMinute: config.LIVE_MAX_MESSAGES_PER_MINUTE,
          maxSocketsPerUser: config.LIVE_MAX_SOCKETS_PER_USER,
          pingSeconds: config.LIVE_PING_SECONDS,
        },
      }),
  };
}
