/**
 * Visible signatures on a Decree 30 layout, checked only by independent tools: pdfsig (test CA in
 * a throwaway NSS db), `openssl cms -verify`, `qpdf --check` and `qpdf --json`, `mutool sign -v`,
 * pdffonts, pdftotext, and pdftoppm pixels (the blue signature, the red seal over its left third,
 * transparency kept). Certificates and PNG images are made here. Missing tools fail.
 */
import { spawnSync } from 'node:child_process';
import { createPrivateKey, webcrypto } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfficialDocumentInput, placeDateLine, renderOfficialDocument } from '../render/index.ts';
import { type KeySigner, type PdfRect, signPdf } from './index.ts';

const TOOLS: Record<string, string> = {
  openssl: 'openssl',
  pdfsig: 'poppler-utils',
  pdffonts: 'poppler-utils',
  pdftotext: 'poppler-utils',
  pdftoppm: 'poppler-utils',
  qpdf: 'qpdf',
  certutil: 'libnss3-tools',
  mutool: 'mupdf-tools',
};
const PERSON = 'Nguyễn Văn Ký';
const AGENCY = 'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng';
const NUMBER = 'Số: 12/TB-MTTQ-BTT';

let dir: string;
let nssDir: string;
let person: KeySigner;
let agency: KeySigner;
let n = 0;

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error)
    throw new Error(`${cmd} is missing: apt-get install ${TOOLS[cmd] ?? cmd} (${r.error.message})`);
  return { status: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}
function must(cmd: string, args: string[]) {
  const r = run(cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.out}`);
  return r.stdout;
}
function save(pdf: Buffer): string {
  const file = join(dir, `doc-${++n}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

async function makeSigner(name: string, caKey: string, caPem: string, subject: string): Promise<KeySigner> {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const pem = join(dir, `${name}.pem`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
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
    subject,
  ]);
  must('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    caPem,
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
  return { privateKey, certificate: readFileSync(pem, 'utf8'), chain: [readFileSync(caPem, 'utf8')] };
}

/** An RGBA PNG (8-bit, no interlace) from a pixel function. */
function png(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number, number],
) {
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    raw[y * (1 + width * 4)] = 0; // filter: none
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * (1 + width * 4) + 1 + x * 4);
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** Handwritten-signature stand-in: a blue band across the middle third, transparent elsewhere. */
const signatureImage = () =>
  png(300, 140, (_x, y) => (y >= 47 && y < 93 ? [20, 40, 200, 255] : [255, 255, 255, 0]));
/** Seal stand-in: a red disc (ring + filled centre), transparent outside. */
const sealImage = () =>
  png(200, 200, (x, y) => {
    const d = Math.hypot(x - 99.5, y - 99.5);
    return d < 96 ? [220, 20, 30, 255] : [255, 255, 255, 0];
  });

/** The RGB of the rendered page at a point given in PDF coordinates (origin bottom-left). */
function pixelAt(file: string, page: number, x: number, y: number): [number, number, number] {
  const out = join(dir, `px-${++n}`);
  // 72 dpi: one pixel per point; crop a single pixel.
  const row = Math.round(842 - y);
  must('pdftoppm', [
    '-r',
    '72',
    '-f',
    String(page + 1),
    '-l',
    String(page + 1),
    '-x',
    String(Math.round(x)),
    '-y',
    String(row),
    '-W',
    '1',
    '-H',
    '1',
    '-singlefile',
    file,
    out,
  ]);
  const ppm = readFileSync(`${out}.ppm`);
  const px = ppm.subarray(ppm.length - 3);
  return [px[0] ?? 0, px[1] ?? 0, px[2] ?? 0];
}

/** The DER CMS of one signature and the bytes it covers, written to files for openssl. */
function opensslVerify(pdf: Buffer, which: number): number | null {
  const m = [...pdf.toString('latin1').matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)].at(which);
  if (!m) throw new Error('no ByteRange');
  const [a, b, c, d] = m.slice(1).map(Number) as [number, number, number, number];
  const padded = Buffer.from(pdf.subarray(a + b + 1, c - 1).toString('latin1'), 'hex');
  const lenBytes = (padded[1] ?? 0) & 0x7f;
  const len = 2 + lenBytes + padded.subarray(2, 2 + lenBytes).reduce((acc, x) => acc * 256 + x, 0);
  const cms = join(dir, `cms-${++n}.der`);
  const content = join(dir, `content-${n}.bin`);
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
    join(dir, 'ca.pem'),
    '-out',
    '/dev/null',
  ]).status;
}

