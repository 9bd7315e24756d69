/** What the bytes of an upload are, judged by their content (magic bytes), never by a file name. */
export type ContentType = 'pdf' | 'jpeg' | 'png' | 'tiff';

export function sniffContentType(bytes: Buffer): ContentType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  const head = bytes.subarray(0, 4).toString('latin1');
  if (head === 'II*\0' || head === 'MM\0*') return 'tiff';
  // PDF 32000-1 readers tolerate junk before the header; an upload with any is rejected instead.
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  return null;
}

const fileExtension: Record<ContentType, string> = { pdf: 'pdf', jpeg: 'jpg', png: 'png', tiff: 'tif' };

export const extensionOf = (type: ContentType) => fileExtension[type];

/** Tesseract's PDF renderer and ocrmypdf's sidecar are NFC already; normalise anyway, and tidy. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFC')
    .replaceAll('\0', '')
    .replaceAll('\f', '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Folds Vietnamese to plain ASCII letters, like the database's f_unaccent: "Quyết định" →
 * "quyet dinh" (đ → d). For comparing OCR output regardless of diacritics.
 */
export function foldVietnamese(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replaceAll('đ', 'd').replaceAll('Đ', 'D').toLowerCase();
}

/** Mean word confidence (0–100) from Tesseract's TSV output, ignoring non-word rows (conf −1). */
export function meanConfidence(tsv: string): number | undefined {
  let sum = 0;
  let count = 0;
  for (const line of tsv.split('\n').slice(1)) {
    const cells = line.split('\t');
    if (cells.length < 12 || cells[0] !== '5' || !cells[11]?.trim()) continue;
    const confidence = Number(cells[10]);
    if (!Number.isFinite(confidence) || confidence < 0) continue;
    sum += confidence;
    count += 1;
  }
  return count ? Math.round((sum / count) * 10) / 10 : undefined;
}
