import type { PortalAnalytics } from '@mts/contracts';

/**
 * The report as a spreadsheet (Vietnamese headings): the summary with growth, then one table per
 * breakdown. The same figures as the JSON report.
 */
type Cell = string | number;

/** dd/mm/yyyy from YYYY-MM-DD. */
const vnDate = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
const growthText = (value: number | null) => (value === null ? '' : `${value.toLocaleString('vi-VN')} lần`);

function sections(report: PortalAnalytics): Array<{ title: string; rows: Cell[][] }> {
  return [
    {
      title: `Thống kê truy cập: ${report.site.name}`,
      rows: [
        ['Khoảng thời gian', `${vnDate(report.from)} – ${vnDate(report.to)}`],
        ['Số trang được tính', report.siteCount],
        ['Lượt xem', report.totals.views],
        ['Lượt khách (ước tính, cộng theo ngày)', report.totals.visitors],
        [
          `Lượt xem kỳ trước (${vnDate(report.previous.from)} – ${vnDate(report.previous.to)})`,
          report.previous.views,
        ],
        ['Lượt khách kỳ trước', report.previous.visitors],
        ['Tăng trưởng lượt xem', growthText(report.growth.views)],
        ['Tăng trưởng lượt khách', growthText(report.growth.visitors)],
      ],
    },
    {
      title: 'Theo ngày',
      rows: [
        ['Ngày', 'Lượt xem', 'Lượt khách'],
        ...report.days.map((d) => [vnDate(d.day), d.views, d.visitors]),
      ],
    },
    {
      title: 'Bài viết được xem nhiều nhất',
      rows: [
        ['Bài viết', 'Đường dẫn', 'Lượt xem'],
        ...report.topArticles.map((a) => [a.title, a.path, a.views]),
      ],
    },
    {
      title: 'Nguồn truy cập',
      rows: [['Nguồn', 'Lượt xem'], ...report.referrers.map((r) => [r.label, r.views])],
    },
    {
      title: 'Thiết bị',
      rows: [['Thiết bị', 'Lượt xem'], ...report.devices.map((d) => [d.label, d.views])],
    },
  ];
}

/** One CSV field; text a spreadsheet would run as a formula gets an apostrophe (titles are typed by staff). */
function csvField(value: Cell): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV for Excel: UTF-8 with a byte-order mark, CRLF lines, a blank line between sections. */
export function analyticsCsv(report: PortalAnalytics): string {
  const lines: string[] = [];
  for (const section of sections(report)) {
    if (lines.length) lines.push('');
    lines.push(csvField(section.title));
    for (const row of section.rows) lines.push(row.map(csvField).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** XLSX: one sheet per section, headings in bold. */
export async function analyticsXlsx(report: PortalAnalytics): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs'); // heavy: loaded on first export
  const workbook = new ExcelJS.Workbook();
  const names = ['Tổng quan', 'Theo ngày', 'Bài viết', 'Nguồn truy cập', 'Thiết bị'];
  sections(report).forEach((section, i) => {
    const sheet = workbook.addWorksheet(names[i]);
    sheet.addRow([section.title]).font = { bold: true, size: 13 };
    section.rows.forEach((row, r) => {
      const added = sheet.addRow(row);
      if (r === 0 && i > 0) added.font = { bold: true };
    });
    sheet.getColumn(1).width = i === 0 ? 44 : 40;
    sheet.getColumn(2).width = i === 2 ? 50 : 18;
    sheet.getColumn(3).width = 14;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
