import { execFileSync, spawnSync } from 'node:child_process';
import { createVerify, X509Certificate as NodeX509, randomBytes, webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CertificateExpiredError,
  CertificateNotYetValidError,
  createCertificateAuthority,
  describeCertificate,
  EmptyPinError,
  exportPkcs12,
  InvalidKeystoreError,
  issueCertificate,
  type KeyedCertificate,
  KeystoreSealBrokenError,
  openPkcs12,
  sealKeystore,
  toPem,
  unsealKeystore,
  WrongPinError,
} from './index.ts';

const CA_SUBJECT = 'CN=Ban Cơ yếu Chính phủ (demo),O=Ban Cơ yếu Chính phủ,C=VN';
const UNIT = 'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng';
const PERSON_SUBJECT = `CN=Nguyễn Văn Ký,T=Chủ tịch,O=${UNIT},C=VN`;
const AGENCY_SUBJECT = `CN=${UNIT},O=Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam,C=VN`;

let dir: string;
let ca: KeyedCertificate;
let person: KeyedCertificate;

const openssl = (...args: string[]) =>
  execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const write = (name: string, data: string | Uint8Array) => {
  writeFileSync(join(dir, name), data);
  return join(dir, name);
};

/** The key really belongs to the certificate: a WebCrypto signature verifies under the certificate's key. */
async function keyMatches({ privateKey, certificate }: KeyedCertificate): Promise<boolean> {
  const data = randomBytes(64);
  const algorithm =
    privateKey.algorithm.name === 'ECDSA'
      ? { name: 'ECDSA', hash: 'SHA-256' }
      : { name: 'RSASSA-PKCS1-v1_5' };
  const signature = await webcrypto.subtle.sign(algorithm, privateKey, data);
  const verifier = createVerify('sha256').update(data);
  const publicKey = new NodeX509(Buffer.from(certificate.rawData)).publicKey;
  const dsaEncoding = privateKey.algorithm.name === 'ECDSA' ? 'ieee-p1363' : undefined;
  return verifier.verify({ key: publicKey, dsaEncoding }, Buffer.from(signature));
}

async function writeKey(name: string, key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key)).toString('base64');
  return write(
    name,
    `-----BEGIN PRIVATE KEY-----\n${der.replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`,
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mts-pki-'));
  ca = await createCertificateAuthority({ subject: CA_SUBJECT, validityYears: 10 });
  person = await issueCertificate(ca, { subject: PERSON_SUBJECT, keyUsage: 'personal' });
  write('ca.pem', toPem(ca.certificate));
  write('person.pem', toPem(person.certificate));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('certificates with Vietnamese names', () => {
  it('openssl prints the subjects with every diacritic intact', () => {
    const subject = (file: string) =>
      openssl('x509', '-in', file, '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus').trim();
    expect(subject('ca.pem')).toBe(`subject=${CA_SUBJECT}`);
    // openssl spells the title attribute (2.5.4.12) out in full.
    expect(subject('person.pem')).toBe(`subject=${PERSON_SUBJECT.replace(',T=', ',title=')}`);
  });

  it('the names are UTF8String, the country PrintableString', () => {
    const dump = openssl('asn1parse', '-in', 'person.pem');
    expect(dump).toMatch(/UTF8STRING\s+:Nguy/);
    expect(dump).toMatch(/PRINTABLESTRING\s+:VN/);
  });

  it('the leaf chains to the demo CA and carries signing key usages; the CA carries CA usages', () => {
    expect(openssl('verify', '-CAfile', 'ca.pem', 'person.pem').trim()).toBe('person.pem: OK');
    const leaf = openssl('x509', '-in', 'person.pem', '-noout', '-text');
    expect(leaf).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation\n/);
    expect(leaf).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(leaf).toContain('X509v3 Subject Key Identifier');
    const rootText = openssl('x509', '-in', 'ca.pem', '-noout', '-text');
    expect(rootText).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign\n/);
    expect(rootText).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
    const ski = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(rootText)?.[1];
    expect(ski).toBeTruthy();
    expect(leaf).toMatch(new RegExp(`Authority Key Identifier:\\s+(keyid:)?${ski}`));
  });

  it('an agency seal certificate (ECDSA P-256) also verifies', async () => {
    const agency = await issueCertificate(ca, {
      subject: AGENCY_SUBJECT,
      keyUsage: 'agency',
      algorithm: 'ECDSA-P256',
    });
    write('agency.pem', toPem(agency.certificate));
    expect(openssl('verify', '-CAfile', 'ca.pem', 'agency.pem').trim()).toBe('agency.pem: OK');
    expect(await keyMatches(agency)).toBe(true);
  });

  it('describeCertificate decodes names, serial and SHA-256 fingerprint like openssl', async () => {
    const d = await describeCertificate(person.certificate);
    expect(d.subject).toContain('CN=Nguyễn Văn Ký');
    expect(d.subject).toContain(`O=${UNIT}`);
    expect(d.issuer).toContain('CN=Ban Cơ yếu Chính phủ (demo)');
    const fp = openssl('x509', '-in', 'person.pem', '-noout', '-fingerprint', '-sha256').trim();
    expect(fp.split('=')[1]?.replaceAll(':', '').toLowerCase()).toBe(d.fingerprintSha256);
    const serial = openssl('x509', '-in', 'person.pem', '-noout', '-serial').trim();
    expect(serial.split('=')[1]?.toLowerCase().replace(/^0+/, '')).toBe(d.serial.replace(/^0+/, ''));
    expect(d.notAfter.getTime()).toBeGreaterThan(d.notBefore.getTime());
  });
});

