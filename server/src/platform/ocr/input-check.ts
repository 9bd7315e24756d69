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

/**
 * Width and height in pixels from a PNG or JPEG header, without decoding the image; null when the
 * header does not say (TIFF, truncated files). Guards against "decompression bombs": a small file
 * that expands to gigabytes of pixels.
 */
export function imageDimensions(bytes: Buffer): { width: number; height: number } | null {
  const type = sniffContentType(bytes);
  if (type === 'png') {
    if (bytes.length < 24 || bytes.subarray(12, 16).toString('latin1') !== 'IHDR') return null;
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (type !== 'jpeg') return null;
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    // SOF0–SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2; // markers without a length
      continue;
    }
    offset += 2 + bytes.readUInt16BE(offset + 2);
  }
  return null;
}
