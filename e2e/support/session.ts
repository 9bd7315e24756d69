import { Secret, TOTP } from 'otpauth';
import type { BrowserContext } from 'playwright-core';
import { expect } from 'vitest';

const totpOf = (secret: string) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });

/** The 6-digit code an authenticator app shows for `secret` at `timestamp` (default now). */
export const totpCode = (secret: string, timestamp = Date.now()) => totpOf(secret).generate({ timestamp });

/**
 * Codes for the previous, current and next 30-second steps (the server accepts each once, and only
 * steps later than the last one used). Waits out the last seconds of a step so "current" means the
 * same step to the test and to the server.
 */
export async function totpCodes(secret: string) {
  const intoStep = Date.now() % 30_000;
  if (intoStep > 25_000) await new Promise((resolve) => setTimeout(resolve, 30_500 - intoStep));
  const now = Date.now();
  return {
    previous: totpCode(secret, now - 30_000),
    current: totpCode(secret, now),
    next: totpCode(secret, now + 30_000),
  };
}

/** A code from far outside the accepted window: certainly wrong now. */
export function wrongTotpCode(secret: string) {
  const now = Date.now();
  const valid = new Set([-1, 0, 1].map((step) => totpCode(secret, now + step * 30_000)));
  for (let minutes = 10; ; minutes += 1) {
    const code = totpCode(secret, now + minutes * 60_000);
    if (!valid.has(code)) return code;
  }
}

async function post(context: BrowserContext, url: string, data?: unknown) {
  const csrf = (await context.cookies()).find((c) => c.name === 'mts_csrf')?.value ?? '';
  const response = await context.request.post(url, { data: data ?? {}, headers: { 'x-csrf-token': csrf } });
  expect(response.status(), `${url}: ${await response.text()}`).toBeLessThan(300);
  return response.status() === 204 ? null : response.json();
}

/**
 * Signs the browser context in through the API (the journeys under test are elsewhere): password,
 * then the TOTP code when the account has one. Cookies land in the context, shared by its pages.
 */
export async function signInByApi(
  context: BrowserContext,
  person: { username: string; password: string },
  options: { totpSecret?: string; totpStep?: 'previous' | 'current' | 'next' } = {},
): Promise<'none' | 'verify' | 'enrol'> {
  const login = (await post(context, '/api/auth/login', {
    username: person.username,
    password: person.password,
  })) as {
    mfa: 'none' | 'verify' | 'enrol';
  };
  if (login.mfa !== 'verify' || !options.totpSecret) return login.mfa;
  if (options.totpStep) {
    const codes = await totpCodes(options.totpSecret);
    await post(context, '/api/auth/mfa/totp', { code: codes[options.totpStep] });
    return 'none';
  }
  // The server takes each step's code once, and only steps later than the last one used: an
  // earlier test signing in as the same person may have used this step (or the next). Then wait
  // for a later step, as a person would wait for a fresh code.
  for (let attempt = 0; ; attempt++) {
    const { current } = await totpCodes(options.totpSecret);
    const csrf = (await context.cookies()).find((c) => c.name === 'mts_csrf')?.value ?? '';
    const response = await context.request.post('/api/auth/mfa/totp', {
      data: { code: current },
      headers: { 'x-csrf-token': csrf },
    });
    if (response.status() < 300) return 'none';
    const body = await response.text();
    if (attempt >= 2 || !body.includes('MFA_INVALID')) {
      expect(response.status(), `/api/auth/mfa/totp: ${body}`).toBeLessThan(300);
    }
    await new Promise((resolve) => setTimeout(resolve, 30_500 - (Date.now() % 30_000)));
  }
}

/**
 * Turns on the authenticator app for the person signed in in `context` (as they would on the
 * security page) and returns its secret. Uses the previous step's code, so the current and next
 * ones are still free for the sign-ins that follow.
 */
export async function enrolTotpByApi(context: BrowserContext): Promise<string> {
  const { secret } = (await post(context, '/api/auth/totp/setup')) as { secret: string };
  const codes = await totpCodes(secret);
  await post(context, '/api/auth/totp/enable', { code: codes.previous });
  return secret;
}

/**
 * A browser context signed in as someone whose role requires two-factor sign-in and who has none
 * yet: password, then the authenticator app set up (which completes the sign-in). Returns the
 * context and the app's secret.
 */
export async function signedInAdmin(
  newContext: () => Promise<BrowserContext>,
  person: { username: string; password: string },
): Promise<{ context: BrowserContext; totpSecret: string }> {
  const context = await newContext();
  expect(await signInByApi(context, person)).toBe('enrol');
  const totpSecret = await enrolTotpByApi(context);
  return { context, totpSecret };
}