describe('PKCS#12 keystores', () => {
  it('a .p12 we export opens with openssl 3 defaults and holds the key, the leaf and the CA', async () => {
    const p12 = write('ours.p12', await exportPkcs12(person, '123456'));
    // openssl prints the structure on stderr; it fails (non-zero) if the MAC or a decryption fails.
    const info = spawnSync('openssl', ['pkcs12', '-in', p12, '-passin', 'pass:123456', '-info', '-noout'], {
      encoding: 'utf8',
    });
    expect(info.status).toBe(0);
    expect(info.stderr).toContain('MAC: sha256');
    expect(info.stderr).toContain(
      'Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256',
    );
    expect(info.stderr).toContain('PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC');
    const out = openssl('pkcs12', '-in', p12, '-passin', 'pass:123456', '-nodes', '-info');
    expect(out).toContain('-----BEGIN PRIVATE KEY-----');
    expect(out.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    const extracted = write('extracted.pem', out);
    const modulusOfKey = openssl('rsa', '-in', extracted, '-noout', '-modulus');
    expect(modulusOfKey).toBe(openssl('x509', '-in', 'person.pem', '-noout', '-modulus'));
  });

  it('a PIN with Vietnamese letters works both ways with openssl', async () => {
    const pin = 'Mật khẩu ký số 2026';
    const p12 = write('vi-pin.p12', await exportPkcs12(person, pin));
    const out = openssl('pkcs12', '-in', p12, '-passin', `pass:${pin}`, '-nodes');
    expect(out).toContain('-----BEGIN PRIVATE KEY-----');
    await writeKey('person.key', person.privateKey);
    openssl(
      'pkcs12',
      '-export',
      '-inkey',
      'person.key',
      '-in',
      'person.pem',
      '-passout',
      `pass:${pin}`,
      '-out',
      'vi-openssl.p12',
    );
    const opened = await openPkcs12(readFileSync(join(dir, 'vi-openssl.p12')), pin);
    expect(opened.certificate.equal(person.certificate)).toBe(true);
    expect(await keyMatches(opened)).toBe(true);
  });

  it('our export round-trips through openPkcs12 with the chain in order', async () => {
    const opened = await openPkcs12(await exportPkcs12(person, '246810'), '246810');
    expect(opened.certificate.equal(person.certificate)).toBe(true);
    expect(opened.chain.map((c) => c.subject)).toEqual([person.certificate.subject, ca.certificate.subject]);
    expect(await keyMatches(opened)).toBe(true);
  });

  it('a .p12 made by `openssl pkcs12 -export` (AES-256) opens and its key signs for its certificate', async () => {
    openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'o.key');
    openssl(
      'req',
      '-new',
      '-key',
      'o.key',
      '-subj',
      '/CN=Trần Thị Bình/O=Mặt trận/C=VN',
      '-utf8',
      '-out',
      'o.csr',
    );
    await writeKey('ca.key', ca.privateKey);
    openssl(
      'x509',
      '-req',
      '-in',
      'o.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-days',
      '30',
      '-out',
      'o.pem',
    );
    openssl(
      'pkcs12',
      '-export',
      '-inkey',
      'o.key',
      '-in',
      'o.pem',
      '-certfile',
      'ca.pem',
      '-passout',
      'pass:9999',
      '-out',
      'o.p12',
    );
    expect(openssl('pkcs12', '-in', 'o.p12', '-passin', 'pass:9999', '-info', '-noout', '-nomacver')).toBe(
      '',
    );
    const opened = await openPkcs12(readFileSync(join(dir, 'o.p12')), '9999');
    expect((await describeCertificate(opened.certificate)).subject).toBe(
      'CN=Trần Thị Bình, O=Mặt trận, C=VN',
    );
    expect(opened.chain).toHaveLength(2);
    expect(await keyMatches(opened)).toBe(true);
    // The same signature verified by openssl with the certificate's public key.
    const data = write('data.bin', randomBytes(32));
    const sig = await webcrypto.subtle.sign(
      { name: 'RSASSA-PKCS1-v1_5' },
      opened.privateKey,
      readFileSync(data),
    );
    write('data.sig', new Uint8Array(sig));
    openssl('x509', '-in', 'o.pem', '-pubkey', '-noout', '-out', 'o.pub');
    expect(openssl('dgst', '-sha256', '-verify', 'o.pub', '-signature', 'data.sig', data).trim()).toBe(
      'Verified OK',
    );
  });

  it('a legacy (RC2/3DES) .p12 is refused with a message asking for AES-256', async () => {
    await writeKey('person.key', person.privateKey);
    openssl(
      'pkcs12',
      '-export',
      '-legacy',
      '-inkey',
      'person.key',
      '-in',
      'person.pem',
      '-passout',
      'pass:9999',
      '-out',
      'legacy.p12',
    );
    const error = await openPkcs12(readFileSync(join(dir, 'legacy.p12')), '9999').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidKeystoreError);
    expect((error as InvalidKeystoreError).text?.vi).toContain('AES-256');
  });

  it('a wrong PIN gives the typed error with the Vietnamese message', async () => {
    const p12 = await exportPkcs12(person, '123456');
    const error = await openPkcs12(p12, '654321').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongPinError);
    expect((error as WrongPinError).text?.vi).toMatch(/^Mã PIN không đúng/);
    expect((error as WrongPinError).status).toBe(400);
  });

  it('an expired certificate gives its own typed error (unless explicitly allowed)', async () => {
    const old = await issueCertificate(ca, {
      subject: PERSON_SUBJECT,
      keyUsage: 'personal',
      validity: { notBefore: new Date(Date.now() - 10 * 86_400_000), days: 5 },
    });
    const p12 = await exportPkcs12(old, '1111');
    const error = await openPkcs12(p12, '1111').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CertificateExpiredError);
    expect((error as CertificateExpiredError).text?.vi).toContain('Chứng thư số đã hết hạn');
    const opened = await openPkcs12(p12, '1111', { allowExpired: true });
    expect(opened.certificate.equal(old.certificate)).toBe(true);
  });

  it('a certificate not valid yet is refused at that moment and accepted once valid', async () => {
    const p12 = await exportPkcs12(person, '1111');
    const before = new Date(person.certificate.notBefore.getTime() - 60_000);
    await expect(openPkcs12(p12, '1111', { at: before })).rejects.toBeInstanceOf(CertificateNotYetValidError);
    const after = new Date(person.certificate.notBefore.getTime() + 60_000);
    expect((await openPkcs12(p12, '1111', { at: after })).certificate.equal(person.certificate)).toBe(true);
  });

  it('an empty PIN is refused on export', async () => {
    await expect(exportPkcs12(person, '')).rejects.toBeInstanceOf(EmptyPinError);
  });

  it('garbage is not a keystore', async () => {
    await expect(openPkcs12(randomBytes(200), '1')).rejects.toBeInstanceOf(InvalidKeystoreError);
  });
});

