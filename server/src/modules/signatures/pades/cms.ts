/**
 * CAdES-style detached CMS SignedData (the /Contents of an ETSI.CAdES.detached PDF signature),
 * built with pkijs on Node's WebCrypto. Signed attributes: contentType, messageDigest and
 * signing-certificate-v2 (ESS, RFC 5035). No signing-time attribute: PAdES takes it from /M.
 * pkijs keeps certificate names as their original DER, so Vietnamese UTF8String names survive.
 */
import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { TsaClient } from '../tsa/index.ts';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
} as const;

let engineSet = false;
function engine(): void {
  if (engineSet) return;
  pkijs.setEngine(
    'node-webcrypto',
    new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto as Crypto }),
  );
  engineSet = true;
}

/** A signer holding its private key in this process (RSA PKCS#1 v1.5 or ECDSA P-256). */
export interface KeySigner {
  privateKey: CryptoKey;
  /** Signer certificate, DER or PEM. */
  certificate: Buffer | string;
  /** Intermediate/CA certificates to embed, DER or PEM. */
  chain?: (Buffer | string)[];
}

/**
 * A signer whose key lives elsewhere (USB token, HSM, remote signing service): it receives the
 * DER of the signed attributes (a SET) and returns its SHA-256 signature — PKCS#1 v1.5 for RSA,
 * DER `Ecdsa-Sig-Value` for ECDSA — exactly as CMS stores it.
 */
export interface ExternalSigner {
  algorithm: 'RSA' | 'ECDSA';
  certificate: Buffer | string;
  chain?: (Buffer | string)[];
  sign(signedAttributesDer: Uint8Array): Promise<Uint8Array>;
}

export type Signer = KeySigner | ExternalSigner;

const SHA256 = '2.16.840.1.101.3.4.2.1';
const SIGNATURE_OID = { RSA: '1.2.840.113549.1.1.11', ECDSA: '1.2.840.10045.4.3.2' } as const;

/** Signs the signer info with an external signer (what pkijs' `sign()` does with a CryptoKey). */
async function signExternally(signedData: pkijs.SignedData, signer: ExternalSigner): Promise<void> {
  const info = signedData.signerInfos[0];
  if (!info?.signedAttrs) throw new Error('signer info without signed attributes');
  const digestAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: SHA256 });
  signedData.digestAlgorithms = [digestAlgorithm];
  info.digestAlgorithm = digestAlgorithm;
  info.signatureAlgorithm = new pkijs.AlgorithmIdentifier({
    algorithmId: SIGNATURE_OID[signer.algorithm],
    ...(signer.algorithm === 'RSA' ? { algorithmParams: new asn1js.Null() } : {}),
  });
  const attrs = new Uint8Array(info.signedAttrs.toSchema().toBER(false));
  attrs[0] = 0x31; // signed over as a SET OF, stored as [0] IMPLICIT (RFC 5652 §5.4)
  info.signature = new asn1js.OctetString({ valueHex: await signer.sign(attrs) });
}

export function parseCertificate(cert: Buffer | string): pkijs.Certificate {
  const text = typeof cert === 'string' ? cert : cert.toString('latin1');
  const der = text.includes('-----BEGIN CERTIFICATE-----')
    ? Buffer.from(text.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, ''), 'base64')
    : Buffer.from(cert as Buffer);
  return pkijs.Certificate.fromBER(new Uint8Array(der));
}

async function sha256(data: BufferSource): Promise<ArrayBuffer> {
  return webcrypto.subtle.digest('SHA-256', data);
}

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

export interface CadesOptions {
  /**
   * PAdES B-T: time-stamp the signature value with this TSA and add the token as the unsigned
   * attribute id-aa-signatureTimeStampToken (RFC 3161 appendix A). A TSA failure throws.
   */
  timestamp?: TsaClient;
}

/** Builds the DER CMS over the concatenated signed byte ranges of the PDF. */
export async function buildCadesDetached(
  signedBytes: Buffer,
  signer: Signer,
  options: CadesOptions = {},
): Promise<Buffer> {
  engine();
  const cert = parseCertificate(signer.certificate);
  const chain = (signer.chain ?? []).map(parseCertificate);
  const certDer = cert.toSchema().toBER(false);
  const digest = await sha256(new Uint8Array(signedBytes));

  const issuerSerial = new asn1js.Sequence({
    value: [
      new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })] }).toSchema(),
      cert.serialNumber,
    ],
  });
  // ESSCertIDv2 with the default hash algorithm (SHA-256), so hashAlgorithm is omitted.
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: await sha256(certDer) }), issuerSerial],
  });
  const signingCertificateV2 = new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: [essCertIdV2] })],
  });

  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
            attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: digest })),
            attribute(OID.signingCertificateV2, signingCertificateV2),
          ],
        }),
      }),
    ],
    certificates: [cert, ...chain],
  });
  if ('privateKey' in signer) await signedData.sign(signer.privateKey, 0, 'SHA-256');
  else await signExternally(signedData, signer);

  if (options.timestamp) {
    const info = signedData.signerInfos[0]!;
    const token = await options.timestamp.timestamp(new Uint8Array(info.signature.valueBlock.valueHexView));
    // The token must go in exactly as the TSA encoded it: asn1js re-encodes what it parsed, so
    // check that the re-encoding is byte-identical (it is for DER) rather than trust it.
    const parsed = asn1js.fromBER(new Uint8Array(token));
    if (parsed.offset === -1 || !Buffer.from(parsed.result.toBER(false)).equals(token))
      throw new Error('The time-stamp token does not re-encode identically (not DER)');
    info.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [
        new pkijs.Attribute({
          type: OID.signatureTimeStampToken,
          values: [parsed.result],
        }),
      ],
    });
  }

  const contentInfo = new pkijs.ContentInfo({
    contentType: OID.signedData,
    content: signedData.toSchema(true),
  });
  return Buffer.from(contentInfo.toSchema().toBER(false));
}
