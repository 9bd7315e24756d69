import { PassThrough, type Readable } from 'node:stream';
import { padNumber } from '../symbol.ts';
import { type CellValue, type MetadataColumn, type ReportKind, registerLayouts } from './layouts.ts';
import type { RegisterEntry, RegisterHeading } from './print.repository.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const EXCEL_CELL_LIMIT = 32_767;
const headerStyle = {
  font: { bold: true, name: 'Times New Roman', size: 12 },
  alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } },
  border: {
    top: { style: 'thin' },
    left: { style: 'thin' },
    bottom: { style: 'thin' },
    right: { style: 'thin' },
  },
} as const;

/** A date "YYYY-MM-DD" as an Excel date (UTC midnight, shown dd/mm/yyyy); numbers as numbers; text as text. */
function excelValue(value: CellValue | { kind: 'list'; items: string[] }): string | number | Date | null {
  switch (value.kind) {
    case 'date':
      return value.date ? new Date(`${value.date}T00:00:00Z`) : null;
    case 'number':
      return value.value;
    case 'list':
      return value.items.join('; ').slice(0, EXCEL_CELL_LIMIT);
    default:
      return value.text.length > EXCEL_CELL_LIMIT
        ? `${value.text.slice(0, EXCEL_CELL_LIMIT - 1)}…`
        : value.text;
  }
}

interface SheetColumn {
  header: string;
  width: number;
  value: (entry: RegisterEntry) => CellValue | { kind: 'list'; items: string[] };
}

/**
 * One sheet written row by row into the returned stream (exceljs streaming writer: rows are
 * committed as they come, never held). `title` rows, if any, come above the header row. Every
 * column is formatted as text ("@") except dates and numbers, so "01" stays "01".
 */
function writeSheet(
  sheetName: string,
  titles: string[],
  columns: SheetColumn[],
  entries: AsyncIterable<RegisterEntry>,
  flagged: (entry: RegisterEntry) => boolean[],
): Readable {
  const output = new PassThrough();
  (async () => {
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
    workbook.creator = 'Mặt trận số';
    const headerRow = titles.length ? titles.length + 2 : 1;
    const sheet = workbook.addWorksheet(sheetName, {
      views: [{ state: 'frozen', ySplit: headerRow }],
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    sheet.columns = columns.map((c) => ({ width: c.width }));
    for (const [index, title] of titles.entries()) {
      const row = sheet.addRow([title]);
      row.font = { bold: index === 0, name: 'Times New Roman', size: index === 0 ? 14 : 12 };
      row.commit();
    }
    if (titles.length) sheet.addRow([]).commit();
    const header = sheet.addRow(columns.map((c) => c.header));
    header.height = 45;
    header.eachCell((c) => {
      c.style = headerStyle as never;
    });
    header.commit();
    for await (const entry of entries) {
      const values = columns.map((c) => c.value(entry));
      const flags = flagged(entry);
      const row = sheet.addRow(values.map(excelValue));
      row.alignment = { vertical: 'top', wrapText: true };
      values.forEach((value, index) => {
        const cell = row.getCell(index + 1);
        cell.numFmt = value.kind === 'date' ? 'dd/mm/yyyy' : value.kind === 'number' ? '0' : '@';
        cell.font = flags[index]
          ? { name: 'Times New Roman', size: 11, bold: true, color: { argb: 'FFC00000' } }
          : { name: 'Times New Roman', size: 11 };
      });
      row.commit();
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => output.destroy(error as Error));
  return output;
}

const sheetNames: Record<ReportKind, string> = {
  incoming: 'Sổ văn bản đến',
  outgoing: 'Sổ văn bản đi',
  tracking: 'Theo dõi giải quyết',
};

/** An Appendix IV register as a workbook: title rows (unit, register, year, numbers), then the table. */
export function registerXlsx(input: {
  heading: RegisterHeading;
  report: ReportKind;
  year: number;
  range: { first: number | null; last: number | null };
  entries: AsyncIterable<RegisterEntry>;
  today: string;
}): Readable {
  const layout = registerLayouts[input.report];
  const { first, last } = input.range;
  return writeSheet(
    `${sheetNames[input.report]} ${input.year}`,
    [
      `${layout.title} NĂM ${input.year}`,
      `${input.heading.unitName} — ${input.heading.name}`,
      first === null
        ? 'Chưa có số nào trong khoảng đã chọn'
        : `Từ số ${padNumber(first)} đến số ${padNumber(last!)}`,
    ],
    layout.columns.map((c) => ({
      header: c.header,
      width: Math.round(c.weight * 9),
      value: (e) => c.value(e, input.today),
    })),
    input.entries,
    (e) =>
      layout.columns.map((c) => {
        const v = c.value(e, input.today);
        return v.kind === 'text' && v.flagged === true;
      }),
  );
}

/** The Appendix VI metadata of a register's documents: one row per number, the tag names as headers (row 1). */
export function metadataXlsx(columns: MetadataColumn[], entries: AsyncIterable<RegisterEntry>): Readable {
  return writeSheet(
    'Appendix VI',
    [],
    columns.map((c) => ({ header: c.tag, width: c.tag === 'Subject' ? 60 : 18, value: c.value })),
    entries,
    () => [],
  );
}
