import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree } from '../../../test/factories.ts';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness.ts';
import { apiToken } from './identity.schema.ts';
import { auditActionsFor, ensureRole, freshClient } from './test-support/clients.ts';
import { sha256Hex } from './tokens.ts';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let adminA: TestClient;
let adminB: TestClient;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function adminAt(unitId: string) {
  const person = await buildStaff(ctx.platform.db, { unitId, roles: [{ roleId: 'integration_admin' }] });
  const client = freshClient(ctx);
  await client.login(person.username, person.password);
  return client;
}

beforeAll(async () => {
  ctx = await createTestContext();
  tree = await buildTree(ctx.platform.db);
  await ensureRole(ctx, 'integration_admin', [
    'tokens.manage',
    'roles.read',
    'roles.assign',
    'units.read',
    'staff.read',
    // The member role answers directives: an assigner grants only what they hold.
    'directives.respond',
  ]);
  adminA = await adminAt(tree.provinceA.id);
  adminB = await adminAt(tree.provinceB.id);
});
afterAll(() => ctx.close());

function bearer(token: string) {
  const client = freshClient(ctx);
  client.bearer = token;
  return client;
}

async function createToken(body: Record<string, unknown>) {
  const created = await adminA.post('/api/tokens', {
    name: 'Cổng dịch vụ công tỉnh',
    unitId: tree.communeA.id,
    // What the member role grants (directives.respond, units.read): a token assigns only what it holds.
    permissions: ['roles.read', 'roles.assign', 'units.read', 'directives.respond'],
    expiresAt: inDays(30),
    ...body,
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json() as { id: string; token: string; prefix: string };
}

describe('API tokens for integrations', () => {
  it('shows the token once, stores only its hash, and works as a Bearer credential without CSRF', async () => {
    const created = await createToken({});
    expect(created.token).toMatch(/^mts_[A-Za-z0-9_-]{43}$/);
    expect(created.token.startsWith(created.prefix)).toBe(true);
    const [stored] = await ctx.platform.db.select().from(apiToken).where(eq(apiToken.id, created.id));
    expect(stored!.tokenHash).toBe(sha256Hex(created.token));
    expect(JSON.stringify(stored)).not.toContain(created.token);

    const listed = (await adminA.get('/api/tokens')).json();
    const entry = listed.find((t: { id: string }) => t.id === created.id);
    expect(entry).toMatchObject({
      name: 'Cổng dịch vụ công tỉnh',
      unit: { id: tree.communeA.id },
      revokedAt: null,
    });
    expect(entry).not.toHaveProperty('token');

    const integration = bearer(created.token);
    expect((await integration.get('/api/roles')).statusCode).toBe(200);
    // A write: no CSRF header, no cookie; the token's own scope and permissions apply.
    const member = await buildStaff(ctx.platform.db, { unitId: tree.communeA.id });
    const assigned = await integration.post(`/api/identity/staff/${member.id}/roles`, {
      roleId: 'member',
      unitId: tree.communeA.id,
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    const elsewhere = await buildStaff(ctx.platform.db, { unitId: tree.communeB.id });
    const outside = await integration.post(`/api/identity/staff/${elsewhere.id}/roles`, {
      roleId: 'member',
      unitId: tree.communeB.id,
    });
    expect(outside.statusCode).toBe(404);
    expect(
      (await adminA.get('/api/tokens')).json().find((t: { id: string }) => t.id === created.id).lastUsedAt,
    ).not.toBeNull();
  });

  it('stops working once revoked or expired', async () => {
    const revoked = await createToken({ name: 'Sẽ thu hồi' });
    expect((await bearer(revoked.token).get('/api/roles')).statusCode).toBe(200);
    expect((await adminA.delete(`/api/tokens/${revoked.id}`)).statusCode).toBe(204);
    const afterRevoke = await bearer(revoked.token).get('/api/roles');
    expect(afterRevoke.statusCode).toBe(401);
    expect(afterRevoke.json().error.code).toBe('UNAUTHENTICATED');
    expect(await auditActionsFor(ctx, revoked.id)).toEqual(['api_token.create', 'api_token.revoke']);

    const expiring = await createToken({ name: 'Sẽ hết hạn' });
    await ctx.platform.db
      .update(apiToken)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(apiToken.id, expiring.id));
    expect((await bearer(expiring.token).get('/api/roles')).statusCode).toBe(401);
    expect((await bearer('mts_khong-phai-ma-that').get('/api/roles')).statusCode).toBe(401);
  });

  it('never grants more than the creator holds there, outside their subtree, or for more than a year', async () => {
    const beyond = await adminA.post('/api/tokens', {
      name: 'Quá quyền',
      unitId: tree.communeA.id,
      permissions: ['units.read', 'audit.read'],
      expiresAt: inDays(30),
    });
    expect(beyond.statusCode).toBe(403);
    expect(beyond.json().error.message).toMatch(/audit\.read/);

    const otherProvince = await adminA.post('/api/tokens', {
      name: 'Tỉnh khác',
      unitId: tree.communeB.id,
      permissions: ['units.read'],
      expiresAt: inDays(30),
    });
    expect(otherProvince.statusCode).toBe(404);

    for (const expiresAt of [inDays(400), inDays(-1)]) {
      const refused = await adminA.post('/api/tokens', {
        name: 'Hạn sai',
        unitId: tree.communeA.id,
        permissions: ['units.read'],
        expiresAt,
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.issues[0].path).toBe('body.expiresAt');
    }
  });

  it('is visible to and revocable by administrators of its subtree only', async () => {
    const created = await createToken({ name: 'Của tỉnh A' });
    expect((await adminB.get('/api/tokens')).json().map((t: { id: string }) => t.id)).not.toContain(
      created.id,
    );
    expect((await adminB.delete(`/api/tokens/${created.id}`)).statusCode).toBe(404);
    expect((await bearer(created.token).get('/api/roles')).statusCode).toBe(200);
  });

  it('cannot be used to create further tokens', async () => {
    const minting = await createToken({ name: 'Tự sinh', permissions: ['tokens.manage', 'units.read'] });
    const refused = await bearer(minting.token).post('/api/tokens', {
      name: 'Con',
      unitId: tree.communeA.id,
      permissions: ['units.read'],
      expiresAt: inDays(365),
    });
    expect(refused.statusCode).toBe(403);
  });
});
