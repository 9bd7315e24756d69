/**
 * PAdES B-T, B-LT and B-LTA checked by independent tools: the signature time-stamp token is cut
 * out of the CMS by `openssl asn1parse` offsets and verified by `openssl ts -verify` against the
 * SHA-256 of the signature value; the document time-stamp token against the bytes its /ByteRange
 * covers; pdfsig (test CA in a throwaway NSS db) and `openssl cms -verify` for the signature;
 * qpdf for structure and for reading the /DSS streams back. The TSA is `openssl ts -reply`
 * behind a loopback HTTP server (test-support/tsa.ts).
 */
import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, webcrypto } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPdf } from '../../../platform/pdf/index.ts';
import { createTestCa, startTestTsa, type TestCa, type TestTsa } from '../test-support/tsa.ts';
import { createTsaClient, TimestampError } from '../tsa/index.ts';
import { addDocumentTimestamp, addValidationData, type KeySigner, signPdf } from './index.ts';

const TOOLS: Record<string, string> = {
  openssl: 'openssl',
  pdfsig: 'poppler-utils',
  qpdf: 'qpdf',
  certutil: 'libnss3-tools',
};
const SIGNER_NAME = 'Nguyễn Văn Ký';

let dir: string;
let nssDir: string;
let ca: TestCa;
let caFile: string;
let signer: KeySigner;
let leafPem: string;
let ecdsaSigner: KeySigner;
let ecdsaPem: string;
let tsa: TestTsa;

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
let n = 0;
function file(name: string, data: Buffer | string): string {
  const path = join(dir, `${++n}-${name}`);
  writeFileSync(path, data);
  return path;
}

async function pdfkitPdf(): Promise<Buffer> {
  const pdf = createPdf({ title: 'Công văn thử dấu thời gian' });
  const done = buffer(pdf.stream as NodeJS.ReadableStream);
  pdf.addPage();
  pdf.text('Văn bản thử nghiệm PAdES B-T, B-LT, B-LTA — Mặt trận Tổ quốc Việt Nam.');
  pdf.end();
  return done;
}
function objectStreamPdf(source: Buffer): Buffer {
  const out = join(dir, `${++n}-objstm.pdf`);
  must('qpdf', ['--object-streams=generate', file('plain.pdf', source), out]);
  return readFileSync(out);
}

/** /Contents (DER, padding cut by the DER length) and the covered bytes of one signature field. */
function dumpContents(pdf: Buffer, which = -1) {
  const m = [...pdf.toString('latin1').matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)].at(which);
  if (!m) throw new Error('no ByteRange');
  const [a, b, c, d] = m.slice(1).map(Number) as [number, number, number, number];
  const padded = Buffer.from(pdf.subarray(a + b + 1, c - 1).toString('latin1'), 'hex');
  const lenBytes = (padded[1] ?? 0) & 0x7f;
  const len = 2 + lenBytes + padded.subarray(2, 2 + lenBytes).reduce((acc, x) => acc * 256 + x, 0);
  const covered = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  return { der: padded.subarray(0, len), covered };
}

/** Cuts a TLV out of DER by an `openssl asn1parse` line ("  123:d=7  hl=4 l= 456 cons: ..."). */
function tlv(der: Buffer, line: string, contentOnly = false): Buffer {
  const m = line.match(/^\s*(\d+):d=\s*\d+\s+hl=\s*(\d+)\s+l=\s*(\d+)/);
  if (!m) throw new Error(`not an asn1parse line: ${line}`);
  const [at, hl, l] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return der.subarray(contentOnly ? at + hl : at, at + hl + l);
}

/** The SignerInfo signature value and the signature time-stamp token, as openssl parses the CMS. */
function signatureAndToken(cms: Buffer) {
  const lines = must('openssl', ['asn1parse', '-inform', 'DER', '-in', file('cms.der', cms)]).split('\n');
  const oid = lines.findIndex((l) => l.includes(':id-smime-aa-timeStampToken'));
  if (oid < 0) return { token: undefined, signatureValue: undefined };
  // SignerInfo: … signature OCTET STRING, [1] { SEQUENCE { OID, SET { token } } }
  const sigLine = lines.slice(0, oid).findLast((l) => l.includes('prim: OCTET STRING'));
  const setLine = lines[oid + 1] ?? '';
  const tokenLine = lines[oid + 2] ?? '';
  expect(setLine).toContain('cons: SET');
  expect(tokenLine).toContain('cons: SEQUENCE');
  return { token: tlv(cms, tokenLine), signatureValue: tlv(cms, sigLine ?? '', true) };
}

