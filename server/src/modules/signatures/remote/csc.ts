/**
 * A Cloud Signature Consortium API v2 client (remote signature service provider, RSSP) as a
 * `RemoteSigningProvider`. Wire format per CSC API v2.0: every method is `POST {baseUrl}/csc/v2/<method>`
 * with a JSON body; errors are `{ error, error_description }`.
 *
 * Flow for a signature approved on the signer's phone (CSC API v2 §13.5 "credential protected by a
 * mobile app"): `credentials/authorize` with the hashes (SCAL2 binding) → HTTP 202 `{ handle }` →
 * poll `credentials/authorizeCheck { handle }` (202 while pending) → 200 `{ SAD }` →
 * `signatures/signHash { credentialID, SAD, hashes, hashAlgorithmOID, signAlgo }` → `{ signatures }`.
 *
 * The spec does not say how a refused or timed-out approval is reported, nor how long the phone's
 * countdown lasts. Extension (documented in README.md, implemented by our simulator): the 202 answers
 * may carry `expiresIn` (seconds left to approve); a refusal is a 400 `{ error: "access_denied" }` and a
 * countdown that ran out a 400 `{ error: "expired_token" }` — the codes OAuth 2.0 device authorization
 * (RFC 8628 §3.5) uses for the same polling situation. Without `expiresIn` we assume `requestValidityMs`.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import {
  RemoteAccountRejectedError,
  RemoteCredentialDisabledError,
  RemoteCredentialNotFoundError,
  RemoteProviderError,
} from './errors.ts';
import { postJson } from './http.ts';
import type {
  CredentialSummary,
  RemoteAccount,
  RemoteCredential,
  RemoteKeyAlgorithm,
  RemoteSigningProvider,
  SignatureRequest,
  SignatureRequestState,
} from './provider.ts';

export const CSC_OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  prime256v1: '1.2.840.10045.3.1.7',
} as const;

export interface CscProviderOptions {
  /** Service root; methods are at `{baseUrl}/csc/v2/<method>`. */
  baseUrl: string;
  id?: string;
  displayName?: string;
  /**
   * A service-wide bearer token from configuration. With it, `userID` names the account in
   * `credentials/list`; without it each account logs in (`auth/login`, HTTP Basic) or brings its own token.
   */
  accessToken?: string;
  /** Per HTTP request (connect + answer), default 10 s. */
  timeoutMs?: number;
  /** How long the signer has to approve when the provider does not say (`expiresIn`), default 120 s. */
  requestValidityMs?: number;
  /** `lang` sent to the service (messages in Vietnamese), default `vi-VN`. */
  lang?: string;
}

/** CSC `info` output (the parts we read). */
export interface CscInfo {
  specs: string;
  name: string;
  methods: string[];
  authType?: string[];
  lang?: string;
  [more: string]: unknown;
}

interface CscCredentialInfo {
  credentialID?: string;
  description?: string;
  key: { status: 'enabled' | 'disabled'; algo: string[]; len: number; curve?: string };
  cert?: {
    status?: string;
    certificates?: string[];
    issuerDN?: string;
    serialNumber?: string;
    subjectDN?: string;
    validFrom?: string;
    validTo?: string;
  };
  multisign?: number;
}

interface PendingRequest {
  authorization: string;
  credentialId: string;
  algorithm: RemoteKeyAlgorithm;
  hashes: string[];
  handle?: string;
  sad?: string;
  expiresAt: Date;
  createdAt: number;
  outcome?: SignatureRequestState;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

const REQUEST_TTL_MS = 3_600_000;

/** `YYYYMMDDHHmmssZ` (GeneralizedTime as CSC writes it) → Date. */
function parseGeneralizedTime(value: string | undefined): Date | undefined {
  const m = value?.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s));
}

function algorithmOf(info: CscCredentialInfo): RemoteKeyAlgorithm {
  const algos = info.key.algo ?? [];
  if (algos.includes(CSC_OID.ecPublicKey) || algos.includes(CSC_OID.ecdsaWithSHA256)) return 'ECDSA';
  return 'RSA';
}

export class CscProvider implements RemoteSigningProvider {
  readonly id: string;
  readonly displayName: string;
  private readonly base: string;
  private readonly options: CscProviderOptions;
  private readonly tokens = new Map<string, { token: string; until: number }>();
  private readonly requests = new Map<string, PendingRequest>();

  constructor(options: CscProviderOptions) {
    this.options = options;
    this.id = options.id ?? 'csc';
    this.displayName = options.displayName ?? 'Ký số từ xa (CSC)';
    this.base = `${options.baseUrl.replace(/\/+$/, '')}/csc/v2/`;
  }

  /** `POST info`: the service's name, spec version and supported methods (no authentication). */
  async info(): Promise<CscInfo> {
    const answer = await this.post('info', { lang: this.lang });
    this.check(answer);
    return answer.body as unknown as CscInfo;
  }

