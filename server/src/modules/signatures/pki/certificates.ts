import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type KeyAlgorithm = 'RSA-2048' | 'ECDSA-P256';

/** A certificate together with its private key and the chain up to (and including) the root. */
export interface KeyedCertificate {
  certificate: x509.X509Certificate;
  privateKey: CryptoKey;
  chain: x509.X509Certificate[];
}

const keyParams = {
  'RSA-2048': {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  },
  'ECDSA-P256': { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' },
} as const;

const signingAlgorithm = {
  'RSA-2048': { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  'ECDSA-P256': { name: 'ECDSA', hash: 'SHA-256' },
} as const;

const DAY_MS = 86_400_000;

function generateKeys(algorithm: KeyAlgorithm): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(keyParams[algorithm], true, [
    'sign',
    'verify',
  ]) as Promise<CryptoKeyPair>;
}

/** 16 random bytes as hex, top bit cleared so the INTEGER stays positive (RFC 5280 §4.1.2.2). */
function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}

function algorithmOf(key: CryptoKey): KeyAlgorithm {
  return key.algorithm.name === 'ECDSA' ? 'ECDSA-P256' : 'RSA-2048';
}

/**
 * A self-signed root for the demo (e.g. `CN=Ban Cơ yếu Chính phủ (demo),O=Ban Cơ yếu Chính phủ,C=VN`):
 * basicConstraints CA (critical), keyCertSign + cRLSign, SKI = AKI.
 * Non-ASCII attribute values are encoded as UTF8String, so Vietnamese names survive intact.
 */
export async function createCertificateAuthority(options: {
  subject: string;
  validityYears?: number;
  algorithm?: KeyAlgorithm;
  notBefore?: Date;
}): Promise<KeyedCertificate> {
  const algorithm = options.algorithm ?? 'RSA-2048';
  const keys = await generateKeys(algorithm);
  const notBefore = options.notBefore ?? new Date();
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + (options.validityYears ?? 10));
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: options.subject,
    notBefore,
    notAfter,
    keys,
    signingAlgorithm: signingAlgorithm[algorithm],
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate, privateKey: keys.privateKey, chain: [certificate] };
}

/**
 * A signing certificate issued by `ca`: for a person (`CN=Nguyễn Văn Ký,T=Chủ tịch,O=…,C=VN`) or for an
 * agency seal (`CN=Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng,O=…,C=VN`). Both carry
 * digitalSignature + nonRepudiation (critical), basicConstraints CA=false, SKI and the CA's key as AKI.
 */
export async function issueCertificate(
  ca: KeyedCertificate,
  options: {
    subject: string;
    keyUsage: 'personal' | 'agency';
    validity?: { notBefore?: Date; days?: number };
    algorithm?: KeyAlgorithm;
  },
): Promise<KeyedCertificate> {
  const keys = await generateKeys(options.algorithm ?? 'RSA-2048');
  const notBefore = options.validity?.notBefore ?? new Date();
  const notAfter = new Date(notBefore.getTime() + (options.validity?.days ?? 730) * DAY_MS);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: options.subject,
    issuer: ca.certificate.subjectName,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: signingAlgorithm[algorithmOf(ca.privateKey)],
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate.publicKey),
    ],
  });
  return { certificate, privateKey: keys.privateKey, chain: [certificate, ...ca.chain] };
}

export interface CertificateDescription {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  fingerprintSha256: string;
}

/** Names as RFC 4514-style strings with diacritics intact; serial and fingerprint as lowercase hex. */
export async function describeCertificate(cert: x509.X509Certificate): Promise<CertificateDescription> {
  const thumbprint = await cert.getThumbprint('SHA-256');
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    serial: cert.serialNumber.toLowerCase(),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    fingerprintSha256: Buffer.from(thumbprint).toString('hex'),
  };
}

export function toPem(cert: x509.X509Certificate): string {
  return cert.toString('pem');
}
