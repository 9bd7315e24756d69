import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree } from '../../../test/factories.ts';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { staff } from '../organisation/index.ts';
import { externalIdentity } from './identity.schema.ts';
import { freshClient } from './test-support/clients.ts';
import { passThroughProvider, startOidcProvider } from './test-support/oidc-provider.ts';
import { enrolTotp } from './test-support/totp-codes.ts';

const PUBLIC_URL = 'https://mattranso.test';
const accounts = {
  'nguoi-dung-1': { email: 'Tran.Thi.Sso@MatTranSo.test', email_verified: true },
  'nguoi-dung-2': { email: 'chua.xac.minh@mattranso.test', email_verified: false },
  'nguoi-dung-3': { email: 'khong.co.tai.khoan@mattranso.test', email_verified: true },
  'nguoi-dung-4': { email: 'co.ma.otp@mattranso.test', email_verified: true },
};

let provider: Awaited<ReturnType<typeof startOidcProvider>>;
let ctx: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;

beforeAll(async () => {
  provider = await startOidcProvider({
    clientId: 'mat-tran-so',
    clientSecret: 'bi-mat-cua-ung-dung',
    redirectUri: `${PUBLIC_URL}/api/auth/oidc/callback`,
    accounts,
  });
  ctx = await createTestContext({
    PUBLIC_URL,
    COOKIE_SECURE: 'false',
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: 'mat-tran-so',
    OIDC_CLIENT_SECRET: 'bi-mat-cua-ung-dung',
    OIDC_LABEL: 'Đăng nhập bằng SSO tỉnh',
    OIDC_ALLOW_HTTP: 'true',
  });
  tree = await buildTree(ctx.platform.db);
});
afterAll(async () => {
  await ctx?.close();
  await provider?.close();
});

/** start → provider login form → consent → callback; returns where the app sends the browser. */
async function signInWithSso(browser: TestClient, login: string) {
  const start = await browser.get('/api/auth/oidc/start');
  expect(start.statusCode, start.body).toBe(302);
  const authorizationUrl = start.headers.location as string;
  expect(authorizationUrl.startsWith(provider.issuer)).toBe(true);
  const params = new URL(authorizationUrl).searchParams;
  expect(params.get('code_challenge_method')).toBe('S256');
  expect(params.get('redirect_uri')).toBe(`${PUBLIC_URL}/api/auth/oidc/callback`);
  expect(params.get('nonce')).toBeTruthy();

  const callbackUrl = await passThroughProvider(authorizationUrl, PUBLIC_URL, login);
  const callback = await browser.get(callbackUrl.slice(PUBLIC_URL.length));
  expect(callback.statusCode, callback.body).toBe(302);
  return callback.headers.location as string;
}

const identitiesOf = (subject: string) =>
  ctx.platform.db
    .select()
    .from(externalIdentity)
    .where(and(eq(externalIdentity.issuer, provider.issuer), eq(externalIdentity.subject, subject)));