  async listCredentials(account: RemoteAccount): Promise<CredentialSummary[]> {
    const authorization = await this.authorize(account);
    const answer = await this.post(
      'credentials/list',
      {
        ...(this.options.accessToken && !account.accessToken ? { userID: account.userId } : {}),
        credentialInfo: true,
        certificates: 'single',
        certInfo: true,
        authInfo: true,
        lang: this.lang,
      },
      authorization,
    );
    this.check(answer, account);
    const ids = (answer.body.credentialIDs as string[] | undefined) ?? [];
    const infos = (answer.body.credentialInfos as CscCredentialInfo[] | undefined) ?? [];
    const summaries: CredentialSummary[] = [];
    for (const id of ids) {
      const info = infos.find((i) => i.credentialID === id) ?? (await this.credentialInfo(authorization, id));
      summaries.push(this.summarise(id, info));
    }
    return summaries;
  }

  async getCredential(account: RemoteAccount, credentialId: string): Promise<RemoteCredential> {
    const info = await this.credentialInfo(await this.authorize(account), credentialId);
    if (info.key.status === 'disabled')
      throw new RemoteCredentialDisabledError(this.displayName, credentialId);
    const [leaf, ...chain] = (info.cert?.certificates ?? []).map((c) => Buffer.from(c, 'base64'));
    if (!leaf)
      throw new RemoteProviderError(
        this.displayName,
        'no_certificate',
        'credentials/info returned no certificate',
      );
    return { certificate: leaf, chain, algorithm: algorithmOf(info) };
  }

  async requestSignature(
    account: RemoteAccount,
    credentialId: string,
    hashes: Buffer[],
    options: { description: string },
  ): Promise<SignatureRequest> {
    this.forgetOldRequests();
    const authorization = await this.authorize(account);
    const info = await this.credentialInfo(authorization, credentialId, 'none');
    if (info.key.status === 'disabled')
      throw new RemoteCredentialDisabledError(this.displayName, credentialId);
    const encoded = hashes.map((h) => h.toString('base64'));
    const answer = await this.post(
      'credentials/authorize',
      {
        credentialID: credentialId,
        numSignatures: hashes.length,
        hashes: encoded,
        hashAlgorithmOID: CSC_OID.sha256,
        description: options.description.slice(0, 500),
      },
      authorization,
    );
    this.check(answer, account, credentialId);
    const record: PendingRequest = {
      authorization,
      credentialId,
      algorithm: algorithmOf(info),
      hashes: encoded,
      expiresAt: this.expiryFrom(answer.body),
      createdAt: Date.now(),
    };
    if (answer.status === 202) record.handle = String(answer.body.handle ?? '');
    else record.sad = String(answer.body.SAD ?? '');
    if (!record.handle && !record.sad)
      throw new RemoteProviderError(
        this.displayName,
        'invalid_response',
        'credentials/authorize: no handle or SAD',
      );
    const requestId = randomUUID();
    this.requests.set(requestId, record);
    return { requestId, expiresAt: record.expiresAt };
  }

  async pollSignature(requestId: string): Promise<SignatureRequestState> {
    const record = this.requests.get(requestId);
    if (!record)
      throw new RemoteProviderError(this.displayName, 'unknown_request', `unknown request ${requestId}`);
    if (record.outcome) return record.outcome;
    if (!record.sad) {
      const answer = await this.post(
        'credentials/authorizeCheck',
        { handle: record.handle },
        record.authorization,
      );
      const error = String(answer.body.error ?? '');
      if (answer.status >= 400 && error === 'access_denied')
        return this.settle(record, {
          state: 'refused',
          reason: answer.body.error_description as string | undefined,
        });
      if (answer.status >= 400 && error === 'expired_token') return this.settle(record, { state: 'expired' });
      this.check(answer, undefined, record.credentialId);
      if (answer.status === 202) {
        if (answer.body.handle) record.handle = String(answer.body.handle);
        if (typeof answer.body.expiresIn === 'number') record.expiresAt = this.expiryFrom(answer.body);
        return { state: 'pending', expiresAt: record.expiresAt };
      }
      record.sad = String(answer.body.SAD ?? '');
      if (!record.sad)
        throw new RemoteProviderError(
          this.displayName,
          'invalid_response',
          'credentials/authorizeCheck: no SAD',
        );
    }
    const answer = await this.post(
      'signatures/signHash',
      {
        credentialID: record.credentialId,
        SAD: record.sad,
        hashes: record.hashes,
        hashAlgorithmOID: CSC_OID.sha256,
        signAlgo: record.algorithm === 'ECDSA' ? CSC_OID.ecdsaWithSHA256 : CSC_OID.sha256WithRSAEncryption,
        operationMode: 'S',
      },
      record.authorization,
    );
    this.check(answer, undefined, record.credentialId);
    const signatures = answer.body.signatures;
    if (!Array.isArray(signatures) || signatures.length !== record.hashes.length)
      throw new RemoteProviderError(
        this.displayName,
        'invalid_response',
        'signatures/signHash: wrong signature count',
      );
    return this.settle(record, {
      state: 'signed',
      signatures: signatures.map((s) => Buffer.from(String(s), 'base64')),
    });
  }

