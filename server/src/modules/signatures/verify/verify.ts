/**
 * verifyPdf: every signature of a PDF checked in our own code — ByteRange, CMS digest and
 * signature, timestamp, certificate path to the caller's trust anchors, validity at the signing
 * time, key usage, CRL revocation, and what later incremental updates changed. Offline only.
 */
import { createHash } from 'node:crypto';
import type * as pkijs from 'pkijs';
import { buildChain, type Chain, CrlStore, keyUsageOf, validityAt } from './chain.ts';
import { type Cert, type CmsCheck, checkCms, OID, parseTstInfo, toCert } from './cms.ts';
import { PdfTooLargeError } from './errors.ts';
import { ChangeAnalyser, type ParsedPdf, parsePdf, parsePdfDate, type SignatureEntry } from './pdf.ts';
import {
  type CertificateSummary,
  LATER_CHANGES,
  type Reason,
  reason,
  type SignatureReport,
  type VerificationReport,
  verdictOf,
} from './report.ts';

export interface TrustAnchor {
  name: string;
  /** DER bytes or PEM text. */
  certificate: Buffer | string;
}

export interface VerifyPdfOptions {
  trustAnchors: TrustAnchor[];
  /** CRLs (DER or PEM) to check revocation with, besides those in the PDF's DSS and the CMS. */
  crls?: Buffer[];
  /** Verification time (default: now); used when a signature has neither timestamp nor claimed time. */
  now?: Date;
  /** Refuse larger files (default 100 MiB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 100 * 1_048_576;

const SUPPORTED = new Set(['adbe.pkcs7.detached', 'ETSI.CAdES.detached', 'adbe.pkcs7.sha1', 'ETSI.RFC3161']);

function pemOrDer(input: Buffer | string, label: string): Uint8Array[] {
  const text = typeof input === 'string' ? input : input.toString('latin1');
  if (!text.includes(`-----BEGIN ${label}-----`))
    return [new Uint8Array(typeof input === 'string' ? Buffer.from(input, 'latin1') : input)];
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...text.matchAll(re)].map(
    (m) => new Uint8Array(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64')),
  );
}

export function summarise(cert: Cert): CertificateSummary {
  const rdns = (s: string) => s.split('\n').filter(Boolean);
  const subject = rdns(cert.node.subject);
  const pick = (key: string) => subject.find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1) ?? null;
  return {
    subject: subject.join(', '),
    commonName: pick('CN'),
    organization: pick('O'),
    issuer: rdns(cert.node.issuer).join(', '),
    serial: cert.node.serialNumber.toUpperCase(),
    fingerprintSha256: cert.fingerprint,
    notBefore: new Date(cert.node.validFrom).toISOString(),
    notAfter: new Date(cert.node.validTo).toISOString(),
  };
}

function subjectName(cert: Cert): string {
  const s = summarise(cert);
  return s.commonName ?? s.subject;
}

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

interface Context {
  pdf: Buffer;
  parsed: ParsedPdf;
  anchors: { name: string; cert: Cert }[];
  pool: Cert[];
  crls: CrlStore;
  analyser: ChangeAnalyser;
  now: Date;
}

function digestOf(hash: string, parts: Uint8Array[]): Buffer {
  const h = createHash(hash);
  for (const p of parts) h.update(p);
  return h.digest();
}

async function verifyOne(entry: SignatureEntry, index: number, c: Context): Promise<SignatureReport> {
  const reasons: Reason[] = [];
  const byteRangeValid = entry.byteRangeProblem === null;
  if (!byteRangeValid) reasons.push(reason('BYTE_RANGE_INVALID', { detail: entry.byteRangeProblem ?? '' }));
  const supported = entry.subFilter === null || SUPPORTED.has(entry.subFilter);
  if (!supported) reasons.push(reason('UNSUPPORTED_SUBFILTER', { subFilter: entry.subFilter ?? '' }));

  const cms = checkCms(entry.contents ?? new Uint8Array(), entry.signedParts);
  if (cms.error && supported) reasons.push(reason('CMS_UNREADABLE', { detail: cms.error }));

  let digestMatches = byteRangeValid && cms.digestMatches;
  let timestamp: SignatureReport['timestamp'] = null;
  let provenTime: Date | null = null;

  const checkToken = (
    token: CmsCheck,
    imprintOver: Uint8Array[],
  ): { report: NonNullable<SignatureReport['timestamp']>; valid: boolean; chain: Chain | null } | null => {
    const tst = token.eContentType === OID.tstInfo && token.eContent ? parseTstInfo(token.eContent) : null;
    if (!tst) return null;
    const tokenValid = !token.error && token.digestMatches && token.signatureValid;
    const imprintMatches = tst.imprintHash
      ? digestOf(tst.imprintHash, imprintOver).equals(tst.imprint)
      : false;
    const chain = token.signer
      ? buildChain(token.signer, [...token.certificates, ...c.pool], c.anchors)
      : null;
    return {
      report: {
        genTime: tst.genTime.toISOString(),
        tsaName: tst.tsaName ?? (token.signer ? summarise(token.signer).commonName : null),
        tokenValid,
        imprintMatches,
        chain: chain?.status ?? 'incomplete',
      },
      valid: tokenValid && imprintMatches,
      chain,
    };
  };

  if (entry.kind === 'document-timestamp') {
    const t = checkToken(cms, entry.signedParts);
    timestamp = t?.report ?? null;
    digestMatches = byteRangeValid && cms.digestMatches && (t?.report.imprintMatches ?? false);
    if (t?.valid && byteRangeValid) provenTime = new Date(t.report.genTime);
  } else {
    if (entry.subFilter === 'adbe.pkcs7.sha1')
      digestMatches &&=
        cms.eContent !== null && digestOf('sha1', entry.signedParts).equals(Buffer.from(cms.eContent));
    if (cms.timestampToken) {
      const t = checkToken(checkCms(cms.timestampToken, []), [cms.signatureValue]);
      if (t) {
        timestamp = t.report;
        if (!t.valid) reasons.push(reason('TIMESTAMP_INVALID'));
        else if (t.chain?.status !== 'trusted') reasons.push(reason('TIMESTAMP_UNTRUSTED'));
        else provenTime = new Date(t.report.genTime);
      } else reasons.push(reason('TIMESTAMP_INVALID'));
    }
  }
  const signatureValid = cms.signatureValid;
  if (byteRangeValid && !cms.error && !digestMatches) reasons.push(reason('DIGEST_MISMATCH'));
  if (!cms.error && !signatureValid) reasons.push(reason('SIGNATURE_INVALID'));

  // Certificates.
  const signer = cms.signer;
  const chain: Chain = signer
    ? buildChain(signer, [...cms.certificates, ...c.pool], c.anchors)
    : { path: [], status: 'incomplete', anchor: null };
  if (signer && chain.status === 'untrusted') reasons.push(reason('CHAIN_UNTRUSTED'));
  if (signer && chain.status === 'incomplete') reasons.push(reason('CHAIN_INCOMPLETE'));

  const claimedM = parsePdfDate(entry.m);
  const claimed = cms.signingTime ?? claimedM;
  const at = provenTime ?? claimed ?? c.now;
  const timeSource = provenTime ? 'timestamp' : claimed ? 'claimed' : 'verification-time';
  if (!provenTime && signer && entry.kind === 'signature') reasons.push(reason('SIGNING_TIME_UNPROVEN'));
  const validity = validityAt(chain.path, at);
  const proven = provenTime ? 'yes' : 'no';
  if (validity.failing) {
    const s = summarise(validity.failing);
    reasons.push(
      validity.status === 'expired'
        ? reason('CERTIFICATE_EXPIRED_AT_SIGNING_TIME', {
            subject: subjectName(validity.failing),
            notAfter: day(new Date(s.notAfter)),
            at: at.toISOString(),
            proven,
          })
        : reason('CERTIFICATE_NOT_YET_VALID_AT_SIGNING_TIME', {
            subject: subjectName(validity.failing),
            notBefore: day(new Date(s.notBefore)),
            at: at.toISOString(),
            proven,
          }),
    );
  }
  const usage = signer
    ? keyUsageOf(signer)
    : { present: false, digitalSignature: false, nonRepudiation: false };
  const usageOk =
    entry.kind === 'document-timestamp' || !usage.present || usage.digitalSignature || usage.nonRepudiation;
  if (signer && !usageOk) reasons.push(reason('KEY_USAGE_NOT_FOR_SIGNING'));

  const revocation = signer
    ? await c.crls.check(chain.path, cms.crls as pkijs.CertificateRevocationList[])
    : { status: 'not-checked' as const, revokedAt: null, revoked: null };
  if (revocation.status === 'revoked' && revocation.revokedAt && revocation.revoked) {
    const p = { subject: subjectName(revocation.revoked), at: revocation.revokedAt.toISOString() };
    if (revocation.revokedAt <= at) reasons.push(reason('CERTIFICATE_REVOKED', p));
    else if (!provenTime) reasons.push(reason('CERTIFICATE_REVOKED_AFTER_CLAIMED_TIME', p));
  } else if (signer && revocation.status === 'not-checked') reasons.push(reason('REVOCATION_NOT_CHECKED'));

  // Coverage.
  const ends = c.parsed.revisionEnds;
  const wholeDocument = byteRangeValid && entry.signedEnd === c.pdf.length;
  const revision = Math.max(1, ends.filter((e) => e <= entry.signedEnd + 2).length);
  const laterChanges = !byteRangeValid
    ? 'unknown'
    : wholeDocument
      ? 'none'
      : await c.analyser.analyse(entry.signedEnd);
  if (byteRangeValid && !wholeDocument) {
    reasons.push(
      reason('SIGNED_EARLIER_REVISION', {
        revision,
        total: ends.length,
        changes: LATER_CHANGES[laterChanges].vi,
        changesEn: LATER_CHANGES[laterChanges].en,
      }),
    );
    if (laterChanges === 'page-content') reasons.push(reason('PAGE_CONTENT_CHANGED_AFTER_SIGNING'));
    if (laterChanges === 'other') reasons.push(reason('OTHER_CHANGES_AFTER_SIGNING'));
  }

  return {
    index,
    fieldName: entry.fieldName,
    kind: entry.kind,
    subFilter: entry.subFilter,
    byteRange: entry.byteRange,
    signer: signer ? summarise(signer) : null,
    claimedSigningTime: {
      pdfM: claimedM?.toISOString() ?? null,
      signingTimeAttribute: cms.signingTime?.toISOString() ?? null,
    },
    reason: entry.reason,
    location: entry.location,
    timestamp,
    integrity: {
      byteRangeValid,
      byteRangeProblem: entry.byteRangeProblem,
      digestAlgorithm: cms.digestAlgorithm,
      signatureAlgorithm: cms.signatureAlgorithm,
      digestMatches,
      signatureValid,
      intact: byteRangeValid && digestMatches && signatureValid,
    },
    chain: { status: chain.status, anchor: chain.anchor, certificates: chain.path.map(summarise) },
    certificateValidity: {
      at: at.toISOString(),
      timeSource,
      status: validity.status,
      failingCertificate: validity.failing ? summarise(validity.failing).subject : null,
    },
    keyUsage: { ...usage, ok: usageOk },
    revocation: {
      status: revocation.status,
      revokedAt: revocation.revokedAt?.toISOString() ?? null,
      revokedCertificate: revocation.revoked ? summarise(revocation.revoked).subject : null,
    },
    coverage: { wholeDocument, revision, totalRevisions: ends.length, laterChanges },
    verdict: verdictOf(reasons),
    reasons,
  };
}

function unreadable(entry: SignatureEntry, index: number, c: Context, detail: string): SignatureReport {
  const reasons = [reason('CMS_UNREADABLE', { detail })];
  return {
    index,
    fieldName: entry.fieldName,
    kind: entry.kind,
    subFilter: entry.subFilter,
    byteRange: entry.byteRange,
    signer: null,
    claimedSigningTime: { pdfM: parsePdfDate(entry.m)?.toISOString() ?? null, signingTimeAttribute: null },
    reason: entry.reason,
    location: entry.location,
    timestamp: null,
    integrity: {
      byteRangeValid: entry.byteRangeProblem === null,
      byteRangeProblem: entry.byteRangeProblem,
      digestAlgorithm: null,
      signatureAlgorithm: null,
      digestMatches: false,
      signatureValid: false,
      intact: false,
    },
    chain: { status: 'incomplete', anchor: null, certificates: [] },
    certificateValidity: {
      at: c.now.toISOString(),
      timeSource: 'verification-time',
      status: 'valid',
      failingCertificate: null,
    },
    keyUsage: { present: false, digitalSignature: false, nonRepudiation: false, ok: false },
    revocation: { status: 'not-checked', revokedAt: null, revokedCertificate: null },
    coverage: {
      wholeDocument: false,
      revision: c.parsed.revisionEnds.length,
      totalRevisions: c.parsed.revisionEnds.length,
      laterChanges: 'unknown',
    },
    verdict: verdictOf(reasons),
    reasons,
  };
}

/**
 * Verifies every signature and document timestamp of a PDF, offline, against the given trust
 * anchors and CRLs. Throws NotAPdfError, EncryptedPdfError, MalformedPdfError, PdfTooLargeError;
 * a PDF without signatures gives a report with no signatures and verdict "indeterminate".
 */
export async function verifyPdf(pdf: Buffer, options: VerifyPdfOptions): Promise<VerificationReport> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (pdf.length > maxBytes) throw new PdfTooLargeError(pdf.length, maxBytes);
  const now = options.now ?? new Date();
  const parsed = await parsePdf(pdf);
  const anchors = options.trustAnchors.flatMap((a) =>
    pemOrDer(a.certificate, 'CERTIFICATE').map((der) => ({ name: a.name, cert: toCert(der) })),
  );
  const crlDers = [...(options.crls ?? []).flatMap((b) => pemOrDer(b, 'X509 CRL')), ...parsed.dss.crls];
  const pool: Cert[] = [];
  for (const der of parsed.dss.certs) {
    try {
      pool.push(toCert(der));
    } catch {
      // unreadable DSS certificate: not a candidate
    }
  }
  const context: Context = {
    pdf,
    parsed,
    anchors,
    pool,
    crls: new CrlStore(CrlStore.parse(crlDers)),
    analyser: new ChangeAnalyser(pdf, parsed.doc),
    now,
  };
  const signatures: SignatureReport[] = [];
  for (const [i, entry] of parsed.signatures.entries()) {
    try {
      signatures.push(await verifyOne(entry, i + 1, context));
    } catch (e) {
      // A structure our checks did not foresee: reported as unreadable rather than failing the file.
      signatures.push(unreadable(entry, i + 1, context, (e as Error).message));
    }
  }

  const reasons: Reason[] = [];
  if (signatures.length === 0) reasons.push(reason('NO_SIGNATURES'));
  else if (signatures.some((s) => s.verdict === 'invalid')) reasons.push(reason('SOME_SIGNATURES_INVALID'));
  else if (signatures.some((s) => s.verdict === 'indeterminate'))
    reasons.push(reason('SOME_SIGNATURES_INDETERMINATE'));
  return {
    fileSize: pdf.length,
    fileSha256: createHash('sha256').update(pdf).digest('hex'),
    revisions: parsed.revisionEnds.length,
    verifiedAt: now.toISOString(),
    signatures,
    verdict: verdictOf(reasons),
    reasons,
  };
}
