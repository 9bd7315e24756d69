import type { Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { exchangeStatusCodes } from '@mts/contracts';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { createPdf, drawTable, type TableColumn } from '../../../platform/pdf/index.ts';
import { incomingStatusLabels } from '../document-errors.ts';
import { outgoingStatusLabels } from '../outgoing-workflow.ts';
import { padNumber } from '../symbol.ts';
import type { RegisterHeading } from './print.repository.ts';

/**
 * The Appendix VI reports on processing: for an incoming register, how many documents are in each
 * state and, per handler, how much work was done on time, late, is open within its deadline, or
 * overdue; for an outgoing register, documents by state and recipients by edXML status.
 */
export interface ProcessingSummary {
  title: string;
  lines: string[];
  tables: Array<{ caption: string; columns: TableColumn[]; rows: Array<Array<string | number>> }>;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

type Filter = { year: number; from: number; to: number };
const inRange = (registerId: string, f: Filter) =>
  sql`rn.register_id = ${registerId} AND rn.year = ${f.year} AND rn.number BETWEEN ${f.from} AND ${f.to}`;

export async function processingSummary(
  db: Queryable,
  register: RegisterHeading,
  incoming: boolean,
  filter: Filter,
  today: string,
): Promise<ProcessingSummary> {
  const numbers = (
    await db.execute<{ first: number | null; last: number | null; total: string; used: string }>(sql`
      SELECT min(rn.number) AS first, max(rn.number) AS last, count(*) AS total, count(rn.document_id) AS used
      FROM register_number rn WHERE ${inRange(register.id, filter)}`)
  ).rows[0]!;
  const statuses = (
    await db.execute<{ status: string; n: string }>(sql`
      SELECT d.status, count(*) AS n FROM register_number rn JOIN document d ON d.id = rn.document_id
      WHERE ${inRange(register.id, filter)} GROUP BY d.status ORDER BY count(*) DESC, d.status`)
  ).rows;
  const labels: Record<string, string> = incoming ? incomingStatusLabels : outgoingStatusLabels;
  const lines = [
    `${register.unitName} — ${register.name} — năm ${filter.year}`,
    numbers.first === null
      ? 'Chưa có số nào trong khoảng đã chọn.'
      : `Từ số ${padNumber(numbers.first)} đến số ${padNumber(numbers.last!)}: ${numbers.used} văn bản` +
        (Number(numbers.total) > Number(numbers.used)
          ? `, ${Number(numbers.total) - Number(numbers.used)} số giữ trước hoặc đã hủy.`
          : '.'),
    `Số liệu tính đến ngày ${today.slice(8, 10)}/${today.slice(5, 7)}/${today.slice(0, 4)}.`,
  ];
  const byStatus = {
    caption: 'Văn bản theo trạng thái',
    columns: [
      { header: 'Trạng thái', weight: 4 },
      { header: 'Số văn bản', weight: 1, align: 'center' as const },
    ],
    rows: statuses.map((s) => [capitalise(labels[s.status] ?? s.status), Number(s.n)]),
  };
  if (incoming) {
    const handlers = (
      await db.execute<Record<string, string>>(sql`
        SELECT CASE WHEN s.full_name IS NULL THEN u.name ELSE s.full_name || ' (' || u.name || ')' END AS handler,
          count(*) AS assigned,
          count(*) FILTER (WHERE a.status = 'done'
            AND (a.completed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= a.deadline) AS on_time,
          count(*) FILTER (WHERE a.status = 'done'
            AND (a.completed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date > a.deadline) AS late,
          count(*) FILTER (WHERE a.status <> 'done' AND a.deadline >= ${today}::date) AS open,
          count(*) FILTER (WHERE a.status <> 'done' AND a.deadline < ${today}::date) AS overdue
        FROM register_number rn JOIN document_assignment a ON a.document_id = rn.document_id
        JOIN unit u ON u.id = a.assignee_unit_id LEFT JOIN staff s ON s.id = a.assignee_staff_id
        WHERE ${inRange(register.id, filter)}
        GROUP BY 1 ORDER BY 1`)
    ).rows;
    const keys = ['assigned', 'on_time', 'late', 'open', 'overdue'] as const;
    const total = keys.map((k) => handlers.reduce((sum, h) => sum + Number(h[k]), 0));
    return {
      title: 'BÁO CÁO TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐẾN',
      lines,
      tables: [
        byStatus,
        {
          caption: 'Giải quyết theo đơn vị, người được giao',
          columns: [
            { header: 'Đơn vị, người giải quyết', weight: 4 },
            { header: 'Được giao', weight: 1, align: 'center' },
            { header: 'Hoàn thành đúng hạn', weight: 1.2, align: 'center' },
            { header: 'Hoàn thành quá hạn', weight: 1.2, align: 'center' },
            { header: 'Đang giải quyết trong hạn', weight: 1.2, align: 'center' },
            { header: 'Quá hạn chưa hoàn thành', weight: 1.2, align: 'center' },
          ],
          rows: [
            ...handlers.map((h) => [h.handler!, ...keys.map((k) => Number(h[k]))]),
            ['Tổng cộng', ...total],
          ],
        },
      ],
    };
  }
  const recipients = (
    await db.execute<{ code: string | null; n: string }>(sql`
      SELECT r.status_code AS code, count(*) AS n FROM register_number rn
      JOIN document_recipient r ON r.document_id = rn.document_id
      WHERE ${inRange(register.id, filter)} GROUP BY r.status_code ORDER BY r.status_code NULLS LAST`)
  ).rows;
  return {
    title: 'BÁO CÁO TÌNH HÌNH VĂN BẢN ĐI',
    lines,
    tables: [
      byStatus,
      {
        caption: 'Nơi nhận theo trạng thái xử lý (mã trạng thái edXML)',
        columns: [
          { header: 'Trạng thái tại nơi nhận', weight: 4 },
          { header: 'Số nơi nhận', weight: 1, align: 'center' },
        ],
        rows: recipients.map((r) => [
          r.code
            ? `${r.code} — ${exchangeStatusCodes[r.code as keyof typeof exchangeStatusCodes] ?? r.code}`
            : 'Gửi ngoài hệ thống (chưa có trạng thái)',
          Number(r.n),
        ]),
      },
    ],
  };
}

/** The summary on one or a few A4 portrait pages. */
export function summaryPdf(summary: ProcessingSummary): NodeJS.ReadableStream {
  const pdf = createPdf({ title: summary.title, margins: { top: 20, bottom: 20, left: 25, right: 15 } });
  pdf.text(summary.title, { style: 'bold', size: 14, align: 'center', after: 8 });
  for (const line of summary.lines) pdf.text(line, { size: 13, align: 'center', after: 2 });
  (async () => {
    for (const table of summary.tables) {
      pdf.y += 12;
      pdf.text(table.caption, { style: 'bold', size: 13, after: 4 });
      await drawTable(pdf, {
        columns: table.columns,
        rows: table.rows.map((row) => row.map(String)),
        fontSize: 12,
      });
    }
    pdf.end();
  })().catch((error: unknown) => pdf.stream.destroy(error as Error));
  return pdf.stream;
}

/** The summary as a workbook: the lines, then each table with a bold header row. */
export function summaryXlsx(summary: ProcessingSummary): Readable {
  const output = new PassThrough();
  (async () => {
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
    const sheet = book.addWorksheet('Báo cáo');
    sheet.columns = [{ width: 50 }, ...Array.from({ length: 5 }, () => ({ width: 16 }))];
    sheet.addRow([summary.title]).font = { bold: true, size: 14 };
    for (const line of summary.lines) sheet.addRow([line]);
    for (const table of summary.tables) {
      sheet.addRow([]);
      sheet.addRow([table.caption]).font = { bold: true };
      const header = sheet.addRow(table.columns.map((c) => c.header));
      header.font = { bold: true };
      header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
      for (const row of table.rows) sheet.addRow(row);
    }
    sheet.commit();
    await book.commit();
  })().catch((error: unknown) => output.destroy(error as Error));
  return output;
}
