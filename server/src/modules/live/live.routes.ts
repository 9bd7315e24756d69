import websocket from '@fastify/websocket';
import { liveCloseCodes } from '@mts/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../platform/errors/index.ts';
import { actorOf, signedIn } from '../../platform/policy/index.ts';
import type { TopicRegistry } from '../../platform/realtime/index.ts';
import { LiveConnection, type LiveLimits } from './live.connection.ts';
import type { LiveHub } from './live.hub.ts';
import { isStillSignedIn } from './live.session.ts';

/** Largest client frame accepted (subscribe frames are ~100 bytes); beyond, ws closes with 1009. */
export const MAX_FRAME_BYTES = 8 * 1024;
/** Sessions are re-checked every this many keepalive rounds (signed out, expired, disabled). */
const REAUTHENTICATE_EVERY_PINGS = 10;

export interface LiveRouteDeps {
  hub: LiveHub;
  topics: TopicRegistry;
  db: Database;
  /** Origins a browser may open the socket from: the app's own (PUBLIC_URL) and any configured. */
  allowedOrigins: ReadonlySet<string>;
  limits: LiveLimits & { maxSocketsPerUser: number; pingSeconds: number };
}

const originRefused = new AppError('FORBIDDEN', {
  message: {
    vi: 'Kết nối trực tiếp chỉ được mở từ chính ứng dụng Mặt trận số.',
    en: 'The live connection may only be opened from the Mặt trận số app itself.',
  },
});

/**
 * `GET /api/live` — the live WebSocket (protocol in contracts/src/live.ts). Refused before the
 * upgrade: no valid session or token (401), a browser page of another origin (403 — cross-site
 * WebSocket hijacking: cookies ride along on any site's `new WebSocket()`, so a session socket
 * must come from the app's own origin; a token holder without Origin is not a browser).
 */
export async function registerLiveRoutes(app: FastifyInstance, deps: LiveRouteDeps) {
  const open = new Set<LiveConnection>();
  const perUser = new Map<string, Set<LiveConnection>>();

  await app.register(websocket, {
    options: { maxPayload: MAX_FRAME_BYTES },
    // The server is closing: tell every client to come back (to another instance) and let go.
    preClose(done) {
      for (const connection of open) connection.close(1001, 'server shutting down');
      deps.hub.close();
      // A client that does not answer the closing handshake must not hold the shutdown.
      const force = setTimeout(() => {
        for (const client of app.websocketServer.clients) client.terminate();
      }, 1_000);
      force.unref();
      app.websocketServer.close(() => done());
    },
  });

  // @fastify/websocket hides its routes from OpenAPI; ours is part of the API: describe it.
  app.addHook('onRoute', (route) => {
    if (route.websocket && route.schema?.operationId) route.schema.hide = false;
  });

  // An upgrade refused by a hook that runs before the plugin's own (the policy layer's 401, the
  // origin check's 403) still holds its socket: end it once the refusal is sent.
  app.addHook('onResponse', async (request, reply) => {
    if (!request.ws && reply.statusCode !== 101 && request.headers.upgrade) request.raw.socket?.destroy();
  });

  app.get(
    '/live',
    {
      websocket: true,
      config: { access: signedIn },
      schema: {
        operationId: 'openLiveSocket',
        tags: ['live'],
        description:
          'WebSocket (Upgrade: websocket), signed in, Origin checked. JSON frames: subscribe/unsubscribe/ping → ' +
          'subscribed/event/error/pong/resync (schemas in contracts/src/live.ts; server/src/modules/live/README.md).',
      },
      preValidation: async (request: FastifyRequest) => {
        const actor = actorOf(request);
        const origin = request.headers.origin;
        if (origin === undefined ? actor.via === 'session' : !deps.allowedOrigins.has(origin))
          throw originRefused;
      },
    },
    (socket: WebSocket, request: FastifyRequest) => {
      const actor = actorOf(request);
      const connection = new LiveConnection(socket, actor, deps.hub, deps.topics, deps.limits);
      const mine = perUser.get(actor.staffId) ?? new Set<LiveConnection>();
      perUser.set(actor.staffId, mine);
      open.add(connection);
      mine.add(connection);

      let alive = true;
      let pings = 0;
      socket.on('pong', () => {
        alive = true;
      });
      const keepalive = setInterval(async () => {
        if (!alive) {
          socket.terminate();
          return;
        }
        alive = false;
        socket.ping();
        pings += 1;
        if (pings % REAUTHENTICATE_EVERY_PINGS !== 0) return;
        const valid = await isStillSignedIn(deps.db, connection.actor).catch(() => true);
        if (!valid) connection.close(liveCloseCodes.unauthenticated, 'session ended');
      }, deps.limits.pingSeconds * 1000);
      keepalive.unref();

      socket.on('close', () => {
        clearInterval(keepalive);
        connection.dispose();
        open.delete(connection);
        mine.delete(connection);
        if (mine.size === 0) perUser.delete(actor.staffId);
      });
      if (mine.size > deps.limits.maxSocketsPerUser)
        connection.close(liveCloseCodes.tooManySockets, 'too many sockets');
    },
  );
}
