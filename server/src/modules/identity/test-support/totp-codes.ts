import { expect } from 'vitest';
import type { TestClient } from '../../../../test/harness.ts';
import { totpCodeAt } from '../totp.ts';

/**
 * Codes for the previous, current and next 30-second step: the server accepts all three once
 * each, so a test can sign in several times without waiting. Starts away from a step boundary,
 * so "current" means the same step to the test and to the server.
 */
export async function totpCodes(secret: string) {
  const intoStep = Date.now() % 30_000;
  if (intoStep > 25_000) await new Promise((resolve) => setTimeout(resolve, 30_500 - intoStep));
  const now = Date.now();
  return {
    previous: totpCodeAt(secret, now - 30_000),
    current: totpCodeAt(secret, now),
    next: totpCodeAt(secret, now + 30_000),
  };
}

/** Sets up and enables TOTP for the signed-in client; returns the secret and recovery codes. */
export async function enrolTotp(client: TestClient) {
  const setup = await client.post('/api/auth/totp/setup');
  expect(setup.statusCode, setup.body).toBe(200);
  const { secret } = setup.json() as { secret: string };
  const codes = await totpCodes(secret);
  const enabled = await client.post('/api/auth/totp/enable', { code: codes.previous });
  expect(enabled.statusCode, enabled.body).toBe(200);
  return { secret, codes, recoveryCodes: (enabled.json() as { recoveryCodes: string[] }).recoveryCodes };
}
