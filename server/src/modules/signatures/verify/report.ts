/** The verification report (plain JSON), its reason codes with vi/en texts, and describeReport. */

export type Verdict = 'valid' | 'invalid' | 'indeterminate';

export type ReasonCode =
  | 'NO_SIGNATURES'
  | 'BYTE_RANGE_INVALID'
  | 'CMS_UNREADABLE'
  | 'DIGEST_MISMATCH'
  | 'SIGNATURE_INVALID'
  | 'UNSUPPORTED_SUBFILTER'
  | 'CHAIN_UNTRUSTED'
  | 'CHAIN_INCOMPLETE'
  | 'CERTIFICATE_EXPIRED_AT_SIGNING_TIME'
  | 'CERTIFICATE_NOT_YET_VALID_AT_SIGNING_TIME'
  | 'KEY_USAGE_NOT_FOR_SIGNING'
  | 'CERTIFICATE_REVOKED'
  | 'CERTIFICATE_REVOKED_AFTER_CLAIMED_TIME'
  | 'REVOCATION_NOT_CHECKED'
  | 'SIGNING_TIME_UNPROVEN'
  | 'TIMESTAMP_INVALID'
  | 'TIMESTAMP_UNTRUSTED'
  | 'PAGE_CONTENT_CHANGED_AFTER_SIGNING'
  | 'OTHER_CHANGES_AFTER_SIGNING'
  | 'SIGNED_EARLIER_REVISION'
  | 'SOME_SIGNATURES_INVALID'
  | 'SOME_SIGNATURES_INDETERMINATE';

export interface Reason {
  code: ReasonCode;
  /** error → invalid, warning → indeterminate, info → no effect on the verdict. */
  severity: 'error' | 'warning' | 'info';
  vi: string;
  en: string;
}

export interface CertificateSummary {
  /** RFC 4514-like, most specific first, diacritics intact: "CN=Nguyễn Thị Hà, O=…, C=VN". */
  subject: string;
  commonName: string | null;
  organization: string | null;
  issuer: string;
  /** Hex, upper case, as openssl prints it. */
  serial: string;
  fingerprintSha256: string;
  notBefore: string;
  notAfter: string;
}

export interface SignatureReport {
  /** 1-based, in file order. */
  index: number;
  fieldName: string | null;
  kind: 'signature' | 'document-timestamp';
  subFilter: string | null;
  byteRange: number[] | null;
  signer: CertificateSummary | null;
  claimedSigningTime: { pdfM: string | null; signingTimeAttribute: string | null };
  reason: string | null;
  location: string | null;
  /** Signature-time-stamp token (unsigned attribute); for a document timestamp, the token itself. */
  timestamp: {
    genTime: string;
    tsaName: string | null;
    tokenValid: boolean;
    imprintMatches: boolean;
    chain: 'trusted' | 'untrusted' | 'incomplete';
  } | null;
  integrity: {
    byteRangeValid: boolean;
    byteRangeProblem: string | null;
    digestAlgorithm: string | null;
    signatureAlgorithm: string | null;
    /** Digest of the ByteRange == messageDigest attribute (or the timestamp's imprint). */
    digestMatches: boolean;
    /** The signature over the signed attributes verifies with the signer's public key. */
    signatureValid: boolean;
    intact: boolean;
  };
  chain: {
    status: 'trusted' | 'untrusted' | 'incomplete';
    anchor: string | null;
    certificates: CertificateSummary[];
  };
  certificateValidity: {
    at: string;
    timeSource: 'timestamp' | 'claimed' | 'verification-time';
    status: 'valid' | 'expired' | 'not-yet-valid';
    failingCertificate: string | null;
  };
  keyUsage: { present: boolean; digitalSignature: boolean; nonRepudiation: boolean; ok: boolean };
  revocation: {
    status: 'good' | 'revoked' | 'not-checked';
    revokedAt: string | null;
    revokedCertificate: string | null;
  };
  coverage: {
    wholeDocument: boolean;
    /** 1-based revision this signature signed, of `totalRevisions`. */
    revision: number;
    totalRevisions: number;
    laterChanges: 'none' | 'signatures-and-annotations' | 'page-content' | 'other' | 'unknown';
  };
  verdict: Verdict;
  reasons: Reason[];
}

export interface VerificationReport {
  fileSize: number;
  fileSha256: string;
  revisions: number;
  verifiedAt: string;
  signatures: SignatureReport[];
  verdict: Verdict;
  reasons: Reason[];
}

