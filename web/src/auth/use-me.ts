import type { Me, Permission } from '@mts/contracts';
import { useQuery } from '@tanstack/react-query';
import { ApiError, api, hasSessionCookie, rememberCsrfToken } from '../api/client.ts';
import { ME_KEY } from '../api/query-client.ts';

export type { Me, Permission };

/**
 * Without the readable CSRF cookie there is no session: answer "signed out" without a request
 * (saves a round trip and a 401 on every visit to the login page).
 */
export async function fetchMe(): Promise<Me> {
  if (!hasSessionCookie()) throw new ApiError(401, { code: 'UNAUTHENTICATED' });
  const me = await api.get<Me>('/auth/me');
  rememberCsrfToken(me.csrfToken);
  return me;
}

/** The signed-in person; errors with ApiError 401 when nobody is signed in. */
export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, retry: false, staleTime: 60_000 });
}

export function can(me: Me | undefined, ...needed: Permission[]): boolean {
  if (!me) return false;
  return needed.some((p) => me.permissions.includes(p));
}

/** Which second-factor step a signed-in but unverified session needs. */
export function pendingMfaStep(me: Me): 'verify' | 'enrol' | null {
  if (me.mfa.satisfied) return null;
  return me.mfa.totpEnabled || me.mfa.passkeys > 0 ? 'verify' : 'enrol';
}
