import {
  type BinaryLike,
  createPrivateKey,
  createPublicKey,
  type KeyLike,
  KeyObject,
  sign,
  verify,
} from 'node:crypto';
import type { SignatureAlgorithm } from 'xml-crypto';

export const DSIG_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';

/** Canonical XML 1.0 (inclusive, without comments): the C14N every XML-DSig verifier must implement. */
export const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
export const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
export const SHA512 = 'http://www.w3.org/2001/04/xmlenc#sha512';
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const RSA_SHA512 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512';
export const ECDSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256';

/** What a received signature may use: SHA-1 (digest or RSA-SHA1) is refused as broken. */
export const acceptedCanonicalizations = [C14N, EXC_C14N] as const;
export const acceptedTransforms = [ENVELOPED, C14N, EXC_C14N] as const;
export const acceptedDigests = [SHA256, SHA512] as const;
export const acceptedSignatureMethods = [RSA_SHA256, RSA_SHA512, ECDSA_SHA256] as const;

/**
 * ECDSA-SHA256 (RFC 4051) for xml-crypto, which ships RSA only. XML-DSig carries the ECDSA value
 * as r‖s (IEEE P1363), not DER: Node's `dsaEncoding` does the conversion.
 */
export class EcdsaSha256 implements SignatureAlgorithm {
  getSignature(signedInfo: BinaryLike, privateKey: KeyLike): string {
    const key = privateKey instanceof KeyObject ? privateKey : createPrivateKey(privateKey);
    const data = typeof signedInfo === 'string' ? Buffer.from(signedInfo, 'utf8') : signedInfo;
    return sign('sha256', data as NodeJS.ArrayBufferView, { key, dsaEncoding: 'ieee-p1363' }).toString(
      'base64',
    );
  }

  verifySignature(material: string, key: KeyLike, signatureValue: string): boolean {
    const publicKey = key instanceof KeyObject ? key : createPublicKey(key);
    return verify(
      'sha256',
      Buffer.from(material, 'utf8'),
      { key: publicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signatureValue, 'base64'),
    );
  }

  getAlgorithmName() {
    return ECDSA_SHA256;
  }
}
