import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError, type ErrorCode, type LocalisedText } from '../errors/index.ts';
import { detectOcrEngines, type OcrEngineStatus } from './engines.ts';
import {
  type ContentType,
  extensionOf,
  imageDimensions,
  meanConfidence,
  normaliseText,
  sniffContentType,
} from './input-check.ts';
import { type RunOptions, runTool, ToolMissingError, ToolTimeoutError } from './run-tool.ts';

export type OcrInputKind = 'pdf' | 'image';

export interface OcrProgress {
  /** Pages recognised so far. */
  page: number;
  pages: number;
}

export interface OcrResult {
  /** Recognised text, NFC-normalised, pages separated by blank lines. */
  text: string;
  pages: number;
  /** The input with an invisible text layer (PDF), so viewers can search and copy it. */
  searchablePdf: Buffer;
  /** Mean word confidence 0–100, when the engine reports it (images). */
  confidence?: number;
}

/** Stable reasons in `AppError.details.reason`, for callers that react to a kind of failure. */
export type OcrFailure =
  | 'ENGINE_MISSING'
  | 'EMPTY_FILE'
  | 'TOO_LARGE'
  | 'TOO_MANY_PAGES'
  | 'IMAGE_TOO_LARGE'
  | 'NOT_A_PDF'
  | 'NOT_AN_IMAGE'
  | 'PDF_ENCRYPTED'
  | 'PDF_NO_PAGES'
  | 'PDF_CORRUPT'
  | 'TIMEOUT'
  | 'ENGINE_FAILED';

export interface RecogniseOptions {
  /** Called as pages are recognised: first `{ page: 0, pages }`, last `{ page: pages, pages }`. */
  onProgress?: (progress: OcrProgress) => void | Promise<void>;
}

export interface OcrOptions {
  /** Where the tools are looked up (PATH syntax); default the process's PATH. */
  searchPath?: string;
  /** Parent of the per-run temporary directories; default the system temp dir. */
  tempDir?: string;
  /** Tesseract language(s); default 'vie'. */
  language?: string;
  maxBytes?: number;
  maxPages?: number;
  /** Largest image accepted, in megapixels (an A4 page at 600 dpi is 35). */
  maxImageMegapixels?: number;
  /** Limit for one tool run (the whole document for ocrmypdf). */
  timeoutMs?: number;
  /** Pages ocrmypdf recognises in parallel; default 1 (OCR shares the machine with the API). */
  parallelPages?: number;
}

const MB = 1024 * 1024;

function ocrError(code: ErrorCode, reason: OcrFailure, message: LocalisedText, details = {}) {
  return new AppError(code, { message, details: { reason, ...details } });
}

const kindLabel: Record<ContentType, string> = { pdf: 'PDF', jpeg: 'JPEG', png: 'PNG', tiff: 'TIFF' };

/**
 * Optical character recognition of scanned documents (Vietnamese by default), with Tesseract,
 * ocrmypdf, qpdf and poppler run as child processes. Checks its input by content; every rejection
 * is an AppError whose message says, in Vietnamese and English, what is wrong with the file.
 */
export class OcrService {
  private readonly searchPath: string;
  private readonly tempDir: string;
  private readonly language: string;
  readonly maxBytes: number;
  readonly maxPages: number;
  readonly maxImageMegapixels: number;
  private readonly timeoutMs: number;
  private readonly parallelPages: number;
  private detected?: Promise<OcrEngineStatus>;

  constructor(options: OcrOptions = {}) {
    this.searchPath = options.searchPath ?? process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
    this.tempDir = options.tempDir ?? tmpdir();
    this.language = options.language ?? 'vie';
    this.maxBytes = options.maxBytes ?? 100 * MB;
    this.maxPages = options.maxPages ?? 300;
    this.maxImageMegapixels = options.maxImageMegapixels ?? 100;
    this.timeoutMs = options.timeoutMs ?? 15 * 60_000;
    this.parallelPages = options.parallelPages ?? 1;
  }

  /** Which engines are installed; detected once (at startup, or on first use) and remembered. */
  status(): Promise<OcrEngineStatus> {
    this.detected ??= detectOcrEngines(this.searchPath, this.language).catch((error) => {
      this.detected = undefined;
      throw error;
    });
    return this.detected;
  }

