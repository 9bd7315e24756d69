import { documentPriorityLabels, secrecyLabels } from '@mts/contracts';
import { createPdf, drawTable } from '../../../platform/pdf/index.ts';
import { padNumber } from '../symbol.ts';
import { dmy } from './layouts.ts';
import type { RoutingSlipData } from './print.repository.ts';

const ASSIGNEES_SHOWN = 12;
const DIRECTION_CHARS = 500;
const TABLE_SIZE = 11;
/** The signature block and the two opinion sections with a line each, in points. */
const RESERVED_BELOW = 190;

const status: Record<string, string> = {
  assigned: 'Chưa nhận',
  accepted: 'Đang xử lý',
  done: 'Đã hoàn thành',
};

/** "ngày 05 tháng 01 năm 2026" (Decree 30: days below 10 and months 1–2 padded). */
const longDate = (value: string | null) =>
  value
    ? `Ngày ${value.slice(8, 10)} tháng ${value.slice(5, 7)} năm ${value.slice(0, 4)}`
    : 'Ngày …… tháng …… năm ……';

/**
 * Phiếu giải quyết văn bản đến (Decree 30, Appendix IV): unit heading, the document (số đến, ngày
 * đến, số/ký hiệu, ngày, nơi gửi, trích yếu), the leader's direction with the lead and
 * co-ordinating assignees and their deadlines, then space for the unit head's and the handler's
 * opinions. One A4 portrait page: long direction text and long assignee lists are shortened.
 */
