import { type Directive, type RecipientRow, recipientStatusLabels } from '@mts/contracts';

const VIETNAM_OFFSET_MS = 7 * 3_600_000; // UTC+07:00 all year

/** dd/mm/yyyy hh:mm in Vietnam time; empty for no time. */
function vietnamTime(at: string | null): string {
  if (!at) return '';
  const iso = new Date(new Date(at).getTime() + VIETNAM_OFFSET_MS).toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}

function columns(directive: Directive) {
  return [
    { header: 'STT', width: 6, value: (_r: RecipientRow, i: number) => i + 1 },
    { header: 'Đơn vị', width: 40, value: (r: RecipientRow) => r.unitName },
    { header: 'Mã đơn vị', width: 16, value: (r: RecipientRow) => r.unitCode ?? '' },
    { header: 'Trạng thái', width: 14, value: (r: RecipientRow) => recipientStatusLabels[r.status] },
    { header: 'Đã xem lúc', width: 17, value: (r: RecipientRow) => vietnamTime(r.seenAt) },
    { header: 'Xác nhận lúc', width: 17, value: (r: RecipientRow) => vietnamTime(r.acknowledgedAt) },
    {
      header: 'Đúng hạn',
      width: 10,
      value: (r: RecipientRow) => (r.onTime === null ? '' : r.onTime ? 'Có' : 'Không'),
    },
    { header: 'Báo cáo lúc', width: 17, value: (r: RecipientRow) => vietnamTime(r.reportedAt) },
    { header: 'Nội dung báo cáo', width: 50, value: (r: RecipientRow) => r.reportText ?? '' },
    {
      header: directive.figureLabel ? `Số liệu (${directive.figureLabel})` : 'Số liệu',
      width: 14,
      value: (r: RecipientRow) => r.reportFigure ?? '',
    },
    {
      header: 'Tệp đính kèm',
      width: 30,
      value: (r: RecipientRow) => r.attachments.map((a) => a.name).join('; '),
    },
    { header: 'Báo cáo vượt cấp lúc', width: 17, value: (r: RecipientRow) => vietnamTime(r.escalatedAt) },
  ];
}

/**
 * One CSV field. Text a spreadsheet would run as a formula (= + - @, tab, CR) is prefixed with an
 * apostrophe: reports hold text typed by users.
 */
function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The board as CSV for Excel: UTF-8 with a byte-order mark (Vietnamese shows correctly), CRLF lines. */
export function boardCsv(directive: Directive, rows: RecipientRow[]): string {
  const cols = columns(directive);
  const lines = [cols.map((c) => csvField(c.header)).join(',')];
  rows.forEach((row, i) => {
    lines.push(cols.map((c) => csvField(c.value(row, i))).join(','));
  });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The board as an XLSX workbook: a heading with the directive, then one line per recipient unit. */
export async function boardXlsx(directive: Directive, rows: RecipientRow[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs'); // heavy: loaded on first export
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Tiến độ chỉ đạo');
  const cols = columns(directive);
  sheet.addRow([`Chỉ đạo: ${directive.title}`]).font = { bold: true, size: 13 };
  sheet.addRow([`Đơn vị gửi: ${directive.senderUnitName} — Hạn: ${vietnamTime(directive.deadline)}`]);
  sheet.addRow([]);
  const header = sheet.addRow(cols.map((c) => c.header));
  header.font = { bold: true };
  cols.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.width;
  });
  rows.forEach((row, i) => {
    sheet.addRow(cols.map((c) => c.value(row, i)));
  });
  sheet.views = [{ state: 'frozen', ySplit: 4 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
