import { describe, expect, it } from 'vitest';
import {
  authenticationOptionsFor,
  registrationOptionsFor,
  relyingPartyOf,
  userHandleOf,
} from './webauthn-options.ts';

const rp = relyingPartyOf('https://mattranso.example.vn:8443');
const person = { id: '0b5d3c4e-1f2a-4b6c-8d9e-0a1b2c3d4e5f', username: 'canbo.a', fullName: 'Nguyễn Thị A' };

describe('WebAuthn options', () => {
  it('take the relying party from PUBLIC_URL', () => {
    expect(rp.rpID).toBe('mattranso.example.vn');
    expect(rp.origin).toBe('https://mattranso.example.vn:8443');
  });

  it('ask for a discoverable, user-verified passkey and exclude the ones already registered', async () => {
    const options = await registrationOptionsFor(rp, person, [{ id: 'AQID', transports: ['usb'] }]);
    expect(options.rp).toEqual({ name: 'Mặt trận số', id: 'mattranso.example.vn' });
    expect(options.user.name).toBe('canbo.a');
    expect(options.user.displayName).toBe('Nguyễn Thị A');
    expect(Buffer.from(options.user.id, 'base64url')).toEqual(Buffer.from(userHandleOf(person.id)));
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      userVerification: 'required',
    });
    expect(options.excludeCredentials).toEqual([{ id: 'AQID', type: 'public-key', transports: ['usb'] }]);
    expect(options.pubKeyCredParams.map((p) => p.alg)).toContain(-7); // ES256, every authenticator
  });

  it('issue a fresh random challenge each time', async () => {
    const a = await authenticationOptionsFor(rp);
    const b = await authenticationOptionsFor(rp);
    expect(Buffer.from(a.challenge, 'base64url').length).toBeGreaterThanOrEqual(32);
    expect(a.challenge).not.toBe(b.challenge);
  });

  it('require user verification for passwordless sign-in, list own passkeys as second factor', async () => {
    const passwordless = await authenticationOptionsFor(rp);
    expect(passwordless.userVerification).toBe('required');
    expect(passwordless.allowCredentials).toBeUndefined();
    const second = await authenticationOptionsFor(rp, [{ id: 'AQID', transports: [] }]);
    expect(second.allowCredentials).toEqual([{ id: 'AQID', type: 'public-key', transports: [] }]);
    expect(second.rpId).toBe('mattranso.example.vn');
  });
});