/** `openssl ts -verify` of a token, by data or by digest; returns the exit status and output. */
function tsVerify(token: Buffer, by: { data: Buffer } | { digest: string }) {
  const input = 'data' in by ? ['-data', file('data.bin', by.data)] : ['-digest', by.digest];
  return run('openssl', [
    'ts',
    '-verify',
    ...input,
    '-in',
    file('token.der', token),
    '-token_in',
    '-CAfile',
    caFile,
  ]);
}

function pdfsig(path: string) {
  return run('pdfsig', ['-nssdir', `sql:${nssDir}`, path]).out;
}
function cmsVerify(pdf: Buffer, which = -1) {
  const { der, covered } = dumpContents(pdf, which);
  return run('openssl', [
    'cms',
    '-verify',
    '-binary',
    '-inform',
    'DER',
    '-in',
    file('sig.der', der),
    '-content',
    file('content.bin', covered),
    '-CAfile',
    caFile,
    '-out',
    '/dev/null',
  ]).status;
}

/** qpdf's own reading of the file as JSON v2 with stream data inline. */
function qpdfObjects(
  pdf: Buffer,
): Record<string, { value?: unknown; stream?: { dict: Record<string, unknown>; data: string } }> {
  const json = JSON.parse(
    must('qpdf', ['--json=2', '--json-key=qpdf', '--json-stream-data=inline', file('json.pdf', pdf)]),
  );
  return json.qpdf[1];
}
function derOf(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, ''), 'base64');
}

