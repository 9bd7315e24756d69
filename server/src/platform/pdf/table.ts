import type { FontStyle } from './fonts.ts';
import { nfc, type PdfWriter } from './writer.ts';

export interface TableColumn {
  header: string;
  /** Relative width: the columns share the page's content width in proportion. */
  weight: number;
  align?: 'left' | 'center' | 'right';
}

/** A cell: plain text, or text with its own style and colour (e.g. an overdue flag in red). */
export type TableCell = string | { text: string; style?: FontStyle; color?: string };

export interface TableOptions {
  columns: TableColumn[];
  rows: Iterable<TableCell[]> | AsyncIterable<TableCell[]>;
  fontSize?: number;
  headerFontSize?: number;
  /** Padding inside each cell, in points. */
  padding?: number;
  /** A row with the column numbers (1, 2, 3 …) under the header, as Decree 30's register forms have. */
  numberColumns?: boolean;
}

export interface TableResult {
  rows: number;
  /** The pages (1-based) on which the header was drawn: the first page of the table and each one after a break. */
  headerPages: number[];
  /** For each page the table used, how many body rows it holds. */
  rowsPerPage: Map<number, number>;
}

const cellText = (cell: TableCell) => nfc(typeof cell === 'string' ? cell : cell.text);

/**
 * Draws a table from the current y down, row by row: each row is as tall as its tallest wrapped
 * cell; a row that does not fit starts a new page, where the header rows are drawn again. Rows
 * may come from an async iterable (a database cursor), so a register of thousands of entries is
 * drawn without holding it. A single row taller than a page is cut to the page, with an ellipsis.
 */
export async function drawTable(pdf: PdfWriter, options: TableOptions): Promise<TableResult> {
  const size = options.fontSize ?? 11;
  const headerSize = options.headerFontSize ?? size;
  const pad = options.padding ?? 3;
  const total = options.columns.reduce((sum, c) => sum + c.weight, 0);
  const result: TableResult = { rows: 0, headerPages: [], rowsPerPage: new Map() };
  const widths = () => options.columns.map((c) => (pdf.contentWidth * c.weight) / total);

  const styleOf = (cell: TableCell, fallback: FontStyle) =>
    typeof cell === 'string' ? fallback : (cell.style ?? fallback);

  /** The height of a row: its tallest wrapped cell plus padding. */
  function measure(cells: TableCell[], style: FontStyle, fontSize: number, w: number[]) {
    let height = 0;
    for (const [index, cell] of cells.entries()) {
      const text = cellText(cell);
      if (text === '') continue;
      height = Math.max(height, pdf.heightOf(text, w[index]! - 2 * pad, styleOf(cell, style), fontSize));
    }
    return height + 2 * pad;
  }

  function drawRow(
    cells: TableCell[],
    style: FontStyle,
    fontSize: number,
    height: number,
    w: number[],
    fill?: string,
  ) {
    const doc = pdf.doc;
    const top = pdf.y;
    let x = pdf.left;
    for (const [index, cell] of cells.entries()) {
      const width = w[index]!;
      if (fill) doc.save().rect(x, top, width, height).fill(fill).restore();
      doc.save().lineWidth(0.5).rect(x, top, width, height).stroke().restore();
      const text = cellText(cell);
      if (text !== '') {
        pdf.use(styleOf(cell, style), fontSize);
        doc
          .fillColor(typeof cell === 'string' ? 'black' : (cell.color ?? 'black'))
          .text(text, x + pad, top + pad, {
            width: width - 2 * pad,
            height: height - 2 * pad,
            ellipsis: true,
            align: options.columns[index]?.align ?? 'left',
          });
        doc.fillColor('black');
      }
      x += width;
    }
    pdf.y = top + height;
  }

  const headerCells = options.columns.map((c) => c.header);
  const numberCells = options.columns.map((_, i) => String(i + 1));

  function headerHeight(w: number[]) {
    return (
      measure(headerCells, 'bold', headerSize, w) +
      (options.numberColumns ? measure(numberCells, 'italic', headerSize, w) : 0)
    );
  }

  function drawHeader(w: number[]) {
    drawRow(headerCells, 'bold', headerSize, measure(headerCells, 'bold', headerSize, w), w, '#e8e8e8');
    if (options.numberColumns)
      drawRow(numberCells, 'italic', headerSize, measure(numberCells, 'italic', headerSize, w), w);
    result.headerPages.push(pdf.pageCount);
  }

  const w = widths();
  const minimumRow = pdf.heightOf('X', 100, 'regular', size) + 2 * pad;
  // Header and at least one row together: never a header alone at the foot of a page.
  if (pdf.y + headerHeight(w) + minimumRow > pdf.bottom) pdf.addPage();
  drawHeader(w);
  for await (const cells of options.rows) {
    const height = measure(cells, 'regular', size, w);
    if (pdf.y + height > pdf.bottom) {
      pdf.addPage();
      drawHeader(w);
    }
    drawRow(cells, 'regular', size, Math.min(height, pdf.bottom - pdf.y), w);
    result.rows += 1;
    result.rowsPerPage.set(pdf.pageCount, (result.rowsPerPage.get(pdf.pageCount) ?? 0) + 1);
  }
  return result;
}
