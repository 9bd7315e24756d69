import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { badRequest } from '../../../platform/errors/index.ts';
import type { Storage } from '../../../platform/storage/index.ts';
import type { ImageVariant } from '../portal.schema.ts';

/** The renditions' widths (CSS pixels of phones up to wide screens), never above the original's. */
export const IMAGE_WIDTHS = [320, 640, 960, 1280, 1920] as const;
/** AVIF is slow to encode: only up to this width (larger screens get WebP, barely bigger). */
export const AVIF_MAX_WIDTH = 1280;
/** A 40-megapixel photo is already far beyond any camera phone; more is a decompression bomb. */
export const MAX_IMAGE_PIXELS = 40_000_000;

/** The image formats accepted (sharp's names; AVIF reads as `heif` compressed with AV1). */
const ACCEPTED: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};

export const notAnImageMessage = {
  vi: 'Tệp không phải ảnh JPEG, PNG, WebP, AVIF hay GIF (kiểm tra theo nội dung)',
  en: 'The file is not a JPEG, PNG, WebP, AVIF or GIF image (checked by its content)',
};

const corrupt = () =>
  badRequest({
    vi: 'Ảnh bị hỏng hoặc không đầy đủ, không đọc được. Hãy lưu lại ảnh rồi tải lên lần nữa.',
    en: 'The image is damaged or truncated and cannot be read. Save it again and re-upload it.',
  });

export interface ImageInfo {
  contentType: string;
  /** Width and height as shown, after the EXIF orientation is applied. */
  width: number;
  height: number;
}

/**
 * What the bytes are, read from their content by sharp (the header only, nothing decoded yet):
 * an accepted image format, or null when it is no image sharp knows or one we refuse (SVG can
 * carry scripts, TIFF, HEIC…). Throws 400 when the image is larger than MAX_IMAGE_PIXELS.
 */
export async function inspectImage(bytes: Buffer): Promise<ImageInfo | null> {
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return null;
  }
  const format = metadata.format === 'heif' && metadata.compression === 'av1' ? 'avif' : metadata.format;
  const contentType = ACCEPTED[format];
  if (!contentType || !metadata.width || !metadata.height) return null;
  const megapixels = (metadata.width * metadata.height) / 1_000_000;
  if (metadata.width * metadata.height > MAX_IMAGE_PIXELS)
    throw badRequest({
      vi: `Ảnh quá lớn (${megapixels.toFixed(1)} megapixel, tối đa 40). Hãy thu nhỏ ảnh rồi tải lên lại.`,
      en: `The image is too large (${megapixels.toFixed(1)} megapixels, at most 40). Resize it and upload again.`,
    });
  const { width, height } = metadata.autoOrient ?? metadata;
  return { contentType, width, height };
}

/** The widths to render for an image `width` pixels wide: the standard ones it covers, or itself. */
export function renditionWidths(width: number): number[] {
  const widths = IMAGE_WIDTHS.filter((w) => w <= width);
  return widths.length > 0 ? widths : [width];
}

export interface ProcessedImage extends ImageInfo {
  /** The original as uploaded (kept for re-rendering; never served to the public). */
  original: { key: string; size: number };
  variants: ImageVariant[];
}

async function encode(storage: Storage, pipeline: Sharp) {
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  const { key } = await storage.put(data);
  return { key, width: info.width, height: info.height };
}

/**
 * Renders an image's renditions and stores them: turned upright by its EXIF orientation, every
 * metadata dropped (no camera serial, no GPS position of a citizen's photo), WebP and JPEG at each
 * width, AVIF up to AVIF_MAX_WIDTH. One at a time: the server has few cores and editors upload
 * rarely. A file that cannot be decoded → 400, nothing returned (the caller stores no row).
 */
export async function processImage(
  storage: Storage,
  bytes: Buffer,
  info: ImageInfo,
): Promise<ProcessedImage> {
  const widths = renditionWidths(info.width);
  // Decoded once, upright and at the largest width needed, in 8-bit sRGB (CMYK, 16-bit PNG…);
  // every rendition is resized from that, not from the (possibly 40 MP) original.
  let base: { data: Buffer; info: OutputInfo };
  try {
    base = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'truncated' })
      .autoOrient()
      .resize({ width: Math.max(...widths), withoutEnlargement: true })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw corrupt();
  }
  const { width, height, channels } = base.info;
  const raw = { width, height, channels };
  const variants: ImageVariant[] = [];
  for (const target of widths) {
    const resized = () => sharp(base.data, { raw }).resize({ width: target, withoutEnlargement: true });
    const webp = await encode(storage, resized().webp({ quality: 80 }));
    const jpeg = await encode(
      storage,
      resized().flatten({ background: '#ffffff' }).jpeg({ quality: 82, progressive: true }),
    );
    const avif =
      target <= AVIF_MAX_WIDTH ? await encode(storage, resized().avif({ quality: 55, effort: 3 })) : null;
    variants.push({
      width: webp.width,
      height: webp.height,
      webp: webp.key,
      jpeg: jpeg.key,
      ...(avif ? { avif: avif.key } : {}),
    });
  }
  const original = await storage.put(bytes);
  return { ...info, original, variants };
}
