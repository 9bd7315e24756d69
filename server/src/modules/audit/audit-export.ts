import { PassThrough, Readable } from 'node:stream';

/** One exported line; `at` is shown in Vietnam time. */
export interface ExportRow {
  id: number;
  at: Date;
  actorLabel: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  unitName: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  requestId: string | null;
}

const columns: Array<{ header: string; width: number; value: (row: ExportRow) => string | number | Date }> = [
  { header: 'Mã', width: 10, value: (r) => r.id },
  { header: 'Thời điểm (giờ Việt Nam)', width: 20, value: (r) => r.at },
  { header: 'Người thực hiện', width: 30, value: (r) => r.actorLabel },
  { header: 'Mã người thực hiện', width: 38, value: (r) => r.actorId ?? '' },
  { header: 'Thao tác', width: 22, value: (r) => r.action },
  { header: 'Loại đối tượng', width: 16, value: (r) => r.entityType },
  { header: 'Mã đối tượng', width: 38, value: (r) => r.entityId ?? '' },
  { header: 'Đơn vị', width: 32, value: (r) => r.unitName ?? '' },
  { header: 'Trước', width: 40, value: (r) => json(r.before) },
  { header: 'Sau', width: 40, value: (r) => json(r.after) },
  { header: 'Địa chỉ IP', width: 16, value: (r) => r.ip ?? '' },
  { header: 'Mã yêu cầu', width: 38, value: (r) => r.requestId ?? '' },
];

const json = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));

const VIETNAM_OFFSET_MS = 7 * 3_600_000; // UTC+07:00 all year

/** The wall-clock time in Vietnam as a Date whose UTC fields read that time (for Excel cells). */
const vietnamWallClock = (at: Date) => new Date(at.getTime() + VIETNAM_OFFSET_MS);

/** dd/mm/yyyy hh:mm:ss in Vietnam time. */
export function formatVietnamTime(at: Date): string {
  const iso = vietnamWallClock(at).toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 19)}`;
}

/**
 * One CSV field. Text that a spreadsheet would run as a formula (= + - @, tab, CR) is prefixed
 * with an apostrophe: the log holds names and values typed by users.
 */
export function csvField(value: string | number | Date): string {
  if (typeof value === 'number') return String(value);
  let text = value instanceof Date ? formatVietnamTime(value) : value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV for Excel: UTF-8 with a byte-order mark (so Vietnamese shows correctly), CRLF lines. */
export function toCsv(rows: AsyncIterable<ExportRow>): Readable {
  return Readable.from(
    (async function* () {
      yield `\uFEFF${columns.map((c) => csvField(c.header)).join(',')}\r\n`;
      for await (const row of rows) yield `${columns.map((c) => csvField(c.value(row))).join(',')}\r\n`;
    })(),
  );
}

const EXCEL_CELL_LIMIT = 32_767;

/** An .xlsx workbook written row by row into the returned stream (never held whole in memory). */
export function toXlsx(rows: AsyncIterable<ExportRow>): Readable {
  const output = new PassThrough();
  (async () => {
    const { default: ExcelJS } = await import('exceljs'); // heavy: loaded on first export
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
    const sheet = workbook.addWorksheet('Nhật ký hệ thống', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((c, index) => ({
      header: c.header,
      key: String(index),
      width: c.width,
      style: index === 1 ? { numFmt: 'dd/mm/yyyy hh:mm:ss' } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    for await (const row of rows) {
      sheet
        .addRow(
          columns.map((c) => {
            const value = c.value(row);
            if (value instanceof Date) return vietnamWallClock(value);
            return typeof value === 'string' && value.length > EXCEL_CELL_LIMIT
              ? `${value.slice(0, EXCEL_CELL_LIMIT - 1)}…`
              : value;
          }),
        )
        .commit();
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => output.destroy(error as Error));
  return output;
}