describe('sealing keystores with the server key', () => {
  const serverKey = randomBytes(32);

  it('seal then unseal returns the same bytes; the sealed form does not contain them', async () => {
    const p12 = await exportPkcs12(person, '123456');
    const sealed = sealKeystore(p12, serverKey, 'keystore-1');
    expect(Buffer.from(sealed).includes(Buffer.from(p12.subarray(0, 32)))).toBe(false);
    expect(Buffer.from(unsealKeystore(sealed, serverKey, 'keystore-1')).equals(Buffer.from(p12))).toBe(true);
  });

  it('a tampered byte, another server key or another context is refused', () => {
    const sealed = sealKeystore(randomBytes(500), serverKey, 'keystore-1');
    const tampered = new Uint8Array(sealed);
    tampered[100] = (tampered[100] ?? 0) ^ 1;
    expect(() => unsealKeystore(tampered, serverKey, 'keystore-1')).toThrow(KeystoreSealBrokenError);
    expect(() => unsealKeystore(sealed, randomBytes(32), 'keystore-1')).toThrow(KeystoreSealBrokenError);
    expect(() => unsealKeystore(sealed, serverKey, 'keystore-2')).toThrow(KeystoreSealBrokenError);
    expect(() => unsealKeystore(sealed.subarray(0, 20), serverKey, 'keystore-1')).toThrow(
      KeystoreSealBrokenError,
    );
  });
});
