import { Secret, TOTP } from 'otpauth';

/** RFC 6238 parameters every authenticator app understands. */
const PERIOD = 30;
const DIGITS = 6;
const ALGORITHM = 'SHA1';
export const TOTP_ISSUER = 'Mặt trận số';

export const newTotpSecret = () => new Secret({ size: 20 }).base32;

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, accountName: string) {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: accountName,
    secret: Secret.fromBase32(secret),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD,
  }).toString();
}

/**
 * The time step a code was generated for (accepting one step of clock drift either way), or null
 * when the code is wrong. Callers refuse a step already used, so a code works only once.
 */
export function matchTotpStep(secret: string, code: string, now = Date.now()): number | null {
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(secret),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD,
    timestamp: now,
    window: 1,
  });
  return delta === null ? null : TOTP.counter({ period: PERIOD, timestamp: now }) + delta;
}

/** The current code (tests, and nothing else, need to compute one). */
export const totpCodeAt = (secret: string, timestamp: number) =>
  TOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD,
    timestamp,
  });
