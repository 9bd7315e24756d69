/**
 * PAdES signing checked only by independent verifiers: poppler's pdfsig (with the test CA in a
 * throwaway NSS db), `openssl cms -verify` and `qpdf --check`. Certificates are made here with the
 * openssl CLI, with Vietnamese UTF8String names. Missing tools fail the test naming the package.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPdf } from '../../../platform/pdf/index.ts';
import { type ExternalSigner, type KeySigner, signPdf } from './index.ts';

const TOOLS: Record<string, string> = {
  openssl: 'openssl',
  pdfsig: 'poppler-utils',
  qpdf: 'qpdf',
  certutil: 'libnss3-tools',
};
const SIGNER_NAME = 'Nguyễn Văn Ký';
const SIGNER_ORG = 'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng';

let dir: string;
let nssDir: string;
let trusted: KeySigner;
let ecdsa: KeySigner;
let untrusted: KeySigner;

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error)
    throw new Error(`${cmd} is missing: apt-get install ${TOOLS[cmd] ?? cmd} (${r.error.message})`);
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
function must(cmd: string, args: string[]) {
  const r = run(cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.out}`);
  return r.out;
}

/** A CA (self-signed) and a leaf it issues; keyAlg 'rsa' or 'ec'. */
function makeCa(name: string, subject: string) {
  const key = join(dir, `${name}.key`);
  const pem = join(dir, `${name}.pem`);
  must('openssl', [
    'req',
    '-x509',
    '-utf8',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    pem,
    '-days',
    '30',
    '-subj',
    subject,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return { key, pem };
}
async function makeLeaf(
  name: string,
  ca: { key: string; pem: string },
  alg: 'rsa' | 'ec',
): Promise<KeySigner> {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const pem = join(dir, `${name}.pem`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
  const newkey =
    alg === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  must('openssl', [
    'req',
    '-new',
    '-utf8',
    ...newkey,
    '-nodes',
    '-keyout',
    key,
    '-out',
    csr,
    '-subj',
    `/CN=${SIGNER_NAME}/O=${SIGNER_ORG}/C=VN`,
  ]);
  must('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca.pem,
    '-CAkey',
    ca.key,
    '-CAcreateserial',
    '-out',
    pem,
    '-days',
    '30',
    '-extfile',
    ext,
  ]);
  const pkcs8 = createPrivateKey(readFileSync(key)).export({ type: 'pkcs8', format: 'der' });
  const algorithm =
    alg === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: 'P-256' };
  const privateKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, algorithm, false, ['sign']);
  return { privateKey, certificate: readFileSync(pem, 'utf8'), chain: [readFileSync(ca.pem, 'utf8')] };
}

async function pdfkitPdf(): Promise<Buffer> {
  const pdf = createPdf({ title: 'Công văn thử ký số' });
  const done = buffer(pdf.stream as NodeJS.ReadableStream);
  pdf.addPage();
  pdf.text('Văn bản thử nghiệm chữ ký số PAdES — Mặt trận Tổ quốc Việt Nam.');
  pdf.end();
  return done;
}
function qpdfObjectStreamPdf(source: Buffer): Buffer {
  const inp = join(dir, 'qpdf-in.pdf');
  const out = join(dir, 'qpdf-out.pdf');
  writeFileSync(inp, source);
  must('qpdf', ['--object-streams=generate', inp, out]);
  return readFileSync(out);
}

let n = 0;
function save(pdf: Buffer): string {
  const file = join(dir, `signed-${++n}.pdf`);
  writeFileSync(file, pdf);
  return file;
}
/**
 * pdfsig with the test CA's NSS db. Not `-no-ocsp`: poppler 22.12 then reports every chain as
 * "Unknown issue with Certificate"; the test certificates carry no AIA, so no OCSP is attempted.
 */
function pdfsig(file: string) {
  return run('pdfsig', ['-nssdir', `sql:${nssDir}`, file]).out;
}
/** The DER CMS in /Contents of one signature (default: the last) and the bytes it signs. */
function dumpSignature(pdf: Buffer, which = -1) {
  const m = [...pdf.toString('latin1').matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)].at(which);
  if (!m) throw new Error('no ByteRange');
  const [a, b, c, d] = m.slice(1).map(Number) as [number, number, number, number];
  const padded = Buffer.from(pdf.subarray(a + b + 1, c - 1).toString('latin1'), 'hex');
  // DER SEQUENCE header (30 82 xx xx or 30 83 xx xx xx) gives the real length before the zero padding.
  const lenBytes = (padded[1] ?? 0) & 0x7f;
  const len = 2 + lenBytes + padded.subarray(2, 2 + lenBytes).reduce((acc, x) => acc * 256 + x, 0);
  const cms = join(dir, `cms-${++n}.der`);
  const content = join(dir, `content-${n}.bin`);
  const signedBytes = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  writeFileSync(cms, padded.subarray(0, len));
  writeFileSync(content, signedBytes);
  return { cms, content, signedBytes };
}
/** openssl cms -verify of one signature over its byte ranges, against the test CA; the exit status. */
function opensslVerify(pdf: Buffer, which = -1): number | null {
  const { cms, content } = dumpSignature(pdf, which);
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
    join(dir, 'ca.pem'),
    '-out',
    '/dev/null',
  ]).status;
}

