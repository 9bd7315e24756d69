import type { Me } from '@mts/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, rememberCsrfToken } from './client.ts';
import { ME_KEY } from './query-client.ts';

export interface LoginResult {
  mfa: 'none' | 'verify' | 'enrol';
  csrfToken: string;
}

export interface Provider {
  id: string;
  name: string;
  startUrl?: string;
}

export interface ProvidersResponse {
  oidc?: { configured: boolean; name?: string; startUrl?: string };
  passkeys?: boolean;
  providers?: Provider[];
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

/** Whether single sign-on is configured, and its display name, whatever the response's exact shape. */
export function ssoOf(data: ProvidersResponse | undefined): { name?: string; url: string } | null {
  if (!data) return null;
  if (data.oidc?.configured)
    return { name: data.oidc.name, url: data.oidc.startUrl ?? '/api/auth/oidc/start' };
  const oidc = data.providers?.find((p) => p.id === 'oidc' || p.id.startsWith('oidc'));
  if (oidc) return { name: oidc.name, url: oidc.startUrl ?? '/api/auth/oidc/start' };
  return null;
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
