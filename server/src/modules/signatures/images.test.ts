import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { checkTransparentPng, ImageRejectedError } from './images.check.ts';
import { drawDemoSeal, drawDemoSignature } from './images.draw.ts';

const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ImageRejectedError);
    return (error as ImageRejectedError).details?.reason;
  }
  throw new Error('not refused');
};

function rgba(width: number, height: number, alpha: (x: number, y: number) => number) {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) png.data.set([200, 20, 30, alpha(x, y)], (y * width + x) * 4);
  return PNG.sync.write(png);
}

describe('checkTransparentPng', () => {
  it('accepts a PNG with transparent background and some ink', () => {
    expect(checkTransparentPng(rgba(40, 20, (x) => (x < 10 ? 255 : 0)))).toEqual({ width: 40, height: 20 });
  });

  it('refuses a fully transparent (blank) image', () => {
    expect(reasonOf(() => checkTransparentPng(rgba(40, 20, () => 0)))).toBe('empty');
  });

  it('refuses a huge image from its header, before decoding (decompression bomb)', () => {
    const png = Buffer.from(rgba(40, 20, (x) => (x < 10 ? 255 : 0)));
    png.writeUInt32BE(100_000, 16);
    png.writeUInt32BE(100_000, 20);
    expect(reasonOf(() => checkTransparentPng(png))).toBe('dimensions');
  });

  it('refuses a truncated PNG as damaged', () => {
    const png = rgba(64, 64, (x, y) => ((x + y) % 3 ? 255 : 0));
    expect(reasonOf(() => checkTransparentPng(png.subarray(0, png.length - 40)))).toBe('corrupt');
  });

  it('refuses text and other formats by content, whatever the name', () => {
    expect(reasonOf(() => checkTransparentPng(Buffer.from('%PDF-1.7 not an image at all, just text')))).toBe(
      'not_png',
    );
  });

  it('the demo drawings pass the same check', () => {
    expect(checkTransparentPng(drawDemoSignature(2))).toEqual({ width: 400, height: 160 });
    expect(checkTransparentPng(drawDemoSeal('Ủy ban MTTQ Việt Nam xã An Bình', 'An Bình', 35))).toEqual({
      width: 413,
      height: 413,
    });
  });
});
