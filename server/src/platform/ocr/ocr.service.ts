import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError, type ErrorCode, type LocalisedText } from '../errors/index.ts';
import { detectOcrEngines, type OcrEngineStatus } from './engines.ts';
import {
  type ContentType,
  extensionOf,
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
  | 'NOT_A_PDF'
  | 'NOT_AN_IMAGE'
  | 'PDF_ENCRYPTED'
  | 'PDF_NO_PAGES'
  | 'PDF_CORRUPT'
  | 'TIMEOUT'
  | 'ENGINE_FAILED';

export interface OcrOptions {
  /** Where the tools are looked up (PATH syntax); default the process's PATH. */
  searchPath?: string;
  /** Parent of the per-run temporary directories; default the system temp dir. */
  tempDir?: string;
  /** Tesseract language(s); default 'vie'. */
  language?: string;
  maxBytes?: number;
  maxPages?: number;
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
  private readonly timeoutMs: number;
  private readonly parallelPages: number;
  private detected?: Promise<OcrEngineStatus>;

  constructor(options: OcrOptions = {}) {
    this.searchPath = options.searchPath ?? process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
    this.tempDir = options.tempDir ?? tmpdir();
    this.language = options.language ?? 'vie';
    this.maxBytes = options.maxBytes ?? 100 * MB;
    this.maxPages = options.maxPages ?? 300;
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

  async recognise(
    input: Buffer,
    kind: OcrInputKind,
    options: { onProgress?: (progress: OcrProgress) => void | Promise<void> } = {},
  ): Promise<OcrResult> {
    const status = await this.status();
    if (!status.available) throw ocrError('SERVICE_UNAVAILABLE', 'ENGINE_MISSING', status.message);
    const type = this.checkInput(input, kind);
    const dir = await mkdtemp(path.join(this.tempDir, 'mts-ocr-'));
    try {
      const file = path.join(dir, `input.${extensionOf(type)}`);
      await writeFile(file, input);
      return type === 'pdf'
        ? await this.recognisePdf(dir, file, options.onProgress)
        : await this.recogniseImage(dir, file, options.onProgress);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private checkInput(input: Buffer, kind: OcrInputKind): ContentType {
    if (input.length === 0) {
      throw ocrError('BAD_REQUEST', 'EMPTY_FILE', {
        vi: 'Tệp tải lên rỗng.',
        en: 'The uploaded file is empty.',
      });
    }
    if (input.length > this.maxBytes) {
      const limit = Math.floor(this.maxBytes / MB);
      throw ocrError(
        'PAYLOAD_TOO_LARGE',
        'TOO_LARGE',
        {
          vi: `Tệp quá lớn (${(input.length / MB).toFixed(1)} MB); tối đa ${limit} MB. Hãy quét lại ở độ phân giải 200–300 dpi hoặc tách thành nhiều tệp.`,
          en: `The file is too large (${(input.length / MB).toFixed(1)} MB); the limit is ${limit} MB. Scan at 200–300 dpi or split it.`,
        },
        { limitBytes: this.maxBytes },
      );
    }
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
    if ((info.code !== 0 && info.code !== 3) || !pages) {
      throw ocrError('BAD_REQUEST', 'PDF_CORRUPT', {
        vi: 'Tệp PDF bị hỏng hoặc không đọc được. Hãy xuất hoặc quét lại tệp rồi tải lên lần nữa.',
        en: 'The PDF is corrupt or unreadable. Export or scan it again and re-upload.',
      });
    }
    const count = Number(pages[1]);
    if (count === 0) {
      throw ocrError('BAD_REQUEST', 'PDF_NO_PAGES', {
        vi: 'Tệp PDF không có trang nào. Hãy kiểm tra lại bản quét.',
        en: 'The PDF has no pages. Check the scan.',
      });
    }
    if (count > this.maxPages) {
      throw ocrError(
        'PAYLOAD_TOO_LARGE',
        'TOO_MANY_PAGES',
        {
          vi: `Tệp PDF có ${count} trang; tối đa ${this.maxPages} trang mỗi tệp. Hãy tách thành nhiều tệp.`,
          en: `The PDF has ${count} pages; the limit is ${this.maxPages} per file. Split it into several files.`,
        },
        { pages: count, limit: this.maxPages },
      );
    }
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
    const progressUpdates: Promise<void>[] = [];
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
          if (!/^\s*\d+\s+Grafting\b/.test(line) || !onProgress) return;
          done = Math.min(done + 1, pages);
          progressUpdates.push(Promise.resolve(onProgress({ page: done, pages })));
        },
      },
    );
    await Promise.all(progressUpdates);
    // 0: done; 10: done, but PDF/A conversion had a problem (we ask for plain PDF).
    if (result.code === 8) throw pdfEncrypted();
    if (result.code === 2 || result.code === 4) {
      throw ocrError('BAD_REQUEST', 'PDF_CORRUPT', {
        vi: 'Tệp PDF bị hỏng hoặc không đọc được. Hãy xuất hoặc quét lại tệp rồi tải lên lần nữa.',
        en: 'The PDF is corrupt or unreadable. Export or scan it again and re-upload.',
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
    if (done < pages) await onProgress?.({ page: pages, pages });
    return { text: normaliseText(text), pages, searchablePdf: await readFile(output) };
  }

  private async recogniseImage(
    dir: string,
    file: string,
    onProgress?: (progress: OcrProgress) => void | Promise<void>,
  ): Promise<OcrResult> {
    await onProgress?.({ page: 0, pages: 1 });
    const base = path.join(dir, 'out');
    const result = await this.run('tesseract', [file, base, '-l', this.language, 'pdf', 'txt', 'tsv'], {
      tmpDir: dir,
    });
    if (result.code !== 0) {
      if (
        /read_params_file|Error in pixRead|Unsupported image|Image file .* cannot be read/i.test(
          result.stderr,
        )
      ) {
        throw ocrError('BAD_REQUEST', 'NOT_AN_IMAGE', {
          vi: 'Ảnh bị hỏng hoặc không đọc được. Hãy chụp hoặc quét lại.',
          en: 'The image is corrupt or unreadable. Take or scan it again.',
        });
      }
      throw this.engineFailed('tesseract', result.stderr);
    }
    const searchablePdf = await readFile(`${base}.pdf`);
    // A multi-page TIFF gives a multi-page PDF.
    const info = await this.run('qpdf', ['--show-npages', `${base}.pdf`], { timeoutMs: 60_000, tmpDir: dir });
    const pages = Number(info.stdout.trim()) || 1;
    await onProgress?.({ page: pages, pages });
    return {
      text: normaliseText(await readFile(`${base}.txt`, 'utf8')),
      pages,
      searchablePdf,
      confidence: meanConfidence(await readFile(`${base}.tsv`, 'utf8')),
    };
  }
}

function pdfEncrypted() {
  return ocrError('BAD_REQUEST', 'PDF_ENCRYPTED', {
    vi: 'Tệp PDF được mã hóa hoặc đặt mật khẩu nên không thể nhận dạng chữ. Hãy gỡ mật khẩu rồi tải lên lại.',
    en: 'The PDF is encrypted or password-protected, so it cannot be OCRed. Remove the password and re-upload.',
  });
}
