import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const LEAF_SUBJECT = 'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng';

export interface TestKeyPair {
  keyFile: string;
  certFile: string;
  key: string;
  cert: string;
}

export interface TestPki {
  dir: string;
  ca: TestKeyPair;
  /** RSA 2048 leaf issued by the CA, subject `C=VN, CN=Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng`. */
  rsa: TestKeyPair;
  /** P-256 leaf issued by the CA, same subject. */
  ec: TestKeyPair;
  /** Another RSA key and self-signed certificate (someone else). */
  other: TestKeyPair;
  close(): void;
}

const openssl = (cwd: string, ...args: string[]) => execFileSync('openssl', args, { cwd, stdio: 'pipe' });

/** A test CA and leaf certificates made with the real openssl CLI, in a temporary folder. */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(path.join(tmpdir(), 'mts-xmldsig-'));
  const pair = (name: string): TestKeyPair => {
    const keyFile = path.join(dir, `${name}.key`);
    const certFile = path.join(dir, `${name}.pem`);
    return { keyFile, certFile, key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  };
  const ext = path.join(dir, 'leaf.ext');
  writeFileSync(
    ext,
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n',
  );
  openssl(
    dir,
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '3650',
    '-utf8',
    '-subj',
    '/C=VN/O=Ban Cơ yếu Chính phủ (thử nghiệm)/CN=CA chuyên dùng thử nghiệm',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  const leaf = (name: string, newkey: string[]) => {
    openssl(
      dir,
      'req',
      '-newkey',
      ...newkey,
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-utf8',
      '-subj',
      `/C=VN/CN=${LEAF_SUBJECT}`,
    );
    openssl(
      dir,
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '365',
      '-extfile',
      ext,
    );
  };
  leaf('rsa', ['rsa:2048']);
  leaf('ec', ['ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  openssl(
    dir,
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'other.key',
    '-out',
    'other.pem',
    '-days',
    '365',
    '-utf8',
    '-subj',
    '/C=VN/CN=Người khác',
  );
  return {
    dir,
    ca: pair('ca'),
    rsa: pair('rsa'),
    ec: pair('ec'),
    other: pair('other'),
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs `xmlsec1 --verify` on the XML text; ok when it exits 0 and reports OK. */
export function xmlsecVerify(pki: TestPki, xml: string, ...args: string[]): { ok: boolean; output: string } {
  const file = path.join(pki.dir, `verify-${process.hrtime.bigint()}.xml`);
  writeFileSync(file, xml);
  const run = spawnSync('xmlsec1', ['--verify', '--trusted-pem', pki.ca.certFile, ...args, file]);
  const output = `${run.stdout}${run.stderr}`;
  return { ok: run.status === 0 && /^OK$/m.test(output), output };
}

/** Signs a template (an XML text holding an empty ds:Signature) with `xmlsec1 --sign`. */
export function xmlsecSign(pki: TestPki, template: string, signer: TestKeyPair = pki.rsa): string {
  const file = path.join(pki.dir, `template-${process.hrtime.bigint()}.xml`);
  writeFileSync(file, template);
  return execFileSync('xmlsec1', ['--sign', '--privkey-pem', `${signer.keyFile},${signer.certFile}`, file], {
    stdio: 'pipe',
  }).toString();
}