/** `mutool sign -v`; every line mentioning an error must be the self-signed test CA (mutool has no trust store). */
function mutoolVerify(file: string): string {
  const out = run('mutool', ['sign', '-v', file]).out;
  for (const line of out.split('\n').filter((l) => /error|fail|not valid|invalid/i.test(l)))
    expect(line.trim()).toBe('Certificate error: Self-signed certificate in chain.');
  return out;
}

type QpdfObjects = Record<
  string,
  { value?: Record<string, unknown>; stream?: { dict: Record<string, unknown> } }
>;
/** Every object of the file as qpdf sees it (JSON v2). */
function qpdfObjects(file: string): QpdfObjects {
  const json = JSON.parse(must('qpdf', ['--json=2', '--json-key=qpdf', file]));
  return Object.fromEntries(
    Object.entries(json.qpdf[1] as QpdfObjects).map(([k, v]) => [k.replace(/^obj:/, ''), v]),
  );
}
const dictOf = (o: QpdfObjects[string] | undefined) =>
  (o?.value ?? o?.stream?.dict ?? {}) as Record<string, unknown>;
/** The signature widget named `name` (qpdf writes Unicode strings as "u:…"). */
function widget(objects: QpdfObjects, name: string) {
  return Object.values(objects)
    .map(dictOf)
    .find((d) => d['/FT'] === '/Sig' && d['/T'] === `u:${name}`);
}
const expectRect = (actual: unknown, [x, y, w, h]: PdfRect) => {
  const r = actual as number[];
  expect(r).toHaveLength(4);
  for (const [i, v] of [x, y, x + w, y + h].entries()) expect(r[i]).toBeCloseTo(v, 2);
};

const documentInput = (paragraphs: number): OfficialDocumentInput => ({
  parentBody: AGENCY,
  issuingBody: 'Ban Thường trực',
  place: 'Lâm Đồng',
  typeName: 'Thông báo',
  summary: 'Kết luận của Ban Thường trực về chuyển đổi số năm 2026',
  body: Array.from(
    { length: paragraphs },
    (_, i) =>
      `${i + 1}. Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng đề nghị các tổ chức thành viên triển khai thực hiện đúng tiến độ, bảo đảm chất lượng, báo cáo kết quả trước ngày 15 hằng tháng.`,
  ),
  authority: 'TM. Ban Thường trực',
  signerTitle: 'Phó Chủ tịch',
  signerName: PERSON,
  recipients: ['Ban Thường trực UBTƯ MTTQ Việt Nam', 'Thường trực Tỉnh ủy', 'Các tổ chức thành viên'],
  archive: 'VT, BTT',
});

