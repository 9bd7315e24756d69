/**
 * A VNPT SmartCA-style remote signing provider (`RemoteSigningProvider`): the signer's key is at the
 * provider, identified by the signer's citizen id number (CCCD); the signer approves each transaction in
 * the SmartCA mobile app; we poll the transaction's status.
 *
 * Wire format assumed here (from the domain notes and public integration samples of the SmartCA
 * "sp769" gateway, e.g. `https://gwsca.vnpt.vn/sca/sp769/v1`; no official specification was available):
 * every call is `POST {baseUrl}/<path>` with a JSON body, the integrating service identified by
 * `sp_id` + `sp_password` (issued by VNPT, a.k.a. client id / client secret) in the body. Every answer is
 * the envelope `{ status_code, message, data }`; `status_code` 200 (or 0) means success, anything else,
 * or a non-2xx HTTP status, is an error whose `message` is passed on.
 *
 * - `credentials/get_certificate` `{ sp_id, sp_password, user_id, serial_number? }` →
 *   `data.user_certificates[]`: `{ service_type?, service_name?, cert_id?, cert_status?, serial_number,
 *   cert_subject?, cert_valid_from?, cert_valid_to?, cert_data (base64 DER),
 *   chain_data?: { ca_cert?, root_cert? } (base64 DER or null) }`. `user_id` is the signer's account id
 *   (citizen id number) = `RemoteAccount.userId`; a credential id is the certificate's `serial_number`
 *   (hex, compared case-insensitively). An empty list (or none with that serial) = not found. A
 *   `cert_status` that reads revoked / suspended / expired / disabled / locked (English or Vietnamese)
 *   means the key cannot sign; any other value (e.g. "Đang hoạt động") is enabled.
 * - `signatures/sign` `{ sp_id, sp_password, user_id, transaction_id, transaction_desc, serial_number,
 *   sign_files: [{ data_to_be_signed, doc_id, file_type, sign_type: "hash" }] }` → `data.transaction_id`
 *   (the provider's id, polled below; may differ from ours, which is a fresh UUID) and optionally
 *   `data.tran_code` and `data.expired_in` (seconds the signer has to approve; without it
 *   `requestValidityMs`, default 3 min — integrations poll "about every 5 s for up to 3 minutes").
 *   `data_to_be_signed` is the raw SHA-256 digest as lowercase hex (option `hashEncoding: 'base64'`
 *   switches to base64); `doc_id` is `{our transaction_id}-{index}`; `file_type` is `"pdf"` as in the
 *   samples (option `fileType`).
 * - `signatures/sign/{transaction_id}/status` with body `{}` → `data: { transaction_id, tran_status?,
 *   signatures: [{ doc_id, signature_value (base64), timestamp_signature? }] | null, reason? }`.
 *   Signed = non-empty `signatures` (matched to our hashes by `doc_id`, else by order). Otherwise the
 *   state is read from `data.tran_status`, else `message` (case-insensitive): `EXPIRED`/`TIMEOUT` →
 *   expired; `REJECTED`/`REFUSED`/`DENIED`/`CANCELED`/`CANCELLED` → refused (`data.reason` or
 *   `message` as the reason); anything else (`WAITING`, `PENDING`, …) is still pending. The samples
 *   show only "signatures null while waiting"; how a refusal or a lapsed countdown is reported is our
 *   assumption — map a real provider's codes here.
 * - Signatures are PKCS#1 v1.5 over the SHA-256 DigestInfo for RSA (SmartCA keys are RSA); an EC key
 *   is declared ECDSA and its values passed through (DER `Ecdsa-Sig-Value` expected).
 *
 * Pending requests (hash count, doc ids, expiry) live in this instance's memory for up to 1 h; an
 * unknown transaction id is still polled (single-hash assumption).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import {
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

export interface SmartCaProviderOptions {
  /** Gateway root, e.g. `https://gwsca.vnpt.vn/sca/sp769/v1`; paths are appended to it. */
  baseUrl: string;
  /** Service provider id issued by VNPT (client id). */
  spId?: string;
  /** Service provider password issued by VNPT (client secret). */
  spPassword?: string;
  /** Per HTTP request (connect + answer), default 10 s. */
  timeoutMs?: number;
  /** Suggested poll interval for callers (`remoteSigner`'s `pollIntervalMs`), default 5 s. */
  pollIntervalMs?: number;
  /** How long the signer has to approve when the provider does not say (`expired_in`), default 180 s. */
  requestValidityMs?: number;
  /** Encoding of `data_to_be_signed`, default `hex`. */
  hashEncoding?: 'hex' | 'base64';
  /** `file_type` of each `sign_files` entry, default `pdf`. */
  fileType?: string;
  id?: string;
  displayName?: string;
}

