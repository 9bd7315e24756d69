/** Digital signing of a document and verification reports (documents/signing on the server). */
import type { DocumentSigningState, SignatureVerification, SigningCredential } from '@mts/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api } from './client.ts';

export type DocumentFileVerification = SignatureVerification & {
  fileId: string;
  fileName: string;
  role: string;
  checkedAt: string;
};

/**
 * The document's signings, newest first; polled every 3 s while one waits for the phone. When the
 * wait ends (signed, refused, expired) the document itself is refetched: its status has changed.
 */
export function useDocumentSignings(id: string) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ['document', id, 'signings'],
    queryFn: ({ signal }) => api.get<DocumentSigningState[]>(`/documents/${id}/signings`, undefined, signal),
    refetchInterval: (q) => (q.state.data?.some((s) => s.state === 'pending') ? 3_000 : false),
  });
  const pending = Boolean(query.data?.some((s) => s.state === 'pending'));
  const wasPending = useRef(false);
  useEffect(() => {
    if (wasPending.current && !pending)
      void client.invalidateQueries({ queryKey: ['document', id], exact: true });
    wasPending.current = pending;
  }, [pending, id, client]);
  return query;
}

/** The verification of each PDF of the document (made once per file on the server). */
export function useDocumentSignatureReport(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['document', id, 'signature-report'],
    queryFn: ({ signal }) =>
      api.get<DocumentFileVerification[]>(`/documents/${id}/signature-report`, undefined, signal),
    enabled,
  });
}

/** My personal certificates, or a unit's agency certificates, to choose one to sign with. */
export function useSigningCredentials(owner: { unitId: string } | 'mine') {
  const path = owner === 'mine' ? '/signatures/credentials' : `/signatures/units/${owner.unitId}/credentials`;
  return useQuery({
    queryKey: ['signing-credentials', owner === 'mine' ? 'mine' : owner.unitId],
    queryFn: ({ signal }) => api.get<SigningCredential[]>(path, undefined, signal),
  });
}

export function useSignDocument(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { credentialId: string; pin?: string }) =>
      api.post<DocumentSigningState[]>(`/documents/${id}/sign`, input),
    onSuccess: async (signings) => {
      client.setQueryData(['document', id, 'signings'], signings);
      await client.invalidateQueries({ queryKey: ['document', id] });
      await client.invalidateQueries({ queryKey: ['documents'] });
    },
  });
}
