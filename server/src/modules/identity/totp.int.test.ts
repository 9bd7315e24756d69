import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { credential, recoveryCode } from './identity.schema.ts';
import { auditActionsFor, ensureRole, freshClient } from './test-support/clients.ts';
import { enrolTotp, totpCodes } from './test-support/totp-codes.ts';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
beforeAll(async () => {
  ctx = await createTestContext();
  tree = await buildTree(ctx.platform.db);
});
afterAll(() => ctx.close());

async function signedInClerk() {
  const person = await buildStaff(ctx.platform.db, {
    unitId: tree.communeA.id,
    roles: [{ roleId: 'clerk' }],
  });
  const client = freshClient(ctx);
  await client.login(person.username, person.password);
  return { person, client };
}

/** A new sign-in with the password only: the session waits for the second factor. */
async function halfSignedIn(person: { username: string; password: string }) {
  const client = freshClient(ctx);
  expect((await client.login(person.username, person.password)).mfa).toBe('verify');
  return client;
}

describe('authenticator app (TOTP)', () => {
  it('enrols with a QR code, keeps the secret encrypted, and asks for a code at every sign-in', async () => {
    const { person, client } = await signedInClerk();
    const setup = await client.post('/api/auth/totp/setup');
    expect(setup.statusCode).toBe(200);
    const { secret, uri, qrCode } = setup.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(new URL(uri).searchParams.get('secret')).toBe(secret);
    expect(qrCode).toMatch(/^data:image\/png;base64,/);
    const [stored] = await ctx.platform.db.select().from(credential).where(eq(credential.staffId, person.id));
    expect(stored!.totpSecret).toMatch(/^v1\./);
    expect(stored!.totpSecret).not.toContain(secret);
    expect((await client.get('/api/auth/me')).json().mfa.totpEnabled).toBe(false); // not until confirmed

    const codes = await totpCodes(secret);
    const wrongCode = ['123456', '654321'].find((c) => !Object.values(codes).includes(c))!;
    const wrong = await client.post('/api/auth/totp/enable', { code: wrongCode });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('MFA_INVALID');
    const enabled = await client.post('/api/auth/totp/enable', { code: codes.previous });
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json().recoveryCodes).toHaveLength(10);
    expect((await client.get('/api/auth/me')).json().mfa.totpEnabled).toBe(true);

    const next = await halfSignedIn(person);
    expect((await next.get('/api/auth/me')).json().mfa.satisfied).toBe(false);
    const pending = await next.get('/api/auth/sessions');
    expect(pending.statusCode).toBe(401);
    expect(pending.json().error.code).toBe('MFA_REQUIRED');
    const verified = await next.post('/api/auth/mfa/totp', { code: codes.current });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().mfa).toBe('none');
    expect((await next.get('/api/auth/sessions')).statusCode).toBe(200);
    expect(await auditActionsFor(ctx, person.id)).toEqual(
      expect.arrayContaining(['auth.totp_setup_started', 'auth.totp_enabled']),
    );
  });

  it('refuses a code already used in its time step (replay)', async () => {
    const { person, client } = await signedInClerk();
    const { codes } = await enrolTotp(client);
    const first = await halfSignedIn(person);
    expect((await first.post('/api/auth/mfa/totp', { code: codes.current })).statusCode).toBe(200);

    const second = await halfSignedIn(person);
    const replayed = await second.post('/api/auth/mfa/totp', { code: codes.current });
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().error.message).toMatch(/vừa được sử dụng/);
    const older = await second.post('/api/auth/mfa/totp', { code: codes.previous });
    expect(older.statusCode).toBe(401); // an earlier step than the last one used
    expect((await second.post('/api/auth/mfa/totp', { code: codes.next })).statusCode).toBe(200);
  });

  it('does not let a half-signed-in session add another factor (a stolen password is not enough)', async () => {
    const { person, client } = await signedInClerk();
    await enrolTotp(client);
    const intruder = await halfSignedIn(person);
    const setup = await intruder.post('/api/auth/totp/setup');
    expect(setup.statusCode).toBe(401);
    expect(setup.json().error.code).toBe('MFA_REQUIRED');
    const passkey = await intruder.post('/api/auth/passkeys/register/options');
    expect(passkey.statusCode).toBe(401);
    expect(passkey.json().error.code).toBe('MFA_REQUIRED');
  });

  it('counts wrong codes towards the lockout; the locking attempt ends the half-signed-in session', async () => {
    const { person, client } = await signedInClerk();
    const { codes } = await enrolTotp(client);
    const guesser = await halfSignedIn(person);
    const wrongCode = ['123456', '654321'].find((c) => !Object.values(codes).includes(c))!;
    for (let i = 0; i < 4; i++) {
      const wrong = await guesser.post('/api/auth/mfa/totp', { code: wrongCode });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().error.code).toBe('MFA_INVALID');
    }
    const locked = await guesser.post('/api/auth/mfa/totp', { code: wrongCode });
    expect(locked.statusCode).toBe(423);
    expect((await guesser.get('/api/auth/me')).statusCode).toBe(401);
    const retry = await freshClient(ctx).post('/api/auth/login', {
      username: person.username,
      password: person.password,
    });
    expect(retry.statusCode).toBe(423);
  });
});

