import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { KeyedCertificate } from './certificates.ts';
import {
  CertificateExpiredError,
  CertificateNotYetValidError,
  EmptyPinError,
  InvalidKeystoreError,
  WrongPinError,
} from './errors.ts';

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));

const OID = {
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  localKeyId: '1.2.840.113549.1.9.21',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
} as const;

const curves: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
};

/** Same settings as `openssl pkcs12 -export` in OpenSSL 3: PBES2 (PBKDF2-SHA256, AES-256-CBC), HMAC-SHA256 MAC. */
const ITERATIONS = 100_000;
const pbes2 = {
  // pkijs draws a fresh random IV and salt per call; its type asks for an `iv` it never reads.
  contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256 } as unknown as pkijs.ContentEncryptionAlgorithm,
  hmacHashAlgorithm: 'SHA-256',
  iterationCount: ITERATIONS,
};

/** PBES2 takes the PIN as UTF-8; pkijs turns it into the BMPString the PKCS#12 MAC KDF wants itself. */
const utf8 = (pin: string): ArrayBuffer => new Uint8Array(Buffer.from(pin, 'utf8')).buffer;

function localKeyIdAttribute(id: ArrayBuffer): pkijs.Attribute {
  return new pkijs.Attribute({ type: OID.localKeyId, values: [new asn1js.OctetString({ valueHex: id })] });
}

/** A PIN-encrypted .p12 holding the key, its certificate (paired by localKeyID) and the chain. */
export async function exportPkcs12(keystore: KeyedCertificate, pin: string): Promise<Uint8Array> {
  if (pin.length === 0) throw new EmptyPinError();
  const { privateKey, certificate } = keystore;
  const keyId = await certificate.getThumbprint('SHA-1');
  const keyInfo = pkijs.PrivateKeyInfo.fromBER(await webcrypto.subtle.exportKey('pkcs8', privateKey));
  const keyBag = new pkijs.PKCS8ShroudedKeyBag({ parsedValue: keyInfo });
  await keyBag.makeInternalValues({ password: utf8(pin), ...pbes2 });

  const others = keystore.chain.filter((c) => !c.equal(certificate));
  const certBags = [certificate, ...others].map(
    (cert, index) =>
      new pkijs.SafeBag({
        bagId: OID.certBag,
        bagValue: new pkijs.CertBag({ parsedValue: pkijs.Certificate.fromBER(cert.rawData) }),
        bagAttributes: index === 0 ? [localKeyIdAttribute(keyId)] : undefined,
      }),
  );

  const authenticatedSafe = new pkijs.AuthenticatedSafe({
    parsedValue: {
      safeContents: [
        {
          privacyMode: 0,
          value: new pkijs.SafeContents({
            safeBags: [
              new pkijs.SafeBag({
                bagId: OID.shroudedKeyBag,
                bagValue: keyBag,
                bagAttributes: [localKeyIdAttribute(keyId)],
              }),
            ],
          }),
        },
        { privacyMode: 1, value: new pkijs.SafeContents({ safeBags: certBags }) },
      ],
    },
  });
  await authenticatedSafe.makeInternalValues({ safeContents: [{}, { password: utf8(pin), ...pbes2 }] });

  const pfx = new pkijs.PFX({ parsedValue: { integrityMode: 0, authenticatedSafe } });
  await pfx.makeInternalValues({
    password: utf8(pin),
    iterations: ITERATIONS,
    pbkdf2HashAlgorithm: 'SHA-256',
    hmacHashAlgorithm: 'SHA-256',
  });
  return new Uint8Array(pfx.toSchema().toBER(false));
}

async function importPrivateKey(info: pkijs.PrivateKeyInfo): Promise<CryptoKey> {
  const der = info.toSchema().toBER(false);
  const algorithmId = info.privateKeyAlgorithm.algorithmId;
  if (algorithmId === OID.rsaEncryption) {
    return webcrypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, [
      'sign',
    ]);
  }
  if (algorithmId === OID.ecPublicKey) {
    const params = info.privateKeyAlgorithm.algorithmParams;
    const curve =
      params instanceof asn1js.ObjectIdentifier ? curves[params.valueBlock.toString()] : undefined;
    if (!curve) throw new InvalidKeystoreError('unsupported EC curve');
    return webcrypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: curve }, true, ['sign']);
  }
  throw new InvalidKeystoreError(`unsupported key algorithm ${algorithmId}`);
}

