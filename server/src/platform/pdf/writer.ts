import PDFDocument from 'pdfkit';
import { type FontStyle, fontStyles, serifFonts } from './fonts.ts';

/** Millimetres to PDF points (1 pt = 1/72 inch). */
export const mm = (millimetres: number) => (millimetres * 72) / 25.4;

export interface PdfOptions {
  layout?: 'portrait' | 'landscape';
  /** Margins in millimetres; default Decree 30 (Appendix I): top 20, bottom 20, left 30, right 15. */
  margins?: { top: number; bottom: number; left: number; right: number };
  title: string;
  author?: string;
  /**
   * Page numbers centred in the top margin. Decree 30 puts none on the first page
   * (`skipFirst`, the default); `label` turns the page index (1-based) into the printed text.
   */
  pageNumbers?: false | { skipFirst?: boolean; label?: (page: number) => string };
}

export interface TextOptions {
  style?: FontStyle;
  size?: number;
  align?: 'left' | 'center' | 'right' | 'justify';
  /** Left edge in points (default: the left margin) and width (default: to the right margin). */
  x?: number;
  y?: number;
  width?: number;
  underline?: boolean;
  color?: string;
  /** Extra space below, in points. */
  after?: number;
}

/** Text as it is stored may hold decomposed marks; the fonts map precomposed (NFC) letters. */
export const nfc = (text: string) => text.normalize('NFC');

/**
 * A PDF being written: A4, the serif fonts registered as 'regular' | 'bold' | 'italic' |
 * 'boldItalic', page numbers drawn as each page is added. `stream` is the PDF itself (a Readable):
 * pages are flushed as they are finished, so a long register is never held whole in memory.
 * Call `end()` when done; a failure should `stream.destroy(error)`.
 */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private pages = 0;

  constructor(options: PdfOptions) {
    const m = options.margins ?? { top: 20, bottom: 20, left: 30, right: 15 };
    this.doc = new PDFDocument({
      size: 'A4',
      layout: options.layout ?? 'portrait',
      margins: { top: mm(m.top), bottom: mm(m.bottom), left: mm(m.left), right: mm(m.right) },
      autoFirstPage: false,
      bufferPages: false,
      lang: 'vi-VN',
      displayTitle: true,
      info: {
        Title: nfc(options.title),
        Author: nfc(options.author ?? 'Mặt trận số'),
        Creator: 'Mặt trận số',
      },
    });
    const fonts = serifFonts();
    for (const style of fontStyles) this.doc.registerFont(style, fonts[style]);
    const numbers = options.pageNumbers ?? {};
    this.doc.on('pageAdded', () => {
      this.pages += 1;
      if (numbers === false || (this.pages === 1 && numbers.skipFirst !== false)) return;
      const label = numbers.label ? numbers.label(this.pages) : String(this.pages);
      const { x, y } = this.doc;
      this.doc
        .font('regular')
        .fontSize(12)
        .fillColor('black')
        .text(nfc(label), this.left, this.doc.page.margins.top / 2 - 6, {
          width: this.contentWidth,
          align: 'center',
          lineBreak: false,
        });
      this.doc.x = x;
      this.doc.y = y;
    });
    this.doc.addPage();
    this.doc.font('regular').fontSize(13);
  }

  get stream(): NodeJS.ReadableStream & { destroy(error?: Error): void } {
    return this.doc as unknown as NodeJS.ReadableStream & { destroy(error?: Error): void };
  }

  /** Pages added so far (1 after construction). */
  get pageCount() {
    return this.pages;
  }

  get left() {
    return this.doc.page.margins.left;
  }

  get top() {
    return this.doc.page.margins.top;
  }

  /** The lowest y that content may reach on the current page. */
  get bottom() {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  get contentWidth() {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  get y() {
    return this.doc.y;
  }

  set y(value: number) {
    this.doc.y = value;
  }

  addPage() {
    this.doc.addPage();
    this.doc.y = this.top;
    return this;
  }

  /** Sets the font and size for text measured or drawn next. */
  use(style: FontStyle, size: number) {
    this.doc.font(style).fontSize(size);
    return this;
  }

  /** The height `text` takes wrapped at `width` in the given font. */
  heightOf(text: string, width: number, style: FontStyle = 'regular', size = 13) {
    return this.use(style, size).doc.heightOfString(nfc(text), { width });
  }

  /** Draws a paragraph (wrapped) at the current y, or at (x, y); moves y below it. */
  text(text: string, options: TextOptions = {}) {
    const x = options.x ?? this.left;
    const width = options.width ?? this.contentWidth - (x - this.left);
    this.use(options.style ?? 'regular', options.size ?? 13);
    this.doc.fillColor(options.color ?? 'black').text(nfc(text), x, options.y ?? this.doc.y, {
      width,
      align: options.align ?? 'left',
      underline: options.underline ?? false,
    });
    this.doc.fillColor('black');
    if (options.after) this.doc.y += options.after;
    return this;
  }

  /** A horizontal rule from x1 to x2 at y (thin, black). */
  rule(x1: number, x2: number, y: number, lineWidth = 0.5) {
    this.doc.save().lineWidth(lineWidth).moveTo(x1, y).lineTo(x2, y).stroke().restore();
    return this;
  }

  /** Finishes the PDF: the stream ends once its last bytes are read. */
  end() {
    this.doc.end();
  }
}

export function createPdf(options: PdfOptions) {
  return new PdfWriter(options);
}
