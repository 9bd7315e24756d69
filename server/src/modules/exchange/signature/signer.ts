import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignedXml } from 'xml-crypto';
import { C14N, ECDSA_SHA256, EcdsaSha256, ENVELOPED, RSA_SHA256, SHA256 } from './algorithms.ts';

/** A signing key with its X.509 certificate (the certificate travels in KeyInfo/X509Data). */
export interface EdxmlSigner {
  privateKey: KeyObject;
  certificate: X509Certificate;
  /** RSA-SHA256 for an RSA key, ECDSA-SHA256 for an EC key. */
  signatureMethod: typeof RSA_SHA256 | typeof ECDSA_SHA256;
}

/** Where the builder leaves room for the signature: the last child of edXML:edXMLHeader. */
export const SIGNATURE_PLACEHOLDER = '<edXML:Signature/>';

/**
 * A signer from PEM text: the private key (PKCS#8 or traditional, unencrypted) and the
 * certificate that holds its public key. Throws with a plain message when they do not belong
 * together or the key type is not RSA / EC.
 */
export function createEdxmlSigner(
  privateKeyPem: string | Buffer,
  certificatePem: string | Buffer,
): EdxmlSigner {
  const privateKey = createPrivateKey(privateKeyPem);
  const certificate = new X509Certificate(certificatePem);
  const fromKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const fromCertificate = certificate.publicKey.export({ type: 'spki', format: 'der' });
  if (!fromKey.equals(fromCertificate)) {
    throw new Error('The edXML signing certificate does not hold the public key of the signing key.');
  }
  const type = privateKey.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'ec') {
    throw new Error(`The edXML signing key must be RSA or EC (ECDSA), not ${type}.`);
  }
  return { privateKey, certificate, signatureMethod: type === 'rsa' ? RSA_SHA256 : ECDSA_SHA256 };
}

/** The signer named by the configuration (both files or neither), or undefined when none is set. */
export function edxmlSignerFromFiles(files: {
  EDXML_SIGNING_KEY_FILE?: string | undefined;
  EDXML_SIGNING_CERT_FILE?: string | undefined;
}): EdxmlSigner | undefined {
  const { EDXML_SIGNING_KEY_FILE: keyFile, EDXML_SIGNING_CERT_FILE: certFile } = files;
  if (!keyFile && !certFile) return undefined;
  if (!keyFile || !certFile) {
    throw new Error('Set both EDXML_SIGNING_KEY_FILE and EDXML_SIGNING_CERT_FILE, or neither.');
  }
  return createEdxmlSigner(readFileSync(keyFile), readFileSync(certFile));
}

const pemBody = (certificate: X509Certificate) => certificate.raw.toString('base64');

/**
 * Signs an edXML message the builder wrote with {@link SIGNATURE_PLACEHOLDER}: an enveloped
 * XML-DSig signature whose one Reference is URI="" (the whole message: envelope and attachments),
 * enveloped-signature + Canonical XML 1.0 transforms, SHA-256 digest, RSA-SHA256 or ECDSA-SHA256,
 * the certificate in KeyInfo/X509Data. The rest of the text is left byte for byte as built: the
 * signature is spliced into the placeholder, so nothing is re-serialised.
 */
export function signEdxml(xml: string, signer: EdxmlSigner): string {
  const at = xml.indexOf(SIGNATURE_PLACEHOLDER);
  if (at < 0 || xml.indexOf(SIGNATURE_PLACEHOLDER, at + 1) >= 0) {
    throw new Error('The message has no single signature placeholder to sign into.');
  }
  const sig = new SignedXml({
    privateKey: signer.privateKey.export({ type: 'pkcs8', format: 'pem' }),
    publicCert: signer.certificate.toString(),
    canonicalizationAlgorithm: C14N,
    signatureAlgorithm: signer.signatureMethod,
    getKeyInfoContent: ({ prefix } = {}) => {
      const p = prefix ? `${prefix}:` : '';
      return `<${p}X509Data><${p}X509Certificate>${pemBody(signer.certificate)}</${p}X509Certificate></${p}X509Data>`;
    },
  });
  sig.SignatureAlgorithms[ECDSA_SHA256 as never] = EcdsaSha256 as never;
  sig.addReference({
    xpath: '/*',
    uri: '',
    isEmptyUri: true,
    transforms: [ENVELOPED, C14N],
    digestAlgorithm: SHA256,
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: {
      reference:
        "/*/*[local-name()='edXMLEnvelope']/*[local-name()='edXMLHeader']/*[local-name()='Signature']",
      action: 'append',
    },
  });
  const signature = sig.getSignatureXml();
  return `${xml.slice(0, at)}<edXML:Signature>${signature}</edXML:Signature>${xml.slice(at + SIGNATURE_PLACEHOLDER.length)}`;
}
