import type { ImportIssue } from '@mts/contracts';
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { AppError, type LocalisedText } from '../../platform/errors/index.ts';
import { foldText } from './unit-rules.ts';

/** One column of an import template. */
export interface ColumnSpec<K extends string = string> {
  key: K;
  labelVi: string;
  labelEn: string;
  required: boolean;
  /** What goes in the column, for the instructions sheet. */
  hintVi: string;
}

export interface Cell {
  text: string | null;
  /** The spreadsheet stored a number (a phone number typed as a number lost its leading 0). */
  isNumber: boolean;
}

export interface ImportRow<K extends string = string> {
  /** Row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  cells: Record<K, Cell>;
}

export interface ImportTable<K extends string = string> {
  format: 'xlsx' | 'csv';
  rows: ImportRow<K>[];
  /** Problems with the file itself (missing columns): the rows cannot be checked. */
  issues: ImportIssue[];
}

export const MAX_IMPORT_ROWS = 5000;

export const columnHeader = (column: ColumnSpec) => `${column.labelVi} (${column.key})`;

const unsupported = () =>
  new AppError('UNSUPPORTED_MEDIA_TYPE', {
    message: {
      vi: 'Tệp không phải Excel (.xlsx) hoặc CSV mã hóa UTF-8. Hãy tải mẫu, điền dữ liệu rồi lưu dưới dạng .xlsx hoặc CSV UTF-8.',
      en: 'The file is neither Excel (.xlsx) nor UTF-8 CSV. Download the template, fill it in and save it as .xlsx or UTF-8 CSV.',
    },
  });

/** Decides the format from the bytes, never from the name: XLSX is a ZIP (PK), CSV must be UTF-8 text. */
export function detectFormat(buffer: Buffer): 'xlsx' | 'csv' {
  if (
    buffer.length >= 4 &&
    buffer[0] === 0x50 &&
    buffer[1] === 0x4b &&
    buffer[2] === 0x03 &&
    buffer[3] === 0x04
  )
    return 'xlsx';
  if (buffer.length === 0) throw unsupported();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw unsupported();
  }
  // Binary content (NUL or other control characters besides tab and line breaks) is not a CSV.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point of the check
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) throw unsupported();
  return 'csv';
}

/** Reads the first sheet of an XLSX or a CSV into rows keyed by the template's columns. */
export async function readImportFile<K extends string>(
  buffer: Buffer,
  columns: readonly ColumnSpec<K>[],
): Promise<ImportTable<K>> {
  const format = detectFormat(buffer);
  const raw = format === 'xlsx' ? await readXlsx(buffer) : readCsv(buffer);
  const header = raw[0];
  const issues: ImportIssue[] = [];
  if (!header)
    return { format, rows: [], issues: [fileIssue(1, 'header', 'Tệp trống.', 'The file is empty.')] };

  const positions = new Map<K, number>();
  header.cells.forEach((cell, index) => {
    const folded = foldText(cell.text ?? '');
    if (!folded) return;
    const column = columns.find((c) => matchesHeader(c, folded));
    if (!column) return;
    if (positions.has(column.key))
      issues.push(
        fileIssue(
          1,
          column.key,
          `Cột "${column.labelVi}" xuất hiện hai lần.`,
          `Column "${column.labelEn}" appears twice.`,
          column,
        ),
      );
    else positions.set(column.key, index);
  });
  for (const column of columns) {
    if (column.required && !positions.has(column.key))
      issues.push(
        fileIssue(
          1,
          column.key,
          `Thiếu cột bắt buộc "${columnHeader(column)}". Hãy dùng tệp mẫu.`,
          `Missing required column "${column.labelEn}". Use the template.`,
          column,
        ),
      );
  }

  const rows: ImportRow<K>[] = [];
  for (const line of raw.slice(1)) {
    if (line.cells.every((cell) => !cell.text)) continue;
    const cells = {} as Record<K, Cell>;
    for (const column of columns) {
      const index = positions.get(column.key);
      cells[column.key] = (index === undefined ? undefined : line.cells[index]) ?? {
        text: null,
        isNumber: false,
      };
    }
    rows.push({ row: line.row, cells });
  }
  if (rows.length > MAX_IMPORT_ROWS)
    throw new AppError('PAYLOAD_TOO_LARGE', {
      message: {
        vi: `Tệp có ${rows.length} dòng; mỗi lần nhập tối đa ${MAX_IMPORT_ROWS} dòng. Hãy chia nhỏ tệp.`,
        en: `The file has ${rows.length} rows; at most ${MAX_IMPORT_ROWS} per import. Split the file.`,
      },
    });
  return { format, rows, issues };
}

function matchesHeader(column: ColumnSpec, folded: string) {
  return [column.key, column.labelVi, column.labelEn, columnHeader(column)].some(
    (candidate) => foldText(candidate) === folded,
  );
}

function fileIssue(row: number, column: string, vi: string, en: string, spec?: ColumnSpec): ImportIssue {
  return { row, column, columnLabel: spec ? spec.labelVi : column, value: null, message: { vi, en } };
}

/** An issue about one cell. */
export function cellIssue(row: ImportRow, column: ColumnSpec, message: LocalisedText): ImportIssue {
  return {
    row: row.row,
    column: column.key,
    columnLabel: column.labelVi,
    value: row.cells[column.key]?.text ?? null,
    message,
  };
}

interface RawLine {
  row: number;
  cells: Cell[];
}

async function readXlsx(buffer: Buffer): Promise<RawLine[]> {
  const { default: Excel } = await import('exceljs'); // heavy: loaded on first use
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      message: {
        vi: 'Không đọc được tệp Excel (tệp hỏng hoặc không phải .xlsx). Hãy lưu lại bằng Excel dạng .xlsx.',
        en: 'The Excel file cannot be read (damaged or not .xlsx). Save it again as .xlsx.',
      },
    });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const lines: RawLine[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    for (let index = 1; index <= row.cellCount; index++) cells.push(cellOf(row.getCell(index).value));
    lines.push({ row: rowNumber, cells });
  });
  return lines;
}

function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return { text: null, isNumber: false };
  if (typeof value === 'number') return { text: String(value), isNumber: true };
  if (typeof value === 'string') return { text: clean(value), isNumber: false };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', isNumber: false };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10), isNumber: false };
  if ('richText' in value)
    return { text: clean(value.richText.map((part) => part.text).join('')), isNumber: false };
  if ('hyperlink' in value && 'text' in value) return cellOf(value.text as ExcelJS.CellValue);
  if ('result' in value) return cellOf((value.result ?? null) as ExcelJS.CellValue);
  if ('error' in value) return { text: null, isNumber: false };
  return { text: clean(String(value)), isNumber: false };
}

const clean = (text: string) => {
  const trimmed = text.normalize('NFC').trim();
  return trimmed === '' ? null : trimmed;
};

function readCsv(buffer: Buffer): RawLine[] {
  const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = [',', ';', '\t'].reduce((best, candidate) =>
    firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best,
  );
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new AppError('BAD_REQUEST', {
      message: {
        vi: `Tệp CSV sai định dạng${line ? ` ở dòng ${line}` : ''} (thường do dấu ngoặc kép không đóng).`,
        en: `The CSV is malformed${line ? ` at line ${line}` : ''} (often an unclosed quote).`,
      },
    });
  }
  return records.map(({ record, info }) => ({
    row: info.lines,
    cells: record.map((value) => ({ text: clean(value), isNumber: false })),
  }));
}
