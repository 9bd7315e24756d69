import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '../../../platform/ocr/index.ts';
import { placeOf } from '../../signatures/index.ts';

/** A rectangle on a page in PDF points, origin bottom-left (as signature widgets take it). */
export interface PageRect {
  page: number;
  rect: [x: number, y: number, width: number, height: number];
}

export interface SignatureSlots {
  /** Slot 7c: the personal signature image, centred between the title and the printed name. */
  signature: PageRect;
  /** Slot 8: the seal, at real size, covering the left third of the personal signature. */
  seal: PageRect;
  /** Whether the signer's printed name was found; otherwise the slots are a default place. */
  located: boolean;
}

const MM = 72 / 25.4;
export const SIGNATURE_WIDTH = 45 * MM;
export const SIGNATURE_HEIGHT = 22 * MM;

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

interface PageWords {
  width: number;
  height: number;
  words: Word[];
}

const fold = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

const decodeEntities = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Words with their boxes (top-left origin) per page, from poppler's `pdftotext -bbox`. */
export function parseBboxHtml(html: string): PageWords[] {
  const pages: PageWords[] = [];
  const pageRe = /<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g;
  const wordRe = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (const page of html.matchAll(pageRe)) {
    const words = [...page[3]!.matchAll(wordRe)].map((m) => ({
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
      text: decodeEntities(m[5]!),
    }));
    pages.push({ width: Number(page[1]), height: Number(page[2]), words });
  }
  return pages;
}

/** The seal's place: its right edge a third of the way into the signature, centred on it vertically. */
export function sealOver(signature: PageRect, sealDiameterMm: number): PageRect {
  const [x, y, width, height] = signature.rect;
  const d = sealDiameterMm * MM;
  return { page: signature.page, rect: [x + width / 3 - d, y + height / 2 - d / 2, d, d] };
}

/**
 * Where the personal signature goes on an uploaded or converted PDF: above the signer's printed
 * name (the last occurrence, searching from the last page, diacritics and case ignored), centred
 * on it. Without the name (or when it cannot be read), the lower right of the last page.
 */
export function locateSlots(
  pages: PageWords[],
  signerFullName: string | null,
  sealDiameterMm: number,
): SignatureSlots {
  const target = signerFullName ? fold(signerFullName).split(/\s+/).filter(Boolean) : [];
  for (let p = pages.length - 1; p >= 0 && target.length > 0; p--) {
    const { words, height } = pages[p]!;
    for (let i = words.length - target.length; i >= 0; i--) {
      const run = words.slice(i, i + target.length);
      if (!run.every((word, k) => fold(word.text) === target[k])) continue;
      const left = Math.min(...run.map((w) => w.xMin));
      const right = Math.max(...run.map((w) => w.xMax));
      const top = Math.min(...run.map((w) => w.yMin));
      const centre = (left + right) / 2;
      const bottom = height - top + 2; // just above the name, in bottom-left coordinates
      const signature: PageRect = {
        page: p,
        rect: [centre - SIGNATURE_WIDTH / 2, bottom, SIGNATURE_WIDTH, SIGNATURE_HEIGHT],
      };
      return { signature, seal: sealOver(signature, sealDiameterMm), located: true };
    }
  }
  const last = Math.max(0, pages.length - 1);
  const width = pages[last]?.width ?? 595.28;
  const signature: PageRect = {
    page: last,
    rect: [width - 20 * MM - SIGNATURE_WIDTH - 15 * MM, 60 * MM, SIGNATURE_WIDTH, SIGNATURE_HEIGHT],
  };
  return { signature, seal: sealOver(signature, sealDiameterMm), located: false };
}

