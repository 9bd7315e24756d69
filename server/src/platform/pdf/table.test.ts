import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { createPdf, drawTable } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'mts-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the bytes to a file and asks poppler: page count, page size, and the text of each page. */
function poppler(bytes: Buffer) {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+)/m.exec(info)!;
  const text = (page: number) =>
    execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-'], {
      encoding: 'utf8',
    });
  return { pages, width: Number(size[1]), height: Number(size[2]), text };
}

async function* rows(count: number) {
  for (let n = 1; n <= count; n += 1)
    yield [
      String(n).padStart(3, '0'),
      `Kế hoạch tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư số ${n}`,
      n % 7 === 0 ? { text: 'Quá hạn', style: 'bold' as const, color: '#c00000' } : 'Đúng hạn',
    ];
}

describe('pdf tables', () => {
  it('break across A4 landscape pages, repeat the header on each, keep rows in order with diacritics intact', async () => {
    const pdf = createPdf({
      title: 'Bảng thử',
      layout: 'landscape',
      pageNumbers: { label: (n) => `Trang ${n}` },
    });
    pdf.text('SỔ THỬ NGHIỆM', { style: 'bold', size: 16, align: 'center', after: 6 });
    const done = buffer(pdf.stream as NodeJS.ReadableStream);
    const result = await drawTable(pdf, {
      columns: [
        { header: 'Số thứ tự', weight: 1, align: 'center' },
        { header: 'Trích yếu nội dung', weight: 6 },
        { header: 'Tiến độ giải quyết', weight: 2 },
      ],
      rows: rows(240),
      numberColumns: true,
    });
    pdf.end();
    const out = poppler(await done);

    expect(result.rows).toBe(240);
    expect(out.pages).toBe(pdf.pageCount);
    expect(out.pages).toBeGreaterThan(5);
    expect([out.width, out.height]).toEqual([841.89, 595.28]); // A4 landscape, in points
    expect(result.headerPages).toEqual(Array.from({ length: out.pages }, (_, i) => i + 1));
    expect([...result.rowsPerPage.values()].reduce((a, b) => a + b, 0)).toBe(240);

    let last = 0;
    for (let page = 1; page <= out.pages; page += 1) {
      const text = out.text(page);
      expect(text, `page ${page}`).toContain('Trích yếu nội dung');
      expect(text, `page ${page}`).toContain('Tiến độ giải quyết');
      if (page > 1) expect(text, `page ${page}`).toContain(`Trang ${page}`);
      const numbers = [...text.matchAll(/^\s*(\d{3})\s/gm)].map((m) => Number(m[1]));
      expect(numbers.length, `page ${page}`).toBe(result.rowsPerPage.get(page));
      for (const n of numbers) {
        expect(n).toBe(last + 1);
        last = n;
      }
    }
    expect(last).toBe(240);
    expect(out.text(1)).not.toContain('Trang 1');
    expect(out.text(1)).toContain('Kế hoạch tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư số 1');
    expect(out.text(1)).toContain('Quá hạn');
  });

  it('writes decomposed Vietnamese text as precomposed letters (NFC), in portrait A4', async () => {
    const pdf = createPdf({ title: 'Phiếu' });
    const done = buffer(pdf.stream as NodeJS.ReadableStream);
    pdf.text('Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thử Nghiệm'.normalize('NFD'), { style: 'bold' });
    pdf.end();
    const out = poppler(await done);
    expect([out.width, out.height]).toEqual([595.28, 841.89]);
    expect(out.pages).toBe(1);
    expect(out.text(1)).toContain('Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thử Nghiệm');
  });
});