type Texts = { severity: Reason['severity']; vi: string; en: string };

export function reason(code: ReasonCode, p: Record<string, string | number> = {}): Reason {
  const t = texts(code, p);
  return { code, ...t };
}

function texts(code: ReasonCode, p: Record<string, string | number>): Texts {
  switch (code) {
    case 'NO_SIGNATURES':
      return {
        severity: 'warning',
        vi: 'Tài liệu không có chữ ký số nào.',
        en: 'The document has no digital signatures.',
      };
    case 'BYTE_RANGE_INVALID':
      return {
        severity: 'error',
        vi: `Vùng dữ liệu được ký (ByteRange) không hợp lệ: ${p.detail}.`,
        en: `The signed byte range (ByteRange) is not valid: ${p.detail}.`,
      };
    case 'CMS_UNREADABLE':
      return {
        severity: 'error',
        vi: `Không đọc được dữ liệu chữ ký (CMS): ${p.detail}.`,
        en: `The signature data (CMS) cannot be read: ${p.detail}.`,
      };
    case 'DIGEST_MISMATCH':
      return {
        severity: 'error',
        vi: 'Nội dung tài liệu đã bị thay đổi sau khi ký (giá trị băm không khớp).',
        en: 'The document content was changed after signing (digest mismatch).',
      };
    case 'SIGNATURE_INVALID':
      return {
        severity: 'error',
        vi: 'Giá trị chữ ký không khớp với khóa công khai của chứng thư số người ký.',
        en: "The signature value does not verify with the signer certificate's public key.",
      };
    case 'UNSUPPORTED_SUBFILTER':
      return {
        severity: 'warning',
        vi: `Định dạng chữ ký ${p.subFilter} chưa được hỗ trợ kiểm tra.`,
        en: `Signature format ${p.subFilter} is not supported for verification.`,
      };
    case 'CHAIN_UNTRUSTED':
      return {
        severity: 'warning',
        vi: 'Chứng thư số không do tổ chức cung cấp dịch vụ chứng thực tin cậy cấp (không thuộc danh sách tin cậy).',
        en: 'The certificate was not issued by a trusted certification authority (not in the trust list).',
      };
    case 'CHAIN_INCOMPLETE':
      return {
        severity: 'warning',
        vi: 'Không dựng được chuỗi chứng thư đến tổ chức chứng thực gốc (thiếu chứng thư trung gian).',
        en: 'The certificate chain to a root authority cannot be built (an intermediate certificate is missing).',
      };
    case 'CERTIFICATE_EXPIRED_AT_SIGNING_TIME':
      return {
        severity: p.proven === 'yes' ? 'error' : 'warning',
        vi: `Chứng thư số "${p.subject}" đã hết hạn (ngày ${p.notAfter}) tại thời điểm ký ${p.at}.`,
        en: `Certificate "${p.subject}" had expired (on ${p.notAfter}) at the signing time ${p.at}.`,
      };
    case 'CERTIFICATE_NOT_YET_VALID_AT_SIGNING_TIME':
      return {
        severity: p.proven === 'yes' ? 'error' : 'warning',
        vi: `Chứng thư số "${p.subject}" chưa có hiệu lực (từ ${p.notBefore}) tại thời điểm ký ${p.at}.`,
        en: `Certificate "${p.subject}" was not yet valid (from ${p.notBefore}) at the signing time ${p.at}.`,
      };
    case 'KEY_USAGE_NOT_FOR_SIGNING':
      return {
        severity: 'warning',
        vi: 'Chứng thư số không được phép dùng để ký số (thiếu digitalSignature/nonRepudiation).',
        en: 'The certificate is not allowed for signing (no digitalSignature/nonRepudiation key usage).',
      };
    case 'CERTIFICATE_REVOKED':
      return {
        severity: 'error',
        vi: `Chứng thư số "${p.subject}" đã bị thu hồi ngày ${p.at}, trước thời điểm ký.`,
        en: `Certificate "${p.subject}" was revoked on ${p.at}, before the signing time.`,
      };
    case 'CERTIFICATE_REVOKED_AFTER_CLAIMED_TIME':
      return {
        severity: 'warning',
        vi: `Chứng thư số "${p.subject}" đã bị thu hồi ngày ${p.at}; thời điểm ký do người ký tự khai (không có dấu thời gian) nên không chứng minh được chữ ký có trước khi thu hồi.`,
        en: `Certificate "${p.subject}" was revoked on ${p.at}; the signing time is only claimed by the signer (no timestamp), so the signature cannot be shown to predate the revocation.`,
      };
    case 'REVOCATION_NOT_CHECKED':
      return {
        severity: 'info',
        vi: 'Chưa kiểm tra tình trạng thu hồi: không có danh sách thu hồi (CRL) phù hợp; hệ thống không tra cứu trực tuyến.',
        en: 'Revocation not checked: no matching certificate revocation list (CRL); nothing is fetched online.',
      };
    case 'SIGNING_TIME_UNPROVEN':
      return {
        severity: 'info',
        vi: 'Không có dấu thời gian: hiệu lực chứng thư được xét theo thời điểm ký do người ký tự khai.',
        en: "No timestamp: certificate validity is judged at the signer's claimed signing time.",
      };
    case 'TIMESTAMP_INVALID':
      return {
        severity: 'warning',
        vi: 'Dấu thời gian kèm chữ ký không hợp lệ (chữ ký của dấu thời gian hoặc giá trị băm không khớp).',
        en: "The signature's timestamp is not valid (its signature or imprint does not match).",
      };
    case 'TIMESTAMP_UNTRUSTED':
      return {
        severity: 'info',
        vi: 'Dấu thời gian do đơn vị cấp dấu thời gian không thuộc danh sách tin cậy cấp.',
        en: 'The timestamp was issued by a timestamp authority that is not in the trust list.',
      };
    case 'PAGE_CONTENT_CHANGED_AFTER_SIGNING':
      return {
        severity: 'warning',
        vi: 'Sau khi ký, nội dung trang của tài liệu đã bị sửa đổi trong một lần cập nhật sau.',
        en: 'After signing, the page content was modified by a later update.',
      };
    case 'OTHER_CHANGES_AFTER_SIGNING':
      return {
        severity: 'info',
        vi: 'Sau khi ký, tài liệu có thay đổi khác ngoài chữ ký, chú thích và trường biểu mẫu.',
        en: 'After signing, the document has changes other than signatures, annotations and form fields.',
      };
    case 'SIGNED_EARLIER_REVISION':
      return {
        severity: 'info',
        vi: `Chữ ký này ký phiên bản ${p.revision}/${p.total} của tài liệu; các cập nhật sau đó: ${p.changes}.`,
        en: `This signature signs revision ${p.revision} of ${p.total}; later updates: ${p.changesEn}.`,
      };
    case 'SOME_SIGNATURES_INVALID':
      return {
        severity: 'error',
        vi: 'Có chữ ký số không hợp lệ.',
        en: 'At least one signature is invalid.',
      };
    case 'SOME_SIGNATURES_INDETERMINATE':
      return {
        severity: 'warning',
        vi: 'Có chữ ký số chưa xác định được tính hợp lệ.',
        en: 'At least one signature could not be fully validated.',
      };
  }
}

