/**
 * Identity endpoints beyond login: second factors, passkeys, sessions, password, API tokens and
 * roles. Paths live here only, so following the server is a one-file change.
 */
import { api } from './client.ts';

export const identityPaths = {
  mfaTotp: '/auth/mfa/totp',
  mfaRecovery: '/auth/mfa/recovery',
  passkeyLoginOptions: '/auth/passkeys/login/options',
  passkeyLoginVerify: '/auth/passkeys/login/verify',
  totpSetup: '/auth/totp/setup',
  totpEnable: '/auth/totp/enable',
  totpDisable: '/auth/totp/disable',
  recoveryCodes: '/auth/recovery-codes',
  passkeys: '/auth/passkeys',
  passkeyRegisterOptions: '/auth/passkeys/register/options',
  passkeyRegisterVerify: '/auth/passkeys/register/verify',
  sessions: '/auth/sessions',
  password: '/auth/password',
  passwordForgot: '/auth/password/forgot',
  passwordReset: '/auth/password/reset',
  tokens: '/tokens',
  roles: '/roles',
  roleAssignments: '/role-assignments',
} as const;

export interface TotpSetup {
  secret: string;
  otpauthUrl?: string;
  uri?: string;
  qrSvg?: string;
  qrDataUrl?: string;
  qrCode?: string;
}

export interface RecoveryCodes {
  recoveryCodes?: string[];
  codes?: string[];
}

export const codesOf = (value: RecoveryCodes | undefined) => value?.recoveryCodes ?? value?.codes ?? [];

export const verifyTotp = (code: string) => api.post<unknown>(identityPaths.mfaTotp, { code });
export const verifyRecoveryCode = (code: string) => api.post<unknown>(identityPaths.mfaRecovery, { code });
export const startTotpSetup = () => api.post<TotpSetup>(identityPaths.totpSetup);
export const enableTotp = (code: string) => api.post<RecoveryCodes>(identityPaths.totpEnable, { code });

/** Passwordless or second-factor sign-in with a passkey; the browser prompt runs in between. */
export async function signInWithPasskey(username?: string) {
  const { startAuthentication } = await import('@simplewebauthn/browser');
  const options = await api.post<{ options?: unknown; flowId?: string } & Record<string, unknown>>(
    identityPaths.passkeyLoginOptions,
    username ? { username } : {},
  );
  const optionsJSON = (options.options ?? options) as Parameters<
    typeof startAuthentication
  >[0]['optionsJSON'];
  const response = await startAuthentication({ optionsJSON });
  return api.post<{ mfa?: string; csrfToken?: string }>(identityPaths.passkeyLoginVerify, {
    flowId: options.flowId,
    response,
  });
}

/** Registers a new passkey for the signed-in person. */
export async function registerPasskey(name: string) {
  const { startRegistration } = await import('@simplewebauthn/browser');
  const options = await api.post<{ options?: unknown; flowId?: string } & Record<string, unknown>>(
    identityPaths.passkeyRegisterOptions,
    {},
  );
  const optionsJSON = (options.options ?? options) as Parameters<typeof startRegistration>[0]['optionsJSON'];
  const response = await startRegistration({ optionsJSON });
  return api.post<unknown>(identityPaths.passkeyRegisterVerify, { flowId: options.flowId, response, name });
}

/** The browser's WebAuthn errors, worded for people. */
export function isPasskeyCancel(error: unknown): boolean {
  return error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError');
}
