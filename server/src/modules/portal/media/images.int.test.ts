import type { PortalMedia } from '@mts/contracts';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree } from '../../../../test/factories.ts';
import { createTestContext, type TestClient } from '../../../../test/harness.ts';
import { multipartFile, signedInStaff } from '../../messaging/test-support/people.ts';
import { portalSite } from '../portal.schema.ts';

const ctx = await createTestContext();
afterAll(() => ctx.close());
const db = ctx.platform.db;

let editor: TestClient; // province A: portal.read + portal.write
let siteId: string;

/** A photo-like JPEG: a colour gradient, `width` × `height`. */
async function gradientJpeg(width: number, height: number) {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = Math.round((255 * x) / width);
      raw[i + 1] = Math.round((255 * y) / height);
      raw[i + 2] = 128;
    }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

const upload = (client: TestClient, bytes: Buffer, name: string, query = '') =>
  client.request({
    method: 'POST',
    url: `/api/portal/sites/${siteId}/media${query}`,
    ...multipartFile(bytes, name),
  });

const mediaCount = async () =>
  (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM portal_media`)).rows[0]!.n;

beforeAll(async () => {
  const tree = await buildTree(db);
  ({ client: editor } = await signedInStaff(ctx, tree.provinceA.id, {
    permissions: ['portal.read', 'portal.write'],
  }));
  const [site] = await db
    .insert(portalSite)
    .values({ unitId: tree.provinceA.id, slug: 'tinh-thu-nghiem-a', name: 'MTTQ tỉnh Thử Nghiệm A' })
    .returning();
  siteId = site!.id;
});

describe('image uploads', () => {
  let photo: PortalMedia;

  it('renders WebP and JPEG at every width the photo covers, AVIF up to 1280 px', async () => {
    const response = await upload(
      editor,
      await gradientJpeg(2000, 1200),
      'Hội nghị đại biểu.jpg',
      '?alt=Toàn%20cảnh%20hội%20nghị',
    );
    expect(response.statusCode, response.body).toBe(201);
    photo = response.json();
    expect(photo).toMatchObject({
      kind: 'image',
      width: 2000,
      height: 1200,
      contentType: 'image/jpeg',
      alt: 'Toàn cảnh hội nghị',
    });
    expect(photo.variants).toEqual([
      { width: 320, height: 192, avif: true },
      { width: 640, height: 384, avif: true },
      { width: 960, height: 576, avif: true },
      { width: 1280, height: 768, avif: true },
      { width: 1920, height: 1152, avif: false },
    ]);
    expect(photo.url).toBe(`/anh/${photo.id}/960.jpg`);
    expect(photo.thumbnailUrl).toBe(`/anh/${photo.id}/320.jpg`);
  });

  it('serves each rendition with its type, an ETag and a year of immutable caching', async () => {
    for (const [file, type, width] of [
      ['320.avif', 'image/avif', 320],
      ['1280.webp', 'image/webp', 1280],
      ['1920.jpg', 'image/jpeg', 1920],
    ] as const) {
      const response = await ctx.client().get(`/anh/${photo.id}/${file}`);
      expect(response.statusCode, file).toBe(200);
      expect(response.headers['content-type']).toBe(type);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.headers.etag).toMatch(/^"[0-9a-f]{64}"$/);
      expect((await sharp(response.rawPayload).metadata()).width).toBe(width);
      const again = await ctx.client().request({
        method: 'GET',
        url: `/anh/${photo.id}/${file}`,
        headers: { 'if-none-match': response.headers.etag as string },
      });
      expect(again.statusCode).toBe(304);
    }
  });

  it('answers 404 for a width, format or item that does not exist', async () => {
    for (const url of [
      `/anh/${photo.id}/1920.avif`,
      `/anh/${photo.id}/500.jpg`,
      `/anh/${photo.id}/320.png`,
      `/anh/${photo.id}/../320.jpg`,
      '/anh/00000000-0000-4000-8000-000000000000/320.jpg',
      '/anh/khong-phai-uuid/320.jpg',
    ])
      expect((await ctx.client().get(url)).statusCode, url).toBe(404);
  });

  it('hides the images of an inactive site', async () => {
    await db.update(portalSite).set({ isActive: false }).where(eq(portalSite.id, siteId));
    expect((await ctx.client().get(`/anh/${photo.id}/320.jpg`)).statusCode).toBe(404);
    await db.update(portalSite).set({ isActive: true }).where(eq(portalSite.id, siteId));
    expect((await ctx.client().get(`/anh/${photo.id}/320.jpg`)).statusCode).toBe(200);
  });

  it('turns a phone photo upright and strips its EXIF (no camera or position data served)', async () => {
    const tagged = await sharp(await gradientJpeg(800, 400))
      .withExif({ IFD0: { Artist: 'Nguyễn Văn Dân', Copyright: 'GPS 11.94N 108.44E' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    expect((await sharp(tagged).metadata()).exif).toBeDefined();
    const response = await upload(editor, tagged, 'IMG_0001.jpg');
    expect(response.statusCode, response.body).toBe(201);
    const media: PortalMedia = response.json();
    // Orientation 6: the 800 × 400 sensor image is shown 400 wide, 800 high.
    expect(media).toMatchObject({ width: 400, height: 800 });
    expect(media.variants.map((v) => [v.width, v.height])).toEqual([[320, 640]]);
    for (const format of ['jpg', 'webp', 'avif']) {
      const served = await ctx.client().get(`/anh/${media.id}/320.${format}`);
      const metadata = await sharp(served.rawPayload).metadata();
      expect(metadata.exif, format).toBeUndefined();
      expect(metadata.orientation ?? 1, format).toBe(1);
    }
  });

  it('keeps a small PNG at its own width, transparency flattened on white for JPEG', async () => {
    const png = await sharp({
      create: { width: 200, height: 100, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const response = await upload(editor, png, 'bieu-trung.png');
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().variants).toEqual([{ width: 200, height: 100, avif: true }]);
    const jpeg = await ctx.client().get(`/anh/${response.json().id}/200.jpg`);
    const { data } = await sharp(jpeg.rawPayload).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(240);
  });

  it('accepts a CMYK JPEG (a print file) and serves it in sRGB colours', async () => {
    const cmyk = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#336699' } })
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const response = await upload(editor, cmyk, 'ap-phich.jpg');
    expect(response.statusCode, response.body).toBe(201);
    const served = await ctx.client().get(`/anh/${response.json().id}/320.webp`);
    const { data, info } = await sharp(served.rawPayload).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(3);
    const [r, g, b] = data;
    expect(Math.abs(r! - 0x33) + Math.abs(g! - 0x66) + Math.abs(b! - 0x99)).toBeLessThan(40);
  });
});

describe('bad image input', () => {
  it('refuses a text file named .jpg by its content, recording nothing', async () => {
    const before = await mediaCount();
    const response = await upload(editor, Buffer.from('Đây là văn bản, không phải ảnh.'), 'anh.jpg');
    expect(response.statusCode).toBe(415);
    expect(response.json().error.message).toContain(
      'Tệp không phải ảnh JPEG, PNG, WebP, AVIF hay GIF (kiểm tra theo nội dung)',
    );
    expect(await mediaCount()).toBe(before);
  });

  it('refuses an SVG (it could carry scripts)', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    );
    expect((await upload(editor, svg, 'logo.svg')).statusCode).toBe(415);
  });

  it('refuses a truncated JPEG as damaged (400)', async () => {
    const whole = await gradientJpeg(600, 400);
    const before = await mediaCount();
    const response = await upload(editor, whole.subarray(0, Math.floor(whole.length / 2)), 'hong.jpg');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('Ảnh bị hỏng');
    expect(await mediaCount()).toBe(before);
  });

  it('refuses an image over 40 megapixels before decoding it (400)', async () => {
    // A small JPEG whose header claims 8000 × 6000 pixels (48 MP): a decompression bomb.
    const jpeg = Buffer.from(await gradientJpeg(16, 16));
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    jpeg.writeUInt16BE(6000, sof + 5);
    jpeg.writeUInt16BE(8000, sof + 7);
    const response = await upload(editor, jpeg, 'bom.jpg');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('Ảnh quá lớn (48.0 megapixel, tối đa 40)');
  });
});

describe('attachments', () => {
  it('keeps a PDF recognised by content and serves it as a download', async () => {
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    );
    const response = await upload(editor, pdf, 'Kế hoạch tuyên truyền 2026.pdf', '?caption=Kế%20hoạch');
    expect(response.statusCode, response.body).toBe(201);
    const media: PortalMedia = response.json();
    expect(media).toMatchObject({
      kind: 'file',
      contentType: 'application/pdf',
      size: pdf.length,
      variants: [],
    });
    const served = await ctx.client().get(media.url);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('application/pdf');
    expect(served.headers['content-disposition']).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('Kế hoạch tuyên truyền 2026.pdf')}`,
    );
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.rawPayload.equals(pdf)).toBe(true);
    // An attachment is no image: no rendition under /anh.
    expect((await ctx.client().get(`/anh/${media.id}/320.jpg`)).statusCode).toBe(404);
  });

  it('refuses an HTML page uploaded as a document', async () => {
    const response = await upload(
      editor,
      Buffer.from('<html><script>alert(1)</script></html>'),
      'baocao.pdf',
    );
    expect(response.statusCode).toBe(415);
  });
});