export function verdictOf(reasons: Reason[]): Verdict {
  if (reasons.some((r) => r.severity === 'error')) return 'invalid';
  if (reasons.some((r) => r.severity === 'warning')) return 'indeterminate';
  return 'valid';
}

const VERDICT = {
  valid: { vi: 'HỢP LỆ', en: 'VALID' },
  invalid: { vi: 'KHÔNG HỢP LỆ', en: 'INVALID' },
  indeterminate: { vi: 'CHƯA XÁC ĐỊNH', en: 'INDETERMINATE' },
} as const;

const CHAIN = {
  trusted: { vi: 'tin cậy', en: 'trusted' },
  untrusted: { vi: 'không tin cậy', en: 'not trusted' },
  incomplete: { vi: 'thiếu chứng thư trung gian', en: 'incomplete' },
} as const;

const REVOCATION = {
  good: { vi: 'chưa bị thu hồi', en: 'not revoked' },
  revoked: { vi: 'đã bị thu hồi', en: 'revoked' },
  'not-checked': { vi: 'chưa kiểm tra', en: 'not checked' },
} as const;

export const LATER_CHANGES = {
  none: { vi: 'không có', en: 'none' },
  'signatures-and-annotations': {
    vi: 'chỉ thêm chữ ký, chú thích hoặc trường biểu mẫu',
    en: 'only further signatures, annotations or form fields',
  },
  'page-content': { vi: 'có sửa nội dung trang', en: 'page content changed' },
  other: { vi: 'có thay đổi khác', en: 'other changes' },
  unknown: { vi: 'không xác định được', en: 'could not be determined' },
} as const;