/** One entry of `data.user_certificates`. */
export interface SmartCaUserCertificate {
  service_type?: string;
  service_name?: string;
  cert_id?: string;
  cert_status?: string;
  serial_number?: string;
  cert_subject?: string;
  cert_valid_from?: string;
  cert_valid_to?: string;
  cert_data?: string;
  chain_data?: { ca_cert?: string | null; root_cert?: string | null } | null;
}

interface Envelope {
  status_code?: number;
  message?: string;
  data?: Record<string, unknown> | null;
}

interface PendingTransaction {
  docIds: string[];
  expiresAt: Date;
  createdAt: number;
  outcome?: SignatureRequestState;
}

const REQUEST_TTL_MS = 3_600_000;
const DISABLED_STATUS =
  /revok|suspend|expired|disabled|locked|inactive|thu hồi|tạm dừng|tạm ngưng|hết hạn|khóa|khoá/i;
const EXPIRED_STATE = /^(EXPIRED|TIMEOUT|TIMED_OUT)$/i;
const REFUSED_STATE = /^(REJECTED|REJECT|REFUSED|DENIED|CANCELED|CANCELLED)$/i;

function der(base64: string | null | undefined): Buffer<ArrayBuffer> | undefined {
  return base64 ? Buffer.from(base64, 'base64') : undefined;
}

function algorithmOf(cert: x509.X509Certificate): RemoteKeyAlgorithm {
  return cert.publicKey.algorithm.name === 'ECDSA' ? 'ECDSA' : 'RSA';
}

export class SmartCaProvider implements RemoteSigningProvider {
  readonly id: string;
  readonly displayName: string;
  /** The poll interval to pass to `remoteSigner` (SmartCA integrations poll about every 5 s). */
  readonly pollIntervalMs: number;
  private readonly base: string;
  private readonly options: SmartCaProviderOptions;
  private readonly transactions = new Map<string, PendingTransaction>();

  constructor(options: SmartCaProviderOptions) {
    this.options = options;
    this.id = options.id ?? 'smartca';
    this.displayName = options.displayName ?? 'VNPT SmartCA';
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.base = `${options.baseUrl.replace(/\/+$/, '')}/`;
  }

  async listCredentials(account: RemoteAccount): Promise<CredentialSummary[]> {
    return (await this.certificates(account)).map((c) => this.summarise(c));
  }

  async getCredential(account: RemoteAccount, credentialId: string): Promise<RemoteCredential> {
    const entry = await this.certificate(account, credentialId);
    const leaf = der(entry.cert_data);
    if (!leaf)
      throw new RemoteProviderError(this.displayName, 'invalid_response', 'get_certificate: no cert_data');
    const chain = [der(entry.chain_data?.ca_cert), der(entry.chain_data?.root_cert)].filter(
      (c): c is Buffer<ArrayBuffer> => c !== undefined && c.length > 0,
    );
    return { certificate: leaf, chain, algorithm: algorithmOf(new x509.X509Certificate(leaf)) };
  }

  async requestSignature(
    account: RemoteAccount,
    credentialId: string,
    hashes: Buffer[],
    options: { description: string },
  ): Promise<SignatureRequest> {
    this.forgetOld();
    const entry = await this.certificate(account, credentialId);
    const ours = randomUUID();
    const docIds = hashes.map((_, i) => `${ours}-${i}`);
    const encoding = this.options.hashEncoding ?? 'hex';
    const body = await this.post('signatures/sign', {
      ...this.sp(),
      user_id: account.userId,
      transaction_id: ours,
      transaction_desc: options.description.slice(0, 500),
      serial_number: entry.serial_number,
      sign_files: hashes.map((hash, i) => ({
        data_to_be_signed: hash.toString(encoding),
        doc_id: docIds[i],
        file_type: this.options.fileType ?? 'pdf',
        sign_type: 'hash',
      })),
    });
    const data = body.data ?? {};
    const transactionId = String(data.transaction_id ?? '');
    if (!transactionId)
      throw new RemoteProviderError(
        this.displayName,
        'invalid_response',
        'signatures/sign: no transaction_id',
      );
    const seconds = typeof data.expired_in === 'number' && data.expired_in > 0 ? data.expired_in : 0;
    const expiresAt = new Date(Date.now() + (seconds * 1000 || (this.options.requestValidityMs ?? 180_000)));
    this.transactions.set(transactionId, { docIds, expiresAt, createdAt: Date.now() });
    return { requestId: transactionId, expiresAt };
  }

