import { html } from 'ghtml';
import type { ImageVariant } from '../portal.schema.ts';

export type ImageFormat = 'avif' | 'webp' | 'jpg';

/** The public URL of one rendition (served by public.routes.ts, cached for a year). */
export const imageUrl = (mediaId: string, width: number, format: ImageFormat) =>
  `/anh/${mediaId}/${width}.${format}`;

/** What a picture needs from a media row (a `portal_media` image). */
export interface PictureMedia {
  id: string;
  alt: string;
  width: number | null;
  height: number | null;
  variants: ImageVariant[];
}

export interface PictureOptions {
  /** The `sizes` attribute: how wide the image is shown; an article column by default. */
  sizes?: string;
  /** Above the fold (a lead article's cover): load at once, with high priority. */
  eager?: boolean;
}

const DEFAULT_SIZES = '(max-width: 960px) 100vw, 960px';
/** The fallback `<img src>` is the largest JPEG up to this width: sharp enough, not too heavy. */
const FALLBACK_MAX_WIDTH = 960;

const srcset = (mediaId: string, variants: ImageVariant[], format: ImageFormat) =>
  variants.map((v) => `${imageUrl(mediaId, v.width, format)} ${v.width}w`).join(', ');

/**
 * A responsive `<picture>`: AVIF (when renditions exist), then WebP, then a JPEG `<img>` every
 * browser understands. Lazy by default; every value is escaped. Empty when there is nothing to show.
 */
export function pictureHtml(media: PictureMedia, options: PictureOptions = {}): string {
  const variants = [...media.variants].sort((a, b) => a.width - b.width);
  const smallest = variants[0];
  if (!smallest) return '';
  const fallback = variants.filter((v) => v.width <= FALLBACK_MAX_WIDTH).at(-1) ?? smallest;
  const avif = variants.filter((v) => v.avif);
  const sizes = options.sizes ?? DEFAULT_SIZES;
  const loading = options.eager ? html` fetchpriority="high"` : html` loading="lazy"`;
  return html`<picture>!${
    avif.length > 0
      ? html`<source type="image/avif" srcset="${srcset(media.id, avif, 'avif')}" sizes="${sizes}">`
      : ''
  }<source type="image/webp" srcset="${srcset(media.id, variants, 'webp')}" sizes="${sizes}"><img src="${imageUrl(media.id, fallback.width, 'jpg')}" srcset="${srcset(media.id, variants, 'jpg')}" sizes="${sizes}" width="${fallback.width}" height="${fallback.height}" alt="${media.alt}"!${loading} decoding="async"></picture>`;
}
