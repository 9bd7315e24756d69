import {
  competenceLevelLabels,
  petitionStatusLabels,
  voterSessionLevelLabels,
  voterSessionModeLabels,
  voterSessionStatusLabels,
} from '@mts/contracts';
import { createPdf, drawTable } from '../../../platform/pdf/index.ts';
import { vietnamDate, vietnamDateTime, vietnamPeriod } from './format.ts';
import type { ReportData } from './sessions.service.ts';

/**
 * The summary report of one voter-contact session (báo cáo tổng hợp kết quả tiếp xúc cử tri), in
 * three formats built from the same lines: the header, attendance, the minutes, then every
 * petition raised grouped by subject area and competence level with its current status. No
 * personal data: petitioners and named attendees stay out.
 */

type Petition = ReportData['petitions'][number];

export interface PetitionGroup {
  subjectName: string;
  level: Petition['competenceLevel'];
  /** "Đất đai, nhà ở — thẩm quyền cấp tỉnh". */
  heading: string;
  petitions: Petition[];
}

/** Groups in subject order, then central → province → commune (the rows come sorted that way). */
export function groupPetitions(petitions: readonly Petition[]): PetitionGroup[] {
  const groups: PetitionGroup[] = [];
  for (const petition of petitions) {
    let group = groups.at(-1);
    if (!group || group.subjectName !== petition.subjectName || group.level !== petition.competenceLevel) {
      group = {
        subjectName: petition.subjectName,
        level: petition.competenceLevel,
        heading: `${petition.subjectName} — thẩm quyền ${competenceLevelLabels[petition.competenceLevel].toLowerCase()}`,
        petitions: [],
      };
      groups.push(group);
    }
    group.petitions.push(petition);
  }
  return groups;
}

const statusLabel = (status: string) =>
  petitionStatusLabels[status as keyof typeof petitionStatusLabels] ?? status;

/** The header lines: label, value. */
export function headerLines(data: ReportData): Array<[string, string]> {
  const s = data.session;
  const lines: Array<[string, string]> = [
    ['Hội nghị', s.title],
    ['Đơn vị tổ chức', `Ban Thường trực ${s.unitName}`],
    ['Cấp', voterSessionLevelLabels[s.level]],
    ['Hình thức', voterSessionModeLabels[s.mode]],
    ['Thời gian', vietnamPeriod(s.startsAt, s.endsAt)],
  ];
  if (s.place) lines.push(['Địa điểm', s.place]);
  if (s.onlineUrl) lines.push(['Đường dẫn trực tuyến', s.onlineUrl]);
  if (s.term) lines.push(['Nhiệm kỳ', s.term]);
  if (s.assemblySession) lines.push(['Kỳ họp', s.assemblySession]);
  lines.push(['Trạng thái', voterSessionStatusLabels[s.status]]);
  lines.push([
    'Thông báo Ban Thường trực',
    s.notifiedAt
      ? `${vietnamDateTime(s.notifiedAt)}${s.noticeLate ? ' (muộn: chưa đủ 3 ngày làm việc)' : ''}`
      : `Chưa thông báo (hạn ${vietnamDate(s.noticeDueBy)})`,
  ]);
  if (s.cancelReason) lines.push(['Lý do hủy', s.cancelReason]);
  return lines;
}

export function attendanceLines(data: ReportData): Array<[string, string]> {
  const present = data.delegates.filter((d) => d.present);
  const absent = data.delegates.filter((d) => d.present === false);
  const lines: Array<[string, string]> = [
    [
      'Số cử tri tham dự',
      data.session.voterCount === null ? 'Chưa ghi nhận' : String(data.session.voterCount),
    ],
    [
      'Đại biểu có mặt',
      data.session.attendanceAt
        ? `${present.length}/${data.delegates.length}${present.length ? `: ${present.map((d) => d.name).join('; ')}` : ''}`
        : `Chưa ghi nhận (${data.delegates.length} đại biểu được mời: ${data.delegates.map((d) => d.name).join('; ')})`,
    ],
  ];
  if (absent.length) lines.push(['Đại biểu vắng mặt', absent.map((d) => d.name).join('; ')]);
  if (data.invitees.length)
    lines.push([
      'Khách mời',
      data.invitees.map((i) => (i.organisation ? `${i.name} (${i.organisation})` : i.name)).join('; '),
    ]);
  return lines;
}

