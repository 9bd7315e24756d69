import type { LocalisedText } from '../errors/index.ts';
import { runTool, ToolMissingError } from './run-tool.ts';

/** Versions of the tools OCR needs; null when the tool is not installed. */
export interface OcrTools {
  tesseract: string | null;
  /** Tesseract has the Vietnamese model (Debian tesseract-ocr-vie). */
  tesseractLanguage: boolean;
  ocrmypdf: string | null;
  /** Poppler's pdftotext (Debian poppler-utils): text of pages that were born digital. */
  pdftotext: string | null;
  qpdf: string | null;
}

export interface OcrEngineStatus {
  available: boolean;
  language: string;
  tools: OcrTools;
  /** Debian packages to install for OCR to work; empty when available. */
  missingPackages: string[];
  /** What the product shows: Vietnamese first. */
  message: LocalisedText;
}

async function versionOf(
  command: string,
  args: string[],
  pattern: RegExp,
  searchPath: string,
): Promise<string | null> {
  try {
    const result = await runTool(command, args, { searchPath, timeoutMs: 15_000 });
    if (result.code !== 0) return null;
    const match = pattern.exec(`${result.stdout}\n${result.stderr}`);
    return match?.[1] ?? 'unknown';
  } catch (error) {
    if (error instanceof ToolMissingError) return null;
    throw error;
  }
}

async function hasLanguage(searchPath: string, language: string): Promise<boolean> {
  try {
    const result = await runTool('tesseract', ['--list-langs'], { searchPath, timeoutMs: 15_000 });
    const languages = `${result.stdout}\n${result.stderr}`.split('\n').map((line) => line.trim());
    return result.code === 0 && languages.includes(language);
  } catch (error) {
    if (error instanceof ToolMissingError) return false;
    throw error;
  }
}

/** Looks for the OCR tools on `searchPath` and says what is missing, in words a clerk can act on. */
export async function detectOcrEngines(searchPath: string, language = 'vie'): Promise<OcrEngineStatus> {
  const [tesseract, tesseractLanguage, ocrmypdf, pdftotext, qpdf] = await Promise.all([
    versionOf('tesseract', ['--version'], /tesseract\s+v?([\d.]+\S*)/i, searchPath),
    hasLanguage(searchPath, language),
    versionOf('ocrmypdf', ['--version'], /^\s*(\S+)/, searchPath),
    versionOf('pdftotext', ['-v'], /version\s+([\d.]+)/i, searchPath),
    versionOf('qpdf', ['--version'], /version\s+([\d.]+)/i, searchPath),
  ]);
  const tools: OcrTools = { tesseract, tesseractLanguage, ocrmypdf, pdftotext, qpdf };
  const missingPackages = [
    ...(tesseract ? [] : ['tesseract-ocr']),
    ...(tesseractLanguage ? [] : [`tesseract-ocr-${language}`]),
    ...(ocrmypdf ? [] : ['ocrmypdf']),
    ...(pdftotext ? [] : ['poppler-utils']),
    ...(qpdf ? [] : ['qpdf']),
  ];
  const available = missingPackages.length === 0;
  const missing = missingPackages.join(', ');
  const message: LocalisedText = available
    ? {
        vi: `Sẵn sàng nhận dạng chữ (OCR) tiếng Việt: Tesseract ${tesseract}, ocrmypdf ${ocrmypdf}.`,
        en: `Vietnamese OCR is ready: Tesseract ${tesseract}, ocrmypdf ${ocrmypdf}.`,
      }
    : {
        vi: `Chưa cài đặt công cụ nhận dạng chữ (OCR) (thiếu: ${missing}); bản quét được lưu nhưng không tìm kiếm được theo nội dung.`,
        en: `OCR engine not installed (missing: ${missing}); the scan is stored unsearchable.`,
      };
  return { available, language, tools, missingPackages, message };
}
