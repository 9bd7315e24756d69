/**
 * CMS SignedData checks done by hand over pkijs' parsed structures, with Node's crypto doing the
 * maths: the digest of the detached content (the PDF byte ranges) against the messageDigest
 * attribute, then the signer's signature over the DER SET of signed attributes (RSA PKCS#1 v1.5,
 * RSA-PSS, ECDSA P-256/P-384/P-521). Also reads signing-time and the RFC 3161 signature
 * timestamp token (unsigned attribute), whose TSTInfo is returned for the caller to check.
 */
import { constants, createHash, X509Certificate as NodeCertificate, verify } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export const OID = {
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
} as const;

const HASHES: Record<string, { node: string; name: string }> = {
  '1.3.14.3.2.26': { node: 'sha1', name: 'SHA-1' },
  '2.16.840.1.101.3.4.2.4': { node: 'sha224', name: 'SHA-224' },
  '2.16.840.1.101.3.4.2.1': { node: 'sha256', name: 'SHA-256' },
  '2.16.840.1.101.3.4.2.2': { node: 'sha384', name: 'SHA-384' },
  '2.16.840.1.101.3.4.2.3': { node: 'sha512', name: 'SHA-512' },
};

/** Signature algorithm OIDs → the hash they imply (null: take the signer info's digest algorithm). */
const SIGNATURES: Record<string, { name: string; hash: string | null; kind: 'rsa' | 'pss' | 'ecdsa' }> = {
  '1.2.840.113549.1.1.1': { name: 'RSA', hash: null, kind: 'rsa' },
  '1.2.840.113549.1.1.5': { name: 'RSA with SHA-1', hash: 'sha1', kind: 'rsa' },
  '1.2.840.113549.1.1.14': { name: 'RSA with SHA-224', hash: 'sha224', kind: 'rsa' },
  '1.2.840.113549.1.1.11': { name: 'RSA with SHA-256', hash: 'sha256', kind: 'rsa' },
  '1.2.840.113549.1.1.12': { name: 'RSA with SHA-384', hash: 'sha384', kind: 'rsa' },
  '1.2.840.113549.1.1.13': { name: 'RSA with SHA-512', hash: 'sha512', kind: 'rsa' },
  '1.2.840.113549.1.1.10': { name: 'RSA-PSS', hash: null, kind: 'pss' },
  '1.2.840.10045.2.1': { name: 'ECDSA', hash: null, kind: 'ecdsa' },
  '1.2.840.10045.4.1': { name: 'ECDSA with SHA-1', hash: 'sha1', kind: 'ecdsa' },
  '1.2.840.10045.4.3.1': { name: 'ECDSA with SHA-224', hash: 'sha224', kind: 'ecdsa' },
  '1.2.840.10045.4.3.2': { name: 'ECDSA with SHA-256', hash: 'sha256', kind: 'ecdsa' },
  '1.2.840.10045.4.3.3': { name: 'ECDSA with SHA-384', hash: 'sha384', kind: 'ecdsa' },
  '1.2.840.10045.4.3.4': { name: 'ECDSA with SHA-512', hash: 'sha512', kind: 'ecdsa' },
};

export function hashName(oid: string): { node: string; name: string } | null {
  return HASHES[oid] ?? null;
}

/** A parsed certificate in both libraries' forms: pkijs for structure, Node for crypto and names. */
export interface Cert {
  der: Uint8Array;
  pkijs: pkijs.Certificate;
  node: NodeCertificate;
  fingerprint: string;
}

const certCache = new Map<string, Cert>();

export function toCert(der: Uint8Array): Cert {
  const fingerprint = createHash('sha256').update(der).digest('hex');
  const hit = certCache.get(fingerprint);
  if (hit) return hit;
  const cert: Cert = {
    der,
    pkijs: pkijs.Certificate.fromBER(new Uint8Array(der)),
    node: new NodeCertificate(Buffer.from(der)),
    fingerprint,
  };
  if (certCache.size > 500) certCache.clear();
  certCache.set(fingerprint, cert);
  return cert;
}

