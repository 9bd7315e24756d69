import { describe, expect, it } from 'vitest';
import type { ImageVariant } from '../portal.schema.ts';
import { imageUrl, pictureHtml } from './render.ts';

const variant = (width: number, avif = true): ImageVariant => ({
  width,
  height: Math.round(width * 0.6),
  webp: `k-${width}-webp`,
  jpeg: `k-${width}-jpg`,
  ...(avif ? { avif: `k-${width}-avif` } : {}),
});

const media = (variants: ImageVariant[], alt = 'Hội nghị MTTQ xã') => ({
  id: 'm1',
  alt,
  width: 2000,
  height: 1200,
  variants,
});

describe('pictureHtml', () => {
  it('offers AVIF, WebP and a JPEG fallback of at most 960 px, lazily', () => {
    const out = pictureHtml(
      media([variant(1920, false), variant(320), variant(640), variant(960), variant(1280)]),
    );
    expect(out).toContain(
      '<source type="image/avif" srcset="/anh/m1/320.avif 320w, /anh/m1/640.avif 640w, /anh/m1/960.avif 960w, /anh/m1/1280.avif 1280w"',
    );
    expect(out).toContain('/anh/m1/1920.webp 1920w');
    expect(out).not.toContain('1920.avif');
    expect(out).toContain('src="/anh/m1/960.jpg"');
    expect(out).toContain('width="960" height="576"');
    expect(out).toContain('srcset="/anh/m1/320.jpg 320w, /anh/m1/640.jpg 640w');
    expect(out).toContain('loading="lazy"');
    expect(out).toContain('decoding="async"');
    expect(out).not.toContain('fetchpriority');
    expect(out.indexOf('image/avif')).toBeLessThan(out.indexOf('image/webp'));
  });

  it('loads a cover eagerly with high priority and custom sizes', () => {
    const out = pictureHtml(media([variant(320), variant(640)]), { eager: true, sizes: '50vw' });
    expect(out).toContain('fetchpriority="high"');
    expect(out).not.toContain('loading=');
    expect(out).toContain('sizes="50vw"');
    expect(out).toContain('src="/anh/m1/640.jpg"');
  });

  it('has no AVIF source when no rendition has one', () => {
    const out = pictureHtml(media([variant(200, false)]));
    expect(out).not.toContain('image/avif');
    expect(out).toContain('src="/anh/m1/200.jpg"');
  });

  it('escapes the alternative text', () => {
    const out = pictureHtml(media([variant(320)], '"><script>alert(1)</script>'));
    expect(out).not.toContain('<script>');
    expect(out).toContain('alt="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"');
  });

  it('is empty when there is nothing to show', () => {
    expect(pictureHtml(media([]))).toBe('');
  });
});

describe('imageUrl', () => {
  it('names a rendition by width and format', () => {
    expect(imageUrl('abc', 640, 'webp')).toBe('/anh/abc/640.webp');
  });
});
