/**
 * PDF platform piece: A4 pages in a Times-New-Roman-metric serif with Vietnamese text, page
 * numbers, tables that break across pages with their header repeated. Used by the printable
 * registers and routing slip (documents/print) and, later, Decree 30 layout PDFs.
 */
export { type FontStyle, fontStyles, serifFonts } from './fonts.ts';
export { drawTable, type TableCell, type TableColumn, type TableOptions, type TableResult } from './table.ts';
export { createPdf, mm, nfc, type PdfOptions, PdfWriter, type TextOptions } from './writer.ts';

export const PDF_CONTENT_TYPE = 'application/pdf';
