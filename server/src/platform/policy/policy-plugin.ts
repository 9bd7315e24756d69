import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.ts';
import { AppError } from '../errors/index.ts';
import type { Access } from './access.ts';
import { type Actor, can, isInScope } from './actor.ts';
import type { ResourceRegistry } from './resources.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its access rule, as registered: for API listings, metrics labels and the route-matrix test. */
    routeAccess: RouteAccessRegistry;
  }
}

export interface RouteAccessEntry {
  method: string;
  url: string;
  access: Access;
}

/** The access rule of every registered route, filled by the policy layer's `onRoute` hook. */
export class RouteAccessRegistry {
  private readonly entries: RouteAccessEntry[] = [];

  add(entry: RouteAccessEntry) {
    this.entries.push(entry);
  }

  list(): readonly RouteAccessEntry[] {
    return this.entries;
  }
}

export interface Authenticator {
  /** Reads the session cookie or bearer token; null when there is none or it is invalid. */
  authenticate(request: FastifyRequest): Promise<Actor | null>;
}

/** Plugins that register their own routes (API docs, static files) and are public by nature. */
const PLUGIN_ROUTE_PREFIXES = ['/api/docs'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The one policy layer. Every route must declare `config.access`; every request passes through
 * here before its body is even parsed: 401 (no valid credentials), 403 (missing permission or
 * CSRF), 404 (the record exists outside the actor's subtree — indistinguishable from absent).
 */
export function registerPolicy(
  app: FastifyInstance,
  deps: { db: Database; authenticator: Authenticator; resources: ResourceRegistry },
) {
  app.decorateRequest('actor', null);
  const registry = new RouteAccessRegistry();
  app.decorate('routeAccess', registry);

  app.addHook('onRoute', (route) => {
    if (!route.config?.access) {
      if (!PLUGIN_ROUTE_PREFIXES.some((prefix) => route.url.startsWith(prefix)))
        throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule (config.access)`);
      route.config = { ...route.config, access: { public: true } };
    }
    const access = route.config.access!;
    for (const method of [route.method].flat()) registry.add({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (request) => {
    const access: Access | undefined = request.routeOptions.config?.access;
    if (!access) return; // unmatched route: the not-found handler answers
    request.actor = await deps.authenticator.authenticate(request);
    if ('public' in access) return;
    const actor = request.actor;
    if (!actor) throw new AppError('UNAUTHENTICATED');
    const allowPendingMfa = 'authenticated' in access && access.allowPendingMfa === true;
    if (!actor.mfaSatisfied && !allowPendingMfa) throw new AppError('MFA_REQUIRED');
    if (actor.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || header !== actor.csrfToken) throw new AppError('CSRF_INVALID');
    }
    if ('authenticated' in access) return;
    if (!can(actor, access.permission)) throw new AppError('FORBIDDEN');
    if (access.resource) {
      const id = (request.params as Record<string, string | undefined>)[access.resource.param];
      const path = id ? await deps.resources.get(access.resource.kind)(deps.db, id) : null;
      if (!path || !isInScope(actor, access.permission, path)) throw new AppError('NOT_FOUND');
    }
  });
}

/** The actor of a route that declared a permission or `authenticated`: present by construction. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  return request.actor;
}
