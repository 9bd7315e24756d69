// Builds realistic test input for OCR: Vietnamese pages typeset in Liberation Serif by Chromium,
// rasterised by poppler into "scans" and photos. Used by the OCR tests; needs the tools that
// scripts/system-deps.sh installs.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Two short pages of a Front document, with the diacritics OCR must get right. */
export const vietnamesePages = [
  [
    'ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM',
    'Hướng dẫn thực hiện cuộc vận động',
    'Ban Thường trực đề nghị các đơn vị báo cáo kết quả trước ngày mười lăm tháng sáu.',
  ],
  ['Quyết định về việc khen thưởng', 'Đồng bào các dân tộc tỉnh Quảng Ninh đoàn kết xây dựng quê hương.'],
];

export interface OcrFixtures {
  dir: string;
  /** PDF with real text (born digital). */
  textPdf: Buffer;
  /** Image-only PDF at 200 dpi, as a scanner makes it: no text layer. */
  scannedPdf: Buffer;
  /** The first page as a PNG scan and as a JPEG phone photo; every page as PNG scans. */
  pagePng: Buffer;
  pagePngs: Buffer[];
  pageJpeg: Buffer;
  /** The scanned PDF encrypted with a password (qpdf --encrypt). */
  encryptedPdf: Buffer;
  /** A structurally valid PDF with an empty page tree. */
  zeroPagePdf: Buffer;
  /** A PDF header followed by garbage. */
  corruptPdf: Buffer;
  cleanup(): Promise<void>;
}

const page = '@page { size: 105mm 148mm; margin: 0 }';

async function printToPdf(dir: string, html: string, name: string): Promise<Buffer> {
  const htmlFile = path.join(dir, `${name}.html`);
  const pdfFile = path.join(dir, `${name}.pdf`);
  await writeFile(htmlFile, html);
  await exec(
    'chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-pdf-header-footer',
      `--user-data-dir=${path.join(dir, 'chromium-profile')}`,
      `--print-to-pdf=${pdfFile}`,
      `file://${htmlFile}`,
    ],
    { timeout: 90_000 },
  );
  return readFile(pdfFile);
}

/** A minimal PDF whose page tree is empty: valid syntax, zero pages. */
function zeroPagePdf(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export async function createOcrFixtures(): Promise<OcrFixtures> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mts-ocr-fixtures-'));
  const style = `${page} body { margin: 0; padding: 8mm; font-family: 'Liberation Serif'; font-size: 15pt; line-height: 1.35 }
    section { break-after: page; height: 132mm }`;
  const sections = vietnamesePages
    .map((lines) => `<section>${lines.map((line) => `<p>${line}</p>`).join('')}</section>`)
    .join('');
  const textPdf = await printToPdf(
    dir,
    `<!doctype html><html lang="vi"><meta charset="utf-8"><style>${style}</style><body>${sections}</body></html>`,
    'text',
  );
  await exec('pdftoppm', ['-r', '200', '-png', path.join(dir, 'text.pdf'), path.join(dir, 'scan')]);
  await exec('pdftoppm', [
    '-r',
    '200',
    '-jpeg',
    '-f',
    '1',
    '-l',
    '1',
    path.join(dir, 'text.pdf'),
    path.join(dir, 'photo'),
  ]);
  const scans = (await readdir(dir)).filter((name) => /^scan-\d+\.png$/.test(name)).sort();
  const images = scans
    .map((name) => `<img src="${name}" style="display:block;width:105mm;height:148mm;break-after:page">`)
    .join('');
  const scannedPdf = await printToPdf(
    dir,
    `<!doctype html><html><style>${page} body { margin: 0 }</style><body>${images}</body></html>`,
    'scanned',
  );
  const photo = (await readdir(dir)).find((name) => /^photo-\d+\.jpg$/.test(name))!;
  await exec('qpdf', [
    '--encrypt',
    'mat-khau',
    'chu-so-huu',
    '256',
    '--',
    path.join(dir, 'scanned.pdf'),
    path.join(dir, 'encrypted.pdf'),
  ]);
  return {
    dir,
    textPdf,
    scannedPdf,
    pagePng: await readFile(path.join(dir, scans[0]!)),
    pagePngs: await Promise.all(scans.map((name) => readFile(path.join(dir, name)))),
    pageJpeg: await readFile(path.join(dir, photo)),
    encryptedPdf: await readFile(path.join(dir, 'encrypted.pdf')),
    zeroPagePdf: zeroPagePdf(),
    corruptPdf: Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Cat'), Buffer.alloc(2048, 0x5a)]),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