  private get lang(): string {
    return this.options.lang ?? 'vi-VN';
  }

  private settle(record: PendingRequest, outcome: SignatureRequestState): SignatureRequestState {
    record.outcome = outcome;
    record.hashes = [];
    record.sad = undefined;
    return outcome;
  }

  private forgetOldRequests(): void {
    const cutoff = Date.now() - REQUEST_TTL_MS;
    for (const [id, r] of this.requests) if (r.createdAt < cutoff) this.requests.delete(id);
  }

  private expiryFrom(body: Record<string, unknown>): Date {
    const seconds = typeof body.expiresIn === 'number' && body.expiresIn > 0 ? body.expiresIn : undefined;
    return new Date(Date.now() + (seconds ? seconds * 1000 : (this.options.requestValidityMs ?? 120_000)));
  }

  private async credentialInfo(
    authorization: string,
    credentialId: string,
    certificates: 'none' | 'single' | 'chain' = 'chain',
  ): Promise<CscCredentialInfo> {
    const answer = await this.post(
      'credentials/info',
      { credentialID: credentialId, certificates, certInfo: true, authInfo: true, lang: this.lang },
      authorization,
    );
    this.check(answer, undefined, credentialId);
    return answer.body as unknown as CscCredentialInfo;
  }

  private summarise(id: string, info: CscCredentialInfo): CredentialSummary {
    const der = info.cert?.certificates?.[0];
    const cert = der ? new x509.X509Certificate(Buffer.from(der, 'base64')) : undefined;
    return {
      id,
      description: info.description,
      status: info.key.status,
      algorithm: algorithmOf(info),
      subject: cert?.subject ?? info.cert?.subjectDN ?? '',
      issuer: cert?.issuer ?? info.cert?.issuerDN ?? '',
      serialNumber: (cert?.serialNumber ?? info.cert?.serialNumber ?? '').toLowerCase(),
      validFrom: cert?.notBefore ?? parseGeneralizedTime(info.cert?.validFrom) ?? new Date(0),
      validTo: cert?.notAfter ?? parseGeneralizedTime(info.cert?.validTo) ?? new Date(0),
    };
  }

  /** The `Authorization` header for an account: its own token, the configured token, or `auth/login`. */
  private async authorize(account: RemoteAccount): Promise<string> {
    if (account.accessToken) return `Bearer ${account.accessToken}`;
    if (this.options.accessToken) return `Bearer ${this.options.accessToken}`;
    const key = `${account.userId}\u0000${account.password ?? ''}`;
    const cached = this.tokens.get(key);
    if (cached && cached.until > Date.now()) return `Bearer ${cached.token}`;
    const basic = Buffer.from(`${account.userId}:${account.password ?? ''}`, 'utf8').toString('base64');
    const answer = await this.post('auth/login', { rememberMe: false }, `Basic ${basic}`);
    if (answer.status >= 400)
      throw new RemoteAccountRejectedError(
        this.displayName,
        answer.body.error_description as string | undefined,
      );
    const token = String(answer.body.access_token ?? '');
    if (!token)
      throw new RemoteProviderError(this.displayName, 'invalid_response', 'auth/login: no access_token');
    const lifetime = typeof answer.body.expires_in === 'number' ? answer.body.expires_in : 3600;
    this.tokens.set(key, { token, until: Date.now() + (lifetime - 30) * 1000 });
    return `Bearer ${token}`;
  }

  /** Turns a CSC error answer into the matching AppError; 2xx passes. */
  private check(answer: Answer, account?: RemoteAccount, credentialId?: string): void {
    if (answer.status < 400) return;
    const error = String(answer.body.error ?? `http_${answer.status}`);
    const description = answer.body.error_description as string | undefined;
    if (answer.status === 401 || error === 'invalid_token' || error === 'authentication_error') {
      if (account)
        for (const key of this.tokens.keys())
          if (key.startsWith(`${account.userId}\u0000`)) this.tokens.delete(key);
      throw new RemoteAccountRejectedError(this.displayName, description);
    }
    if (credentialId && /disabled/i.test(description ?? ''))
      throw new RemoteCredentialDisabledError(this.displayName, credentialId);
    if (credentialId && error === 'invalid_request' && /credentialID/i.test(description ?? ''))
      throw new RemoteCredentialNotFoundError(this.displayName, credentialId);
    throw new RemoteProviderError(this.displayName, error, description, answer.status);
  }

  private async post(method: string, body: Record<string, unknown>, authorization?: string): Promise<Answer> {
    const answer = await postJson(this.displayName, this.base + method, body, {
      timeoutMs: this.options.timeoutMs ?? 10_000,
      authorization,
      what: method,
    });
    return { status: answer.status, body: answer.body };
  }
}

export function createCscProvider(options: CscProviderOptions): CscProvider {
  return new CscProvider(options);
}
