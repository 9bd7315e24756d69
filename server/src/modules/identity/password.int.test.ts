import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { credential, passwordReset } from './identity.schema.ts';
import { auditActionsFor, freshClient } from './test-support/clients.ts';
import { startSmtpSink, textOf } from './test-support/smtp-sink.ts';
import { sha256Hex } from './tokens.ts';

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let tree: Awaited<ReturnType<typeof buildTree>>;
const PUBLIC_URL = 'https://mattranso.test';

beforeAll(async () => {
  smtp = await startSmtpSink();
  ctx = await createTestContext({ SMTP_URL: smtp.url, PUBLIC_URL, COOKIE_SECURE: 'false' });
  tree = await buildTree(ctx.platform.db);
});
afterAll(async () => {
  await ctx.close();
  await smtp.close();
});

const clerk = () => buildStaff(ctx.platform.db, { unitId: tree.communeA.id, roles: [{ roleId: 'clerk' }] });

/** Asks for a reset and returns the token from the link in the e-mail the person receives. */
async function resetTokenMailedTo(email: string) {
  const asked = await freshClient(ctx).post('/api/auth/password-reset', { email });
  expect(asked.statusCode).toBe(202);
  const text = textOf((await smtp.waitFor(email)).raw);
  const link = /https?:\/\/\S+\/app\/reset-password\?token=[A-Za-z0-9_-]+/.exec(text)?.[0];
  expect(link, text).toBeDefined();
  return { link: link!, text, token: new URL(link!).searchParams.get('token')! };
}

describe('changing one’s own password', () => {
  it('needs the current password and 10+ characters, stores argon2id, and signs out other devices', async () => {
    const person = await clerk();
    const here = freshClient(ctx);
    const elsewhere = freshClient(ctx);
    await here.login(person.username, person.password);
    await elsewhere.login(person.username, person.password);

    const wrong = await here.post('/api/auth/password', {
      currentPassword: 'khong-dung',
      newPassword: 'Mat-khau-moi-2026',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toBe('Mật khẩu hiện tại không đúng.');
    expect(wrong.json().error.issues[0].path).toBe('body.currentPassword');

    const short = await here.post('/api/auth/password', {
      currentPassword: person.password,
      newPassword: 'ngan',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['body.newPassword']);

    const changed = await here.post('/api/auth/password', {
      currentPassword: person.password,
      newPassword: 'Mat-khau-moi-2026',
    });
    expect(changed.statusCode).toBe(204);
    expect((await here.get('/api/auth/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).statusCode).toBe(401);

    const [row] = await ctx.platform.db.select().from(credential).where(eq(credential.staffId, person.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    const again = freshClient(ctx);
    expect(
      (await again.post('/api/auth/login', { username: person.username, password: person.password }))
        .statusCode,
    ).toBe(401);
    expect((await again.login(person.username, 'Mat-khau-moi-2026')).mfa).toBe('none');
    expect(await auditActionsFor(ctx, person.id)).toContain('auth.password_changed');
  });
});

describe('password reset by e-mail (real SMTP server)', () => {
  it('mails a one-hour link; the link sets a new password once, ends every session and lifts a lockout', async () => {
    const person = await clerk();
    const signedIn = freshClient(ctx);
    await signedIn.login(person.username, person.password);
    const guesser = freshClient(ctx);
    for (let i = 0; i < 5; i++)
      await guesser.post('/api/auth/login', { username: person.username, password: 'x' });
    expect(
      (await guesser.post('/api/auth/login', { username: person.username, password: person.password }))
        .statusCode,
    ).toBe(423);

    const { link, text, token } = await resetTokenMailedTo(person.email!);
    expect(link.startsWith(`${PUBLIC_URL}/app/reset-password?token=`)).toBe(true);
    expect(text).toContain(person.username);
    expect(text).toMatch(/60 phút/);
    const [stored] = await ctx.platform.db
      .select()
      .from(passwordReset)
      .where(eq(passwordReset.staffId, person.id));
    expect(stored!.tokenHash).toBe(sha256Hex(token)); // only the hash is kept
    const minutes = (stored!.expiresAt.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(59);
    expect(minutes).toBeLessThanOrEqual(60);

    const anonymous = freshClient(ctx);
    const tooShort = await anonymous.post('/api/auth/password-reset/confirm', { token, newPassword: 'ngan' });
    expect(tooShort.statusCode).toBe(400);
    const confirmed = await anonymous.post('/api/auth/password-reset/confirm', {
      token,
      newPassword: 'Mat-khau-dat-lai-2026',
    });
    expect(confirmed.statusCode).toBe(204);

    expect((await signedIn.get('/api/auth/me')).statusCode).toBe(401);
    const next = freshClient(ctx);
    expect(
      (await next.post('/api/auth/login', { username: person.username, password: person.password }))
        .statusCode,
    ).toBe(401);
    expect((await next.login(person.username, 'Mat-khau-dat-lai-2026')).mfa).toBe('none');

    const reused = await anonymous.post('/api/auth/password-reset/confirm', {
      token,
      newPassword: 'Mat-khau-lan-nua-2026',
    });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error.message).toMatch(/không hợp lệ, đã được dùng hoặc đã hết hạn/);
    expect(await auditActionsFor(ctx, person.id)).toEqual(
      expect.arrayContaining(['auth.password_reset_requested', 'auth.password_reset']),
    );
  });

  it('answers an unknown address exactly like a known one and mails nobody', async () => {
    const person = await clerk();
    const unknown = await freshClient(ctx).post('/api/auth/password-reset', {
      email: 'nguoi.la@mattranso.test',
    });
    const known = await freshClient(ctx).post('/api/auth/password-reset', { email: person.email });
    expect(unknown.statusCode).toBe(202);
    expect(known.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    await smtp.waitFor(person.email!);
    expect(smtp.received.some((m) => m.to.includes('nguoi.la@mattranso.test'))).toBe(false);
  });

  it('refuses a link older than an hour', async () => {
    const person = await clerk();
    const { token } = await resetTokenMailedTo(person.email!);
    await ctx.platform.db
      .update(passwordReset)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(passwordReset.tokenHash, sha256Hex(token)));
    const late = await freshClient(ctx).post('/api/auth/password-reset/confirm', {
      token,
      newPassword: 'Mat-khau-dat-lai-2026',
    });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.message).toMatch(/hết hạn/);
    expect((await freshClient(ctx).login(person.username, person.password)).mfa).toBe('none');
  });
});