describe('recovery codes', () => {
  it('sign in once each, however they are typed, and are stored only as hashes', async () => {
    const { person, client } = await signedInClerk();
    const { recoveryCodes } = await enrolTotp(client);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await ctx.platform.db
      .select()
      .from(recoveryCode)
      .where(eq(recoveryCode.staffId, person.id));
    expect(stored).toHaveLength(10);
    for (const row of stored) expect(recoveryCodes.join()).not.toContain(row.codeHash);

    const first = await halfSignedIn(person);
    const typed = recoveryCodes[0]!.toUpperCase().replace('-', ' ');
    const used = await first.post('/api/auth/mfa/recovery', { code: typed });
    expect(used.statusCode).toBe(200);
    expect(used.json()).toMatchObject({ mfa: 'none', remainingRecoveryCodes: 9 });
    expect((await first.get('/api/auth/sessions')).statusCode).toBe(200);

    const second = await halfSignedIn(person);
    expect((await second.post('/api/auth/mfa/recovery', { code: recoveryCodes[0] })).statusCode).toBe(401);
    const another = await second.post('/api/auth/mfa/recovery', { code: recoveryCodes[1] });
    expect(another.json().remainingRecoveryCodes).toBe(8);
  });

  it('can be replaced by a fresh set; the old ones stop working', async () => {
    const { person, client } = await signedInClerk();
    const { recoveryCodes: old } = await enrolTotp(client);
    const fresh = await client.post('/api/auth/recovery-codes');
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().recoveryCodes).toHaveLength(10);
    const later = await halfSignedIn(person);
    expect((await later.post('/api/auth/mfa/recovery', { code: old[0] })).statusCode).toBe(401);
    expect(
      (await later.post('/api/auth/mfa/recovery', { code: fresh.json().recoveryCodes[0] })).statusCode,
    ).toBe(200);
  });
});

describe('turning the authenticator app off', () => {
  it('needs a current code; afterwards sign-in asks for nothing more', async () => {
    const { person, client } = await signedInClerk();
    const { codes } = await enrolTotp(client);
    const wrongCode = ['123456', '654321'].find((c) => !Object.values(codes).includes(c))!;
    expect((await client.post('/api/auth/totp/disable', { code: wrongCode })).statusCode).toBe(401);
    expect((await client.post('/api/auth/totp/disable', {})).statusCode).toBe(400);
    const off = await client.post('/api/auth/totp/disable', { code: codes.current });
    expect(off.statusCode).toBe(204);
    expect((await client.get('/api/auth/me')).json().mfa.totpEnabled).toBe(false);
    expect(
      await ctx.platform.db.select().from(recoveryCode).where(eq(recoveryCode.staffId, person.id)),
    ).toEqual([]);
    expect((await freshClient(ctx).login(person.username, person.password)).mfa).toBe('none');
    expect(await auditActionsFor(ctx, person.id)).toContain('auth.totp_disabled');
  });

  it('accepts a recovery code instead, for someone who lost the phone', async () => {
    const { person, client } = await signedInClerk();
    const { recoveryCodes } = await enrolTotp(client);
    const lostPhone = await halfSignedIn(person);
    expect((await lostPhone.post('/api/auth/mfa/recovery', { code: recoveryCodes[0] })).statusCode).toBe(200);
    const off = await lostPhone.post('/api/auth/totp/disable', { recoveryCode: recoveryCodes[1] });
    expect(off.statusCode).toBe(204);
    const setupAgain = await lostPhone.post('/api/auth/totp/setup');
    expect(setupAgain.statusCode).toBe(200);
  });
});

