import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SignedPdfChecks {
  /** pdfsig's output for the PDF, with the NSS database that trusts the test CA. */
  pdfsig(pdf: Buffer): string;
  /** `openssl cms -verify` of the last signature over its byte ranges against the CA file; the exit status. */
  opensslVerify(pdf: Buffer): number | null;
}

/**
 * The independent verdicts on a signed PDF the signing tests rely on: poppler's pdfsig (NSS db at
 * `nssDir` trusting the CA) and openssl over the dumped CMS and the signed ranges (`caFile`).
 * Scratch files go to `dir`.
 */
export function signedPdfChecks(where: { dir: string; nssDir: string; caFile: string }): SignedPdfChecks {
  let n = 0;
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args);
    if (r.error)
      throw new Error(`${cmd} is missing (scripts/system-deps.sh installs it): ${r.error.message}`);
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  };
  return {
    pdfsig(pdf) {
      const file = join(where.dir, `signed-${++n}.pdf`);
      writeFileSync(file, pdf);
      return run('pdfsig', ['-nssdir', `sql:${where.nssDir}`, file]).out;
    },
    opensslVerify(pdf) {
      const m = [...pdf.toString('latin1').matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)].at(-1);
      if (!m) throw new Error('no ByteRange');
      const [a, b, c, d] = m.slice(1).map(Number) as [number, number, number, number];
      const padded = Buffer.from(pdf.subarray(a + b + 1, c - 1).toString('latin1'), 'hex');
      const lenBytes = (padded[1] ?? 0) & 0x7f;
      const len = 2 + lenBytes + padded.subarray(2, 2 + lenBytes).reduce((acc, x) => acc * 256 + x, 0);
      const cms = join(where.dir, `cms-${++n}.der`);
      const content = join(where.dir, `content-${n}.bin`);
      writeFileSync(cms, padded.subarray(0, len));
      writeFileSync(content, Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]));
      return run('openssl', [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        cms,
        '-content',
        content,
        '-CAfile',
        where.caFile,
        '-out',
        '/dev/null',
      ]).status;
    },
  };
}