/** DER length of the first TLV: strips the zero padding PDF signers leave after the CMS. */
export function derPrefix(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x30) return bytes;
  const first = bytes[1] ?? 0;
  if (first < 0x80) return bytes.subarray(0, 2 + first);
  const n = first & 0x7f;
  if (n === 0 || n > 4) return bytes;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (bytes[2 + i] ?? 0);
  return bytes.subarray(0, Math.min(bytes.length, 2 + n + len));
}

export interface CmsCheck {
  /** Why the CMS could not be checked at all (not SignedData, no signer certificate…). */
  error: string | null;
  signer: Cert | null;
  certificates: Cert[];
  crls: pkijs.CertificateRevocationList[];
  digestAlgorithm: string | null;
  signatureAlgorithm: string | null;
  /** messageDigest attribute == digest of the content (or no signed attributes and the signature covers it). */
  digestMatches: boolean;
  signatureValid: boolean;
  signingTime: Date | null;
  signatureValue: Uint8Array;
  timestampToken: Uint8Array | null;
  /** Encapsulated content (a TSTInfo for timestamp tokens). */
  eContentType: string;
  eContent: Uint8Array | null;
}

function empty(error: string): CmsCheck {
  return {
    error,
    signer: null,
    certificates: [],
    crls: [],
    digestAlgorithm: null,
    signatureAlgorithm: null,
    digestMatches: false,
    signatureValid: false,
    signingTime: null,
    signatureValue: new Uint8Array(),
    timestampToken: null,
    eContentType: '',
    eContent: null,
  };
}

function bytesOf(view: ArrayBuffer | Uint8Array): Uint8Array {
  return view instanceof Uint8Array ? view : new Uint8Array(view);
}

function attributeValue(attrs: pkijs.SignedAndUnsignedAttributes | undefined, oid: string) {
  return attrs?.attributes.find((a) => a.type === oid)?.values[0];
}

function timeOf(value: unknown): Date | null {
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) return value.toDate();
  return null;
}

/**
 * Checks one SignedData (a PDF signature's /Contents, or an RFC 3161 token) over detached content
 * given as byte slices (ignored when the CMS encapsulates its content).
 */