function localKeyIdOf(bag: pkijs.SafeBag): string | undefined {
  const attribute = bag.bagAttributes?.find((a) => a.type === OID.localKeyId);
  const value = attribute?.values[0];
  return value instanceof asn1js.OctetString
    ? Buffer.from(value.valueBlock.valueHexView).toString('hex')
    : undefined;
}

/** The leaf: the certificate sharing the key's localKeyID, else the one that issued no other certificate. */
function pickLeaf(
  certs: { cert: x509.X509Certificate; keyId?: string }[],
  keyId?: string,
): x509.X509Certificate {
  const byId = keyId ? certs.find((c) => c.keyId === keyId) : undefined;
  if (byId) return byId.cert;
  const leaf = certs.find(
    ({ cert }) => !certs.some((o) => o.cert !== cert && o.cert.issuer === cert.subject),
  );
  const chosen = leaf ?? certs[0];
  if (!chosen) throw new InvalidKeystoreError('no certificate');
  return chosen.cert;
}

/**
 * Opens a .p12 (ours or `openssl pkcs12 -export` with OpenSSL 3 defaults). A wrong PIN throws
 * `WrongPinError`; a leaf outside its validity at `at` throws `CertificateExpiredError` /
 * `CertificateNotYetValidError` unless `allowExpired`.
 * Legacy RC2/3DES keystores (`-legacy`) are refused with `InvalidKeystoreError`: pkijs reads PBES2 only.
 */
export async function openPkcs12(
  bytes: Uint8Array,
  pin: string,
  options: { at?: Date; allowExpired?: boolean } = {},
): Promise<KeyedCertificate> {
  let pfx: pkijs.PFX;
  try {
    pfx = pkijs.PFX.fromBER(new Uint8Array(bytes).buffer);
  } catch {
    throw new InvalidKeystoreError('not a PKCS#12 structure');
  }
  try {
    await pfx.parseInternalValues({ password: utf8(pin), checkIntegrity: true });
  } catch (error) {
    if (error instanceof Error && /Integrity/.test(error.message)) throw new WrongPinError();
    throw new InvalidKeystoreError(error instanceof Error ? error.message : String(error));
  }
  const authenticatedSafe = pfx.parsedValue?.authenticatedSafe;
  if (!authenticatedSafe) throw new InvalidKeystoreError('no authenticated safe');

  let privateKeyInfo: pkijs.PrivateKeyInfo | undefined;
  let keyId: string | undefined;
  const certs: { cert: x509.X509Certificate; keyId?: string }[] = [];
  try {
    await authenticatedSafe.parseInternalValues({
      safeContents: authenticatedSafe.safeContents.map(() => ({ password: utf8(pin) })),
    });
    for (const content of authenticatedSafe.parsedValue?.safeContents ?? []) {
      for (const bag of content.value.safeBags) {
        if (bag.bagId === OID.shroudedKeyBag && bag.bagValue instanceof pkijs.PKCS8ShroudedKeyBag) {
          await bag.bagValue.parseInternalValues({ password: utf8(pin) });
          privateKeyInfo = bag.bagValue.parsedValue;
          keyId = localKeyIdOf(bag);
        } else if (bag.bagId === OID.keyBag && bag.bagValue instanceof pkijs.PrivateKeyInfo) {
          privateKeyInfo = bag.bagValue;
          keyId = localKeyIdOf(bag);
        } else if (bag.bagId === OID.certBag && bag.bagValue instanceof pkijs.CertBag) {
          const parsed = bag.bagValue.parsedValue;
          if (parsed instanceof pkijs.Certificate) {
            certs.push({
              cert: new x509.X509Certificate(parsed.toSchema().toBER(false)),
              keyId: localKeyIdOf(bag),
            });
          }
        }
      }
    }
  } catch (error) {
    throw new InvalidKeystoreError(error instanceof Error ? error.message : String(error));
  }
  if (!privateKeyInfo) throw new InvalidKeystoreError('no private key');
  const privateKey = await importPrivateKey(privateKeyInfo);
  const certificate = pickLeaf(certs, keyId);
  const at = options.at ?? new Date();
  if (!options.allowExpired && certificate.notAfter.getTime() < at.getTime()) {
    throw new CertificateExpiredError(certificate.notAfter);
  }
  if (!options.allowExpired && certificate.notBefore.getTime() > at.getTime()) {
    throw new CertificateNotYetValidError(certificate.notBefore);
  }
  const chain = [certificate, ...certs.map((c) => c.cert).filter((c) => c !== certificate)];
  return { privateKey, certificate, chain };
}
