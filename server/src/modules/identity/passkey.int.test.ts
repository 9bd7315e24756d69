import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree } from '../../../test/factories.ts';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness.ts';
import { staff } from '../organisation/index.ts';
import { authFlow } from './identity.schema.ts';
import { auditActionsFor, freshClient } from './test-support/clients.ts';
import { SoftAuthenticator } from './test-support/soft-authenticator.ts';

const PUBLIC_URL = 'https://mattranso.test';
let ctx: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
beforeAll(async () => {
  ctx = await createTestContext({ PUBLIC_URL, COOKIE_SECURE: 'false' });
  tree = await buildTree(ctx.platform.db);
});
afterAll(() => ctx.close());

async function signedIn(roleId = 'clerk', unitId = tree.communeA.id) {
  const person = await buildStaff(ctx.platform.db, { unitId, roles: [{ roleId }] });
  const client = freshClient(ctx);
  const { mfa } = await client.login(person.username, person.password);
  return { person, client, mfa };
}

/** Registers a passkey through the API with the given authenticator; returns its id. */
async function registerPasskey(client: TestClient, authenticator: SoftAuthenticator, name?: string) {
  const started = await client.post('/api/auth/passkeys/register/options');
  expect(started.statusCode, started.body).toBe(200);
  const { flowId, options } = started.json();
  const verified = await client.post('/api/auth/passkeys/register/verify', {
    flowId,
    response: authenticator.create(options),
    name,
  });
  expect(verified.statusCode, verified.body).toBe(201);
  return verified.json().id as string;
}

describe('registering and managing passkeys', () => {
  it('registers a discoverable, user-verified passkey for this site; lists, renames and deletes it', async () => {
    const { client } = await signedIn();
    const started = await client.post('/api/auth/passkeys/register/options');
    const { options } = started.json();
    expect(options.rp).toEqual({ name: 'Mặt trận số', id: 'mattranso.test' });
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      userVerification: 'required',
    });

    const authenticator = new SoftAuthenticator(PUBLIC_URL);
    const id = await registerPasskey(client, authenticator, 'Điện thoại của tôi');
    const listed = (await client.get('/api/auth/passkeys')).json();
    expect(listed).toEqual([
      expect.objectContaining({ id, name: 'Điện thoại của tôi', lastUsedAt: null, backedUp: false }),
    ]);
    expect((await client.get('/api/auth/me')).json().mfa.passkeys).toBe(1);

    const second = await client.post('/api/auth/passkeys/register/options');
    expect(second.json().options.excludeCredentials.map((c: { id: string }) => c.id)).toEqual([id]);

    const renamed = await client.patch(`/api/auth/passkeys/${id}`, { name: 'Khóa USB' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().name).toBe('Khóa USB');

    const { client: stranger } = await signedIn();
    expect((await stranger.patch(`/api/auth/passkeys/${id}`, { name: 'Của tôi' })).statusCode).toBe(404);
    expect((await stranger.delete(`/api/auth/passkeys/${id}`)).statusCode).toBe(404);

    expect((await client.delete(`/api/auth/passkeys/${id}`)).statusCode).toBe(204);
    expect((await client.get('/api/auth/passkeys')).json()).toEqual([]);
    expect(await auditActionsFor(ctx, id)).toEqual([
      'auth.passkey_registered',
      'auth.passkey_renamed',
      'auth.passkey_removed',
    ]);
  });

  it('refuses an answer to another challenge, a challenge used twice, an expired one, and another origin', async () => {
    const { client } = await signedIn();
    client.language = 'en'; // the English message carries the verifier's reason
    const authenticator = new SoftAuthenticator(PUBLIC_URL);
    const first = (await client.post('/api/auth/passkeys/register/options')).json();
    const second = (await client.post('/api/auth/passkeys/register/options')).json();

    const wrongChallenge = await client.post('/api/auth/passkeys/register/verify', {
      flowId: first.flowId,
      response: authenticator.create(first.options, { challenge: second.options.challenge }),
    });
    expect(wrongChallenge.statusCode).toBe(400);
    expect(wrongChallenge.json().error.message).toMatch(/passkey could not be verified.*challenge/);

    const reused = await client.post('/api/auth/passkeys/register/verify', {
      flowId: first.flowId,
      response: authenticator.create(first.options),
    });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error.message).toMatch(/does not exist or was already used/);

    await ctx.platform.db
      .update(authFlow)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(authFlow.id, second.flowId));
    const expired = await client.post('/api/auth/passkeys/register/verify', {
      flowId: second.flowId,
      response: authenticator.create(second.options),
    });
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error.message).toMatch(/expired \(5 minutes\)/);

    const third = (await client.post('/api/auth/passkeys/register/options')).json();
    const phishing = await client.post('/api/auth/passkeys/register/verify', {
      flowId: third.flowId,
      response: authenticator.create(third.options, { origin: 'https://mattranso-gia.example' }),
    });
    expect(phishing.statusCode).toBe(400);
    expect(phishing.json().error.message).toMatch(/origin/);
    expect((await client.get('/api/auth/passkeys')).json()).toEqual([]);
  });
});

