/**
 * RFC 3161 time-stamp client: builds a TimeStampReq with pkijs (SHA-256 message imprint, random
 * nonce, certReq), POSTs it as application/timestamp-query and checks the answer — PKI status,
 * token content type, the TSTInfo's imprint and nonce, and the token's CMS signature — before
 * returning the TimeStampToken exactly as the TSA encoded it (DER ContentInfo, never re-encoded).
 */
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../../platform/errors/index.ts';

const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
} as const;

export interface TsaClientOptions {
  /** TSA endpoint (http or https). */
  url: string;
  /** Requested TSA policy (reqPolicy); the TSA's default policy when omitted. */
  policyOid?: string;
  /** HTTP Basic credentials, when the TSA requires them. */
  username?: string;
  password?: string;
  /** Whole request timeout (default 15 s). */
  timeoutMs?: number;
}

/** What to time-stamp: the data itself (hashed with SHA-256 here) or its SHA-256 digest. */
export type TimestampInput = Uint8Array | { sha256: Uint8Array };

export interface TsaClient {
  /** Returns the TimeStampToken (DER ContentInfo / SignedData) whose imprint is SHA-256 of the input. */
  timestamp(input: TimestampInput): Promise<Buffer>;
}

type TsaFailure = 'TSA_UNREACHABLE' | 'TSA_TIMEOUT' | 'TSA_REFUSED' | 'TSA_BAD_RESPONSE';

/** The time-stamping authority could not be used; nothing was signed or written. */
export class TimestampError extends AppError {
  readonly reason: TsaFailure;
  constructor(reason: TsaFailure, message: { vi: string; en: string }, details: Record<string, unknown>) {
    super('SERVICE_UNAVAILABLE', { message, details: { reason, ...details } });
    this.reason = reason;
  }
}

const unreachable = (url: string, cause: string) =>
  new TimestampError(
    'TSA_UNREACHABLE',
    {
      vi: 'Không kết nối được máy chủ cấp dấu thời gian (TSA). Văn bản chưa được ký; vui lòng thử lại sau.',
      en: 'The time-stamping authority (TSA) could not be reached. The document was not signed; try again later.',
    },
    { url, cause },
  );
const timedOut = (url: string, timeoutMs: number) =>
  new TimestampError(
    'TSA_TIMEOUT',
    {
      vi: `Máy chủ cấp dấu thời gian (TSA) không trả lời sau ${Math.round(timeoutMs / 1000)} giây. Văn bản chưa được ký; vui lòng thử lại sau.`,
      en: `The time-stamping authority (TSA) did not answer within ${Math.round(timeoutMs / 1000)} s. The document was not signed; try again later.`,
    },
    { url, timeoutMs },
  );
const refused = (url: string, status: number, statusText: string, failInfo: number[]) =>
  new TimestampError(
    'TSA_REFUSED',
    {
      vi: `Máy chủ cấp dấu thời gian (TSA) từ chối yêu cầu${statusText ? `: ${statusText}` : ''}. Văn bản chưa được ký.`,
      en: `The time-stamping authority (TSA) refused the request${statusText ? `: ${statusText}` : ''}. The document was not signed.`,
    },
    { url, status, statusText, failInfo },
  );
const badResponse = (url: string, problem: string) =>
  new TimestampError(
    'TSA_BAD_RESPONSE',
    {
      vi: 'Máy chủ cấp dấu thời gian (TSA) trả về dữ liệu không hợp lệ. Văn bản chưa được ký.',
      en: `The time-stamping authority (TSA) returned an invalid answer (${problem}). The document was not signed.`,
    },
    { url, problem },
  );

let engineSet = false;
function engine(): void {
  if (engineSet) return;
  pkijs.setEngine(
    'node-webcrypto',
    new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto as Crypto }),
  );
  engineSet = true;
}

const FAIL_INFO_NAMES = [
  'badAlg',
  '1',
  'badRequest',
  '3',
  '4',
  'badDataFormat',
  '6',
  '7',
  '8',
  '9',
  '10',
  '11',
  '12',
  '13',
  'timeNotAvailable',
  'unacceptedPolicy',
  'unacceptedExtension',
  'addInfoNotAvailable',
] as const;

function bitsSet(bits: asn1js.BitString | undefined): number[] {
  if (!bits) return [];
  const bytes = bits.valueBlock.valueHexView;
  const out: number[] = [];
  for (let i = 0; i < bytes.length * 8; i++) if ((bytes[i >> 3] ?? 0) & (0x80 >> (i & 7))) out.push(i);
  return out;
}

const bigint = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);

