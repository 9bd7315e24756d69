import type { Me } from '@mts/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, rememberCsrfToken } from './client.ts';
import { ME_KEY } from './query-client.ts';

export interface LoginResult {
  mfa: 'none' | 'verify' | 'enrol';
  csrfToken: string;
}

/** contracts authProvidersSchema */
export interface ProvidersResponse {
  password: boolean;
  passkey: boolean;
  oidc: { label: string; startUrl: string } | null;
}

export async function login(body: { username: string; password: string }): Promise<LoginResult> {
  const result = await api.post<LoginResult>('/auth/login', body);
  rememberCsrfToken(result.csrfToken);
  return result;
}

export function useProviders() {
  return useQuery({
    queryKey: ['auth', 'providers'],
    queryFn: () => api.get<ProvidersResponse>('/auth/providers'),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** Single sign-on when configured: its button label and where it starts. */
export function ssoOf(data: ProvidersResponse | undefined): { name?: string; url: string } | null {
  if (!data?.oidc) return null;
  return { name: data.oidc.label, url: data.oidc.startUrl || '/api/auth/oidc/start' };
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout'),
    onSettled: () => {
      client.clear();
      window.location.assign(`${import.meta.env.BASE_URL}login`);
    },
  });
}

export function useSwitchUnit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (unitId: string) => api.post<Me>('/auth/active-unit', { unitId }),
    onSuccess: (me) => {
      // Everything scoped by unit is now stale.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      client.setQueryData(ME_KEY, me);
    },
  });
}
