import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { createPdf } from '../../../platform/pdf/index.ts';
import { locateNumberAndDate, locateSlots, placeOf, readWords, vietnameseDate } from './slot.ts';

/** A draft as people type it in Word: number and date left blank for the registry. */
async function uploadedDraft(signer: string) {
  const pdf = createPdf({ title: 'Dự thảo' });
  const bytes = buffer(pdf.stream);
  pdf.text('ỦY BAN MTTQ TỈNH THỬ NGHIỆM', { x: 85, width: 200, align: 'center', style: 'bold' });
  pdf.text('Số:         /QĐ-MTTQ-BTT', { x: 85, width: 200, align: 'center' });
  pdf.text('Thử Nghiệm, ngày      tháng      năm 2026', { x: 290, y: 90, width: 260, style: 'italic' });
  pdf.text('QUYẾT ĐỊNH', { y: 160, align: 'center', style: 'bold' });
  pdf.text('Về việc thành lập Tổ công tác chuyển đổi số', { align: 'center', after: 20 });
  pdf.text('Điều 1. Thành lập Tổ công tác.', { after: 40 });
  pdf.text('TM. BAN THƯỜNG TRỰC', { x: 330, width: 220, align: 'center', style: 'bold' });
  pdf.text('CHỦ TỊCH', { x: 330, width: 220, align: 'center', style: 'bold', after: 80 });
  pdf.text(signer, { x: 330, width: 220, align: 'center', style: 'bold' });
  pdf.end();
  return bytes;
}

describe('where signatures and stamps go on an uploaded draft', () => {
  it('puts the signature above the printed name, centred on it, and the seal over its left third', async () => {
    const words = await readWords(await uploadedDraft('Nguyễn Văn Lãnh Đạo'));
    const name = words[0]!.words.find((w) => w.text === 'Nguyễn')!;
    const slots = locateSlots(words, 'nguyen van lanh dao', 36);
    expect(slots.located).toBe(true);
    const [x, y, width] = slots.signature.rect;
    const pageHeight = words[0]!.height;
    expect(y).toBeGreaterThan(pageHeight - name.yMin); // above the name
    expect(y).toBeLessThan(pageHeight - name.yMin + 10);
    const centre = x + width / 2;
    const nameWords = words[0]!.words.filter((w) => ['Nguyễn', 'Văn', 'Lãnh', 'Đạo'].includes(w.text));
    const nameCentre = (nameWords[0]!.xMin + nameWords.at(-1)!.xMax) / 2;
    expect(Math.abs(centre - nameCentre)).toBeLessThan(1);
    const [sx, , sw] = slots.seal.rect;
    expect(sx + sw).toBeCloseTo(x + width / 3, 3); // the seal's right edge a third into the signature
    expect(sw).toBeCloseTo((36 * 72) / 25.4, 3);
  });

  it('falls back to the lower right of the last page when the name is not printed', async () => {
    const words = await readWords(await uploadedDraft('Trần Thị Khác'));
    const slots = locateSlots(words, 'Người Không Có', 36);
    expect(slots.located).toBe(false);
    expect(slots.signature.page).toBe(0);
    expect(slots.signature.rect[0]).toBeGreaterThan(words[0]!.width / 2);
  });

  it('writes the number in the gap before the notation and the day and month after their words', async () => {
    const words = await readWords(await uploadedDraft('Nguyễn Văn Lãnh Đạo'));
    const stamps = locateNumberAndDate(words, {
      codeNumber: '07',
      symbol: '07/QĐ-MTTQ-BTT',
      issuedDate: '2026-03-05',
      unitName: 'Ủy ban MTTQ tỉnh Thử Nghiệm',
    });
    expect(stamps.map((s) => s.text)).toEqual(['07', '05', '03']); // the year is already typed
    const line = words[0]!.words;
    const so = line.find((w) => w.text === 'Số:')!;
    const notation = line.find((w) => w.text.startsWith('/QĐ'))!;
    const [nx, , nw] = stamps[0]!.rect;
    expect(nx).toBeGreaterThan(so.xMax);
    expect(nx + nw).toBeLessThanOrEqual(notation.xMin);
  });

  it('reads the place from the unit name and writes the date as Appendix I does', () => {
    expect(placeOf('Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng')).toBe('Lâm Đồng');
    expect(placeOf('Ủy ban MTTQ xã An Bình')).toBe('An Bình');
    expect(vietnameseDate('2026-01-05')).toBe('ngày 05 tháng 01 năm 2026');
    expect(vietnameseDate('2026-11-22')).toBe('ngày 22 tháng 11 năm 2026');
  });
});
