import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('sign-in and the policy layer', () => {
  it('answers 401 without a session and signs in with a password', async () => {
    const tree = await buildTree(ctx.platform.db);
    const person = await buildStaff(ctx.platform.db, {
      unitId: tree.communeA.id,
      roles: [{ roleId: 'clerk' }],
    });
    const client = ctx.client();
    expect((await client.get('/api/auth/me')).statusCode).toBe(401);
    expect((await client.login(person.username, person.password)).mfa).toBe('none');
    const me = await client.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().activeUnit.id).toBe(tree.communeA.id);
    expect(me.json().permissions).toContain('units.read');
  });

  it('rejects a cookie-authenticated write without the CSRF header', async () => {
    const tree = await buildTree(ctx.platform.db);
    const person = await buildStaff(ctx.platform.db, {
      unitId: tree.communeA.id,
      roles: [{ roleId: 'clerk' }],
    });
    const client = ctx.client();
    await client.login(person.username, person.password);
    const forged = await client.request({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('CSRF_INVALID');
    expect((await client.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await client.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('explains validation errors in Vietnamese, or English when asked', async () => {
    const client = ctx.client();
    const vi = await client.post('/api/auth/login', { username: '' });
    expect(vi.statusCode).toBe(400);
    expect(vi.json().error.issues.map((i: { path: string }) => i.path)).toEqual([
      'body.username',
      'body.password',
    ]);
    expect(vi.json().error.message).toMatch(/không hợp lệ/);
    client.language = 'en';
    const en = await client.post('/api/auth/login', { username: '' });
    expect(en.json().error.message).toMatch(/invalid/);
    expect(JSON.stringify(en.json())).not.toMatch(/stack|at .*\.ts/);
  });
});

describe('validation messages', () => {
  it("keep a schema's own explanation (what a valid identifier code looks like)", async () => {
    const tree = await buildTree(ctx.platform.db);
    await ctx.platform.db.execute(sql`UPDATE role SET requires_mfa = false WHERE id = 'unit_admin'`);
    const admin = await buildStaff(ctx.platform.db, {
      unitId: tree.provinceA.id,
      roles: [{ roleId: 'unit_admin' }],
    });
    const client = ctx.client();
    await client.login(admin.username, admin.password);
    const response = await client.post('/api/units', {
      parentId: tree.provinceA.id,
      levelId: 'commune',
      kind: 'committee',
      name: 'Ủy ban MTTQ xã Mới',
      code: 'xa-moi',
    });
    expect(response.statusCode).toBe(400);
    const issue = response.json().error.issues.find((i: { path: string }) => i.path === 'body.code');
    expect(issue.message).toMatch(/Mã định danh chỉ gồm chữ số, chữ in hoa và dấu chấm/);
  });
});