describe('a role that requires two-factor sign-in', () => {
  it('lets the person enrol during sign-in, then opens everything; later sign-ins ask for the code', async () => {
    const admin = await buildStaff(ctx.platform.db, {
      unitId: tree.provinceA.id,
      roles: [{ roleId: 'unit_admin' }],
    });
    const client = freshClient(ctx);
    expect((await client.login(admin.username, admin.password)).mfa).toBe('enrol');
    expect((await client.get('/api/tokens')).json().error.code).toBe('MFA_REQUIRED');
    const { codes } = await enrolTotp(client);
    expect((await client.get('/api/auth/me')).json().mfa.satisfied).toBe(true);
    expect((await client.get('/api/tokens')).statusCode).toBe(200);

    const later = await halfSignedIn(admin);
    expect((await later.get('/api/tokens')).json().error.code).toBe('MFA_REQUIRED');
    expect((await later.post('/api/auth/mfa/totp', { code: codes.current })).statusCode).toBe(200);
    expect((await later.get('/api/tokens')).statusCode).toBe(200);
  });
});

describe('an administrator resetting someone’s second factors (lost phone and codes)', () => {
  it('removes the factors and ends the sessions of staff in their subtree with no more power than theirs', async () => {
    // With the clerk's document permissions: an administrator acts only on staff with no more power.
    await ensureRole(ctx, 'account_admin', [
      'staff.manage',
      'staff.read',
      'units.read',
      'documents.read',
      'documents.register',
      'documents.issue',
      'documents.draft',
      'documents.configure',
      'documents.file',
      'signatures.manage_own',
      'signatures.manage_unit',
      'directives.respond',
      'petitions.read',
      'petitions.intake',
      'petitions.personal_data',
      'petitions.sessions',
      'portal.read',
      'portal.write',
    ]);
    const admin = await buildStaff(ctx.platform.db, {
      unitId: tree.provinceA.id,
      roles: [{ roleId: 'account_admin' }],
    });
    const adminClient = freshClient(ctx);
    await adminClient.login(admin.username, admin.password);

    const { person, client } = await signedInClerk();
    await enrolTotp(client);
    const reset = await adminClient.post(`/api/identity/staff/${person.id}/mfa/reset`);
    expect(reset.statusCode).toBe(204);
    expect((await client.get('/api/auth/me')).statusCode).toBe(401);
    const back = freshClient(ctx);
    expect((await back.login(person.username, person.password)).mfa).toBe('none');
    expect((await back.get('/api/auth/me')).json().mfa.totpEnabled).toBe(false);
    expect(await auditActionsFor(ctx, person.id)).toContain('auth.mfa_reset');

    const leader = await buildStaff(ctx.platform.db, {
      unitId: tree.communeA.id,
      roles: [{ roleId: 'leader' }],
    });
    const stronger = await adminClient.post(`/api/identity/staff/${leader.id}/mfa/reset`);
    expect(stronger.statusCode).toBe(403);
    expect(stronger.json().error.message).toMatch(/audit\.read/);

    const outsider = await buildStaff(ctx.platform.db, {
      unitId: tree.communeB.id,
      roles: [{ roleId: 'clerk' }],
    });
    expect((await adminClient.post(`/api/identity/staff/${outsider.id}/mfa/reset`)).statusCode).toBe(404);
    expect((await adminClient.post(`/api/identity/staff/${admin.id}/mfa/reset`)).statusCode).toBe(400);
  });
});
