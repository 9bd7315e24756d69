/**
 * Remote signing providers behind one interface (CSC API v2 services, SmartCA-style apps, …):
 * the key stays at the provider, the signer approves each request on the phone, we poll.
 * `remoteSigner` turns a provider + credential into the pades `ExternalSigner`.
 */
import { createHash } from 'node:crypto';
import type { ExternalSigner } from '../pades/index.ts';
import { RemoteProviderError, RemoteSigningExpiredError, RemoteSigningRefusedError } from './errors.ts';

/** Who signs at the provider: a login (user id + password) or an access token the provider issued. */
export interface RemoteAccount {
  userId: string;
  password?: string;
  accessToken?: string;
}

export type RemoteKeyAlgorithm = 'RSA' | 'ECDSA';

export interface CredentialSummary {
  id: string;
  description?: string;
  status: 'enabled' | 'disabled';
  algorithm: RemoteKeyAlgorithm;
  /** RFC 4514 subject of the signing certificate, e.g. `CN=Nguyễn Văn Ký, O=…, C=VN`. */
  subject: string;
  issuer: string;
  serialNumber: string;
  validFrom: Date;
  validTo: Date;
}

export interface RemoteCredential {
  /** Signing certificate, DER. */
  certificate: Buffer;
  /** The rest of the chain (intermediates, root), DER, leaf excluded. */
  chain: Buffer[];
  algorithm: RemoteKeyAlgorithm;
}

export interface SignatureRequest {
  requestId: string;
  /** When the signer's countdown on the phone runs out. */
  expiresAt: Date;
}

export type SignatureRequestState =
  | { state: 'pending'; expiresAt: Date }
  | { state: 'signed'; signatures: Buffer[] }
  | { state: 'refused'; reason?: string }
  | { state: 'expired' };

export interface RemoteSigningProvider {
  /** Stable id, e.g. `csc`. */
  readonly id: string;
  /** Shown to users, e.g. `Ký số từ xa (CSC)`. */
  readonly displayName: string;
  listCredentials(account: RemoteAccount): Promise<CredentialSummary[]>;
  getCredential(account: RemoteAccount, credentialId: string): Promise<RemoteCredential>;
  /**
   * Asks the signer to approve signing these SHA-256 hashes (raw 32-byte digests); the signatures come
   * back in the same order: PKCS#1 v1.5 for RSA, DER `Ecdsa-Sig-Value` for ECDSA.
   */
  requestSignature(
    account: RemoteAccount,
    credentialId: string,
    hashes: Buffer[],
    options: { description: string },
  ): Promise<SignatureRequest>;
  pollSignature(requestId: string): Promise<SignatureRequestState>;
}

export interface RemoteSignerOptions {
  /** Shown to the signer on the phone (e.g. the document's number and summary). */
  description?: string;
  /** Called once the request waits on the phone: show the countdown to `expiresAt`. */
  onPending?(info: SignatureRequest): void;
  pollIntervalMs?: number;
  /** Stops waiting (the user closed the dialog); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Extra wait past `expiresAt` before giving up locally when the provider still says "pending"
   * (clock skew, a slow provider); default 5 s.
   */
  graceMs?: number;
}

const DEFAULT_POLL_MS = 2_000;
const DEFAULT_GRACE_MS = 5_000;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Polls one request until it is signed, refused or expired. Refused → RemoteSigningRefusedError,
 * expired (or still pending `graceMs` after `expiresAt`) → RemoteSigningExpiredError.
 */
export async function waitForSignatures(
  provider: RemoteSigningProvider,
  request: SignatureRequest,
  options: Pick<RemoteSignerOptions, 'pollIntervalMs' | 'signal' | 'graceMs'> = {},
): Promise<Buffer[]> {
  const interval = options.pollIntervalMs ?? DEFAULT_POLL_MS;
  const grace = options.graceMs ?? DEFAULT_GRACE_MS;
  let expiresAt = request.expiresAt;
  for (;;) {
    options.signal?.throwIfAborted();
    const state = await provider.pollSignature(request.requestId);
    switch (state.state) {
      case 'signed':
        return state.signatures;
      case 'refused':
        throw new RemoteSigningRefusedError(provider.displayName, state.reason);
      case 'expired':
        throw new RemoteSigningExpiredError(provider.displayName, expiresAt);
      case 'pending':
        expiresAt = state.expiresAt;
        if (Date.now() > expiresAt.getTime() + grace)
          throw new RemoteSigningExpiredError(provider.displayName, expiresAt);
    }
    await sleep(interval, options.signal);
  }
}

/**
 * An `ExternalSigner` for pades `signPdf` whose key is at a remote provider: it fetches the credential's
 * certificate and chain, then for each signature sends SHA-256(signed attributes) for approval and waits.
 */
export async function remoteSigner(
  provider: RemoteSigningProvider,
  account: RemoteAccount,
  credentialId: string,
  options: RemoteSignerOptions = {},
): Promise<ExternalSigner> {
  const credential = await provider.getCredential(account, credentialId);
  return {
    algorithm: credential.algorithm,
    certificate: credential.certificate,
    chain: credential.chain,
    async sign(signedAttributesDer) {
      const hash = createHash('sha256').update(signedAttributesDer).digest();
      const request = await provider.requestSignature(account, credentialId, [hash], {
        description: options.description ?? 'Ký số văn bản / Sign a document',
      });
      options.onPending?.(request);
      const [signature] = await waitForSignatures(provider, request, options);
      if (!signature)
        throw new RemoteProviderError(provider.displayName, 'no_signature', 'no signature returned');
      return signature;
    },
  };
}