export function checkCms(der: Uint8Array, content: Uint8Array[]): CmsCheck {
  let signedData: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(new Uint8Array(derPrefix(der)));
    if (info.contentType !== OID.signedData) return empty('not CMS SignedData');
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch (e) {
    return empty(`CMS cannot be parsed: ${(e as Error).message}`);
  }
  const certificates: Cert[] = [];
  for (const c of signedData.certificates ?? [])
    if (c instanceof pkijs.Certificate) {
      try {
        certificates.push(toCert(new Uint8Array(c.toSchema().toBER(false))));
      } catch {
        // a certificate Node cannot read is simply not a candidate
      }
    }
  const crls = (signedData.crls ?? []).filter(
    (c): c is pkijs.CertificateRevocationList => c instanceof pkijs.CertificateRevocationList,
  );
  const info = signedData.signerInfos[0];
  if (!info) return { ...empty('CMS has no signer info'), certificates, crls };

  const eContent = signedData.encapContentInfo.eContent;
  const eContentBytes = eContent ? bytesOf(eContent.getValue()) : null;
  const result: CmsCheck = {
    ...empty(''),
    error: null,
    certificates,
    crls,
    eContentType: signedData.encapContentInfo.eContentType,
    eContent: eContentBytes,
    signatureValue: bytesOf(info.signature.valueBlock.valueHexView),
    signingTime: timeOf(attributeValue(info.signedAttrs, OID.signingTime)),
  };
  const token = attributeValue(info.unsignedAttrs, OID.timeStampToken);
  if (token) result.timestampToken = bytesOf(token.valueBeforeDecodeView);

  // The signer certificate: issuerAndSerialNumber or subjectKeyIdentifier.
  if (info.sid instanceof pkijs.IssuerAndSerialNumber) {
    const sid = info.sid;
    result.signer =
      certificates.find(
        (c) => c.pkijs.issuer.isEqual(sid.issuer) && c.pkijs.serialNumber.isEqual(sid.serialNumber),
      ) ?? null;
  } else {
    const sid = info.sid as asn1js.Constructed & asn1js.OctetString;
    const keyId = Buffer.from(
      sid.idBlock.isConstructed
        ? (sid.valueBlock.value[0] as asn1js.OctetString).valueBlock.valueHexView
        : sid.valueBlock.valueHexView,
    );
    result.signer =
      certificates.find((c) => {
        const ski = c.pkijs.extensions?.find((e) => e.extnID === '2.5.29.14');
        const value = ski?.parsedValue as asn1js.OctetString | undefined;
        return value ? Buffer.from(value.valueBlock.valueHexView).equals(keyId) : false;
      }) ?? null;
  }
  if (!result.signer) return { ...result, error: 'signer certificate not in the CMS' };

  const hash = hashName(info.digestAlgorithm.algorithmId);
  if (!hash) return { ...result, error: `unsupported digest ${info.digestAlgorithm.algorithmId}` };
  result.digestAlgorithm = hash.name;
  const digest = createHash(hash.node);
  for (const part of eContentBytes ? [eContentBytes] : content) digest.update(part);
  const actual = digest.digest();

  const sigAlg = SIGNATURES[info.signatureAlgorithm.algorithmId];
  if (!sigAlg) return { ...result, error: `unsupported signature ${info.signatureAlgorithm.algorithmId}` };
  result.signatureAlgorithm = sigAlg.name;

  let signedBytes: Uint8Array;
  if (info.signedAttrs) {
    const md = attributeValue(info.signedAttrs, OID.messageDigest) as asn1js.OctetString | undefined;
    result.digestMatches = md ? Buffer.from(md.valueBlock.valueHexView).equals(actual) : false;
    signedBytes = bytesOf(info.signedAttrs.encodedValue);
  } else {
    // No signed attributes: the signature is over the content itself.
    signedBytes = eContentBytes ?? Buffer.concat(content);
    result.digestMatches = true;
  }
  result.signatureValid = verifySignature(
    signedBytes,
    result.signatureValue,
    result.signer,
    sigAlg,
    info,
    hash.node,
  );
  if (sigAlg.hash === null) result.signatureAlgorithm = `${sigAlg.name} with ${hash.name}`;
  return result;
}

function verifySignature(
  data: Uint8Array,
  signature: Uint8Array,
  signer: Cert,
  sigAlg: { hash: string | null; kind: 'rsa' | 'pss' | 'ecdsa' },
  info: pkijs.SignerInfo,
  digestHash: string,
): boolean {
  try {
    const key = signer.node.publicKey;
    if (sigAlg.kind === 'pss') {
      const params = new pkijs.RSASSAPSSParams({ schema: info.signatureAlgorithm.algorithmParams });
      const hash = hashName(params.hashAlgorithm.algorithmId)?.node ?? 'sha1';
      return verify(
        hash,
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength },
        signature,
      );
    }
    const hash = sigAlg.hash ?? digestHash;
    if (sigAlg.kind === 'ecdsa') return verify(hash, data, { key, dsaEncoding: 'der' }, signature);
    return verify(hash, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
}

/** The parts of an RFC 3161 TSTInfo the report needs. */
export interface TstInfo {
  genTime: Date;
  imprintHash: string | null;
  imprint: Uint8Array;
  tsaName: string | null;
}

export function parseTstInfo(der: Uint8Array): TstInfo | null {
  try {
    const tst = pkijs.TSTInfo.fromBER(new Uint8Array(der));
    const tsa = tst.tsa?.type === 4 ? (tst.tsa.value as pkijs.RelativeDistinguishedNames) : null;
    const cn = tsa?.typesAndValues.find((t) => t.type === '2.5.4.3')?.value.valueBlock.value;
    return {
      genTime: tst.genTime,
      imprintHash: hashName(tst.messageImprint.hashAlgorithm.algorithmId)?.node ?? null,
      imprint: bytesOf(tst.messageImprint.hashedMessage.valueBlock.valueHexView),
      tsaName: typeof cn === 'string' ? cn : null,
    };
  } catch {
    return null;
  }
}
