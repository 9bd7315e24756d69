import { randomUUID } from 'node:crypto';
import type { Permission } from '@mts/contracts';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree } from '../../../test/factories.ts';
import { createTestContext, type TestClient } from '../../../test/harness.ts';
import { resourceFactories } from '../../../test/resource-factories.ts';
import { role } from '../../modules/identity/index.ts';
import type { RouteAccessEntry } from './index.ts';

/**
 * The security matrix: every route the app registers, whoever registered it, is called as
 * - nobody → 401;
 * - a signed-in user whose only role grants nothing → 403;
 * - a user holding exactly the route's permission → past the policy (never 401/403);
 * - for a route naming a resource kind: that user addressing a record of another province → 404,
 *   and a record of their own province → past the policy.
 * Write requests carry a malformed JSON body: the policy answers before the body is parsed, so a
 * 400 proves the request got through the policy and nothing was changed.
 */
const ctx = await createTestContext();
afterAll(() => ctx.close());
const db = ctx.platform.db;

const allRoutes = ctx.app.routeAccess.list();
const hasGet = new Set(allRoutes.filter((r) => r.method === 'GET').map((r) => r.url));
// HEAD routes Fastify adds beside each GET run the same hooks and handler as the GET.
const routes = allRoutes.filter((r) => !(r.method === 'HEAD' && hasGet.has(r.url)));
const guarded = routes.filter((r) => !('public' in r.access));
const publicRoutes = routes.filter((r) => 'public' in r.access);
const label = (r: RouteAccessEntry) => {
  const access = r.access;
  if ('public' in access) return `${r.method} ${r.url} (public)`;
  if ('authenticated' in access) return `${r.method} ${r.url} (signed in)`;
  const resource = access.resource ? ` on ${access.resource.kind}:${access.resource.param}` : '';
  return `${r.method} ${r.url} (${access.permission}${resource})`;
};

let tree: Awaited<ReturnType<typeof buildTree>>;
let ipCounter = 0;
/** Each client gets its own address so the per-address rate limits never interfere. */
const nextIp = () => {
  ipCounter += 1;
  return `127.77.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
};

function newClient(): TestClient {
  const client = ctx.client();
  client.ip = nextIp();
  return client;
}

const signedInClients = new Map<string, Promise<TestClient>>();
/** A user at province A whose one role holds exactly `permissions` there (MFA not required). */
function userHolding(roleId: string, granted: readonly Permission[]): Promise<TestClient> {
  let client = signedInClients.get(roleId);
  if (!client) {
    client = (async () => {
      await db.insert(role).values({
        id: roleId,
        nameVi: roleId,
        nameEn: roleId,
        permissions: [...granted],
        requiresMfa: false,
      });
      const person = await buildStaff(db, { unitId: tree.provinceA.id, roles: [{ roleId }] });
      const signedIn = newClient();
      await signedIn.login(person.username, person.password);
      return signedIn;
    })();
    signedInClients.set(roleId, client);
  }
  return client;
}

const PARAM = /:([A-Za-z0-9_]+)(\([^)]*\))?/g;
const paramsOf = (url: string) => [...url.matchAll(PARAM)].map((m) => m[1]!);

/** The URL with `values` for the named parameters and a valid-looking UUID for every other one. */
function fill(url: string, values: Record<string, string> = {}) {
  return url.replace(PARAM, (_match, name: string) => values[name] ?? randomUUID()).replace(/\*$/, 'x');
}

function call(client: TestClient, route: RouteAccessEntry, url: string) {
  const options: InjectOptions = { method: route.method as InjectOptions['method'], url };
  if (!['GET', 'HEAD', 'OPTIONS'].includes(route.method)) {
    options.payload = '{';
    options.headers = { 'content-type': 'application/json' };
  }
  return client.request(options);
}

const isWrite = (route: RouteAccessEntry) => !['GET', 'HEAD', 'OPTIONS'].includes(route.method);

beforeAll(async () => {
  tree = await buildTree(db);
  console.info(
    `route matrix: ${guarded.length} guarded routes checked; ${publicRoutes.length} public: ${publicRoutes.map((r) => `${r.method} ${r.url}`).join(', ')}`,
  );
});

describe(`route matrix: ${guarded.length} guarded routes (of ${routes.length})`, () => {
  it('the app registers guarded routes at all', () => {
    expect(guarded.length).toBeGreaterThan(0);
  });

  it.each(guarded.map((r) => [label(r), r] as const))('%s', async (_label, route) => {
    const access = route.access;
    const anonymous = await call(newClient(), route, fill(route.url));
    expect(anonymous.statusCode, `${label(route)} without credentials`).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
    if (!('permission' in access)) return;

    const nobody = await userHolding('matrix_none', []);
    const refused = await call(nobody, route, fill(route.url));
    expect(refused.statusCode, `${label(route)} for a user without the permission`).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');

    const holder = await userHolding(`matrix_only_${access.permission}`, [access.permission]);
    if (!access.resource) {
      const passed = await call(holder, route, fill(route.url));
      expect([401, 403], `${label(route)} for a holder of ${access.permission}`).not.toContain(
        passed.statusCode,
      );
      expect(passed.statusCode, `${label(route)} must not fail on the server`).toBeLessThan(500);
      if (isWrite(route)) expect(passed.statusCode).toBe(400);
      return;
    }

    const { kind, param } = access.resource;
    expect(paramsOf(route.url), `${label(route)}: the resource parameter is not in the URL`).toContain(param);
    expect(() => ctx.platform.resources.get(kind), `resource kind '${kind}' is not registered`).not.toThrow();
    const factory = resourceFactories[kind];
    if (!factory) {
      throw new Error(
        `No resource factory for kind '${kind}' (route ${route.method} ${route.url}): add one to server/test/resource-factories.ts`,
      );
    }

    const elsewhere = await factory(db, tree.provinceB.id);
    const hidden = await call(holder, route, fill(route.url, { [param]: elsewhere }));
    expect(hidden.statusCode, `${label(route)} on a record of another province`).toBe(404);
    expect(hidden.json().error.code).toBe('NOT_FOUND');

    const own = await factory(db, tree.provinceA.id);
    const allowed = await call(holder, route, fill(route.url, { [param]: own }));
    const otherParams = paramsOf(route.url).filter((p) => p !== param);
    // A handler may answer 404 for a placeholder in another parameter; with none, 404 is the policy's.
    const policyAnswers = otherParams.length === 0 ? [401, 403, 404] : [401, 403];
    expect(policyAnswers, `${label(route)} on a record of the holder's own province`).not.toContain(
      allowed.statusCode,
    );
    expect(allowed.statusCode, `${label(route)} must not fail on the server`).toBeLessThan(500);
    if (isWrite(route)) expect(allowed.statusCode).toBe(400);
  });
});