describe('single sign-on with an OpenID Connect provider', () => {
  it('tells the login page that SSO is available and how it is labelled', async () => {
    const providers = await freshClient(ctx).get('/api/auth/providers');
    expect(providers.json()).toEqual({
      password: true,
      passkey: true,
      oidc: { label: 'Đăng nhập bằng SSO tỉnh', startUrl: '/api/auth/oidc/start' },
    });
  });

  it('links to the staff account with the same verified e-mail, then signs in through the stored link', async () => {
    const person = await buildStaff(ctx.platform.db, {
      unitId: tree.communeA.id,
      email: 'tran.thi.sso@mattranso.test',
      roles: [{ roleId: 'clerk' }],
    });
    const browser = freshClient(ctx);
    expect(await signInWithSso(browser, 'nguoi-dung-1')).toBe('/app/');
    const me = await browser.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().staff.id).toBe(person.id);
    expect(me.json().mfa.satisfied).toBe(true);
    expect((await browser.get('/api/auth/sessions')).json()[0]).toMatchObject({
      authMethod: 'oidc',
      current: true,
    });
    const [link] = await identitiesOf('nguoi-dung-1');
    expect(link).toMatchObject({ staffId: person.id, email: 'Tran.Thi.Sso@MatTranSo.test' });
    const linked = await ctx.platform.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'auth.sso_linked'));
    expect(linked.map((e) => e.entityId)).toContain(link!.id);

    // The staff e-mail changes; the link (issuer, subject) still identifies the person.
    await ctx.platform.db
      .update(staff)
      .set({ email: 'dia.chi.moi@mattranso.test' })
      .where(eq(staff.id, person.id));
    const later = freshClient(ctx);
    expect(await signInWithSso(later, 'nguoi-dung-1')).toBe('/app/');
    expect((await later.get('/api/auth/me')).json().staff.id).toBe(person.id);
    expect(await identitiesOf('nguoi-dung-1')).toHaveLength(1);
  });

  it('refuses to link through an e-mail address the provider has not verified', async () => {
    await buildStaff(ctx.platform.db, {
      unitId: tree.communeA.id,
      email: 'chua.xac.minh@mattranso.test',
      roles: [{ roleId: 'clerk' }],
    });
    const browser = freshClient(ctx);
    expect(await signInWithSso(browser, 'nguoi-dung-2')).toBe('/app/login?sso_error=email_not_verified');
    expect((await browser.get('/api/auth/me')).statusCode).toBe(401);
    expect(await identitiesOf('nguoi-dung-2')).toEqual([]);
    const refused = await ctx.platform.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'auth.sso_refused'));
    expect(refused.map((e) => (e.after as { reason: string }).reason)).toContain('email_not_verified');
  });

  it('sends someone without a matching account back to the login page with not_linked', async () => {
    const browser = freshClient(ctx);
    expect(await signInWithSso(browser, 'nguoi-dung-3')).toBe('/app/login?sso_error=not_linked');
    expect((await browser.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('still asks for the second factor of a person who has one', async () => {
    const person = await buildStaff(ctx.platform.db, {
      unitId: tree.communeA.id,
      email: 'co.ma.otp@mattranso.test',
      roles: [{ roleId: 'clerk' }],
    });
    const withPassword = freshClient(ctx);
    await withPassword.login(person.username, person.password);
    const { codes } = await enrolTotp(withPassword);

    const browser = freshClient(ctx);
    expect(await signInWithSso(browser, 'nguoi-dung-4')).toBe('/app/');
    expect((await browser.get('/api/auth/me')).json().mfa.satisfied).toBe(false);
    expect((await browser.get('/api/auth/sessions')).json().error.code).toBe('MFA_REQUIRED');
    expect((await browser.post('/api/auth/mfa/totp', { code: codes.current })).statusCode).toBe(200);
    expect((await browser.get('/api/auth/sessions')).statusCode).toBe(200);
  });

  it('refuses a callback in a browser that did not start the flow (login CSRF)', async () => {
    await buildStaff(ctx.platform.db, {
      unitId: tree.communeA.id,
      email: 'nan.nhan@mattranso.test',
      roles: [{ roleId: 'clerk' }],
    });
    const attacker = freshClient(ctx);
    const start = await attacker.get('/api/auth/oidc/start');
    const callbackUrl = await passThroughProvider(
      start.headers.location as string,
      PUBLIC_URL,
      'nguoi-dung-1',
    );
    const victim = freshClient(ctx);
    const callback = await victim.get(callbackUrl.slice(PUBLIC_URL.length));
    expect(callback.headers.location).toBe('/app/login?sso_error=expired');
    expect((await victim.get('/api/auth/me')).statusCode).toBe(401);
  });
});

describe('without single sign-on configured', () => {
  let plain: TestContext;
  beforeAll(async () => {
    plain = await createTestContext();
  });
  afterAll(() => plain.close());

  it('offers password and passkey only, and the SSO start answers 404', async () => {
    const client = freshClient(plain);
    expect((await client.get('/api/auth/providers')).json()).toEqual({
      password: true,
      passkey: true,
      oidc: null,
    });
    const start = await client.get('/api/auth/oidc/start');
    expect(start.statusCode).toBe(404);
    expect(start.json().error.message).toMatch(/Chưa cấu hình đăng nhập một lần/);
  });
});