export function minutesLines(data: ReportData): Array<[string, string]> {
  const minutes = data.session.minutes;
  if (!minutes) return [['Biên bản', 'Chưa lập biên bản']];
  return [
    ['Tóm tắt', minutes.summary],
    ['Ý kiến, kiến nghị của cử tri', minutes.opinions || '—'],
    ['Ý kiến giải trình, trả lời của đại biểu tại hội nghị', minutes.responses || '—'],
  ];
}

const PETITION_COLUMNS = ['STT', 'Mã tra cứu', 'Nội dung kiến nghị', 'Địa bàn', 'Trạng thái hiện tại'];
const petitionCells = (p: Petition, index: number) => [
  String(index + 1),
  p.trackingCode,
  p.title,
  p.unitName,
  statusLabel(p.status),
];

const reportTitle = 'BÁO CÁO TỔNG HỢP KẾT QUẢ TIẾP XÚC CỬ TRI';

/** The report as an XLSX workbook (exceljs, as the other exports): one sheet, sections one below another. */
export async function sessionReportXlsx(data: ReportData): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs'); // heavy: loaded on first export
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Mặt trận số';
  const sheet = workbook.addWorksheet('Báo cáo hội nghị');
  const widths = [8, 18, 60, 30, 20];
  widths.forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });
  sheet.addRow([reportTitle]).font = { bold: true, size: 14 };
  sheet.addRow([]);
  const section = (title: string, lines: Array<[string, string]>) => {
    sheet.addRow([title]).font = { bold: true, size: 12 };
    for (const [label, value] of lines) {
      const row = sheet.addRow([label, '', value]);
      row.getCell(1).font = { bold: true };
      row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
      sheet.mergeCells(row.number, 1, row.number, 2);
    }
    sheet.addRow([]);
  };
  section('I. THÔNG TIN HỘI NGHỊ', headerLines(data));
  section('II. THÀNH PHẦN THAM DỰ', attendanceLines(data));
  section('III. BIÊN BẢN', minutesLines(data));
  sheet.addRow([`IV. KIẾN NGHỊ CỦA CỬ TRI (${data.petitions.length})`]).font = { bold: true, size: 12 };
  const groups = groupPetitions(data.petitions);
  if (groups.length === 0) sheet.addRow(['Không có kiến nghị nào được ghi nhận tại hội nghị.']);
  let index = 0;
  for (const group of groups) {
    sheet.addRow([`${group.heading} (${group.petitions.length})`]).font = { bold: true, italic: true };
    sheet.addRow(PETITION_COLUMNS).font = { bold: true };
    for (const petition of group.petitions) {
      const row = sheet.addRow(petitionCells(petition, index++));
      row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The report as an A4 PDF in Tinos (platform/pdf): headings, label/value lines, one table per group. */
export function sessionReportPdf(data: ReportData) {
  const pdf = createPdf({ title: `Báo cáo kết quả tiếp xúc cử tri: ${data.session.title}` });
  const stream = pdf.stream;
  (async () => {
    pdf.text(data.session.unitName.toUpperCase(), { size: 12, align: 'center' });
    pdf.text('BAN THƯỜNG TRỰC', { style: 'bold', size: 12, align: 'center', after: 12 });
    pdf.text(reportTitle, { style: 'bold', size: 14, align: 'center', after: 4 });
    pdf.text(data.session.title, { style: 'italic', size: 13, align: 'center', after: 12 });
    const section = (title: string, lines: Array<[string, string]>) => {
      if (pdf.y + 60 > pdf.bottom) pdf.addPage();
      pdf.text(title, { style: 'bold', size: 13, after: 4 });
      for (const [label, value] of lines) {
        if (pdf.y + 30 > pdf.bottom) pdf.addPage();
        const y = pdf.y;
        pdf.text(`${label}:`, { style: 'bold', size: 12, y, width: 150 });
        const below = pdf.y;
        pdf.text(value, { size: 12, x: pdf.left + 155, y });
        pdf.y = Math.max(pdf.y, below) + 3;
      }
      pdf.y += 8;
    };
    section('I. THÔNG TIN HỘI NGHỊ', headerLines(data));
    section('II. THÀNH PHẦN THAM DỰ', attendanceLines(data));
    section('III. BIÊN BẢN', minutesLines(data));
    if (pdf.y + 60 > pdf.bottom) pdf.addPage();
    pdf.text(`IV. KIẾN NGHỊ CỦA CỬ TRI (${data.petitions.length})`, { style: 'bold', size: 13, after: 4 });
    const groups = groupPetitions(data.petitions);
    if (groups.length === 0)
      pdf.text('Không có kiến nghị nào được ghi nhận tại hội nghị.', { style: 'italic', size: 12 });
    let index = 0;
    for (const group of groups) {
      // The heading, the table header and a first row stay together.
      if (pdf.y + 110 > pdf.bottom) pdf.addPage();
      pdf.text(`${group.heading} (${group.petitions.length})`, { style: 'boldItalic', size: 12, after: 3 });
      await drawTable(pdf, {
        columns: [
          { header: 'STT', weight: 0.6, align: 'center' },
          { header: 'Mã tra cứu', weight: 2.1 },
          { header: 'Nội dung kiến nghị', weight: 4.2 },
          { header: 'Địa bàn', weight: 2 },
          { header: 'Trạng thái hiện tại', weight: 1.6 },
        ],
        rows: group.petitions.map((p) => petitionCells(p, index++)),
        fontSize: 10.5,
      });
      pdf.y += 8;
    }
    pdf.end();
  })().catch((error: Error) => stream.destroy(error));
  return stream;
}

/** The report as DOCX (the `docx` package): A4, Times New Roman 13 pt, Decree 30 margins. */
export async function sessionReportDocx(data: ReportData): Promise<Buffer> {
  const { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } =
    await import('docx');
  const para = (
    text: string,
    options: { bold?: boolean; italics?: boolean; center?: boolean; size?: number } = {},
  ) =>
    new Paragraph({
      alignment: options.center ? AlignmentType.CENTER : AlignmentType.LEFT,
      spacing: { after: 80 },
      children: [new TextRun({ text, bold: options.bold, italics: options.italics, size: options.size })],
    });
  const labelled = ([label, value]: [string, string]) =>
    new Paragraph({
      spacing: { after: 60 },
      children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun({ text: value })],
    });
  const cell = (text: string, bold = false) =>
    new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, size: 22 })] })] });
  const children: Array<InstanceType<typeof Paragraph> | InstanceType<typeof Table>> = [
    para(data.session.unitName.toUpperCase(), { center: true, size: 24 }),
    para('BAN THƯỜNG TRỰC', { center: true, bold: true, size: 24 }),
    para(reportTitle, { center: true, bold: true, size: 28 }),
    para(data.session.title, { center: true, italics: true }),
    para('I. THÔNG TIN HỘI NGHỊ', { bold: true }),
    ...headerLines(data).map(labelled),
    para('II. THÀNH PHẦN THAM DỰ', { bold: true }),
    ...attendanceLines(data).map(labelled),
    para('III. BIÊN BẢN', { bold: true }),
    ...minutesLines(data).map(labelled),
    para(`IV. KIẾN NGHỊ CỦA CỬ TRI (${data.petitions.length})`, { bold: true }),
  ];
  const groups = groupPetitions(data.petitions);
  if (groups.length === 0)
    children.push(para('Không có kiến nghị nào được ghi nhận tại hội nghị.', { italics: true }));
  let index = 0;
  for (const group of groups) {
    children.push(para(`${group.heading} (${group.petitions.length})`, { bold: true, italics: true }));
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ tableHeader: true, children: PETITION_COLUMNS.map((h) => cell(h, true)) }),
          ...group.petitions.map(
            (p) => new TableRow({ children: petitionCells(p, index++).map((text) => cell(text)) }),
          ),
        ],
      }),
    );
  }
  const document = new Document({
    creator: 'Mặt trận số',
    title: `Báo cáo kết quả tiếp xúc cử tri: ${data.session.title}`,
    styles: { default: { document: { run: { font: 'Times New Roman', size: 26 } } } },
    sections: [
      {
        // A4 in twentieths of a point; margins 20/20/30/15 mm (Decree 30, Appendix I).
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1134, bottom: 1134, left: 1701, right: 850 },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
