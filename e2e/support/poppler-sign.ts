import { execFileSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KeyedCertificate, toPem } from '../../server/src/modules/signatures/index.ts';

/**
 * Signs a PDF with software none of us wrote — poppler's `pdfsig -add-signature` (NSS, CMS
 * `adbe.pkcs7.detached`) — the key and certificate imported into a throwaway NSS database through
 * an openssl-made PKCS#12: "a PDF signed elsewhere" for the verification page.
 */
export async function signWithPoppler(pdf: Buffer, keyed: KeyedCertificate, chain: KeyedCertificate[]) {
  const dir = mkdtempSync(join(tmpdir(), 'mts-poppler-sign-'));
  try {
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keyed.privateKey)).toString('base64');
    writeFileSync(
      join(dir, 'key.pem'),
      `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`,
    );
    writeFileSync(join(dir, 'cert.pem'), toPem(keyed.certificate));
    writeFileSync(join(dir, 'chain.pem'), chain.map((c) => toPem(c.certificate)).join('\n'));
    const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: dir, stdio: 'pipe' });
    run('openssl', [
      'pkcs12',
      '-export',
      '-name',
      'signer',
      '-inkey',
      'key.pem',
      '-in',
      'cert.pem',
      '-certfile',
      'chain.pem',
      '-passout',
      'pass:tam-thoi',
      '-out',
      'signer.p12',
    ]);
    run('certutil', ['-N', '--empty-password', '-d', `sql:${dir}`]);
    run('pk12util', ['-i', 'signer.p12', '-d', `sql:${dir}`, '-W', 'tam-thoi', '-K', '']);
    writeFileSync(join(dir, 'in.pdf'), pdf);
    run('pdfsig', [
      '-nssdir',
      `sql:${dir}`,
      '-add-signature',
      '-nick',
      'signer',
      '-reason',
      'Phê duyệt',
      'in.pdf',
      'out.pdf',
    ]);
    return readFileSync(join(dir, 'out.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