  async pollSignature(requestId: string): Promise<SignatureRequestState> {
    const record = this.transactions.get(requestId);
    if (record?.outcome) return record.outcome;
    const expiresAt = record?.expiresAt ?? new Date(Date.now() + (this.options.requestValidityMs ?? 180_000));
    const body = await this.post(`signatures/sign/${encodeURIComponent(requestId)}/status`, {});
    const data = body.data ?? {};
    const signatures = Array.isArray(data.signatures)
      ? (data.signatures as { doc_id?: string; signature_value?: string }[])
      : [];
    if (signatures.length > 0) {
      const docIds = record?.docIds ?? [undefined];
      const values = docIds.map(
        (docId, i) =>
          (docId !== undefined ? signatures.find((s) => s.doc_id === docId) : undefined) ?? signatures[i],
      );
      if (values.some((v) => !v?.signature_value))
        throw new RemoteProviderError(
          this.displayName,
          'invalid_response',
          `signatures/sign/${requestId}/status: ${signatures.length} signature(s) for ${docIds.length} hash(es)`,
        );
      return this.settle(record, {
        state: 'signed',
        signatures: values.map((v) => Buffer.from(String(v?.signature_value), 'base64')),
      });
    }
    const state = String(data.tran_status ?? body.message ?? '').trim();
    if (EXPIRED_STATE.test(state)) return this.settle(record, { state: 'expired' });
    if (REFUSED_STATE.test(state)) {
      const reason = typeof data.reason === 'string' && data.reason ? data.reason : body.message;
      return this.settle(record, { state: 'refused', reason: reason || undefined });
    }
    return { state: 'pending', expiresAt };
  }

  private settle(
    record: PendingTransaction | undefined,
    outcome: SignatureRequestState,
  ): SignatureRequestState {
    if (record) record.outcome = outcome;
    return outcome;
  }

  private forgetOld(): void {
    const cutoff = Date.now() - REQUEST_TTL_MS;
    for (const [id, t] of this.transactions) if (t.createdAt < cutoff) this.transactions.delete(id);
  }

  private sp(): { sp_id: string; sp_password: string } {
    return { sp_id: this.options.spId ?? '', sp_password: this.options.spPassword ?? '' };
  }

  private async certificates(account: RemoteAccount, serial?: string): Promise<SmartCaUserCertificate[]> {
    const body = await this.post('credentials/get_certificate', {
      ...this.sp(),
      user_id: account.userId,
      ...(serial ? { serial_number: serial } : {}),
    });
    const list = body.data?.user_certificates;
    return Array.isArray(list) ? (list as SmartCaUserCertificate[]) : [];
  }

  /** The account's certificate with this serial number; not found / disabled are errors. */
  private async certificate(account: RemoteAccount, credentialId: string): Promise<SmartCaUserCertificate> {
    let list: SmartCaUserCertificate[];
    try {
      list = await this.certificates(account, credentialId);
    } catch (error) {
      if (
        error instanceof RemoteProviderError &&
        /not\s*found|không tìm thấy|không tồn tại/i.test(error.message)
      )
        throw new RemoteCredentialNotFoundError(this.displayName, credentialId);
      throw error;
    }
    const entry = list.find((c) => c.serial_number?.toLowerCase() === credentialId.toLowerCase());
    if (!entry) throw new RemoteCredentialNotFoundError(this.displayName, credentialId);
    if (DISABLED_STATUS.test(entry.cert_status ?? ''))
      throw new RemoteCredentialDisabledError(this.displayName, credentialId);
    return entry;
  }

  private summarise(entry: SmartCaUserCertificate): CredentialSummary {
    const bytes = der(entry.cert_data);
    const cert = bytes ? new x509.X509Certificate(bytes) : undefined;
    const date = (s?: string) => (s && !Number.isNaN(Date.parse(s)) ? new Date(s) : new Date(0));
    return {
      id: (entry.serial_number ?? cert?.serialNumber ?? '').toLowerCase(),
      description: entry.service_name,
      status: DISABLED_STATUS.test(entry.cert_status ?? '') ? 'disabled' : 'enabled',
      algorithm: cert ? algorithmOf(cert) : 'RSA',
      subject: cert?.subject ?? entry.cert_subject ?? '',
      issuer: cert?.issuer ?? '',
      serialNumber: (cert?.serialNumber ?? entry.serial_number ?? '').toLowerCase(),
      validFrom: cert?.notBefore ?? date(entry.cert_valid_from),
      validTo: cert?.notAfter ?? date(entry.cert_valid_to),
    };
  }

  /** POSTs JSON and unwraps the `{ status_code, message, data }` envelope; errors become AppErrors. */
  private async post(path: string, body: Record<string, unknown>): Promise<Envelope> {
    const response = await postJson(this.displayName, this.base + path, body, {
      timeoutMs: this.options.timeoutMs ?? 10_000,
      what: path,
    });
    const envelope = response.body as Envelope;
    const code = envelope.status_code;
    if (!response.ok || (code !== undefined && code !== 200 && code !== 0))
      throw new RemoteProviderError(
        this.displayName,
        `status_${code ?? response.status}`,
        envelope.message ?? `HTTP ${response.status}`,
        response.status,
      );
    return envelope;
  }
}

export function createSmartCaProvider(options: SmartCaProviderOptions): SmartCaProvider {
  return new SmartCaProvider(options);
}
