import { describe, expect, it } from 'vitest';
import { matchTotpStep, newTotpSecret, totpCodeAt, totpUri } from './totp.ts';

// Fixed secret and time: deterministic codes (none of the neighbouring steps collide).
const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const now = Date.UTC(2026, 0, 2, 3, 4, 15);
const step = Math.floor(now / 30_000);

describe('TOTP', () => {
  it('accepts the current code and names its time step', () => {
    expect(matchTotpStep(secret, totpCodeAt(secret, now), now)).toBe(step);
  });

  it('tolerates one step of clock drift, not two', () => {
    expect(matchTotpStep(secret, totpCodeAt(secret, now - 30_000), now)).toBe(step - 1);
    expect(matchTotpStep(secret, totpCodeAt(secret, now + 30_000), now)).toBe(step + 1);
    expect(matchTotpStep(secret, totpCodeAt(secret, now - 60_000), now)).toBeNull();
  });

  it('refuses a code made with another secret', () => {
    const other = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(matchTotpStep(secret, totpCodeAt(other, now), now)).toBeNull();
  });

  it('makes a fresh 160-bit secret each time', () => {
    expect(newTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(newTotpSecret());
  });

  it('builds the URI authenticator apps scan', () => {
    const uri = new URL(totpUri(secret, 'canbo.a'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Mặt trận số');
    expect(uri.searchParams.get('digits')).toBe('6');
  });
});
