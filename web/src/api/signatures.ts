/** Digital signatures (signatures module on the server): certificates, images, trust anchors, verification. */
import type {
  AddTrustAnchorInput,
  ChangePinInput,
  SignatureImage,
  SignatureVerification,
  SigningCredential,
  TrustAnchor,
} from '@mts/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

export const signaturePaths = {
  myCredentials: '/signatures/credentials',
  unitCredentials: (unitId: string) => `/signatures/units/${unitId}/credentials`,
  changePin: (id: string) => `/signatures/credentials/${id}/pin`,
  disable: (id: string) => `/signatures/credentials/${id}/disable`,
  mySignatureImage: '/signatures/signature-image',
  unitSealImage: (unitId: string) => `/signatures/units/${unitId}/seal-image`,
  trustAnchors: '/signatures/trust-anchors',
  verify: '/signatures/verify',
};

/** Where the browser loads an image's PNG; the hash in the query makes a new image a new URL. */
export const signatureImageUrls = {
  mine: (image: SignatureImage) => `/api/signatures/signature-image/png?v=${image.sha256.slice(0, 16)}`,
  byId: (image: SignatureImage) => `/api/signatures/images/${image.id}?v=${image.sha256.slice(0, 16)}`,
};

/** Whose certificates: mine (personal) or a unit's (agency). */
export type CredentialOwner = 'mine' | { unitId: string };

const credentialsKey = (owner: CredentialOwner) => [
  'signing-credentials',
  owner === 'mine' ? 'mine' : owner.unitId,
];
const credentialsPath = (owner: CredentialOwner) =>
  owner === 'mine' ? signaturePaths.myCredentials : signaturePaths.unitCredentials(owner.unitId);

export function useCredentials(owner: CredentialOwner) {
  return useQuery({
    queryKey: credentialsKey(owner),
    queryFn: ({ signal }) => api.get<SigningCredential[]>(credentialsPath(owner), undefined, signal),
  });
}

export interface KeystoreUpload {
  file: File;
  pin: string;
  label?: string;
}

/** Uploads a .p12 with its PIN (the server opens it to check the PIN and never stores the PIN). */
export function useUploadCredential(owner: CredentialOwner) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, pin, label }: KeystoreUpload) => {
      const form = new FormData();
      // Text fields before the file, so a server reading the stream sees them in any case.
      form.append('pin', pin);
      if (label) form.append('label', label);
      form.append('file', file, file.name);
      return api.post<SigningCredential>(credentialsPath(owner), form);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['signing-credentials'] }),
  });
}

export function useChangePin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: ChangePinInput & { id: string }) =>
      api.post<SigningCredential>(signaturePaths.changePin(id), body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['signing-credentials'] }),
  });
}

export function useDisableCredential() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<SigningCredential>(signaturePaths.disable(id), {}),
    onSuccess: () => client.invalidateQueries({ queryKey: ['signing-credentials'] }),
  });
}

/** My signature image, or a unit's seal image (null when none is stored yet). */
export function useSignatureImage(owner: CredentialOwner) {
  const path =
    owner === 'mine' ? signaturePaths.mySignatureImage : signaturePaths.unitSealImage(owner.unitId);
  return useQuery({
    queryKey: ['signature-image', owner === 'mine' ? 'mine' : owner.unitId],
    queryFn: ({ signal }) => api.get<{ image: SignatureImage | null }>(path, undefined, signal),
  });
}

/** Stores my signature image or a unit's seal (with its real diameter); the server checks transparency. */
export function useUploadSignatureImage(owner: CredentialOwner) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, diameterMm }: { file: File; diameterMm?: number }) => {
      const form = new FormData();
      if (diameterMm !== undefined) form.append('diameterMm', String(diameterMm));
      form.append('file', file, file.name);
      const path =
        owner === 'mine' ? signaturePaths.mySignatureImage : signaturePaths.unitSealImage(owner.unitId);
      return api.put<SignatureImage>(path, form);
    },
    onSuccess: (image) =>
      client.setQueryData(['signature-image', owner === 'mine' ? 'mine' : owner.unitId], { image }),
  });
}

export function useTrustAnchors() {
  return useQuery({
    queryKey: ['trust-anchors'],
    queryFn: ({ signal }) => api.get<TrustAnchor[]>(signaturePaths.trustAnchors, undefined, signal),
  });
}

export function useAddTrustAnchor() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: AddTrustAnchorInput) => api.post<TrustAnchor>(signaturePaths.trustAnchors, input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['trust-anchors'] }),
  });
}

/** Checks the signatures of a PDF chosen by the person (nothing is stored). */
export function useVerifyPdf() {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api.post<SignatureVerification>(signaturePaths.verify, form);
    },
  });
}