/** Checks a TimeStampResp against the request; returns the token's original DER. */
async function acceptResponse(url: string, der: Uint8Array, digest: Buffer, nonce: bigint): Promise<Buffer> {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence))
    throw badResponse(url, 'not DER TimeStampResp');
  let resp: pkijs.TimeStampResp;
  try {
    resp = new pkijs.TimeStampResp({ schema: parsed.result });
  } catch (e) {
    throw badResponse(url, `not a TimeStampResp: ${(e as Error).message}`);
  }
  const status = resp.status.status;
  if (status !== pkijs.PKIStatus.granted && status !== pkijs.PKIStatus.grantedWithMods) {
    const text = (resp.status.statusStrings ?? []).map((s) => s.valueBlock.value).join('; ');
    const fail = bitsSet(resp.status.failInfo);
    const names = fail.map((b) => FAIL_INFO_NAMES[b] ?? String(b));
    throw refused(url, status, [text, ...names].filter(Boolean).join(' — '), fail);
  }
  const tokenAsn = parsed.result.valueBlock.value[1];
  if (!resp.timeStampToken || !tokenAsn) throw badResponse(url, 'granted without a token');
  if (resp.timeStampToken.contentType !== OID.signedData) throw badResponse(url, 'token is not SignedData');

  let tst: pkijs.TSTInfo;
  let signedData: pkijs.SignedData;
  try {
    signedData = new pkijs.SignedData({ schema: resp.timeStampToken.content });
    const eContent = signedData.encapContentInfo;
    if (eContent.eContentType !== OID.tstInfo || !eContent.eContent) throw new Error('no TSTInfo');
    tst = pkijs.TSTInfo.fromBER(eContent.eContent.getValue());
  } catch (e) {
    throw badResponse(url, `unreadable token: ${(e as Error).message}`);
  }
  if (tst.messageImprint.hashAlgorithm.algorithmId !== OID.sha256)
    throw badResponse(url, 'imprint algorithm is not SHA-256');
  if (!Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView).equals(digest))
    throw badResponse(url, 'imprint does not match the request');
  if (!tst.nonce || bigint(tst.nonce.valueBlock.valueHexView) !== nonce)
    throw badResponse(url, 'nonce does not match the request');
  // pkijs' TSTInfo branch wants the original data to re-check the imprint (done above, also for a
  // caller that passes only a digest); verify the CMS signature itself over the eContent instead.
  let signatureOk = false;
  try {
    const eContent = signedData.encapContentInfo.eContent;
    signedData.encapContentInfo = new pkijs.EncapsulatedContentInfo({ eContentType: OID.data, eContent });
    signatureOk = (await signedData.verify({ signer: 0, checkChain: false })) === true;
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) throw badResponse(url, 'token signature does not verify');
  return Buffer.from(tokenAsn.valueBeforeDecodeView);
}

export function createTsaClient(options: TsaClientOptions): TsaClient {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const url = options.url;
  return {
    async timestamp(input) {
      engine();
      const digest =
        input instanceof Uint8Array ? createHash('sha256').update(input).digest() : Buffer.from(input.sha256);
      if (digest.length !== 32) throw new Error('A SHA-256 digest is 32 bytes');
      const nonceBytes = randomBytes(12);
      nonceBytes[0] = ((nonceBytes[0] ?? 0) & 0x7f) | 0x01; // positive, no leading zero byte
      const request = new pkijs.TimeStampReq({
        version: 1,
        messageImprint: new pkijs.MessageImprint({
          hashAlgorithm: new pkijs.AlgorithmIdentifier({
            algorithmId: OID.sha256,
            algorithmParams: new asn1js.Null(),
          }),
          hashedMessage: new asn1js.OctetString({ valueHex: new Uint8Array(digest) }),
        }),
        nonce: new asn1js.Integer({ valueHex: new Uint8Array(nonceBytes) }),
        certReq: true,
        ...(options.policyOid ? { reqPolicy: options.policyOid } : {}),
      });
      const body = new Uint8Array(request.toSchema().toBER(false));
      const headers: Record<string, string> = { 'content-type': 'application/timestamp-query' };
      if (options.username !== undefined)
        headers.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;

      let answer: Uint8Array;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!res.ok) {
          await res.body?.cancel();
          throw badResponse(url, `HTTP ${res.status}`);
        }
        answer = new Uint8Array(await res.arrayBuffer());
      } catch (e) {
        if (e instanceof TimestampError) throw e;
        const err = e as Error & { cause?: { code?: string; message?: string } };
        if (err.name === 'TimeoutError' || err.name === 'AbortError') throw timedOut(url, timeoutMs);
        throw unreachable(url, err.cause?.code ?? err.cause?.message ?? err.message);
      }
      return acceptResponse(url, answer, digest, bigint(nonceBytes));
    },
  };
}
