/**
 * Identity endpoints beyond login: second factors, passkeys, sessions, password, API tokens and
 * roles. Paths live here only, so following the server is a one-file change.
 */
import type { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { api, rememberCsrfToken } from './client.ts';

export const identityPaths = {
  mfaTotp: '/auth/mfa/totp',
  mfaRecovery: '/auth/mfa/recovery',
  passkeyLoginOptions: '/auth/passkey/options',
  passkeyLoginVerify: '/auth/passkey/verify',
  passkeyMfaOptions: '/auth/mfa/passkey/options',
  passkeyMfaVerify: '/auth/mfa/passkey/verify',
  totpSetup: '/auth/totp/setup',
  totpEnable: '/auth/totp/enable',
  totpDisable: '/auth/totp/disable',
  recoveryCodes: '/auth/recovery-codes',
  passkeys: '/auth/passkeys',
  passkeyRegisterOptions: '/auth/passkeys/register/options',
  passkeyRegisterVerify: '/auth/passkeys/register/verify',
  sessions: '/auth/sessions',
  password: '/auth/password',
  passwordForgot: '/auth/password-reset',
  passwordReset: '/auth/password-reset/confirm',
  tokens: '/tokens',
  roles: '/roles',
  staffRoles: (staffId: string) => `/identity/staff/${staffId}/roles`,
} as const;

/** contracts totpSetupResponseSchema (qrCode is a PNG data: URL). */
export interface TotpSetup {
  secret: string;
  uri: string;
  qrCode: string;
}

export interface RecoveryCodes {
  recoveryCodes: string[];
}

export interface MfaVerified {
  mfa: 'none' | 'verify' | 'enrol';
  csrfToken: string;
  remainingRecoveryCodes?: number;
}

async function verified(promise: Promise<MfaVerified>) {
  const result = await promise;
  rememberCsrfToken(result.csrfToken);
  return result;
}

export const verifyTotp = (code: string) => verified(api.post<MfaVerified>(identityPaths.mfaTotp, { code }));
export const verifyRecoveryCode = (code: string) =>
  verified(api.post<MfaVerified>(identityPaths.mfaRecovery, { code }));
export const startTotpSetup = () => api.post<TotpSetup>(identityPaths.totpSetup);
export const enableTotp = (code: string) => api.post<RecoveryCodes>(identityPaths.totpEnable, { code });

type AuthenticationOptions = Parameters<typeof startAuthentication>[0]['optionsJSON'];
type RegistrationOptions = Parameters<typeof startRegistration>[0]['optionsJSON'];

async function authenticateWithPasskey(optionsPath: string, verifyPath: string) {
  // Loaded on demand: only people who use a passkey download the WebAuthn helper.
  const webauthn = await import('@simplewebauthn/browser');
  const { flowId, options } = await api.post<{ flowId: string; options: AuthenticationOptions }>(optionsPath);
  const response = await webauthn.startAuthentication({ optionsJSON: options });
  return verified(api.post<MfaVerified>(verifyPath, { flowId, response }));
}

/** Passwordless sign-in with a discoverable passkey; the browser prompt runs in between. */
export const signInWithPasskey = () =>
  authenticateWithPasskey(identityPaths.passkeyLoginOptions, identityPaths.passkeyLoginVerify);

/** A passkey as the second factor after the password. */
export const verifyWithPasskey = () =>
  authenticateWithPasskey(identityPaths.passkeyMfaOptions, identityPaths.passkeyMfaVerify);

/** Registers a new passkey for the signed-in person (or one enrolling a first factor). */
export async function registerPasskey(name: string) {
  const webauthn = await import('@simplewebauthn/browser');
  const { flowId, options } = await api.post<{ flowId: string; options: RegistrationOptions }>(
    identityPaths.passkeyRegisterOptions,
  );
  const response = await webauthn.startRegistration({ optionsJSON: options });
  return api.post<unknown>(identityPaths.passkeyRegisterVerify, { flowId, response, name });
}

/** The browser's "cancelled or timed out" for WebAuthn prompts. */
export function isPasskeyCancel(error: unknown): boolean {
  return error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError');
}