  /**
   * Recognises a scan: one PDF (any number of pages), or one image or several (the pages of a
   * document photographed page by page, in order). Progress is reported page by page.
   */
  recognise(input: Buffer, kind: OcrInputKind, options?: RecogniseOptions): Promise<OcrResult>;
  recognise(input: readonly Buffer[], kind: 'image', options?: RecogniseOptions): Promise<OcrResult>;
  async recognise(
    input: Buffer | readonly Buffer[],
    kind: OcrInputKind,
    options: RecogniseOptions = {},
  ): Promise<OcrResult> {
    const status = await this.status();
    if (!status.available) throw ocrError('SERVICE_UNAVAILABLE', 'ENGINE_MISSING', status.message);
    const inputs = Buffer.isBuffer(input) ? [input] : [...input];
    if (inputs.length === 0) throw emptyFile();
    if (kind === 'pdf' && inputs.length > 1) throw new TypeError('recognise() takes one PDF at a time');
    if (inputs.length > this.maxPages) throw tooManyPages(inputs.length, this.maxPages);
    this.checkSize(inputs.reduce((sum, bytes) => sum + bytes.length, 0));
    const types = inputs.map((bytes) => this.checkInput(bytes, kind));
    const dir = await mkdtemp(path.join(this.tempDir, 'mts-ocr-'));
    try {
      const files = await Promise.all(
        inputs.map(async (bytes, i) => {
          const file = path.join(dir, `input-${i + 1}.${extensionOf(types[i]!)}`);
          await writeFile(file, bytes);
          return file;
        }),
      );
      return kind === 'pdf'
        ? await this.recognisePdf(dir, files[0]!, options.onProgress)
        : await this.recogniseImages(dir, files, options.onProgress);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private checkSize(bytes: number) {
    if (bytes <= this.maxBytes) return;
    const limit = Math.floor(this.maxBytes / MB);
    throw ocrError(
      'PAYLOAD_TOO_LARGE',
      'TOO_LARGE',
      {
        vi: `Tệp quá lớn (${(bytes / MB).toFixed(1)} MB); tối đa ${limit} MB. Hãy quét lại ở độ phân giải 200–300 dpi hoặc tách thành nhiều tệp.`,
        en: `The file is too large (${(bytes / MB).toFixed(1)} MB); the limit is ${limit} MB. Scan at 200–300 dpi or split it.`,
      },
      { limitBytes: this.maxBytes },
    );
  }

  private checkInput(input: Buffer, kind: OcrInputKind): ContentType {
    if (input.length === 0) throw emptyFile();
    const type = sniffContentType(input);
    if (kind === 'pdf' && type !== 'pdf') {
      const found = type ? kindLabel[type] : null;
      throw ocrError('UNSUPPORTED_MEDIA_TYPE', 'NOT_A_PDF', {
        vi: `Tệp không phải PDF${found ? ` (nội dung là ảnh ${found})` : ''}. Hãy tải lên bản quét dạng PDF.`,
        en: `The file is not a PDF${found ? ` (its content is a ${found} image)` : ''}. Upload the scan as a PDF.`,
      });
    }
    if (kind === 'image' && (type === null || type === 'pdf')) {
      throw ocrError('UNSUPPORTED_MEDIA_TYPE', 'NOT_AN_IMAGE', {
        vi: `Tệp không phải ảnh JPEG, PNG hoặc TIFF${type === 'pdf' ? ' (nội dung là PDF)' : ''}.`,
        en: `The file is not a JPEG, PNG or TIFF image${type === 'pdf' ? ' (its content is a PDF)' : ''}.`,
      });
    }
    const size = type === 'pdf' ? null : imageDimensions(input);
    if (size && size.width * size.height > this.maxImageMegapixels * 1_000_000) {
      throw ocrError(
        'PAYLOAD_TOO_LARGE',
        'IMAGE_TOO_LARGE',
        {
          vi: `Ảnh quá lớn (${size.width} × ${size.height} điểm ảnh); tối đa ${this.maxImageMegapixels} megapixel. Hãy chụp hoặc quét ở độ phân giải 200–300 dpi.`,
          en: `The image is too large (${size.width} × ${size.height} pixels); the limit is ${this.maxImageMegapixels} megapixels. Take or scan it at 200–300 dpi.`,
        },
        { width: size.width, height: size.height },
      );
    }
    return type!;
  }

  private run(command: string, args: string[], extra: Partial<RunOptions> = {}) {
    return runTool(command, args, {
      searchPath: this.searchPath,
      timeoutMs: this.timeoutMs,
      cwd: extra.tmpDir,
      ...extra,
    }).catch((error: unknown) => {
      if (error instanceof ToolTimeoutError) {
        throw ocrError('SERVICE_UNAVAILABLE', 'TIMEOUT', {
          vi: `Nhận dạng chữ quá thời gian cho phép (${Math.round(this.timeoutMs / 1000)} giây). Hãy tách tài liệu thành các tệp nhỏ hơn.`,
          en: `OCR took longer than allowed (${Math.round(this.timeoutMs / 1000)} s). Split the document into smaller files.`,
        });
      }
      if (error instanceof ToolMissingError) {
        throw ocrError('SERVICE_UNAVAILABLE', 'ENGINE_MISSING', {
          vi: `Thiếu công cụ ${command}; bản quét được lưu nhưng không tìm kiếm được theo nội dung.`,
          en: `${command} is missing; the scan is stored unsearchable.`,
        });
      }
      throw error;
    });
  }

  private engineFailed(tool: string, stderr: string) {
    const detail = stderr.trim().split('\n').slice(-3).join(' ').slice(0, 500);
    return ocrError(
      'INTERNAL',
      'ENGINE_FAILED',
      {
        vi: `Công cụ nhận dạng chữ (${tool}) gặp lỗi khi xử lý tệp.`,
        en: `The OCR tool (${tool}) failed on this file.`,
      },
      { tool, detail },
    );
  }

  /** Page count of a PDF, rejecting encrypted, corrupt, empty and over-long ones with a reason. */
  private async inspectPdf(dir: string, file: string): Promise<number> {
    const encryption = await this.run('qpdf', ['--is-encrypted', file], { timeoutMs: 60_000, tmpDir: dir });
    if (encryption.code === 0) throw pdfEncrypted();
    // qpdf reads PDFs as ocrmypdf does (pikepdf is qpdf), repairing what can be repaired.
    const info = await this.run('qpdf', ['--show-npages', file], { timeoutMs: 60_000, tmpDir: dir });
    if (/invalid password/i.test(info.stderr)) throw pdfEncrypted();
    const pages = /^\s*(\d+)\s*$/.exec(info.stdout);
    if ((info.code !== 0 && info.code !== 3) || !pages) throw pdfCorrupt();
    const count = Number(pages[1]);
    if (count === 0) {
      throw ocrError('BAD_REQUEST', 'PDF_NO_PAGES', {
        vi: 'Tệp PDF không có trang nào. Hãy kiểm tra lại bản quét.',
        en: 'The PDF has no pages. Check the scan.',
      });
    }
    if (count > this.maxPages) throw tooManyPages(count, this.maxPages);
    return count;
  }

  private async recognisePdf(
    dir: string,
    file: string,
    onProgress?: (progress: OcrProgress) => void | Promise<void>,
  ): Promise<OcrResult> {
    const pages = await this.inspectPdf(dir, file);
    await onProgress?.({ page: 0, pages });
    const output = path.join(dir, 'searchable.pdf');
    const sidecar = path.join(dir, 'text.txt');
    let done = 0;
    // Progress reports run one after another, in page order; a failed report does not stop OCR.
    let reported = Promise.resolve();
    const report = (progress: OcrProgress) => {
      reported = reported.then(() => onProgress?.(progress)).catch(() => undefined);
    };
    const result = await this.run(
      'ocrmypdf',
      [
        '-l',
        this.language,
        '--jobs',
        String(this.parallelPages),
        '--output-type',
        'pdf',
        '--optimize',
        '0',
        '--skip-text', // pages that already carry text (born-digital) are kept as they are
        '--sidecar',
        sidecar,
        '-v',
        '1',
        file,
        output,
      ],
      {
        tmpDir: dir,
        // ocrmypdf logs "<page> Grafting" once a page's text layer is in place.
        onStderrLine: (line) => {
          if (!/^\s*\d+\s+Grafting\b/.test(line)) return;
          done = Math.min(done + 1, pages);
          report({ page: done, pages });
        },
      },
    );
    await reported;
    // ocrmypdf's exit codes: 0 done; 2 unreadable input; 3 a dependency missing; 8 encrypted;
    // 10 done, but PDF/A conversion had a problem (we ask for plain PDF).
    if (result.code === 8) throw pdfEncrypted();
    if (result.code === 2) throw pdfCorrupt();
    if (result.code === 3) {
      throw ocrError('SERVICE_UNAVAILABLE', 'ENGINE_MISSING', {
        vi: 'Thiếu thành phần của công cụ nhận dạng chữ (ocrmypdf); bản quét được lưu nhưng không tìm kiếm được theo nội dung.',
        en: 'A component of the OCR engine (ocrmypdf) is missing; the scan is stored unsearchable.',
      });
    }
    if (result.code !== 0 && result.code !== 10) throw this.engineFailed('ocrmypdf', result.stderr);
    let text = await readFile(sidecar, 'utf8');
    if (text.includes('[OCR skipped on page')) {
      // Some pages carried text already: take the whole document's text from the output PDF.
      const extracted = await this.run('pdftotext', ['-enc', 'UTF-8', output, '-'], {
        timeoutMs: 120_000,
        tmpDir: dir,
      });
      if (extracted.code === 0) text = extracted.stdout;
    }
    if (done < pages) report({ page: pages, pages });
    await reported;
    return { text: normaliseText(text), pages, searchablePdf: await readFile(output) };
  }

  /** Tesseract on each image (a page, or the pages of a TIFF), then one PDF of them all (qpdf). */
  private async recogniseImages(
    dir: string,
    files: string[],
    onProgress?: (progress: OcrProgress) => void | Promise<void>,
  ): Promise<OcrResult> {
    await onProgress?.({ page: 0, pages: files.length });
    const outputs: string[] = [];
    for (const [i, file] of files.entries()) {
      const base = path.join(dir, `out-${i + 1}`);
      const result = await this.run('tesseract', [file, base, '-l', this.language, 'pdf', 'txt', 'tsv'], {
        tmpDir: dir,
      });
      if (result.code !== 0) {
        if (/Error in pixRead|Unsupported image|cannot be read|Leptonica Error/i.test(result.stderr)) {
          throw ocrError('BAD_REQUEST', 'NOT_AN_IMAGE', {
            vi: `Ảnh${files.length > 1 ? ` thứ ${i + 1}` : ''} bị hỏng hoặc không đọc được. Hãy chụp hoặc quét lại.`,
            en: `The image${files.length > 1 ? ` no. ${i + 1}` : ''} is corrupt or unreadable. Take or scan it again.`,
          });
        }
        throw this.engineFailed('tesseract', result.stderr);
      }
      outputs.push(base);
      await onProgress?.({ page: i + 1, pages: files.length });
    }
    let pdf = `${outputs[0]}.pdf`;
    if (outputs.length > 1) {
      pdf = path.join(dir, 'searchable.pdf');
      const merged = await this.run(
        'qpdf',
        ['--empty', '--pages', ...outputs.map((base) => `${base}.pdf`), '--', pdf],
        { tmpDir: dir },
      );
      if (merged.code !== 0 && merged.code !== 3) throw this.engineFailed('qpdf', merged.stderr);
    }
    // A multi-page TIFF gives several pages from one image file.
    const info = await this.run('qpdf', ['--show-npages', pdf], { timeoutMs: 60_000, tmpDir: dir });
    const texts = await Promise.all(outputs.map((base) => readFile(`${base}.txt`, 'utf8')));
    const tsvs = await Promise.all(outputs.map((base) => readFile(`${base}.tsv`, 'utf8')));
    return {
      text: normaliseText(texts.map((text) => text.trim()).join('\n\n')),
      pages: Number(info.stdout.trim()) || outputs.length,
      searchablePdf: await readFile(pdf),
      confidence: meanConfidence(tsvs.join('\n')),
    };
  }
}

function pdfEncrypted() {
  return ocrError('BAD_REQUEST', 'PDF_ENCRYPTED', {
    vi: 'Tệp PDF được mã hóa hoặc đặt mật khẩu nên không thể nhận dạng chữ. Hãy gỡ mật khẩu rồi tải lên lại.',
    en: 'The PDF is encrypted or password-protected, so it cannot be OCRed. Remove the password and re-upload.',
  });
}

function pdfCorrupt() {
  return ocrError('BAD_REQUEST', 'PDF_CORRUPT', {
    vi: 'Tệp PDF bị hỏng hoặc không đọc được. Hãy xuất hoặc quét lại tệp rồi tải lên lần nữa.',
    en: 'The PDF is corrupt or unreadable. Export or scan it again and re-upload.',
  });
}

function emptyFile() {
  return ocrError('BAD_REQUEST', 'EMPTY_FILE', {
    vi: 'Tệp tải lên rỗng.',
    en: 'The uploaded file is empty.',
  });
}

function tooManyPages(count: number, limit: number) {
  return ocrError(
    'PAYLOAD_TOO_LARGE',
    'TOO_MANY_PAGES',
    {
      vi: `Tài liệu có ${count} trang; tối đa ${limit} trang mỗi lần. Hãy tách thành nhiều tệp.`,
      en: `The document has ${count} pages; the limit is ${limit} at a time. Split it into several files.`,
    },
    { pages: count, limit },
  );
}
