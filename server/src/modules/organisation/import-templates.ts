import { unitKindLabels, unitKinds } from '@mts/contracts';
// exceljs is loaded on first use: it is heavy and most processes never build a workbook.
import { type ColumnSpec, columnHeader } from './import-file.ts';

const TEXT_COLUMNS = new Set(['code', 'parentCode', 'unitCode', 'phone', 'username']);

/**
 * An XLSX template: the data sheet (header row, text-formatted code/phone columns so leading
 * zeros survive) and an instructions sheet with every column and the allowed values.
 */
export async function buildTemplate(
  sheetName: string,
  columns: readonly ColumnSpec[],
  allowed: Array<{ title: string; values: string[] }>,
): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Mặt trận số';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({
    header: columnHeader(column),
    key: column.key,
    width: Math.max(16, columnHeader(column).length + 4),
    style: TEXT_COLUMNS.has(column.key) ? { numFmt: '@' } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  columns.forEach((column, index) => {
    if (column.required)
      header.getCell(index + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
  });

  const help = workbook.addWorksheet('Hướng dẫn');
  help.columns = [
    { header: 'Cột', key: 'column', width: 34 },
    { header: 'Bắt buộc', key: 'required', width: 10 },
    { header: 'Nội dung', key: 'hint', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const column of columns)
    help.addRow({ column: columnHeader(column), required: column.required ? 'Có' : '', hint: column.hintVi });
  help.addRow({});
  help.addRow({
    column: 'Lưu ý',
    hint: 'Dòng 1 là tiêu đề, dữ liệu từ dòng 2. Có thể lưu dạng .xlsx hoặc CSV UTF-8. Chỉ ghi khi toàn bộ tệp hợp lệ; dùng "Kiểm tra trước" để xem lỗi từng dòng.',
  });
  for (const group of allowed) {
    help.addRow({});
    help.addRow({ column: group.title }).font = { bold: true };
    for (const value of group.values) help.addRow({ hint: value });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const kindValues = () => unitKinds.map((kind) => `${unitKindLabels[kind].vi} (${kind})`);
