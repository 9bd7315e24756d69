export {
  type CertificateDescription,
  createCertificateAuthority,
  describeCertificate,
  issueCertificate,
  type KeyAlgorithm,
  type KeyedCertificate,
  toPem,
} from './certificates.ts';
export {
  CertificateExpiredError,
  CertificateNotYetValidError,
  EmptyPinError,
  InvalidKeystoreError,
  KeystoreSealBrokenError,
  WrongPinError,
} from './errors.ts';
export { exportPkcs12, openPkcs12 } from './pkcs12.ts';
export { sealKeystore, unsealKeystore } from './seal.ts';
