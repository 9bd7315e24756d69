// @simplewebauthn/server is loaded on first use (it is heavy; most requests never need it).
const webauthn = () => import('@simplewebauthn/server');

/** The relying party is the staff app's own address: rpID its host name, origin its origin. */
export function relyingPartyOf(publicUrl: string) {
  const url = new URL(publicUrl);
  return { rpID: url.hostname, origin: url.origin, rpName: 'Mặt trận số' };
}
export type RelyingParty = ReturnType<typeof relyingPartyOf>;

export interface StoredPasskey {
  id: string;
  transports: string[];
}

/** The WebAuthn user handle: the staff id's 16 bytes (no name, no e-mail). */
export const userHandleOf = (staffId: string) =>
  new Uint8Array(Buffer.from(staffId.replaceAll('-', ''), 'hex'));

/**
 * Options for creating a passkey: discoverable (so it can sign in without a username), with user
 * verification (PIN or biometrics: it is then two factors on its own), never a second copy on
 * an authenticator that already holds one of the person's passkeys.
 */
export async function registrationOptionsFor(
  rp: RelyingParty,
  person: { id: string; username: string; fullName: string },
  existing: StoredPasskey[],
) {
  const { generateRegistrationOptions } = await webauthn();
  return generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userID: userHandleOf(person.id),
    userName: person.username,
    userDisplayName: person.fullName,
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports as never })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    timeout: 300_000,
  });
}

/**
 * Options for signing in with a passkey: without `allowed`, any discoverable passkey of this site
 * (passwordless, user verification required); with it, one of the person's own (second factor).
 */
export async function authenticationOptionsFor(rp: RelyingParty, allowed?: StoredPasskey[]) {
  const { generateAuthenticationOptions } = await webauthn();
  return generateAuthenticationOptions({
    rpID: rp.rpID,
    allowCredentials: allowed?.map((c) => ({ id: c.id, transports: c.transports as never })),
    userVerification: allowed ? 'preferred' : 'required',
    timeout: 300_000,
  });
}
