import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.ts';
import { foldVietnamese, imageDimensions } from './input-check.ts';
import { type OcrProgress, OcrService } from './ocr.service.ts';
import { createOcrFixtures, type OcrFixtures } from './test-support/ocr-fixtures.ts';

const exec = promisify(execFile);

/** Words of the fixture pages; OCR must find them with their diacritics. */
const exactWords = ['MẶT TRẬN', 'Hướng dẫn', 'vận động', 'đề nghị', 'báo cáo', 'tháng'];
const secondPageWords = ['Quyết định', 'khen thưởng', 'Đồng bào', 'Quảng Ninh'];

/** OCR may miss a mark here and there: accept the text when most words match after folding. */
function expectWords(text: string, words: string[], options: { exact: number }) {
  const folded = foldVietnamese(text).replace(/\s+/g, ' ');
  const foldedMatches = words.filter((word) => folded.includes(foldVietnamese(word)));
  expect(foldedMatches.length, `folded words found in:\n${text}`).toBeGreaterThanOrEqual(words.length - 1);
  const flat = text.replace(/\s+/g, ' ');
  const exactMatches = words.filter((word) => flat.includes(word));
  expect(exactMatches.length, `exact words found in:\n${text}`).toBeGreaterThanOrEqual(options.exact);
}

