import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { createAuditModule } from './modules/audit/index.ts';
import { createDirectivesModule } from './modules/directives/index.ts';
import {
  createDocumentsModule,
  createSigningPorts,
  type RemoteProviderEntry,
  remoteProvidersFrom,
  tsaFrom,
} from './modules/documents/index.ts';
import { createExchangeModule } from './modules/exchange/index.ts';
import { createHealthModule } from './modules/health/index.ts';
import { createIdentityModule } from './modules/identity/index.ts';
import { createLiveModule } from './modules/live/index.ts';
import { createMailOutboxModule } from './modules/mail-outbox/index.ts';
import { createMessagingModule } from './modules/messaging/index.ts';
import { createNotificationsModule, createNotifier } from './modules/notifications/index.ts';
import { createOrganisationModule } from './modules/organisation/index.ts';
import { createPetitionsModules } from './modules/petitions/index.ts';
import { createHostMap, createPortalModules, portalPathForHost } from './modules/portal/index.ts';
import { createSignaturesModule } from './modules/signatures/index.ts';
import { registerErrorHandler } from './platform/errors/index.ts';
import type { AppModule, PlatformDeps } from './platform/http/index.ts';
import { registerPolicy } from './platform/policy/index.ts';

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface BuildOptions {
  /**
   * Remote signing services added to SIGNATURE_REMOTE_PROVIDERS's; the map stays live, so a service
   * started after the app is built (the demo's simulator) can be added to it.
   */
  remoteProviders?: Map<string, RemoteProviderEntry>;
  logger?: boolean | object;
}

/** Builds the whole application on the given platform services; listens nowhere. */
export async function buildApp(deps: PlatformDeps, options: BuildOptions = {}): Promise<FastifyInstance> {
  // Sites served on their own host names: their paths are rewritten to /trang/{slug}/… before routing.
  const portalHosts = createHostMap(deps);
  await portalHosts.ready;
  const app = Fastify({
    rewriteUrl: (request) => portalPathForHost(request.headers.host, request.url ?? '/', portalHosts.hosts),
    logger: options.logger ?? false,
    trustProxy: deps.config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // The LISTEN connection of this instance (opened on the first subscription) ends with the app.
  app.addHook('onClose', async () => portalHosts.close());
  app.addHook('onClose', () => deps.realtime.close());

  registerErrorHandler(app);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: true,
    max: deps.config.RATE_LIMIT_PER_MINUTE,
    timeWindow: '1 minute',
    // Per credential when there is one (a commune office shares one public IP), else per address.
    keyGenerator: (request) => {
      const credential = request.headers.authorization ?? request.cookies?.mts_session;
      return credential
        ? `c:${createHash('sha256').update(credential).digest('base64url')}`
        : `ip:${request.ip}`;
    },
  });
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 20 } });
  // After cookies, rate limits and security headers (their onRequest hooks run first), before any
  // route — the API docs' included — so every route is guarded and listed in app.routeAccess.
  const identity = createIdentityModule(deps);
  registerPolicy(app, { db: deps.db, authenticator: identity.authenticator, resources: deps.resources });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Mặt trận số API',
        version: '0.1.0',
        description: 'API of the Vietnam Fatherland Front platform.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'mts_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  const exchange = createExchangeModule(deps);
  const signatures = createSignaturesModule(deps);
  // Documents sign and verify through the signatures capability (keys, images, trust anchors).
  const signing = createSigningPorts({
    db: deps.db,
    keystoreKey: signatures.keystoreKey,
    remoteProviders: withConfigured(options.remoteProviders, deps.config.SIGNATURE_REMOTE_PROVIDERS),
    tsa: tsaFrom(deps.config.SIGNATURE_TSA_URL),
  });
  // In-app, e-mail and Web Push notices; modules that notify people get this notifier.
  const notifier = createNotifier(deps);
  const modules: AppModule[] = [
    createHealthModule(deps),
    identity,
    createOrganisationModule(deps),
    createAuditModule(deps),
    createMailOutboxModule(deps),
    createDocumentsModule(deps, { exchange, signing }),
    exchange,
    signatures,
    createLiveModule(deps),
    createNotificationsModule(deps, notifier),
    createMessagingModule(deps),
    createDirectivesModule(deps, { notifier }),
    ...createPetitionsModules(deps, { notifier }),
    ...createPortalModules(deps),
  ];
  for (const module of modules) {
    await app.register(async (scope) => module.registerRoutes(scope), { prefix: module.prefix ?? '/api' });
  }

  if (existsSync(path.join(webDist, 'index.html'))) await serveWebApp(app);
  return app;
}

/**
 * The built staff app lives under /app/ (the site root is left for the public portal): hashed
 * assets cached for a year, index.html (never cached) for every client-side route.
 */
async function serveWebApp(app: FastifyInstance) {
  await app.register(fastifyStatic, { root: webDist, serve: false });
  // Static files are cheap and a code-split first visit loads dozens: not rate limited.
  const open = { config: { access: { public: true }, rateLimit: false } } as const;
  app.get('/app/assets/*', open, (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    return reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .sendFile(path.join('assets', file));
  });
  const sendIndex = (
    _request: unknown,
    reply: { header: (k: string, v: string) => { sendFile: (f: string) => unknown } },
  ) => reply.header('cache-control', 'no-cache').sendFile('index.html');
  app.get('/app', open, sendIndex);
  app.get('/app/*', open, sendIndex);
  app.get('/', open, (_request, reply) => reply.redirect('/app/'));
  // Top-level files of the build (the icon index.html links as /app/favicon.svg), also at the root.
  for (const file of ['favicon.svg', 'robots.txt', 'push-sw.js']) {
    if (!existsSync(path.join(webDist, file))) continue;
    app.get(`/app/${file}`, open, (_request, reply) => reply.sendFile(file));
    app.get(`/${file}`, open, (_request, reply) => reply.sendFile(file));
  }
}

/** The configured remote signing services, added to the caller's live map when one is given. */
function withConfigured(live: Map<string, RemoteProviderEntry> | undefined, json: string | undefined) {
  const providers = live ?? new Map<string, RemoteProviderEntry>();
  for (const [id, entry] of remoteProvidersFrom(json)) providers.set(id, entry);
  return providers;
}