beforeAll(async () => {
  for (const [tool, pkg] of Object.entries(TOOLS))
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(`${tool} is missing: apt-get install ${pkg}`);
  dir = mkdtempSync(join(tmpdir(), 'appearance-'));
  nssDir = join(dir, 'nss');
  mkdirSync(nssDir);
  const caKey = join(dir, 'ca.key');
  const caPem = join(dir, 'ca.pem');
  must('openssl', [
    'req',
    '-x509',
    '-utf8',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    caKey,
    '-out',
    caPem,
    '-days',
    '30',
    '-subj',
    '/CN=Ban Cơ yếu Chính phủ (thử nghiệm)/C=VN',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  must('certutil', ['-N', '--empty-password', '-d', `sql:${nssDir}`]);
  must('certutil', ['-A', '-n', 'ca', '-t', 'CT,C,C', '-i', caPem, '-d', `sql:${nssDir}`]);
  person = await makeSigner('person', caKey, caPem, `/CN=${PERSON}/O=${AGENCY}/C=VN`);
  agency = await makeSigner('agency', caKey, caPem, `/CN=${AGENCY}/O=${AGENCY}/C=VN`);
}, 60_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('visible signatures on a Decree 30 document', () => {
  it('personal signature image in 7c, then the agency seal over its left third with number and date stamps', async () => {
    const { pdf: original, slots } = await renderOfficialDocument(documentInput(3));
    const date = new Date('2026-01-05T03:00:00Z');
    const personal = await signPdf(original, person, {
      fieldName: 'Chữ ký người có thẩm quyền',
      appearance: { ...slots.signature, image: signatureImage() },
    });
    const signed = await signPdf(personal, agency, {
      fieldName: 'Chữ ký cơ quan',
      appearance: { ...slots.seal, image: sealImage() },
      stamps: [
        { ...slots.number, text: { lines: [NUMBER], fontSize: 13 } },
        { ...slots.date, text: { lines: [placeDateLine('Lâm Đồng', date)], fontSize: 14, style: 'italic' } },
      ],
    });
    // Append-only: each revision is a byte-exact prefix of the next.
    expect(personal.subarray(0, original.length).equals(original)).toBe(true);
    expect(signed.subarray(0, personal.length).equals(personal)).toBe(true);
    const file = save(signed);

    const sig = run('pdfsig', ['-nssdir', `sql:${nssDir}`, file]).out;
    expect(sig.match(/Signature is Valid\./g)).toHaveLength(2);
    expect(sig.match(/Certificate is Trusted\./g)).toHaveLength(2);
    expect(sig).toContain(`Signer Certificate Common Name: ${PERSON}`);
    expect(sig).toContain(`Signer Certificate Common Name: ${AGENCY}`);
    expect(sig).toMatch(/Signature #2:[\s\S]*- Total document signed/);
    expect(opensslVerify(signed, 0)).toBe(0);
    expect(opensslVerify(signed, 1)).toBe(0);
    expect(run('qpdf', ['--check', file]).status).toBe(0);
    // mupdf, a second engine: the first signature's digest holds (later edits = the agency's
    // revision), the second covers the whole file. mutool has no trust store, hence the only
    // error it may print is about our test CA being self-signed.
    const mu = mutoolVerify(file);
    expect(mu).toMatch(
      /Verifying signature[\s\S]*The signature is valid but there have been edits since signing\./,
    );
    expect(mu).toMatch(
      /Verifying signature[\s\S]*Verifying signature[\s\S]*The document is unchanged since signing\./,
    );

    // Every font (page text and appearance streams) embedded.
    const fonts = must('pdffonts', [file]).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const row of fonts) expect(row).toMatch(/\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/);

    const text = must('pdftotext', ['-layout', file, '-']);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain(NUMBER);
    expect(text).toContain('Lâm Đồng, ngày 05 tháng 01 năm 2026');
    expect(text).toContain('Nơi nhận');
    expect(text).toContain('TM. BAN THƯỜNG TRỰC');

    // Widget rectangles are the slots; the appearance is a form XObject with an /SMask image.
    const objects = qpdfObjects(file);
    const personWidget = widget(objects, 'Chữ ký người có thẩm quyền');
    const agencyWidget = widget(objects, 'Chữ ký cơ quan');
    expectRect(personWidget?.['/Rect'], slots.signature.rect);
    expectRect(agencyWidget?.['/Rect'], slots.seal.rect);
    const formRef = (personWidget?.['/AP'] as { '/N': string } | undefined)?.['/N'] ?? '';
    const form = dictOf(objects[formRef]);
    expect(form['/Subtype']).toBe('/Form');
    const xobjects = Object.values(
      (form['/Resources'] as { '/XObject': Record<string, string> })['/XObject'],
    );
    expect(xobjects.some((ref) => dictOf(objects[ref])['/SMask'] !== undefined)).toBe(true);

    // Pixels as poppler draws them: blue signature, red seal overlapping its left third only,
    // and the transparent parts of the signature image let the page show through.
    const [sx, sy, sw, sh] = slots.signature.rect;
    const page = slots.signature.page;
    const blue = pixelAt(file, page, sx + sw * 0.6, sy + sh / 2);
    expect(blue[2]).toBeGreaterThan(150);
    expect(blue[0]).toBeLessThan(100);
    const [kx, ky, kw, kh] = slots.seal.rect;
    const red = pixelAt(file, slots.seal.page, kx + kw * 0.6, ky + kh / 2);
    expect(red[0]).toBeGreaterThan(150);
    expect(red[2]).toBeLessThan(100);
    expect(kx + kw).toBeCloseTo(sx + sw / 3, 1);
    const clear = pixelAt(file, page, sx + sw * 0.6, sy + sh * 0.9);
    expect(clear).toEqual([255, 255, 255]);

    // Negative control: a flipped byte in the stamp appearance breaks the agency signature only.
    const tampered = Buffer.from(signed);
    const at = signed.indexOf('/Subtype /Stamp', personal.length, 'latin1');
    expect(at).toBeGreaterThan(personal.length);
    tampered[at + 3] = (tampered[at + 3] ?? 0) ^ 0x01;
    const bad = run('pdfsig', ['-nssdir', `sql:${nssDir}`, save(tampered)]).out;
    expect(bad.match(/Signature is Valid\./g)).toHaveLength(1);
    expect(opensslVerify(tampered, 1)).not.toBe(0);
    expect(opensslVerify(tampered, 0)).toBe(0);
    expect(run('mutool', ['sign', '-v', save(tampered)]).out).not.toContain(
      'The document is unchanged since signing.',
    );
  }, 60_000);

  it('xref-stream input (qpdf object streams): text-only appearance, valid, prefix kept', async () => {
    const { pdf, slots } = await renderOfficialDocument(documentInput(2));
    const inp = save(pdf);
    const out = join(dir, `objstm-${++n}.pdf`);
    must('qpdf', ['--object-streams=generate', inp, out]);
    const original = readFileSync(out);
    const signed = await signPdf(original, agency, {
      fieldName: 'Chữ ký số',
      appearance: {
        ...slots.signature,
        text: { lines: ['Ký bởi: Nguyễn Văn Ký', 'Ngày ký: 05/01/2026'], fontSize: 10 },
      },
    });
    expect(signed.subarray(0, original.length).equals(original)).toBe(true);
    const file = save(signed);
    const sig = run('pdfsig', ['-nssdir', `sql:${nssDir}`, file]).out;
    expect(sig).toContain('Signature is Valid.');
    expect(sig).toContain('Certificate is Trusted.');
    expect(run('qpdf', ['--check', file]).status).toBe(0);
    expect(mutoolVerify(file)).toContain('The document is unchanged since signing.');
    expect(must('pdftotext', [file, '-'])).toContain('Ký bởi: Nguyễn Văn Ký');
    for (const row of must('pdffonts', [file]).trim().split('\n').slice(2))
      expect(row).toMatch(/\syes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/);
    expectRect(widget(qpdfObjects(file), 'Chữ ký số')?.['/Rect'], slots.signature.rect);
  }, 60_000);

  it('a long body moves the closing block to a later page; the widget lands on that page', async () => {
    const { pdf, slots } = await renderOfficialDocument(documentInput(14));
    expect(slots.signature.page).toBeGreaterThan(0);
    expect(slots.seal.page).toBe(slots.signature.page);
    expect(slots.number.page).toBe(0);
    const signed = await signPdf(pdf, person, {
      appearance: { ...slots.signature, image: signatureImage() },
    });
    const file = save(signed);
    expect(run('pdfsig', ['-nssdir', `sql:${nssDir}`, file]).out).toContain('Signature is Valid.');
    const fields = JSON.parse(must('qpdf', ['--json', '--json-key=acroform', file])).acroform.fields;
    expect(fields[0].pageposfrom1).toBe(slots.signature.page + 1);
    const pageText = must('pdftotext', [
      '-f',
      String(slots.signature.page + 1),
      '-l',
      String(slots.signature.page + 1),
      file,
      '-',
    ]);
    expect(pageText).toContain(PERSON);
    expect(pageText).toContain('Nơi nhận');
    const [sx, sy, sw, sh] = slots.signature.rect;
    expect(pixelAt(file, slots.signature.page, sx + sw / 2, sy + sh / 2)[2]).toBeGreaterThan(150);
  }, 60_000);

  it('refuses an appearance on a page the document does not have, or an empty rectangle', async () => {
    const { pdf, slots } = await renderOfficialDocument(documentInput(1));
    await expect(
      signPdf(pdf, person, { appearance: { page: 5, rect: slots.signature.rect, image: signatureImage() } }),
    ).rejects.toThrow('PDF has no page 6');
    await expect(
      signPdf(pdf, person, {
        appearance: { page: 0, rect: [10, 10, 0, 20], text: { lines: ['x'], fontSize: 10 } },
      }),
    ).rejects.toThrow('positive width and height');
  });
});
