/** Verification of signed PDFs in our own code (issue 4): pdf-lib structure + pkijs/Node crypto CMS checks. */
export { EncryptedPdfError, MalformedPdfError, NotAPdfError, PdfTooLargeError } from './errors.ts';
export {
  type CertificateSummary,
  describeReport,
  type Reason,
  type ReasonCode,
  type SignatureReport,
  type Verdict,
  type VerificationReport,
} from './report.ts';
export { DEFAULT_MAX_BYTES, type TrustAnchor, type VerifyPdfOptions, verifyPdf } from './verify.ts';
