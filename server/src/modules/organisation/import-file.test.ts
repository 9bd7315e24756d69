import { describe, expect, it } from 'vitest';
import { type ColumnSpec, detectFormat, readImportFile } from './import-file.ts';

const columns: ColumnSpec<'code' | 'name'>[] = [
  { key: 'code', labelVi: 'Mã định danh', labelEn: 'Identifier code', required: true, hintVi: '' },
  { key: 'name', labelVi: 'Tên đơn vị', labelEn: 'Name', required: false, hintVi: '' },
];

describe('detectFormat', () => {
  it('knows XLSX by its ZIP signature and CSV by valid UTF-8 text', () => {
    expect(detectFormat(Buffer.from('PK\u0003\u0004rest'))).toBe('xlsx');
    expect(detectFormat(Buffer.from('Mã,Tên\n1,Xã An Bình\n'))).toBe('csv');
  });
  it('refuses Windows-1258/Latin-1 bytes, binary data and empty files', () => {
    expect(() => detectFormat(Buffer.from([0x4d, 0xe3, 0x2c, 0x54]))).toThrow(/UTF-8/);
    expect(() => detectFormat(Buffer.from([0x00, 0x01, 0x02, 0x03]))).toThrow();
    expect(() => detectFormat(Buffer.alloc(0))).toThrow();
  });
});

describe('readImportFile (CSV)', () => {
  it('matches headers with or without diacritics, by key or label, in any order', async () => {
    const table = await readImportFile(Buffer.from('ten don vi;CODE\nXã An Bình;000.01.H30\n'), columns);
    expect(table.issues).toEqual([]);
    expect(table.rows).toEqual([
      {
        row: 2,
        cells: {
          code: { text: '000.01.H30', isNumber: false },
          name: { text: 'Xã An Bình', isNumber: false },
        },
      },
    ]);
  });
  it('keeps spreadsheet row numbers across blank lines and reports a missing required column', async () => {
    const table = await readImportFile(Buffer.from('Mã định danh (code),Tên\n\n\nA,\n'), columns);
    expect(table.rows[0]?.row).toBe(4);
    const missing = await readImportFile(Buffer.from('Tên đơn vị\nXã A\n'), columns);
    expect(missing.issues).toMatchObject([{ row: 1, column: 'code' }]);
    expect(missing.issues[0]?.message.vi).toMatch(/Thiếu cột bắt buộc/);
  });
});
