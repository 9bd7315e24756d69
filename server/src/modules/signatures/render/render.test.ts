/**
 * The Decree 30 layout and DOCX conversion, checked with poppler (pdfinfo, pdftotext -bbox,
 * pdffonts): A4, margins, every font embedded, slot texts where the returned slots say, the
 * closing block on a later page for a long body. DOCX drafts are built here as a stored ZIP and
 * converted by LibreOffice. Missing tools fail.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mm } from '../../../platform/pdf/index.ts';
import type { PdfRect } from '../pades/index.ts';
import { docx } from '../test-support/docx.ts';
import {
  ConversionFailedError,
  ConverterUnavailableError,
  convertDocxToPdf,
  type OfficialDocumentInput,
  placeDateLine,
  renderOfficialDocument,
} from './index.ts';

const TOOLS: Record<string, string> = {
  pdfinfo: 'poppler-utils',
  pdftotext: 'poppler-utils',
  pdffonts: 'poppler-utils',
  soffice: 'libreoffice-writer-nogui',
};
const A4 = { width: 595.28, height: 841.89 };
let dir: string;
let n = 0;

function must(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`${cmd} is missing: apt-get install ${TOOLS[cmd] ?? cmd}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}
function save(pdf: Buffer) {
  const file = join(dir, `doc-${++n}.pdf`);
  writeFileSync(file, pdf);
  return file;
}
interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}
/** Words with their boxes as poppler finds them (top-left origin), per page (0-based). */
function words(file: string): Word[] {
  const html = must('pdftotext', ['-bbox', file, '-']);
  const out: Word[] = [];
  html.split('<page ').forEach((chunk, i) => {
    for (const m of chunk.matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
    ))
      out.push({
        page: i - 1,
        text: m[5] ?? '',
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
      });
  });
  return out;
}
const find = (all: Word[], text: string) => {
  const w = all.find((x) => x.text === text);
  if (!w) throw new Error(`word "${text}" not found`);
  return w;
};
/** Whether a word's box lies inside a slot rectangle (PDF bottom-left origin). */
function inside(w: Word, page: number, [x, y, width, height]: PdfRect) {
  const top = A4.height - y - height;
  return (
    w.page === page &&
    w.xMin >= x - 1 &&
    w.xMax <= x + width + 1 &&
    w.yMin >= top - 2 &&
    w.yMax <= top + height + 2
  );
}
function allFontsEmbedded(file: string) {
  const rows = must('pdffonts', [file]).trim().split('\n').slice(2);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row).toMatch(/\syes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/);
  return rows;
}

const notice = (extra: Partial<OfficialDocumentInput> = {}): OfficialDocumentInput => ({
  parentBody: 'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng',
  issuingBody: 'Ban Thường trực',
  place: 'Lâm Đồng',
  typeName: 'Thông báo',
  summary: 'Kết luận của Ban Thường trực về chuyển đổi số',
  body: [
    'Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng thông báo kết luận như sau: các tổ chức thành viên khẩn trương triển khai, bảo đảm tiến độ và chất lượng.',
    'Giao Văn phòng theo dõi, đôn đốc, tổng hợp kết quả thực hiện.',
  ],
  authority: 'TM. Ban Thường trực',
  signerTitle: 'Phó Chủ tịch',
  signerName: 'Nguyễn Văn Ký',
  recipients: ['Ban Thường trực UBTƯ MTTQ Việt Nam', 'Thường trực Tỉnh ủy'],
  archive: 'VT, BTT',
  ...extra,
});