beforeAll(async () => {
  for (const [tool, pkg] of Object.entries(TOOLS))
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(`${tool} is missing: apt-get install ${pkg}`);
  dir = mkdtempSync(join(tmpdir(), 'pades-ltv-'));
  nssDir = join(dir, 'nss');
  mkdirSync(nssDir);
  ca = createTestCa();
  caFile = file('ca.pem', ca.certPem);
  const caKey = file('ca.key', ca.keyPem);
  must('certutil', ['-N', '--empty-password', '-d', `sql:${nssDir}`]);
  must('certutil', ['-A', '-n', 'ca', '-t', 'CT,C,C', '-i', caFile, '-d', `sql:${nssDir}`]);
  const key = join(dir, 'leaf.key');
  const csr = join(dir, 'leaf.csr');
  const pem = join(dir, 'leaf.pem');
  const ext = file(
    'leaf.ext',
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n',
  );
  must('openssl', [
    'req',
    '-new',
    '-utf8',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    csr,
    '-subj',
    `/CN=${SIGNER_NAME}/O=Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng/C=VN`,
  ]);
  must('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    caFile,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-out',
    pem,
    '-days',
    '30',
    '-extfile',
    ext,
  ]);
  const pkcs8 = createPrivateKey(readFileSync(key)).export({ type: 'pkcs8', format: 'der' });
  const privateKey = await webcrypto.subtle.importKey(
    'pkcs8',
    pkcs8,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  leafPem = readFileSync(pem, 'utf8');
  signer = { privateKey, certificate: leafPem, chain: [ca.certPem] };
  const ecKey = join(dir, 'leaf-ec.key');
  const ecCsr = join(dir, 'leaf-ec.csr');
  const ecPem = join(dir, 'leaf-ec.pem');
  must('openssl', [
    'req',
    '-new',
    '-utf8',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    ecKey,
    '-out',
    ecCsr,
    '-subj',
    `/CN=${SIGNER_NAME}/C=VN`,
  ]);
  must('openssl', [
    'x509',
    '-req',
    '-in',
    ecCsr,
    '-CA',
    caFile,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-out',
    ecPem,
    '-days',
    '30',
    '-extfile',
    ext,
  ]);
  ecdsaPem = readFileSync(ecPem, 'utf8');
  ecdsaSigner = {
    privateKey: await webcrypto.subtle.importKey(
      'pkcs8',
      createPrivateKey(readFileSync(ecKey)).export({ type: 'pkcs8', format: 'der' }),
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['sign'],
    ),
    certificate: ecdsaPem,
    chain: [ca.certPem],
  };
  tsa = await startTestTsa({ ca });
}, 60_000);
afterAll(async () => {
  await tsa?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('PAdES B-T: signature time-stamp', () => {
  for (const [label, make] of [
    ['a pdfkit PDF (classic xref)', pdfkitPdf],
    ['a qpdf object-stream PDF (xref stream)', async () => objectStreamPdf(await pdfkitPdf())],
  ] as const) {
    it(`${label}: pdfsig valid + trusted, openssl cms ok, token verifies over the signature value`, async () => {
      tsa.mode = 'ok';
      const before = tsa.requests;
      const original = await make();
      const signed = await signPdf(original, signer, {
        fieldName: 'Chữ ký có dấu thời gian',
        timestamp: createTsaClient({ url: tsa.url }),
      });
      expect(tsa.requests).toBe(before + 1);
      expect(signed.subarray(0, original.length).equals(original)).toBe(true);
      const path = file('bt.pdf', signed);
      const out = pdfsig(path);
      expect(out).toContain('Signature is Valid.');
      expect(out).toContain('Certificate is Trusted.');
      expect(out).toContain(`Signer Certificate Common Name: ${SIGNER_NAME}`);
      expect(run('qpdf', ['--check', path]).status).toBe(0);
      expect(cmsVerify(signed)).toBe(0);

      const { token, signatureValue } = signatureAndToken(dumpContents(signed).der);
      if (!token || !signatureValue) throw new Error('no id-smime-aa-timeStampToken in the CMS');
      expect(signatureValue.length).toBe(256); // RSA-2048 signature value
      const byData = tsVerify(token, { data: signatureValue });
      expect(byData.out).toContain('Verification: OK');
      expect(byData.status).toBe(0);
      const digest = createHash('sha256').update(signatureValue).digest('hex');
      expect(tsVerify(token, { digest }).status).toBe(0);
      // The imprint is of the signature value, not of the document bytes.
      expect(tsVerify(token, { data: dumpContents(signed).covered }).status).not.toBe(0);
    });
  }

  it('a flipped byte in the token fails openssl ts -verify', async () => {
    tsa.mode = 'ok';
    const signed = await signPdf(await pdfkitPdf(), signer, { timestamp: createTsaClient({ url: tsa.url }) });
    const { token, signatureValue } = signatureAndToken(dumpContents(signed).der);
    if (!token || !signatureValue) throw new Error('no token');
    expect(tsVerify(token, { data: signatureValue }).status).toBe(0);
    const flipped = Buffer.from(token);
    const last = flipped.length - 1; // the TSA's signature value ends the token
    flipped[last] = (flipped[last] ?? 0) ^ 0x01;
    const r = tsVerify(flipped, { data: signatureValue });
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('Verification: FAILED');
  });

  it('without a TSA there is no time-stamp attribute (B-B stays B-B)', async () => {
    const signed = await signPdf(await pdfkitPdf(), signer);
    expect(signatureAndToken(dumpContents(signed).der).token).toBeUndefined();
  });

  for (const [mode, reason] of [
    ['refuse', 'TSA_REFUSED'],
    ['hang', 'TSA_TIMEOUT'],
    ['garbage', 'TSA_BAD_RESPONSE'],
  ] as const) {
    it(`a TSA that answers "${mode}" → ${reason}, bilingual message, no signed output`, async () => {
      tsa.mode = mode;
      const before = tsa.requests;
      let output: Buffer | undefined;
      let error: unknown;
      try {
        output = await signPdf(await pdfkitPdf(), signer, {
          timestamp: createTsaClient({ url: tsa.url, timeoutMs: 1_000 }),
        });
      } catch (e) {
        error = e;
      } finally {
        tsa.mode = 'ok';
      }
      expect(output).toBeUndefined();
      expect(tsa.requests).toBe(before + 1);
      expect(error).toBeInstanceOf(TimestampError);
      const err = error as TimestampError;
      expect(err.details?.reason).toBe(reason);
      expect(err.status).toBe(503);
      expect(err.text?.vi).toContain('dấu thời gian');
      expect(err.text?.vi).toContain('chưa được ký');
      expect(err.text?.en).toContain('not signed');
    });
  }
});

describe('PAdES B-LT and B-LTA: DSS and document time-stamps', () => {
  for (const [label, make] of [
    ['classic xref', pdfkitPdf],
    ['xref stream', async () => objectStreamPdf(await pdfkitPdf())],
  ] as const) {
    it(`${label}: B-T → DSS → document time-stamp; every revision a prefix, every check independent`, async () => {
      tsa.mode = 'ok';
      const client = createTsaClient({ url: tsa.url });
      const original = await make();
      const bt = await signPdf(original, signer, { fieldName: 'Người ký', timestamp: client });
      const lt = await addValidationData(bt, { certificates: [leafPem, ca.certPem, tsa.tsaCertPem] });
      const lta = await addDocumentTimestamp(lt, client);
      expect(bt.subarray(0, original.length).equals(original)).toBe(true);
      expect(lt.subarray(0, bt.length).equals(bt)).toBe(true);
      expect(lta.subarray(0, lt.length).equals(lt)).toBe(true);
      for (const pdf of [lt, lta]) expect(run('qpdf', ['--check', file('rev.pdf', pdf)]).status).toBe(0);

      // DSS as qpdf reads it: catalog /DSS → /Certs → streams holding exactly our DER certificates.
      const objects = qpdfObjects(lta);
      const trailer = objects.trailer?.value as { '/Root': string };
      const catalog = objects[`obj:${trailer['/Root']}`]?.value as { '/DSS': string };
      const dssValue = objects[`obj:${catalog['/DSS']}`]?.value as { '/Certs': string[]; '/Type': string };
      expect(dssValue['/Type']).toBe('/DSS');
      const stored = dssValue['/Certs'].map((ref) =>
        Buffer.from(objects[`obj:${ref}`]?.stream?.data ?? '', 'base64').toString('hex'),
      );
      expect(stored.sort()).toEqual(
        [leafPem, ca.certPem, tsa.tsaCertPem].map((p) => derOf(p).toString('hex')).sort(),
      );
      for (const hex of stored) {
        const subject = must('openssl', [
          'x509',
          '-inform',
          'DER',
          '-in',
          file('dss-cert.der', Buffer.from(hex, 'hex')),
          '-noout',
          '-subject',
          '-nameopt',
          'utf8',
        ]);
        expect(subject).toMatch(
          /Nguyễn Văn Ký|Ban Cơ yếu Chính phủ \(thử nghiệm\)|Dịch vụ cấp dấu thời gian/,
        );
      }

      // The document time-stamp: /DocTimeStamp, ETSI.RFC3161, token over exactly the ByteRange bytes.
      const docTs = Object.values(objects).find(
        (o) => (o.value as Record<string, unknown> | undefined)?.['/Type'] === '/DocTimeStamp',
      )?.value as Record<string, unknown> | undefined;
      expect(docTs?.['/SubFilter']).toBe('/ETSI.RFC3161');
      const { der: token, covered } = dumpContents(lta);
      expect(covered.length + contentsGap(lta)).toBe(lta.length); // all but the /Contents string
      const verified = tsVerify(token, { data: covered });
      expect(verified.out).toContain('Verification: OK');
      expect(tsVerify(token, { digest: createHash('sha256').update(covered).digest('hex') }).status).toBe(0);
      expect(tsVerify(token, { data: covered.subarray(1) }).status).not.toBe(0);

      // The signature of the first revision is still valid and trusted, its time-stamp intact.
      // poppler 22.12 names the document time-stamp's signer but cannot validate ETSI.RFC3161.
      const out = pdfsig(file('lta.pdf', lta));
      expect(out).toMatch(
        /Signature #1:[\s\S]*Not total document signed[\s\S]*Signature is Valid\.[\s\S]*Certificate is Trusted\./,
      );
      expect(out).toMatch(
        /Signature #2:[\s\S]*Common Name: Dịch vụ cấp dấu thời gian \(thử nghiệm\)[\s\S]*- Total document signed/,
      );
      expect(cmsVerify(lta, 0)).toBe(0);
      const sig = signatureAndToken(dumpContents(lta, 0).der);
      if (!sig.token || !sig.signatureValue) throw new Error('no token');
      expect(tsVerify(sig.token, { data: sig.signatureValue }).status).toBe(0);
    });
  }

  it('extending an existing DSS keeps what is there, adds only new items, CRLs/OCSPs as their own arrays', async () => {
    const signed = await signPdf(await pdfkitPdf(), signer);
    const first = await addValidationData(signed, { certificates: [leafPem] });
    const crl = Buffer.from('3003020100', 'hex'); // opaque bytes: the DSS stores, it does not interpret
    const ocsp = Buffer.from('30030a0100', 'hex');
    const second = await addValidationData(first, {
      certificates: [leafPem, ca.certPem],
      crls: [crl],
      ocsps: [ocsp],
    });
    expect(second.subarray(0, first.length).equals(first)).toBe(true);
    expect(run('qpdf', ['--check', file('dss2.pdf', second)]).status).toBe(0);
    const objects = qpdfObjects(second);
    const trailer = objects.trailer?.value as { '/Root': string };
    const catalog = objects[`obj:${trailer['/Root']}`]?.value as { '/DSS': string };
    const dss = objects[`obj:${catalog['/DSS']}`]?.value as Record<string, string[]>;
    const data = (refs: string[] | undefined) =>
      (refs ?? []).map((r) => Buffer.from(objects[`obj:${r}`]?.stream?.data ?? '', 'base64').toString('hex'));
    expect(data(dss['/Certs'])).toEqual([derOf(leafPem).toString('hex'), derOf(ca.certPem).toString('hex')]);
    expect(data(dss['/CRLs'])).toEqual([crl.toString('hex')]);
    expect(data(dss['/OCSPs'])).toEqual([ocsp.toString('hex')]);
    // Nothing new → nothing appended.
    expect((await addValidationData(second, { certificates: [ca.certPem] })).equals(second)).toBe(true);
    expect(pdfsig(file('dss2-sig.pdf', second))).toContain('Signature is Valid.');
  });

  it('archive renewal: DSS with the TSA certificate, a second document time-stamp; all tokens verify', async () => {
    tsa.mode = 'ok';
    const client = createTsaClient({ url: tsa.url });
    const bt = await signPdf(await pdfkitPdf(), ecdsaSigner, { timestamp: client });
    const lta1 = await addDocumentTimestamp(
      await addValidationData(bt, { certificates: [ecdsaPem, ca.certPem, tsa.tsaCertPem] }),
      client,
    );
    const lta2 = await addDocumentTimestamp(
      await addValidationData(lta1, { certificates: [tsa.tsaCertPem] }),
      client,
    );
    expect(lta2.subarray(0, lta1.length).equals(lta1)).toBe(true);
    expect(run('qpdf', ['--check', file('lta2.pdf', lta2)]).status).toBe(0);
    // ECDSA signature value (DER Ecdsa-Sig-Value) time-stamped, then two document time-stamps.
    const sig = signatureAndToken(dumpContents(lta2, 0).der);
    if (!sig.token || !sig.signatureValue) throw new Error('no token');
    expect(sig.signatureValue[0]).toBe(0x30);
    expect(tsVerify(sig.token, { data: sig.signatureValue }).status).toBe(0);
    for (const which of [1, 2]) {
      const { der, covered } = dumpContents(lta2, which);
      expect(tsVerify(der, { data: covered }).status).toBe(0);
    }
    const out = pdfsig(file('lta2-sig.pdf', lta2));
    expect(out).toMatch(/Signature #1:[\s\S]*Signature is Valid\.[\s\S]*Certificate is Trusted\./);
    expect(out).toMatch(/Signature #3:[\s\S]*- Total document signed/);
  });

  it('a refusing TSA leaves no document time-stamp (the call throws, nothing returned)', async () => {
    const lt = await addValidationData(await signPdf(await pdfkitPdf(), signer), {
      certificates: [leafPem, ca.certPem],
    });
    tsa.mode = 'refuse';
    try {
      await expect(addDocumentTimestamp(lt, createTsaClient({ url: tsa.url }))).rejects.toMatchObject({
        details: { reason: 'TSA_REFUSED' },
      });
    } finally {
      tsa.mode = 'ok';
    }
  });
});

/** Length of the /Contents hex string (with its brackets) of the last signature field. */
function contentsGap(pdf: Buffer): number {
  const m = [...pdf.toString('latin1').matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)].at(-1);
  if (!m) throw new Error('no ByteRange');
  return Number(m[3]) - Number(m[2]);
}