beforeAll(async () => {
  for (const [tool, pkg] of Object.entries(TOOLS))
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(`${tool} is missing: apt-get install ${pkg}`);
  dir = mkdtempSync(join(tmpdir(), 'pades-'));
  nssDir = join(dir, 'nss');
  execFileSync('mkdir', [nssDir]);
  const ca = makeCa('ca', '/CN=Ban Cơ yếu Chính phủ (thử nghiệm)/C=VN');
  const other = makeCa('other', '/CN=CA không tin cậy/C=VN');
  must('certutil', ['-N', '--empty-password', '-d', `sql:${nssDir}`]);
  must('certutil', ['-A', '-n', 'ca', '-t', 'CT,C,C', '-i', ca.pem, '-d', `sql:${nssDir}`]);
  trusted = await makeLeaf('leaf', ca, 'rsa');
  ecdsa = await makeLeaf('leaf-ec', ca, 'ec');
  untrusted = await makeLeaf('leaf-other', other, 'rsa');
}, 60_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('signPdf', () => {
  for (const [label, make] of [
    ['a pdfkit PDF (classic xref)', pdfkitPdf],
    ['a qpdf object-stream PDF (xref stream)', async () => qpdfObjectStreamPdf(await pdfkitPdf())],
  ] as const) {
    it(`signs ${label}: valid, trusted, Vietnamese name intact, original bytes a prefix`, async () => {
      const original = await make();
      const signed = await signPdf(original, trusted, { fieldName: 'Chữ ký 1', reason: 'Ban hành văn bản' });
      expect(signed.subarray(0, original.length).equals(original)).toBe(true);
      const file = save(signed);
      const out = pdfsig(file);
      expect(out).toContain('Signature is Valid.');
      expect(out).toContain('Certificate is Trusted.');
      expect(out).toContain(`Signer Certificate Common Name: ${SIGNER_NAME}`);
      expect(out).toContain(`O=${SIGNER_ORG}`);
      expect(out).toContain('ETSI.CAdES.detached');
      expect(out).toContain('- Total document signed');
      expect(opensslVerify(signed)).toBe(0);
      expect(run('qpdf', ['--check', file]).status).toBe(0);
    });
  }

  it('adds a second signature as a new revision and both stay valid', async () => {
    for (const source of [await pdfkitPdf(), qpdfObjectStreamPdf(await pdfkitPdf())]) {
      const first = await signPdf(source, trusted, { fieldName: 'Người soạn' });
      const second = await signPdf(first, ecdsa, { fieldName: 'Người ký' });
      expect(second.subarray(0, first.length).equals(first)).toBe(true);
      const file = save(second);
      const out = pdfsig(file);
      expect(out).toContain('Signature #2');
      expect(out.match(/Signature is Valid\./g)).toHaveLength(2);
      expect(out.match(/Certificate is Trusted\./g)).toHaveLength(2);
      // The first covers its own revision only; the second covers the whole file.
      expect(out).toMatch(
        /Signature #1:[\s\S]*Not total document signed[\s\S]*Signature #2:[\s\S]*- Total document signed/,
      );
      expect(opensslVerify(second, 0)).toBe(0);
      expect(opensslVerify(second, 1)).toBe(0);
      expect(run('qpdf', ['--check', file]).status).toBe(0);
    }
  });

  it('signed attributes: contentType, messageDigest of the ranges, signing-certificate-v2 of the signer; no signingTime', async () => {
    const signed = await signPdf(await pdfkitPdf(), trusted);
    const { cms, signedBytes } = dumpSignature(signed);
    const asn1 = must('openssl', ['asn1parse', '-inform', 'DER', '-in', cms]);
    const hexAfter = (label: string) =>
      asn1.slice(asn1.indexOf(label)).match(/OCTET STRING\s+\[HEX DUMP\]:([0-9A-F]+)/)?.[1];
    const certDer = Buffer.from(
      String(trusted.certificate).replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, ''),
      'base64',
    );
    expect(asn1).toContain(':contentType');
    expect(hexAfter(':messageDigest')).toBe(
      createHash('sha256').update(signedBytes).digest('hex').toUpperCase(),
    );
    expect(hexAfter(':id-smime-aa-signingCertificateV2')).toBe(
      createHash('sha256').update(certDer).digest('hex').toUpperCase(),
    );
    expect(asn1).not.toContain(':signingTime');
    // The /Sig dictionary itself, read back by qpdf.
    const json = JSON.parse(must('qpdf', ['--json', '--json-key=acroform', save(signed)]));
    const field = json.acroform.fields[0];
    expect(field.fieldtype).toBe('/Sig');
  });

  it('external signers (the openssl CLI as the "token"), RSA then ECDSA, both valid and trusted', async () => {
    const viaOpenssl = (name: string, algorithm: 'RSA' | 'ECDSA', base: KeySigner): ExternalSigner => ({
      algorithm,
      certificate: base.certificate,
      chain: base.chain,
      async sign(data) {
        const input = join(dir, `${name}-attrs-${++n}.der`);
        writeFileSync(input, data);
        const r = spawnSync('openssl', ['dgst', '-sha256', '-sign', join(dir, `${name}.key`), input]);
        if (r.status !== 0) throw new Error(String(r.stderr));
        return r.stdout;
      },
    });
    const first = await signPdf(await pdfkitPdf(), viaOpenssl('leaf', 'RSA', trusted), {
      fieldName: 'Token RSA',
    });
    const second = await signPdf(first, viaOpenssl('leaf-ec', 'ECDSA', ecdsa), { fieldName: 'Token ECDSA' });
    const out = pdfsig(save(second));
    expect(out.match(/Signature is Valid\./g)).toHaveLength(2);
    expect(out.match(/Certificate is Trusted\./g)).toHaveLength(2);
    expect(opensslVerify(second, 0)).toBe(0);
    expect(opensslVerify(second, 1)).toBe(0);
  });

  it('a PDF with a form (indirect /AcroForm): fields kept, default names Signature1, Signature2, duplicates refused', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    const name = doc.getForm().createTextField('Ho_ten');
    name.setText('Nguyen Van Ky');
    name.addToPage(page, { x: 50, y: 700, width: 200, height: 20 });
    const source = Buffer.from(await doc.save({ useObjectStreams: false }));
    const once = await signPdf(source, trusted);
    const twice = await signPdf(once, ecdsa);
    const file = save(twice);
    expect(run('qpdf', ['--check', file]).status).toBe(0);
    const names = JSON.parse(must('qpdf', ['--json', '--json-key=acroform', file])).acroform.fields.map(
      (f: { fullname: string }) => f.fullname,
    );
    expect(names).toEqual(['Ho_ten', 'Signature1', 'Signature2']);
    expect(pdfsig(file).match(/Signature is Valid\./g)).toHaveLength(2);
    await expect(signPdf(twice, trusted, { fieldName: 'Ho_ten' })).rejects.toThrow(
      'already has a field named "Ho_ten"',
    );
    await expect(signPdf(twice, trusted, { fieldName: 'Signature1' })).rejects.toThrow('already has a field');
  });

  it('a page whose /Annots is an indirect array: the widget lands in that array', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    page.node.set(PDFName.of('Annots'), doc.context.register(doc.context.obj([])));
    const signed = await signPdf(Buffer.from(await doc.save({ useObjectStreams: false })), trusted);
    const file = save(signed);
    expect(run('qpdf', ['--check', file]).status).toBe(0);
    const json = JSON.parse(must('qpdf', ['--json', '--json-key=acroform', file]));
    expect(json.acroform.fields.map((f: { fullname: string }) => f.fullname)).toEqual(['Signature1']);
    expect(json.acroform.fields[0].pageposfrom1).toBe(1);
    expect(pdfsig(file)).toContain('Signature is Valid.');
  });

  it('refuses when the CMS does not fit the reserved /Contents', async () => {
    await expect(signPdf(await pdfkitPdf(), trusted, { contentsBytes: 256 })).rejects.toThrow(
      'raise contentsBytes',
    );
  });

  it('signs with ECDSA P-256', async () => {
    const signed = await signPdf(await pdfkitPdf(), ecdsa);
    const out = pdfsig(save(signed));
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Certificate is Trusted.');
    expect(opensslVerify(signed)).toBe(0);
  });

  it('a flipped byte in the signed range fails in pdfsig and openssl', async () => {
    const signed = await signPdf(await pdfkitPdf(), trusted);
    const text = signed.toString('latin1');
    const at = text.indexOf('Mặt trận số') >= 0 ? text.indexOf('Mặt trận số') : text.indexOf('/Producer');
    const tampered = Buffer.from(signed);
    tampered[at + 2] = (tampered[at + 2] ?? 0) ^ 0x01;
    const out = pdfsig(save(tampered));
    expect(out).not.toContain('Signature is Valid.');
    expect(out).toMatch(/Signature is Invalid|Digest Mismatch/);
    expect(opensslVerify(tampered)).not.toBe(0);
  });

  it('a certificate from another CA is valid but not trusted', async () => {
    const signed = await signPdf(await pdfkitPdf(), untrusted);
    const out = pdfsig(save(signed));
    expect(out).toContain('Signature is Valid.');
    expect(out).not.toContain('Certificate is Trusted.');
    expect(out).toMatch(/Certificate issuer isn't Trusted|Certificate issuer is unknown|not Trusted/i);
    expect(opensslVerify(signed)).not.toBe(0);
  });
});