beforeAll(() => {
  for (const [tool, pkg] of Object.entries(TOOLS))
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(`${tool} is missing: apt-get install ${pkg}`);
  dir = mkdtempSync(join(tmpdir(), 'render-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('renderOfficialDocument (Decree 30 Appendix I)', () => {
  it('a numbered, dated notice: A4, margins, fonts embedded, texts in their slots', async () => {
    const { pdf, slots } = await renderOfficialDocument(
      notice({ numberSymbol: '12/TB-MTTQ-BTT', date: new Date('2026-01-05T02:00:00Z'), secrecy: 'MẬT' }),
    );
    const file = save(pdf);
    const info = must('pdfinfo', [file]);
    expect(info).toMatch(/Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
    expect(info).toMatch(/Pages:\s+1\n/);
    const rows = allFontsEmbedded(file);
    expect(rows.every((r) => r.includes('Tinos'))).toBe(true);

    const text = must('pdftotext', ['-layout', file, '-']);
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'ỦY BAN MẶT TRẬN TỔ QUỐC',
      'BAN THƯỜNG TRỰC',
      'Số: 12/TB-MTTQ-BTT',
      'Lâm Đồng, ngày 05 tháng 01 năm 2026',
      'THÔNG BÁO',
      'Kết luận của Ban Thường trực về chuyển đổi số',
      'TM. BAN THƯỜNG TRỰC',
      'PHÓ CHỦ TỊCH',
      'Nguyễn Văn Ký',
      'Nơi nhận:',
      '- Ban Thường trực UBTƯ MTTQ Việt Nam;',
      '- Lưu: VT, BTT.',
      'MẬT',
    ])
      expect(text).toContain(s);

    const all = words(file);
    // Margins: top/bottom 20 mm, left 30 mm, right 15 mm (no page number on page 1).
    for (const w of all) {
      expect(w.xMin).toBeGreaterThanOrEqual(mm(30) - 0.5);
      expect(w.xMax).toBeLessThanOrEqual(A4.width - mm(15) + 0.5);
      expect(w.yMin).toBeGreaterThanOrEqual(mm(20) - 0.5);
      expect(w.yMax).toBeLessThanOrEqual(A4.height - mm(20) + 0.5);
    }
    // Number and date where the slots are; the national title right of the issuing body.
    expect(inside(find(all, 'Số:'), 0, slots.number.rect)).toBe(true);
    expect(inside(find(all, '12/TB-MTTQ-BTT'), 0, slots.number.rect)).toBe(true);
    expect(inside(find(all, 'ngày'), 0, slots.date.rect)).toBe(true);
    expect(find(all, 'CỘNG').xMin).toBeGreaterThan(slots.number.rect[0] + slots.number.rect[2] - 1);
    // 7c lies between the title line (7a) and the printed name (7b); the seal (8) is real size
    // and overlaps the left third of 7c.
    const [sx, sy, sw, sh] = slots.signature.rect;
    const sigTop = A4.height - sy - sh;
    const title = find(all, 'PHÓ');
    const name = find(all, 'Ký');
    expect(title.yMax).toBeLessThanOrEqual(sigTop + 0.5);
    expect(name.yMin).toBeGreaterThanOrEqual(sigTop + sh - 0.5);
    expect(sx).toBeLessThan(name.xMin);
    expect(sx + sw).toBeGreaterThan(name.xMax);
    const [kx, ky, kw, kh] = slots.seal.rect;
    expect(kw).toBe(kh);
    expect(kw).toBeGreaterThanOrEqual(mm(36));
    expect(kw).toBeLessThanOrEqual(mm(40));
    expect(kx).toBeLessThan(sx);
    expect(kx + kw).toBeCloseTo(sx + sw / 3, 1);
    expect(ky).toBeLessThan(sy + sh / 2);
    expect(ky + kh).toBeGreaterThan(sy + sh / 2);
    // "Nơi nhận" block on the left of the signature block, level with 7a.
    const noiNhan = find(all, 'Nơi');
    expect(noiNhan.xMax).toBeLessThan(title.xMin);
    expect(Math.abs(noiNhan.yMin - find(all, 'TM.').yMin)).toBeLessThan(4);
  });

  it('before numbering: slots 3 and 4 are reserved but left blank for the registry stamp', async () => {
    const { pdf, slots } = await renderOfficialDocument(notice());
    const file = save(pdf);
    const text = must('pdftotext', [file, '-']);
    expect(text).not.toContain('Số:');
    expect(text).not.toContain('ngày');
    const all = words(file);
    const [, y, , h] = slots.number.rect;
    const top = A4.height - y - h;
    expect(
      all.some((w) => w.yMax > top + 1 && w.yMin < top + h - 1 && w.xMin < slots.number.rect[2] + mm(30)),
    ).toBe(false);
    expect(slots.date.page).toBe(0);
    expect(slots.date.rect[1]).toBeCloseTo(slots.number.rect[1], -1);
  });

  it('a công văn: "V/v …" under the number, "Kính gửi", urgency mark, no type name', async () => {
    const { pdf } = await renderOfficialDocument(
      notice({
        typeName: undefined,
        summary: 'Triển khai chuyển đổi số',
        addressees: ['Các tổ chức thành viên', 'Ủy ban MTTQ các huyện, thành phố'],
        numberSymbol: '249/MTTQ-BTT',
        urgency: 'HỎA TỐC',
      }),
    );
    const file = save(pdf);
    const text = must('pdftotext', ['-layout', file, '-']);
    expect(text).toContain('V/v Triển khai chuyển đổi số');
    expect(text).toContain('Kính gửi:');
    expect(text).toContain('- Ủy ban MTTQ các huyện, thành phố.');
    expect(text).toContain('HỎA TỐC');
    expect(text).not.toContain('THÔNG BÁO');
    const all = words(file);
    expect(find(all, 'V/v').yMin).toBeGreaterThan(find(all, '249/MTTQ-BTT').yMax - 1);
    allFontsEmbedded(file);
  });

  it('a long body: page numbers from page 2, the closing block on the last page', async () => {
    const input = notice();
    input.body = Array.from({ length: 16 }, (_, i) => `${i + 1}. ${input.body[0]}`);
    const { pdf, slots } = await renderOfficialDocument(input);
    const file = save(pdf);
    const pages = Number(must('pdfinfo', [file]).match(/Pages:\s+(\d+)/)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(slots.signature.page).toBe(pages - 1);
    expect(slots.seal.page).toBe(pages - 1);
    expect(slots.number.page).toBe(0);
    const all = words(file);
    expect(all.filter((w) => w.page === 0 && w.yMax < mm(20))).toEqual([]);
    const pageNumber = all.find((w) => w.page === 1 && w.yMax < mm(20));
    expect(pageNumber?.text).toBe('2');
    expect(find(all, 'Ký').page).toBe(pages - 1);
    expect(find(all, 'Nơi').page).toBe(pages - 1);
    // The body never runs into the bottom margin.
    for (const w of all) expect(w.yMax).toBeLessThanOrEqual(A4.height - mm(20) + 0.5);
  });

  it('placeDateLine pads days below 10 and months 1–2, in Vietnam time', () => {
    expect(placeDateLine('Lâm Đồng', new Date('2026-01-04T18:30:00Z'))).toBe(
      'Lâm Đồng, ngày 05 tháng 01 năm 2026',
    );
    expect(placeDateLine('Hà Nội', new Date('2026-02-28T03:00:00Z'))).toBe(
      'Hà Nội, ngày 28 tháng 02 năm 2026',
    );
    expect(placeDateLine('Hà Nội', new Date('2026-03-09T20:00:00Z'))).toBe(
      'Hà Nội, ngày 10 tháng 3 năm 2026',
    );
    expect(placeDateLine('Hà Nội', new Date('2026-12-31T16:59:59Z'))).toBe(
      'Hà Nội, ngày 31 tháng 12 năm 2026',
    );
    expect(placeDateLine('Hà Nội', new Date('2026-12-31T17:00:00Z'))).toBe(
      'Hà Nội, ngày 01 tháng 01 năm 2027',
    );
  });
});

describe('convertDocxToPdf (LibreOffice headless)', () => {
  it('converts a DOCX with Vietnamese text; fonts embedded', async () => {
    const pdf = await convertDocxToPdf(
      docx([
        'Cộng hòa xã hội chủ nghĩa Việt Nam',
        'Dự thảo công văn của Ủy ban Mặt trận Tổ quốc tỉnh Lâm Đồng',
      ]),
    );
    const file = save(pdf);
    expect(must('pdfinfo', [file])).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const text = must('pdftotext', [file, '-']);
    expect(text).toContain('Cộng hòa xã hội chủ nghĩa Việt Nam');
    expect(text).toContain('Dự thảo công văn của Ủy ban Mặt trận Tổ quốc tỉnh Lâm Đồng');
    allFontsEmbedded(file);
  }, 120_000);

  it('a damaged DOCX (truncated ZIP) is a ConversionFailedError in Vietnamese and English', async () => {
    const damaged = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('tệp hỏng', 'utf8')]);
    const error = await convertDocxToPdf(damaged).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConversionFailedError);
    const failed = error as ConversionFailedError;
    expect(failed.text?.vi).toContain('Không chuyển được tệp DOCX sang PDF');
    expect(failed.text?.en).toContain('could not be converted');
    expect(String(failed.details?.cause)).toContain('could not be loaded');
  }, 120_000);

  it('a missing LibreOffice is a clear ConverterUnavailableError', async () => {
    const error = await convertDocxToPdf(docx(['x']), { soffice: join(dir, 'no-soffice') }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConverterUnavailableError);
    const { text } = error as ConverterUnavailableError;
    expect(text?.vi).toContain('LibreOffice');
    expect(text?.en).toContain('LibreOffice is not installed');
  });

  it('a conversion over the time limit is killed and reported', async () => {
    const error = await convertDocxToPdf(docx(['x']), { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConversionFailedError);
    expect((error as ConversionFailedError).details?.cause).toContain('timed out');
  });
});
