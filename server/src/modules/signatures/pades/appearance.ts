/**
 * Visible appearances for signature widgets and stamp annotations. The picture is drawn by pdfkit
 * into a tiny one-page PDF the size of the rectangle (Tinos embedded as a subset with a ToUnicode
 * map, so Vietnamese text renders and extracts; a PNG keeps its alpha as an /SMask), then that
 * page's content stream and resources are copied, renumbered, into the document being updated
 * as a Form XObject. Nothing of the original file is rewritten here.
 */
import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import {
  PDFArray,
  type PDFContext,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFObjectCopier,
  PDFRawStream,
  type PDFRef,
} from 'pdf-lib';
import PDFKit from 'pdfkit';
import { type FontStyle, fontStyles, nfc, serifFonts } from '../../../platform/pdf/index.ts';

/** A rectangle in PDF points, origin bottom-left of the page: [x, y, width, height]. */
export type PdfRect = [number, number, number, number];

export interface AppearanceText {
  lines: string[];
  fontSize: number;
  /** Default 'regular'; the Decree 30 date line is 'italic'. */
  style?: FontStyle;
  /** Default 'center'. */
  align?: 'left' | 'center' | 'right';
}

/** A visible signature: a picture (transparent PNG) and/or text lines in a rectangle of one page. */
export interface SignatureAppearance {
  /** Zero-based page index. */
  page: number;
  rect: PdfRect;
  /** PNG (or JPEG) image, fitted and centred; PNG transparency is kept. */
  image?: Buffer;
  /** Text lines; below the image when both are given, otherwise centred vertically. */
  text?: AppearanceText;
}

/** An extra annotation with a text appearance, written in the same incremental update as a signature. */
export interface Stamp {
  page: number;
  rect: PdfRect;
  text: AppearanceText;
}

const LINE = 1.2;

/**
 * Image-only appearances drawn recently, by image digest and size: a person's signature and a
 * unit's seal are the same picture on every document, and decoding a 40 mm seal at 300 dpi is most
 * of an agency signature's time. Small and bounded; entries are immutable bytes.
 */
const drawnImages = new Map<string, Promise<Buffer>>();
const DRAWN_IMAGES_MAX = 64;

/** Draws the picture into a one-page PDF of exactly width × height points. */
export function drawAppearancePdf(
  width: number,
  height: number,
  content: Omit<SignatureAppearance, 'page' | 'rect'>,
): Promise<Buffer> {
  if (!content.image || content.text?.lines.length) return drawAppearance(width, height, content);
  const key = `${createHash('sha256').update(content.image).digest('hex')}:${width}:${height}`;
  let drawn = drawnImages.get(key);
  if (!drawn) {
    drawn = drawAppearance(width, height, content);
    drawn.catch(() => drawnImages.delete(key));
    if (drawnImages.size >= DRAWN_IMAGES_MAX) drawnImages.delete(drawnImages.keys().next().value!);
    drawnImages.set(key, drawn);
  }
  return drawn;
}

async function drawAppearance(
  width: number,
  height: number,
  content: Omit<SignatureAppearance, 'page' | 'rect'>,
): Promise<Buffer> {
  if (!(width > 0 && height > 0))
    throw new Error('Appearance rectangle must have a positive width and height');
  if (!content.image && !content.text?.lines.length) throw new Error('An appearance needs an image or text');
  const doc = new PDFKit({ size: [width, height], margin: 0, autoFirstPage: true, compress: true });
  const done = buffer(doc as unknown as NodeJS.ReadableStream);
  const fonts = serifFonts();
  for (const style of fontStyles) doc.registerFont(style, fonts[style]);
  const text = content.text;
  const textHeight = text?.lines.length ? text.lines.length * text.fontSize * LINE : 0;
  if (content.image) {
    const imageHeight = Math.max(1, height - textHeight);
    doc.image(content.image, 0, 0, { fit: [width, imageHeight], align: 'center', valign: 'center' });
  }
  if (text?.lines.length) {
    let y = content.image ? height - textHeight : (height - textHeight) / 2;
    doc
      .font(text.style ?? 'regular')
      .fontSize(text.fontSize)
      .fillColor('black');
    for (const line of text.lines) {
      // Leading split evenly above and below each line.
      doc.text(nfc(line), 0, y + (text.fontSize * (LINE - 1)) / 2, {
        width,
        align: text.align ?? 'center',
        lineBreak: false,
      });
      y += text.fontSize * LINE;
    }
  }
  doc.end();
  return done;
}

/**
 * Copies page 1 of `appearancePdf` into `ctx` as a Form XObject with /BBox [0 0 w h]; its fonts
 * and images become new indirect objects of `ctx` (numbers from `ctx.nextRef()`).
 */
export async function importFormXObject(ctx: PDFContext, appearancePdf: Buffer): Promise<PDFRef> {
  const src = await PDFDocument.load(appearancePdf, { updateMetadata: false });
  const page = src.getPage(0);
  const { width, height } = page.getSize();
  const contentsRaw = page.node.get(PDFName.of('Contents'));
  const parts: PDFRawStream[] = [];
  const contents = contentsRaw ? src.context.lookup(contentsRaw) : undefined;
  if (contents instanceof PDFRawStream) parts.push(contents);
  else if (contents instanceof PDFArray)
    for (const item of contents.asArray()) parts.push(src.context.lookup(item) as PDFRawStream);
  if (parts.length !== 1) throw new Error('Appearance page must have exactly one content stream');
  const stream = parts[0] as PDFRawStream;
  const resources = src.context.lookup(page.node.get(PDFName.of('Resources')), PDFDict);
  const copied = PDFObjectCopier.for(src.context, ctx).copy(resources);
  const bytes = stream.getContents();
  const dict = ctx.obj({
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, width, height],
    Resources: copied,
  });
  const filter = stream.dict.get(PDFName.of('Filter'));
  if (filter) dict.set(PDFName.of('Filter'), PDFObjectCopier.for(src.context, ctx).copy(filter));
  dict.set(PDFName.of('Length'), PDFNumber.of(bytes.length));
  return ctx.register(PDFRawStream.of(dict, bytes));
}
