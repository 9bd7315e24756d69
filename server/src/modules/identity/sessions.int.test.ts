import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree } from '../../../test/factories.ts';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness.ts';
import { auditActionsFor, ensureRole, freshClient } from './test-support/clients.ts';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
beforeAll(async () => {
  ctx = await createTestContext();
  tree = await buildTree(ctx.platform.db);
});
afterAll(() => ctx.close());

async function signInWith(person: { username: string; password: string }, userAgent: string) {
  const client = freshClient(ctx);
  const response = await client.request({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: person.username, password: person.password },
    headers: { 'user-agent': userAgent },
  });
  expect(response.statusCode).toBe(200);
  return client;
}

type Listed = { id: string; current: boolean; ip: string; userAgent: string; authMethod: string };
const sessionsOf = async (client: TestClient) => (await client.get('/api/auth/sessions')).json() as Listed[];

describe('one’s own sessions', () => {
  it('lists where and how the person is signed in, marks this one, and signs another device out', async () => {
    const person = await buildStaff(ctx.platform.db, {
      unitId: tree.communeA.id,
      roles: [{ roleId: 'clerk' }],
    });
    const laptop = await signInWith(person, 'Firefox trên máy tính cơ quan');
    const phone = await signInWith(person, 'Chrome trên Android');

    const listed = await sessionsOf(laptop);
    expect(listed).toHaveLength(2);
    const here = listed.find((s) => s.current)!;
    const there = listed.find((s) => !s.current)!;
    expect(here).toMatchObject({
      userAgent: 'Firefox trên máy tính cơ quan',
      ip: laptop.ip,
      authMethod: 'password',
    });
    expect(there).toMatchObject({ userAgent: 'Chrome trên Android', ip: phone.ip });

    expect((await laptop.delete(`/api/auth/sessions/${there.id}`)).statusCode).toBe(204);
    expect((await phone.get('/api/auth/me')).statusCode).toBe(401);
    expect((await sessionsOf(laptop)).map((s) => s.id)).toEqual([here.id]);
    expect(await auditActionsFor(ctx, there.id)).toContain('auth.session_revoked');

    // Ending the current session signs this browser out too.
    const ended = await laptop.delete(`/api/auth/sessions/${here.id}`);
    expect(ended.statusCode).toBe(204);
    expect((await laptop.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('cannot end somebody else’s session', async () => {
    const owner = await buildStaff(ctx.platform.db, {
      unitId: tree.communeA.id,
      roles: [{ roleId: 'clerk' }],
    });
    const other = await buildStaff(ctx.platform.db, {
      unitId: tree.communeA.id,
      roles: [{ roleId: 'clerk' }],
    });
    const ownerClient = await signInWith(owner, 'A');
    const otherClient = await signInWith(other, 'B');
    const [target] = await sessionsOf(ownerClient);
    const refused = await otherClient.delete(`/api/auth/sessions/${target!.id}`);
    expect(refused.statusCode).toBe(404);
    expect((await ownerClient.get('/api/auth/me')).statusCode).toBe(200);
  });
});

describe('sessions of other staff (sessions.manage)', () => {
  it('an administrator sees and ends sessions of staff in their subtree, and nobody else’s', async () => {
    await ensureRole(ctx, 'session_admin', ['sessions.manage', 'staff.read']);
    const admin = await buildStaff(ctx.platform.db, {
      unitId: tree.provinceA.id,
      roles: [{ roleId: 'session_admin' }],
    });
    const adminClient = await signInWith(admin, 'admin');
    const inside = await buildStaff(ctx.platform.db, {
      unitId: tree.communeA.id,
      roles: [{ roleId: 'clerk' }],
    });
    const outside = await buildStaff(ctx.platform.db, {
      unitId: tree.communeB.id,
      roles: [{ roleId: 'clerk' }],
    });
    const insideOffice = await signInWith(inside, 'văn phòng');
    const insideHome = await signInWith(inside, 'ở nhà');
    const outsideClient = await signInWith(outside, 'tỉnh B');

    const listed = await adminClient.get(`/api/identity/staff/${inside.id}/sessions`);
    expect(listed.statusCode).toBe(200);
    const sessions = listed.json() as Listed[];
    expect(sessions.map((s) => s.userAgent).sort()).toEqual(['văn phòng', 'ở nhà']);
    expect(sessions.every((s) => !s.current)).toBe(true);

    const office = sessions.find((s) => s.userAgent === 'văn phòng')!;
    expect(
      (await adminClient.delete(`/api/identity/staff/${inside.id}/sessions/${office.id}`)).statusCode,
    ).toBe(204);
    expect((await insideOffice.get('/api/auth/me')).statusCode).toBe(401);
    expect((await insideHome.get('/api/auth/me')).statusCode).toBe(200);

    const all = await adminClient.delete(`/api/identity/staff/${inside.id}/sessions`);
    expect(all.json()).toEqual({ revoked: 1 });
    expect((await insideHome.get('/api/auth/me')).statusCode).toBe(401);
    expect(await auditActionsFor(ctx, inside.id)).toContain('auth.sessions_revoked');

    expect((await adminClient.get(`/api/identity/staff/${outside.id}/sessions`)).statusCode).toBe(404);
    expect((await adminClient.delete(`/api/identity/staff/${outside.id}/sessions`)).statusCode).toBe(404);
    expect((await outsideClient.get('/api/auth/me')).statusCode).toBe(200);

    // A session id of someone outside cannot be ended through a person inside.
    const [outsideSession] = await sessionsOf(outsideClient);
    const sideways = await adminClient.delete(
      `/api/identity/staff/${inside.id}/sessions/${outsideSession!.id}`,
    );
    expect(sideways.statusCode).toBe(404);
    expect((await outsideClient.get('/api/auth/me')).statusCode).toBe(200);
  });
});
