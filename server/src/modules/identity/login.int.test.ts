import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { staff } from '../organisation/index.ts';
import { credential } from './identity.schema.ts';
import { THROTTLE_MAX_FAILURES } from './login-throttle.ts';
import { auditActionsFor, freshClient } from './test-support/clients.ts';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
beforeAll(async () => {
  ctx = await createTestContext();
  tree = await buildTree(ctx.platform.db);
});
afterAll(() => ctx.close());

const attempt = (client: ReturnType<typeof freshClient>, username: string, password: string) =>
  client.post('/api/auth/login', { username, password });

describe('account lockout', () => {
  it('locks after 5 wrong passwords — even the right one is refused — and unlocks when the lock expires', async () => {
    const person = await buildStaff(ctx.platform.db, {
      unitId: tree.communeA.id,
      roles: [{ roleId: 'clerk' }],
    });
    const client = freshClient(ctx);
    for (let i = 1; i <= 5; i++) {
      const wrong = await attempt(client, person.username, `sai-mat-khau-${i}`);
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    }
    const locked = await attempt(client, person.username, person.password);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    expect(locked.json().error.message).toMatch(/tạm khóa/);

    const [row] = await ctx.platform.db
      .select({ lockedUntil: credential.lockedUntil })
      .from(credential)
      .where(eq(credential.staffId, person.id));
    const minutes = (row!.lockedUntil!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14); // LOGIN_LOCK_MINUTES = 15
    expect(minutes).toBeLessThanOrEqual(15);
    expect(await auditActionsFor(ctx, person.id)).toContain('auth.account_locked');

    // The lock period passes.
    await ctx.platform.db
      .update(credential)
      .set({ lockedUntil: sql`now() - interval '1 second'` })
      .where(eq(credential.staffId, person.id));
    const after = await attempt(client, person.username, person.password);
    expect(after.statusCode).toBe(200);
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('counts consecutive failures only: a successful sign-in starts the count again', async () => {
    const person = await buildStaff(ctx.platform.db, {
      unitId: tree.communeA.id,
      roles: [{ roleId: 'clerk' }],
    });
    const client = freshClient(ctx);
    for (let i = 0; i < 4; i++)
      expect((await attempt(client, person.username, 'sai-mat-khau')).statusCode).toBe(401);
    expect((await attempt(client, person.username, person.password)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++)
      expect((await attempt(client, person.username, 'sai-mat-khau')).statusCode).toBe(401);
    expect((await attempt(client, person.username, person.password)).statusCode).toBe(200);
  });

  it('refuses a suspended account even with the right password', async () => {
    const person = await buildStaff(ctx.platform.db, {
      unitId: tree.communeA.id,
      roles: [{ roleId: 'clerk' }],
    });
    await ctx.platform.db.update(staff).set({ status: 'suspended' }).where(eq(staff.id, person.id));
    const refused = await attempt(freshClient(ctx), person.username, person.password);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('ACCOUNT_DISABLED');
  });
});

describe('login throttling', () => {
  it('throttles guesses at one username coming from many addresses, whether or not it exists', async () => {
    const target = 'khong.ton.tai';
    for (let i = 0; i < THROTTLE_MAX_FAILURES; i++) {
      expect((await attempt(freshClient(ctx), target, `doan-${i}`)).statusCode).toBe(401);
    }
    const throttled = await attempt(freshClient(ctx), target, 'doan-nua');
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().error.code).toBe('RATE_LIMITED');
    expect(throttled.json().error.message).toMatch(/tên đăng nhập này/);

    // Other people are not affected.
    const other = await buildStaff(ctx.platform.db, {
      unitId: tree.communeA.id,
      roles: [{ roleId: 'clerk' }],
    });
    expect((await attempt(freshClient(ctx), other.username, other.password)).statusCode).toBe(200);
  });

  it('limits sign-in attempts per address (20 a minute)', async () => {
    const client = freshClient(ctx);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await attempt(client, `nguoi.${i}`, 'sai')).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});

describe('the second step after the password', () => {
  it("is 'none' without a second factor and no role requiring one", async () => {
    const person = await buildStaff(ctx.platform.db, {
      unitId: tree.communeA.id,
      roles: [{ roleId: 'clerk' }],
    });
    const client = freshClient(ctx);
    expect((await client.login(person.username, person.password)).mfa).toBe('none');
    expect((await client.get('/api/roles')).statusCode).toBe(403); // signed in fully; clerks lack roles.read
  });

  it("is 'enrol' when a role requires two-factor sign-in and the person has no second factor yet", async () => {
    const admin = await buildStaff(ctx.platform.db, {
      unitId: tree.provinceA.id,
      roles: [{ roleId: 'unit_admin' }],
    });
    const client = freshClient(ctx);
    expect((await client.login(admin.username, admin.password)).mfa).toBe('enrol');
    const me = await client.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().mfa).toMatchObject({
      satisfied: false,
      requiredByRole: true,
      totpEnabled: false,
      passkeys: 0,
    });
    const blocked = await client.get('/api/roles');
    expect(blocked.statusCode).toBe(401);
    expect(blocked.json().error.code).toBe('MFA_REQUIRED');
  });
});
