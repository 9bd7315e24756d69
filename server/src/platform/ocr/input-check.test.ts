import { describe, expect, it } from 'vitest';
import {
  foldVietnamese,
  imageDimensions,
  meanConfidence,
  normaliseText,
  sniffContentType,
} from './input-check.ts';

describe('sniffContentType', () => {
  it('judges a file by its bytes, not its name', () => {
    expect(sniffContentType(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toBe('pdf');
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('jpeg');
    expect(sniffContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(sniffContentType(Buffer.from('II*\0abcd', 'latin1'))).toBe('tiff');
    expect(sniffContentType(Buffer.from('PK\x03\x04 a DOCX is a zip'))).toBeNull();
    expect(sniffContentType(Buffer.from('<html>%PDF-1.4 is not at the start</html>', 'utf8'))).toBeNull();
    expect(sniffContentType(Buffer.from('%PDF'))).toBeNull();
  });
});

describe('foldVietnamese', () => {
  it('drops diacritics and folds đ, like the database f_unaccent', () => {
    expect(foldVietnamese('Quyết định về việc khen thưởng')).toBe('quyet dinh ve viec khen thuong');
    expect(foldVietnamese('ĐỒNG BÀO')).toBe('dong bao');
    // Decomposed input (combining marks) folds the same way.
    expect(foldVietnamese('Mă\u0323t trâ\u0323n')).toBe('mat tran');
  });
});

describe('normaliseText', () => {
  it('returns NFC text without form feeds or NUL bytes', () => {
    const decomposed = 'Vie\u0302\u0323t Nam\f\0Trang 2  \n\n\n\nhết';
    const text = normaliseText(decomposed);
    expect(text).toBe('Việt Nam\nTrang 2\n\nhết');
    expect(text.normalize('NFC')).toBe(text);
  });
});

describe('meanConfidence', () => {
  it('averages word confidences from Tesseract TSV, ignoring layout rows', () => {
    const header =
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';
    const tsv = [
      header,
      '1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t',
      '5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t90\tViệt',
      '5\t1\t1\t1\t1\t2\t0\t0\t10\t10\t80\tNam',
      '5\t1\t1\t1\t1\t3\t0\t0\t10\t10\t95\t ',
    ].join('\n');
    expect(meanConfidence(tsv)).toBe(85);
    expect(meanConfidence(header)).toBeUndefined();
  });
});

describe('imageDimensions', () => {
  it('reads the pixel size from PNG and JPEG headers', () => {
    const png = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png, 0);
    png.writeUInt32BE(13, 8);
    png.write('IHDR', 12, 'latin1');
    png.writeUInt32BE(60_000, 16);
    png.writeUInt32BE(40_000, 20);
    expect(imageDimensions(png)).toEqual({ width: 60_000, height: 40_000 });

    // SOI, an APP0 segment, then a baseline frame header (SOF0) 1654 × 2339.
    const jpeg = Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x4a, 0x46, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x09, 0x23, 0x06, 0x76,
      0x03,
    ]);
    expect(imageDimensions(jpeg)).toEqual({ width: 1654, height: 2339 });
    expect(imageDimensions(Buffer.from([0xff, 0xd8, 0xff]))).toBeNull();
    expect(imageDimensions(Buffer.from('%PDF-1.4'))).toBeNull();
  });
});