export async function routingSlipPdf(data: RoutingSlipData) {
  const pdf = createPdf({ title: `Phiếu giải quyết văn bản đến số ${padNumber(data.arrivalNumber ?? 0)}` });
  const stream = pdf.stream;
  const half = pdf.contentWidth / 2;
  const top = pdf.y;
  if (data.parentUnitName)
    pdf.text(data.parentUnitName.toUpperCase(), { size: 12, align: 'center', width: half });
  pdf.text(data.unitName.toUpperCase(), { style: 'bold', size: 12, align: 'center', width: half });
  pdf.rule(pdf.left + half / 2 - 30, pdf.left + half / 2 + 30, pdf.y + 2);
  const flags = [
    data.secrecy !== 'normal'
      ? secrecyLabels[data.secrecy as keyof typeof secrecyLabels].toUpperCase()
      : null,
    data.priority !== 'normal'
      ? documentPriorityLabels[data.priority as keyof typeof documentPriorityLabels].toUpperCase()
      : null,
  ].filter(Boolean);
  if (flags.length)
    pdf.text(flags.join(' · '), {
      style: 'bold',
      size: 13,
      x: pdf.left + half,
      y: top,
      width: half,
      align: 'center',
      color: '#c00000',
    });
  pdf.y = Math.max(pdf.y, top + 40) + 14;
  pdf.text('PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN', { style: 'bold', size: 14, align: 'center', after: 10 });

  /** A dotted line as wide as the text column (space to write by hand). */
  const dotted = () => {
    pdf.use('regular', 13);
    return '.'.repeat(Math.floor(pdf.contentWidth / pdf.doc.widthOfString('.')) - 2);
  };
  const line = (label: string, value: string) => {
    const y = pdf.y;
    pdf.text(label, { style: 'bold', size: 13, y, width: 110 });
    const below = pdf.y;
    pdf.text(value, { size: 13, x: pdf.left + 110, y });
    pdf.y = Math.max(pdf.y, below) + 2;
  };
  line(
    'Số đến:',
    `${data.arrivalNumber ? padNumber(data.arrivalNumber) : '……'}        Ngày đến: ${dmy(data.arrivalDate) || '……'}`,
  );
  line('Nơi gửi:', data.organName ?? '');
  line(
    'Số, ký hiệu:',
    `${data.codeNumber || data.codeNotation ? `${data.codeNumber ?? ''}/${data.codeNotation ?? ''}` : '……'}        Ngày văn bản: ${dmy(data.issuedDate) || '……'}`,
  );
  line('Trích yếu:', data.typeName ? `${data.typeName}: ${data.subject}` : data.subject);
  pdf.y += 8;

  pdf.text('1. Ý kiến chỉ đạo của lãnh đạo cơ quan:', { style: 'bold', size: 13, after: 4 });
  if (data.leaderDirection) {
    const direction =
      data.leaderDirection.length > DIRECTION_CHARS
        ? `${data.leaderDirection.slice(0, DIRECTION_CHARS - 1)}…`
        : data.leaderDirection;
    pdf.text(direction, { style: 'italic', size: 13, align: 'justify', after: 6 });
  } else {
    for (let i = 0; i < 3; i += 1) pdf.text(dotted(), { size: 13, after: 2 });
  }
  if (data.assignments.length) {
    // As many assignees as the page holds above the signature and the two opinion sections.
    const columns = [
      { header: 'Vai trò', weight: 1 },
      { header: 'Đơn vị, cán bộ được giao', weight: 5 },
      { header: 'Hạn xử lý', weight: 1.3, align: 'center' as const },
      { header: 'Tình trạng', weight: 1.4 },
    ];
    const nameWidth = (pdf.contentWidth * 5) / 8.7 - 6;
    const rowHeight = (text: string) => pdf.heightOf(text, nameWidth, 'regular', TABLE_SIZE) + 6;
    let budget = pdf.bottom - pdf.y - RESERVED_BELOW - 2 * rowHeight('X');
    const rows: string[][] = [];
    for (const a of data.assignments) {
      const name = a.staffName ? `${a.staffName} (${a.unitName})` : a.unitName;
      budget -= rowHeight(name);
      if (budget < 0 || rows.length === ASSIGNEES_SHOWN) break;
      rows.push([
        a.role === 'lead' ? 'Chủ trì' : 'Phối hợp',
        name,
        dmy(a.deadline),
        status[a.status] ?? a.status,
      ]);
    }
    if (data.assignments.length > rows.length)
      rows.push(['', `và ${data.assignments.length - rows.length} đơn vị, cá nhân khác`, '', '']);
    await drawTable(pdf, { columns, rows, fontSize: TABLE_SIZE });
    pdf.y += 6;
  }
  const signature = pdf.y;
  pdf.text(longDate(data.directedDate), {
    style: 'italic',
    size: 13,
    x: pdf.left + half,
    width: half,
    align: 'center',
    y: signature,
  });
  pdf.text('LÃNH ĐẠO CƠ QUAN', { style: 'bold', size: 13, x: pdf.left + half, width: half, align: 'center' });
  pdf.text('(Ký, ghi rõ họ tên)', {
    style: 'italic',
    size: 12,
    x: pdf.left + half,
    width: half,
    align: 'center',
  });
  pdf.y += 30;
  if (data.directedBy)
    pdf.text(data.directedBy, { style: 'bold', size: 13, x: pdf.left + half, width: half, align: 'center' });
  pdf.y += 10;

  // The rest of the page: the unit head's assignment and the handler's proposal, on dotted lines.
  const sections = ['2. Ý kiến của lãnh đạo đơn vị:', '3. Ý kiến đề xuất của người giải quyết:'];
  const lineHeight = pdf.heightOf('.', 100, 'regular', 13) + 4;
  const space = pdf.bottom - pdf.y;
  const linesEach = Math.max(1, Math.floor((space / 2 - lineHeight - 8) / lineHeight));
  for (const title of sections) {
    if (pdf.y + lineHeight * 2 > pdf.bottom) break;
    pdf.text(title, { style: 'bold', size: 13, after: 2 });
    for (let i = 0; i < linesEach && pdf.y + lineHeight <= pdf.bottom; i += 1) {
      pdf.text(dotted(), { size: 13, after: 4 });
    }
    pdf.y += 4;
  }
  pdf.end();
  return stream;
}