/** Reads the words of a PDF with `pdftotext -bbox` (poppler-utils, also used by OCR). */
export async function readWords(
  pdf: Buffer,
  options: { firstPageOnly?: boolean } = {},
  searchPath = process.env.PATH ?? '/usr/bin:/bin',
): Promise<PageWords[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mts-slot-'));
  try {
    const file = join(dir, 'in.pdf');
    await writeFile(file, pdf);
    const pages = options.firstPageOnly ? ['-f', '1', '-l', '1'] : [];
    const result = await runTool('pdftotext', ['-bbox', '-enc', 'UTF-8', ...pages, file, '-'], {
      searchPath,
      timeoutMs: 30_000,
      tmpDir: dir,
      maxOutputChars: 20_000_000,
    });
    return result.code === 0 ? parseBboxHtml(result.stdout) : [];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A text to stamp onto the page (the number and date the registry gives at issue). */
export interface StampPlace {
  page: number;
  rect: [x: number, y: number, width: number, height: number];
  text: string;
  align?: 'left' | 'center';
  italic?: boolean;
}

export { placeOf };

const two = (n: string) => n.padStart(2, '0');

/** "ngày 05 tháng 3 năm 2026": day below 10 and months 1–2 with a leading zero (Appendix I, slot 4). */
export function vietnameseDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const m = month <= 2 ? two(String(month)) : String(month);
  return `ngày ${two(String(day))} tháng ${m} năm ${year}`;
}

const sameLine = (a: Word, b: Word) => Math.abs(a.yMin - b.yMin) < 3;

/**
 * Where the registry writes the number and date on page 1 of a draft that left them blank
 * ("Số:      /QĐ-MTTQ-BTT", "…, ngày     tháng     năm 20…"): the number in the gap after "Số:"
 * (the whole symbol when no notation follows), each of day, month and year after its word unless
 * already typed. Only the upper part of page 1 is read, where Appendix I puts these slots.
 */
export function locateNumberAndDate(
  pages: PageWords[],
  values: { codeNumber: string; symbol: string; issuedDate: string; unitName: string },
): StampPlace[] {
  const first = pages[0];
  if (!first) return [];
  const { height, width } = first;
  const words = first.words.filter((w) => w.yMax < height * 0.45);
  const stamps: StampPlace[] = [];
  const box = (x: number, w: Word, width: number, text: string): StampPlace => ({
    page: 0,
    rect: [x, height - w.yMax - 1, width, w.yMax - w.yMin + 3],
    text,
  });
  // "Số:" with its colon: the word "số" also occurs in summaries ("chuyển đổi số").
  const so = words.findIndex(
    (w, i) => fold(w.text) === 'so:' || (fold(w.text) === 'so' && words[i + 1]?.text.startsWith(':')),
  );
  if (so >= 0) {
    const label = words[so]!;
    const next = words[so + 1];
    if (next && sameLine(label, next) && next.text.startsWith('/')) {
      const gap = next.xMin - label.xMax;
      const width = Math.max(gap - 4, 16);
      stamps.push(box(next.xMin - width - 1, label, width, values.codeNumber));
    } else stamps.push(box(label.xMax + 3, label, 160, values.symbol));
  }
  // A draft with no "Số:" (made with our Appendix I layout, or a free layout): the number line
  // under the issuing body (left column) and the place and date under the motto, where Appendix I
  // puts them on A4 with the standard margins.
  const top = (mm: number) => height - mm * MM;
  if (so < 0)
    stamps.push({
      page: 0,
      rect: [30 * MM, top(38) - 18, 70 * MM, 18],
      text: `Số: ${values.symbol}`,
      align: 'center',
    });
  const [year, month, day] = values.issuedDate.split('-');
  const parts: Array<[string, string]> = [
    ['ngay', day!],
    ['thang', month!],
    ['nam', year!],
  ];
  const start = words.findIndex((w) => fold(w.text) === 'ngay');
  if (start < 0)
    stamps.push({
      page: 0,
      rect: [100 * MM, top(38) - 19.6, width - 115 * MM, 19.6],
      text: `${placeOf(values.unitName)}, ${vietnameseDate(values.issuedDate)}`,
      align: 'center',
      italic: true,
    });
  if (start >= 0) {
    const line = words.filter((w) => sameLine(w, words[start]!) && w.xMin >= words[start]!.xMin);
    for (const [label, value] of parts) {
      const at = line.findIndex((w) => fold(w.text).replace(/[,.]$/, '') === label);
      if (at < 0) continue;
      const word = line[at]!;
      const after = line[at + 1];
      if (after && /^\d/.test(after.text) && after.xMin - word.xMax < 12) continue; // already typed
      const room = after ? after.xMin - word.xMax - 4 : 40;
      stamps.push(box(word.xMax + 2, word, Math.max(room, 14), value));
    }
  }
  return stamps;
}

/** ISO 8601 in Vietnam time with its offset: "2026-11-23T09:05:00+07:00" (Appendix I text block). */
export function vietnamIsoTime(at: Date): string {
  return `${new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;
}

/**
 * The agency's text block on attachments and copies: top right of page 1, no image (Appendix I),
 * inside the 15 mm right margin, near the top edge.
 */
export function textBlockPlace(page: { width: number; height: number }): PageRect {
  const width = 80 * MM;
  const height = 16 * MM;
  return { page: 0, rect: [page.width - 15 * MM - width, page.height - 4 * MM - height, width, height] };
}