function time(iso: string | null, locale: 'vi' | 'en'): string {
  if (!iso) return locale === 'vi' ? 'không rõ' : 'unknown';
  return `${iso.slice(0, 19).replace('T', ' ')} UTC`;
}

/** A plain-text report for people, in Vietnamese or English. */
export function describeReport(report: VerificationReport, locale: 'vi' | 'en'): string {
  const vi = locale === 'vi';
  const lines: string[] = [];
  const head = vi ? 'Kết quả kiểm tra chữ ký số' : 'Digital signature verification';
  lines.push(`${head}: ${VERDICT[report.verdict][locale]}`);
  lines.push(
    vi
      ? `Tệp ${report.fileSize} byte, ${report.revisions} phiên bản, SHA-256 ${report.fileSha256}; kiểm tra lúc ${time(report.verifiedAt, locale)}.`
      : `File of ${report.fileSize} bytes, ${report.revisions} revision(s), SHA-256 ${report.fileSha256}; checked at ${time(report.verifiedAt, locale)}.`,
  );
  for (const r of report.reasons) lines.push(`- ${r[locale]}`);
  for (const s of report.signatures) {
    lines.push('');
    const kind =
      s.kind === 'document-timestamp'
        ? vi
          ? 'Dấu thời gian tài liệu'
          : 'Document timestamp'
        : vi
          ? 'Chữ ký'
          : 'Signature';
    lines.push(`${kind} ${s.index}${s.fieldName ? ` "${s.fieldName}"` : ''}: ${VERDICT[s.verdict][locale]}`);
    if (s.signer) {
      const who = [s.signer.commonName, s.signer.organization].filter(Boolean).join(', ');
      lines.push(`  ${vi ? 'Người ký' : 'Signer'}: ${who || s.signer.subject}`);
      lines.push(`  ${vi ? 'Cấp bởi' : 'Issued by'}: ${s.signer.issuer}`);
      lines.push(`  ${vi ? 'Số hiệu' : 'Serial'}: ${s.signer.serial}`);
    }
    const claimed = s.claimedSigningTime.signingTimeAttribute ?? s.claimedSigningTime.pdfM;
    lines.push(`  ${vi ? 'Thời điểm ký (tự khai)' : 'Claimed signing time'}: ${time(claimed, locale)}`);
    if (s.timestamp)
      lines.push(
        `  ${vi ? 'Dấu thời gian' : 'Timestamp'}: ${time(s.timestamp.genTime, locale)}${s.timestamp.tsaName ? ` (${s.timestamp.tsaName})` : ''}, ${s.timestamp.tokenValid && s.timestamp.imprintMatches ? (vi ? 'hợp lệ' : 'valid') : vi ? 'không hợp lệ' : 'invalid'}`,
      );
    lines.push(
      `  ${vi ? 'Toàn vẹn' : 'Integrity'}: ${s.integrity.intact ? (vi ? 'nguyên vẹn' : 'intact') : vi ? 'bị phá vỡ' : 'broken'}`,
    );
    lines.push(
      `  ${vi ? 'Chuỗi chứng thư' : 'Certificate chain'}: ${CHAIN[s.chain.status][locale]}${s.chain.anchor ? ` (${s.chain.anchor})` : ''}`,
    );
    lines.push(`  ${vi ? 'Thu hồi' : 'Revocation'}: ${REVOCATION[s.revocation.status][locale]}`);
    lines.push(
      `  ${vi ? 'Phạm vi ký' : 'Coverage'}: ${
        s.coverage.wholeDocument
          ? vi
            ? 'toàn bộ tài liệu'
            : 'whole document'
          : vi
            ? `phiên bản ${s.coverage.revision}/${s.coverage.totalRevisions}; cập nhật sau đó: ${LATER_CHANGES[s.coverage.laterChanges].vi}`
            : `revision ${s.coverage.revision} of ${s.coverage.totalRevisions}; later updates: ${LATER_CHANGES[s.coverage.laterChanges].en}`
      }`,
    );
    for (const r of s.reasons) if (r.code !== 'SIGNED_EARLIER_REVISION') lines.push(`  - ${r[locale]}`);
  }
  return lines.join('\n');
}