describe('a passkey as the second factor after the password', () => {
  it('completes the sign-in with one of the person’s own passkeys, not someone else’s', async () => {
    const { person, client } = await signedIn();
    const authenticator = new SoftAuthenticator(PUBLIC_URL);
    const id = await registerPasskey(client, authenticator);

    const { client: other } = await signedIn();
    const othersAuthenticator = new SoftAuthenticator(PUBLIC_URL);
    const othersId = await registerPasskey(other, othersAuthenticator);

    const next = freshClient(ctx);
    expect((await next.login(person.username, person.password)).mfa).toBe('verify');
    const options = (await next.post('/api/auth/mfa/passkey/options')).json();
    expect(options.options.allowCredentials.map((c: { id: string }) => c.id)).toEqual([id]);

    const foreign = await next.post('/api/auth/mfa/passkey/verify', {
      flowId: options.flowId,
      response: othersAuthenticator.get(options.options, { credentialId: othersId }),
    });
    expect(foreign.statusCode).toBe(401);
    expect((await next.get('/api/auth/sessions')).json().error.code).toBe('MFA_REQUIRED');

    const again = (await next.post('/api/auth/mfa/passkey/options')).json();
    const verified = await next.post('/api/auth/mfa/passkey/verify', {
      flowId: again.flowId,
      response: authenticator.get(again.options),
    });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json().mfa).toBe('none');
    expect((await next.get('/api/auth/sessions')).statusCode).toBe(200);
    expect((await next.get('/api/auth/passkeys')).json()[0].lastUsedAt).not.toBeNull();
  });
});

describe('passwordless sign-in with a passkey', () => {
  it('enrols a passkey when a role demands two factors, then signs in with it alone, fully verified', async () => {
    const { person, client, mfa } = await signedIn('unit_admin', tree.provinceA.id);
    expect(mfa).toBe('enrol');
    expect((await client.get('/api/tokens')).json().error.code).toBe('MFA_REQUIRED');
    const authenticator = new SoftAuthenticator(PUBLIC_URL);
    const id = await registerPasskey(client, authenticator, 'Máy tính cơ quan');
    expect((await client.get('/api/tokens')).statusCode).toBe(200); // enrolling completed this sign-in

    const browser = freshClient(ctx);
    const started = await browser.post('/api/auth/passkey/options');
    expect(started.statusCode).toBe(200);
    const { flowId, options } = started.json();
    expect(options.allowCredentials).toBeUndefined();
    expect(options.userVerification).toBe('required');
    expect(options.rpId).toBe('mattranso.test');
    const signedInResponse = await browser.post('/api/auth/passkey/verify', {
      flowId,
      response: authenticator.get(options),
    });
    expect(signedInResponse.statusCode, signedInResponse.body).toBe(200);
    expect(signedInResponse.json().mfa).toBe('none');
    expect((await browser.get('/api/tokens')).statusCode).toBe(200);
    const sessions = (await browser.get('/api/auth/sessions')).json();
    expect(sessions.find((s: { current: boolean }) => s.current)).toMatchObject({
      authMethod: 'passkey',
      mfaVerified: true,
    });
    expect(await auditActionsFor(ctx, id)).toEqual(['auth.passkey_registered']);
    expect((await browser.get('/api/auth/me')).json().staff.id).toBe(person.id);
  });

  it('refuses an assertion without user verification, an unknown passkey, a cloned counter and a suspended account', async () => {
    const { person, client } = await signedIn();
    const authenticator = new SoftAuthenticator(PUBLIC_URL);
    await registerPasskey(client, authenticator);
    const browser = freshClient(ctx);
    browser.language = 'en';
    const start = async () => (await browser.post('/api/auth/passkey/options')).json();

    let flow = await start();
    const noPin = await browser.post('/api/auth/passkey/verify', {
      flowId: flow.flowId,
      response: authenticator.get(flow.options, { userVerified: false }),
    });
    expect(noPin.statusCode).toBe(400);
    expect(noPin.json().error.message).toMatch(/User verification required/);

    flow = await start();
    const unknownAuthenticator = new SoftAuthenticator(PUBLIC_URL);
    unknownAuthenticator.create({ challenge: 'x', rp: { id: 'mattranso.test' }, user: { id: 'AAAA' } });
    const unknown = await browser.post('/api/auth/passkey/verify', {
      flowId: flow.flowId,
      response: unknownAuthenticator.get(flow.options),
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.message).toMatch(/not registered to any/);

    flow = await start();
    expect(
      (
        await browser.post('/api/auth/passkey/verify', {
          flowId: flow.flowId,
          response: authenticator.get(flow.options),
        })
      ).statusCode,
    ).toBe(200);
    authenticator.credentials[0]!.signCount = 0; // a copy of the key that lags behind the original
    flow = await start();
    const cloned = await browser.post('/api/auth/passkey/verify', {
      flowId: flow.flowId,
      response: authenticator.get(flow.options),
    });
    expect(cloned.statusCode).toBe(400);
    expect(cloned.json().error.message).toMatch(/counter/);

    await ctx.platform.db.update(staff).set({ status: 'suspended' }).where(eq(staff.id, person.id));
    flow = await start();
    authenticator.credentials[0]!.signCount = 100;
    const suspended = await browser.post('/api/auth/passkey/verify', {
      flowId: flow.flowId,
      response: authenticator.get(flow.options),
    });
    expect(suspended.statusCode).toBe(403);
    expect(suspended.json().error.code).toBe('ACCOUNT_DISABLED');
  });
});