async function pdfText(pdf: Buffer, dir: string) {
  const file = path.join(dir, `check-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, pdf);
  const { stdout } = await exec('pdftotext', ['-enc', 'UTF-8', file, '-']);
  return stdout.normalize('NFC');
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the OCR to be refused');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('OcrService with the real tools', { timeout: 90_000 }, () => {
  let fixtures: OcrFixtures;
  let workDir: string;
  let ocr: OcrService;

  beforeAll(async () => {
    fixtures = await createOcrFixtures();
    workDir = await mkdtemp(path.join(tmpdir(), 'mts-ocr-test-'));
    await mkdir(path.join(workDir, 'tmp'));
    ocr = new OcrService({ tempDir: path.join(workDir, 'tmp') });
  }, 120_000);

  afterAll(async () => {
    await fixtures?.cleanup();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('reports the engines it found', async () => {
    const status = await ocr.status();
    expect(status.available).toBe(true);
    expect(status.missingPackages).toEqual([]);
    expect(status.tools.tesseract).toMatch(/^\d+\.\d+/);
    expect(status.tools.tesseractLanguage).toBe(true);
    expect(status.tools.ocrmypdf).toMatch(/^\d+\.\d+/);
    expect(status.message.vi).toContain('Sẵn sàng nhận dạng chữ');
  });

  it('recognises a two-page Vietnamese scan, page by page, into NFC text and a searchable PDF', async () => {
    // The fixture is a real scan: images only, no text to extract.
    expect((await pdfText(fixtures.scannedPdf, workDir)).trim()).toBe('');

    const progress: OcrProgress[] = [];
    const result = await ocr.recognise(fixtures.scannedPdf, 'pdf', {
      onProgress: (p) => void progress.push(p),
    });

    expect(result.pages).toBe(2);
    expect(progress[0]).toEqual({ page: 0, pages: 2 });
    expect(progress).toContainEqual({ page: 1, pages: 2 });
    expect(progress.at(-1)).toEqual({ page: 2, pages: 2 });
    expect(progress.map((p) => p.page)).toEqual([...progress.map((p) => p.page)].sort());
    expect(result.text.normalize('NFC')).toBe(result.text);
    expectWords(result.text, exactWords, { exact: 4 });
    expectWords(result.text, secondPageWords, { exact: 3 });
    // Page 1 comes before page 2.
    expect(foldVietnamese(result.text).indexOf('huong dan')).toBeLessThan(
      foldVietnamese(result.text).indexOf('quang ninh'),
    );

    expect(result.searchablePdf.subarray(0, 5).toString()).toBe('%PDF-');
    const layer = await pdfText(result.searchablePdf, workDir);
    expectWords(layer, [...exactWords, ...secondPageWords], { exact: 6 });
    // Nothing left behind in the temporary directory.
    expect(await readdir(path.join(workDir, 'tmp'))).toEqual([]);
  });

  it('recognises a phone photo (JPEG) and a PNG scan, with a confidence and a PDF with text', async () => {
    // The photo's size is read from its JPEG header, the scan's from its PNG header: the same page.
    expect(imageDimensions(fixtures.pageJpeg)).toEqual(imageDimensions(fixtures.pagePng));
    expect(imageDimensions(fixtures.pagePng)?.width).toBeGreaterThan(800);
    for (const image of [fixtures.pageJpeg, fixtures.pagePng]) {
      const result = await ocr.recognise(image, 'image');
      expect(result.pages).toBe(1);
      expectWords(result.text, exactWords, { exact: 4 });
      expect(result.confidence).toBeGreaterThan(60);
      expectWords(await pdfText(result.searchablePdf, workDir), exactWords, { exact: 4 });
    }
  });

  it('recognises a document photographed page by page into one searchable PDF', async () => {
    const progress: OcrProgress[] = [];
    const result = await ocr.recognise([fixtures.pageJpeg, fixtures.pagePngs[1]!], 'image', {
      onProgress: (p) => void progress.push(p),
    });
    expect(result.pages).toBe(2);
    expect(progress).toEqual([
      { page: 0, pages: 2 },
      { page: 1, pages: 2 },
      { page: 2, pages: 2 },
    ]);
    expectWords(result.text, [...exactWords, ...secondPageWords], { exact: 7 });
    const folded = foldVietnamese(result.text);
    expect(folded.indexOf('huong dan')).toBeLessThan(folded.indexOf('quang ninh'));
    const pdfFile = path.join(workDir, 'photos.pdf');
    await writeFile(pdfFile, result.searchablePdf);
    const { stdout } = await exec('qpdf', ['--show-npages', pdfFile]);
    expect(stdout.trim()).toBe('2');
    expectWords(await pdfText(result.searchablePdf, workDir), secondPageWords, { exact: 3 });

    // One bad photo among good ones is named.
    const error = await rejection(ocr.recognise([fixtures.pageJpeg, Buffer.from('not a photo')], 'image'));
    expect([error.code, error.details?.reason]).toEqual(['UNSUPPORTED_MEDIA_TYPE', 'NOT_AN_IMAGE']);
  });

  it('keeps the text of a born-digital PDF', async () => {
    const result = await ocr.recognise(fixtures.textPdf, 'pdf');
    expect(result.pages).toBe(2);
    expectWords(result.text, [...exactWords, ...secondPageWords], { exact: 9 });
  });

  it('refuses encrypted, empty-page, corrupt and mistyped files with a precise reason', async () => {
    const cases = [
      {
        input: fixtures.encryptedPdf,
        kind: 'pdf',
        code: 'BAD_REQUEST',
        reason: 'PDF_ENCRYPTED',
        vi: 'mã hóa',
      },
      {
        input: fixtures.zeroPagePdf,
        kind: 'pdf',
        code: 'BAD_REQUEST',
        reason: 'PDF_NO_PAGES',
        vi: 'không có trang',
      },
      { input: fixtures.corruptPdf, kind: 'pdf', code: 'BAD_REQUEST', reason: 'PDF_CORRUPT', vi: 'bị hỏng' },
      {
        input: fixtures.pagePng,
        kind: 'pdf',
        code: 'UNSUPPORTED_MEDIA_TYPE',
        reason: 'NOT_A_PDF',
        vi: 'nội dung là ảnh PNG',
      },
      {
        input: fixtures.scannedPdf,
        kind: 'image',
        code: 'UNSUPPORTED_MEDIA_TYPE',
        reason: 'NOT_AN_IMAGE',
        vi: 'nội dung là PDF',
      },
      {
        input: Buffer.from('PK\x03\x04 a DOCX renamed to .pdf'),
        kind: 'pdf',
        code: 'UNSUPPORTED_MEDIA_TYPE',
        reason: 'NOT_A_PDF',
        vi: 'không phải PDF',
      },
      { input: Buffer.alloc(0), kind: 'image', code: 'BAD_REQUEST', reason: 'EMPTY_FILE', vi: 'rỗng' },
    ] as const;
    for (const c of cases) {
      const error = await rejection(ocr.recognise(c.input, c.kind));
      expect({ code: error.code, reason: error.details?.reason }).toEqual({ code: c.code, reason: c.reason });
      expect(error.text?.vi).toContain(c.vi);
      expect(error.text?.en).toBeTruthy();
    }
    expect(await readdir(path.join(workDir, 'tmp'))).toEqual([]);
  });

  it('enforces the size, page and time limits', async () => {
    const small = new OcrService({ maxBytes: 10_000, maxPages: 1, timeoutMs: 1 });
    const tooLarge = await rejection(small.recognise(fixtures.scannedPdf, 'pdf'));
    expect([tooLarge.code, tooLarge.details?.reason]).toEqual(['PAYLOAD_TOO_LARGE', 'TOO_LARGE']);
    expect(tooLarge.text?.vi).toContain('tối đa 0 MB');

    const strict = new OcrService({ maxPages: 1, timeoutMs: 1 });
    const tooLong = await rejection(strict.recognise(fixtures.scannedPdf, 'pdf'));
    expect([tooLong.code, tooLong.details?.reason]).toEqual(['PAYLOAD_TOO_LARGE', 'TOO_MANY_PAGES']);
    expect(tooLong.text?.vi).toContain('có 2 trang; tối đa 1 trang');

    // The fixture page is 105 × 148 mm at 200 dpi: 827 × 1166 pixels, just under 1 megapixel.
    const tiny = new OcrService({ maxImageMegapixels: 0.5 });
    const huge = await rejection(tiny.recognise(fixtures.pagePng, 'image'));
    expect([huge.code, huge.details?.reason]).toEqual(['PAYLOAD_TOO_LARGE', 'IMAGE_TOO_LARGE']);
    expect(huge.text?.vi).toMatch(/Ảnh quá lớn \(\d+ × \d+ điểm ảnh\); tối đa 0.5 megapixel/);

    // ocrmypdf and the Ghostscript and Tesseract it started are killed; their files go too.
    const hurried = new OcrService({ timeoutMs: 1, tempDir: path.join(workDir, 'tmp') });
    const late = await rejection(hurried.recognise(fixtures.scannedPdf, 'pdf'));
    expect([late.code, late.details?.reason]).toEqual(['SERVICE_UNAVAILABLE', 'TIMEOUT']);
    expect(late.text?.vi).toContain('quá thời gian');
    expect(await readdir(path.join(workDir, 'tmp'))).toEqual([]);
  });

  it('says so when Tesseract is not installed, and refuses to recognise', async () => {
    // A PATH holding every tool but Tesseract, as on a server without tesseract-ocr.
    const bin = path.join(workDir, 'bin-without-tesseract');
    await mkdir(bin);
    for (const tool of ['ocrmypdf', 'qpdf', 'pdftotext', 'gs', 'python3']) {
      const { stdout } = await exec('sh', ['-c', `command -v ${tool}`]);
      await symlink(stdout.trim(), path.join(bin, tool));
    }
    const withoutTesseract = new OcrService({ searchPath: bin });
    const status = await withoutTesseract.status();
    expect(status.available).toBe(false);
    expect(status.tools.tesseract).toBeNull();
    expect(status.tools.ocrmypdf).toMatch(/^\d+/);
    expect(status.missingPackages).toEqual(['tesseract-ocr', 'tesseract-ocr-vie']);
    expect(status.message.vi).toContain('Chưa cài đặt công cụ nhận dạng chữ (OCR)');
    expect(status.message.vi).toContain('không tìm kiếm được');
    expect(status.message.en).toContain(
      'OCR engine not installed (missing: tesseract-ocr, tesseract-ocr-vie)',
    );

    const error = await rejection(withoutTesseract.recognise(fixtures.scannedPdf, 'pdf'));
    expect([error.code, error.details?.reason]).toEqual(['SERVICE_UNAVAILABLE', 'ENGINE_MISSING']);
    expect(error.text).toEqual(status.message);
  });
});
