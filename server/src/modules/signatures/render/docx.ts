/**
 * DOCX drafts to PDF with LibreOffice headless (`soffice --convert-to pdf`), each run in its own
 * temporary directory and user profile so parallel conversions do not share a profile lock.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../../platform/errors/index.ts';

/** LibreOffice (soffice) is not installed on the server. */
export class ConverterUnavailableError extends AppError {
  constructor() {
    super('SERVICE_UNAVAILABLE', {
      message: {
        vi: 'Máy chủ chưa cài LibreOffice nên không chuyển được tệp DOCX sang PDF. Đề nghị quản trị viên cài gói libreoffice-writer-nogui, hoặc tải lên bản PDF.',
        en: 'LibreOffice is not installed on the server, so DOCX files cannot be converted to PDF. Ask the administrator to install libreoffice-writer-nogui, or upload a PDF.',
      },
      details: { reason: 'CONVERTER_UNAVAILABLE' },
    });
  }
}

/** The file could not be converted (not a DOCX, damaged, or the conversion timed out). */
export class ConversionFailedError extends AppError {
  constructor(cause: string) {
    super('BAD_REQUEST', {
      message: {
        vi: 'Không chuyển được tệp DOCX sang PDF. Kiểm tra tệp có mở được bằng Word/LibreOffice không, hoặc tải lên bản PDF.',
        en: 'The DOCX file could not be converted to PDF. Check that it opens in Word/LibreOffice, or upload a PDF.',
      },
      details: { reason: 'CONVERSION_FAILED', cause: cause.slice(0, 500) },
    });
  }
}

export interface ConvertOptions {
  /** Milliseconds before the conversion is killed (default 60 s). */
  timeoutMs?: number;
  /** The soffice executable (default `soffice` on PATH). */
  soffice?: string;
}

export async function convertDocxToPdf(docx: Buffer, options: ConvertOptions = {}): Promise<Buffer> {
  const work = await mkdtemp(join(tmpdir(), 'mts-docx-'));
  try {
    const input = join(work, 'draft.docx');
    await writeFile(input, docx);
    const profile = pathToFileURL(join(work, 'profile')).href;
    const args = [
      `-env:UserInstallation=${profile}`,
      '--headless',
      '--norestore',
      '--nolockcheck',
      '--convert-to',
      'pdf:writer_pdf_Export',
      '--outdir',
      work,
      input,
    ];
    const result = await run(options.soffice ?? 'soffice', args, options.timeoutMs ?? 60_000);
    try {
      const pdf = await readFile(join(work, 'draft.pdf'));
      if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('output is not a PDF');
      return pdf;
    } catch {
      throw new ConversionFailedError(result);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => {
      // soffice may fork (oosplash → soffice.bin): end the whole process group it leads.
      if (child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }
      reject(new ConversionFailedError(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new ConverterUnavailableError() : error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new ConversionFailedError(`soffice exited with ${code}: ${out}`));
    });
  });
}
