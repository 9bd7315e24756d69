import type { ApiToken, Passkey, Permission, Role, RoleAssignment, SessionInfo } from '@mts/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { identityPaths } from './identity.ts';
import { ME_KEY } from './query-client.ts';

type Listish<T> = T[] | { items: T[] };
const items = <T>(data: Listish<T>): T[] => (Array.isArray(data) ? data : data.items);

export function useRoles(enabled = true) {
  return useQuery({
    queryKey: ['roles'],
    queryFn: () => api.get<Listish<Role>>(identityPaths.roles),
    select: items,
    enabled,
    staleTime: 5 * 60_000,
  });
}

const staffRolesPath = identityPaths.staffRoles;

export function useStaffRoles(staffId: string | null) {
  return useQuery({
    queryKey: ['staff-roles', staffId],
    queryFn: () => api.get<Listish<RoleAssignment>>(staffRolesPath(staffId!)),
    select: items,
    enabled: Boolean(staffId),
  });
}

export function useAssignRole(staffId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { roleId: string; unitId: string }) =>
      api.post<RoleAssignment>(staffRolesPath(staffId), body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['staff-roles', staffId] });
      void client.invalidateQueries({ queryKey: ['roles'] });
      void client.invalidateQueries({ queryKey: ME_KEY });
    },
  });
}

export function useRevokeRole(staffId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (assignmentId: string) => api.delete<void>(`${staffRolesPath(staffId)}/${assignmentId}`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['staff-roles', staffId] });
      void client.invalidateQueries({ queryKey: ['roles'] });
      void client.invalidateQueries({ queryKey: ME_KEY });
    },
  });
}

export function useSessions() {
  return useQuery({
    queryKey: ['sessions'],
    queryFn: () => api.get<Listish<SessionInfo>>(identityPaths.sessions),
    select: items,
  });
}

export function useRevokeSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<void>(`${identityPaths.sessions}/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['sessions'] }),
  });
}

export function usePasskeys() {
  return useQuery({
    queryKey: ['passkeys'],
    queryFn: () => api.get<Listish<Passkey>>(identityPaths.passkeys),
    select: items,
  });
}

export function useRenamePasskey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) =>
      api.patch<Passkey>(`${identityPaths.passkeys}/${encodeURIComponent(id)}`, { name }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['passkeys'] }),
  });
}

export function useDeletePasskey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<void>(`${identityPaths.passkeys}/${encodeURIComponent(id)}`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['passkeys'] });
      void client.invalidateQueries({ queryKey: ME_KEY });
    },
  });
}

export function useApiTokens() {
  return useQuery({
    queryKey: ['api-tokens'],
    queryFn: () => api.get<Listish<ApiToken>>(identityPaths.tokens),
    select: items,
  });
}

export function useCreateApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; unitId: string; permissions: Permission[]; expiresAt: string }) =>
      api.post<ApiToken & { token: string }>(identityPaths.tokens, body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['api-tokens'] }),
  });
}

export function useRevokeApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<void>(`${identityPaths.tokens}/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['api-tokens'] }),
  });
}
