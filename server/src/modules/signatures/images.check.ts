import { PNG } from 'pngjs';
import { AppError } from '../../platform/errors/index.ts';

/** Largest accepted image file. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/** Largest side in pixels (a 60 mm seal at 600 dpi is about 1,420 px). */
export const MAX_IMAGE_SIDE = 4000;
const MIN_IMAGE_SIDE = 16;

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export type ImageProblem = 'too_large' | 'not_png' | 'corrupt' | 'dimensions' | 'opaque' | 'empty';

const problems: Record<ImageProblem, (detail: string) => { vi: string; en: string }> = {
  too_large: () => ({
    vi: `Ảnh quá lớn: tối đa ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`,
    en: `The image is too large: at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`,
  }),
  not_png: () => ({
    vi: 'Tệp không phải ảnh PNG (nội dung tệp không đúng định dạng PNG, dù tên tệp có đuôi .png). Hãy dùng ảnh PNG nền trong suốt.',
    en: 'The file is not a PNG image (its content is not PNG, whatever its name). Use a PNG with a transparent background.',
  }),
  corrupt: (detail) => ({
    vi: `Ảnh PNG bị hỏng, không đọc được (${detail}).`,
    en: `The PNG image is damaged and cannot be read (${detail}).`,
  }),
  dimensions: (detail) => ({
    vi: `Kích thước ảnh không hợp lệ (${detail}): mỗi cạnh từ ${MIN_IMAGE_SIDE} đến ${MAX_IMAGE_SIDE} điểm ảnh.`,
    en: `Invalid image size (${detail}): each side must be ${MIN_IMAGE_SIDE} to ${MAX_IMAGE_SIDE} pixels.`,
  }),
  opaque: () => ({
    vi: 'Ảnh PNG phải có nền trong suốt (kênh alpha hoặc màu trong suốt, và có vùng trong suốt hoàn toàn). Ảnh này có nền đặc: hãy xóa nền trước khi tải lên.',
    en: 'The PNG must have a transparent background (an alpha channel or a transparent colour, with fully transparent areas). This image has a solid background: remove it before uploading.',
  }),
  empty: () => ({
    vi: 'Ảnh trong suốt hoàn toàn, không có nét chữ ký hoặc hình con dấu.',
    en: 'The image is fully transparent: it has no signature stroke or seal.',
  }),
};

/** A refused image, with the precise reason in Vietnamese and English (400). */
export class ImageRejectedError extends AppError {
  constructor(problem: ImageProblem, detail = '') {
    super('BAD_REQUEST', { message: problems[problem](detail), details: { reason: problem } });
  }
}

/** The chunk types of a PNG file, in order (stops at IEND or at the first malformed chunk). */
function chunkTypes(bytes: Buffer): string[] {
  const types: string[] = [];
  let offset = PNG_MAGIC.length;
  while (offset + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    types.push(type);
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  return types;
}

export interface CheckedImage {
  width: number;
  height: number;
}

/**
 * Checks a signature or seal image by its content: a real PNG (magic bytes, then decoded), within
 * the size limits (read from the header before decoding, so a decompression bomb is refused
 * cheaply), with transparency — an alpha channel or a tRNS chunk — and some fully transparent
 * pixels, and not blank. Throws `ImageRejectedError` otherwise.
 */
export function checkTransparentPng(input: Uint8Array): CheckedImage {
  const bytes = Buffer.from(input);
  if (bytes.length > MAX_IMAGE_BYTES) throw new ImageRejectedError('too_large');
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_MAGIC)) throw new ImageRejectedError('not_png');
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') throw new ImageRejectedError('corrupt', 'no IHDR');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const colorType = bytes[25]!;
  const sides = `${width}×${height}`;
  if (width < MIN_IMAGE_SIDE || height < MIN_IMAGE_SIDE || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE)
    throw new ImageRejectedError('dimensions', sides);
  const hasAlphaChannel = colorType === 4 || colorType === 6;
  if (!hasAlphaChannel && !chunkTypes(bytes).includes('tRNS')) throw new ImageRejectedError('opaque');
  let decoded: PNG;
  try {
    decoded = PNG.sync.read(bytes);
  } catch (error) {
    throw new ImageRejectedError('corrupt', error instanceof Error ? error.message : String(error));
  }
  let transparent = 0;
  let visible = 0;
  for (let i = 3; i < decoded.data.length; i += 4) {
    const alpha = decoded.data[i]!;
    if (alpha === 0) transparent++;
    else visible++;
  }
  if (transparent === 0) throw new ImageRejectedError('opaque');
  if (visible === 0) throw new ImageRejectedError('empty');
  return { width: decoded.width, height: decoded.height };
}
