import { documentPriorityLabels, secrecyLabels } from '@mts/contracts';
import { padNumber } from '../symbol.ts';
import { type EntryAssignment, RECIPIENTS_SHOWN, type RegisterEntry } from './print.repository.ts';

/**
 * The printable registers of Decree 30 Appendix IV, column by column in the appendix's order,
 * and the Appendix VI metadata export (edXML tag names). A value is text, a calendar date
 * ("YYYY-MM-DD", written dd/mm/yyyy in PDF and as a real date in XLSX), a number, or a flagged
 * text (overdue: bold red in PDF and XLSX).
 */
export type CellValue =
  | { kind: 'text'; text: string; flagged?: boolean }
  | { kind: 'date'; date: string | null }
  | { kind: 'number'; value: number | null };

export interface RegisterColumn {
  header: string;
  /** Relative width in PDF; width in characters in XLSX is `weight × 9`. */
  weight: number;
  align?: 'left' | 'center';
  value: (entry: RegisterEntry, today: string) => CellValue;
}

export type ReportKind = 'incoming' | 'outgoing' | 'tracking';

const text = (value: string | null | undefined, flagged = false): CellValue => ({
  kind: 'text',
  text: value ?? '',
  flagged,
});
const date = (value: string | null | undefined): CellValue => ({ kind: 'date', date: value ?? null });
const num = (value: number | null | undefined): CellValue => ({ kind: 'number', value: value ?? null });

/** "05/QĐ-MTTQ-BTT"; a number without a document shows the number alone. */
export const symbolOf = (e: RegisterEntry) =>
  e.doc?.codeNumber || e.doc?.codeNotation
    ? `${e.doc.codeNumber ?? ''}/${e.doc.codeNotation ?? ''}`
    : padNumber(e.number);

const typeAndSubject = (e: RegisterEntry) =>
  e.doc ? (e.doc.typeName ? `${e.doc.typeName}: ${e.doc.subject}` : e.doc.subject) : '';

const assigneeName = (a: EntryAssignment) => (a.staffName ? `${a.staffName} (${a.unitName})` : a.unitName);

/** dd/mm/yyyy of a YYYY-MM-DD date. */
export const dmy = (value: string | null) =>
  value ? `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}` : '';

const isOverdue = (a: EntryAssignment, today: string) => a.status !== 'done' && a.deadline < today;

/** Notes: what a reader of the bound register must know about the number or the document. */
function notes(e: RegisterEntry): string {
  if (!e.doc)
    return e.numberStatus === 'cancelled'
      ? `Số đã hủy${e.numberNote ? `: ${e.numberNote}` : ''}`
      : `Số giữ trước cho văn bản giấy${e.numberNote ? `: ${e.numberNote}` : ''}`;
  const parts: string[] = [];
  if (e.doc.priority !== 'normal')
    parts.push(documentPriorityLabels[e.doc.priority as keyof typeof documentPriorityLabels]);
  if (e.doc.secrecy !== 'normal') parts.push(secrecyLabels[e.doc.secrecy as keyof typeof secrecyLabels]);
  if (e.doc.status === 'recalled')
    parts.push(`Đã thu hồi${e.doc.recallReason ? `: ${e.doc.recallReason}` : ''}`);
  if (e.doc.status === 'returned')
    parts.push(`Đã trả lại${e.doc.returnReason ? `: ${e.doc.returnReason}` : ''}`);
  if (e.doc.relation === 'replaces') parts.push('Văn bản thay thế');
  if (e.doc.relation === 'corrects') parts.push('Văn bản đính chính');
  return parts.join('; ');
}

const recipientsOf = (e: RegisterEntry) => {
  if (!e.doc) return '';
  const more = e.doc.recipientCount - Math.min(e.doc.recipients.length, RECIPIENTS_SHOWN);
  const shown = e.doc.recipients.slice(0, RECIPIENTS_SHOWN).join('; ');
  return more > 0 ? `${shown}; và ${more.toLocaleString('vi-VN')} nơi nhận khác` : shown;
};

/** Sổ đăng ký văn bản đến (Appendix IV). */
const incomingColumns: RegisterColumn[] = [
  { header: 'Ngày đến', weight: 1.4, align: 'center', value: (e) => date(e.doc?.arrivalDate) },
  { header: 'Số đến', weight: 0.8, align: 'center', value: (e) => text(padNumber(e.number)) },
  { header: 'Tác giả (cơ quan ban hành)', weight: 2, value: (e) => text(e.doc?.organName) },
  {
    header: 'Số, ký hiệu',
    weight: 1.9,
    value: (e) => text(e.doc?.codeNumber || e.doc?.codeNotation ? symbolOf(e) : ''),
  },
  { header: 'Ngày tháng', weight: 1.4, align: 'center', value: (e) => date(e.doc?.issuedDate) },
  { header: 'Tên loại và trích yếu nội dung', weight: 4, value: (e) => text(typeAndSubject(e)) },
  {
    header: 'Đơn vị hoặc người nhận',
    weight: 2,
    value: (e) => text(e.doc?.assignments.map(assigneeName).join('; ')),
  },
  { header: 'Ngày chuyển', weight: 1.4, align: 'center', value: (e) => date(e.doc?.passedOnDate) },
  { header: 'Ký nhận', weight: 1, value: () => text('') },
  { header: 'Ghi chú', weight: 1.5, value: (e) => text(notes(e)) },
];

/** Sổ đăng ký văn bản đi (Appendix IV). */
const outgoingColumns: RegisterColumn[] = [
  { header: 'Số, ký hiệu văn bản', weight: 1.9, value: (e) => text(symbolOf(e)) },
  { header: 'Ngày tháng văn bản', weight: 1.4, align: 'center', value: (e) => date(e.doc?.issuedDate) },
  { header: 'Tên loại và trích yếu nội dung văn bản', weight: 4, value: (e) => text(typeAndSubject(e)) },
  {
    header: 'Người ký',
    weight: 1.5,
    value: (e) => text([e.doc?.signerPosition, e.doc?.signerFullName].filter(Boolean).join(' ')),
  },
  { header: 'Nơi nhận văn bản', weight: 2.2, value: (e) => text(recipientsOf(e)) },
  { header: 'Đơn vị, người nhận bản lưu', weight: 1.4, value: (e) => text(e.doc?.creatorName) },
  {
    header: 'Số lượng bản',
    weight: 0.8,
    align: 'center',
    value: (e) => num(e.doc ? (e.doc.issuedAmount ?? (e.doc.recipientCount || null)) : null),
  },
  { header: 'Ngày chuyển', weight: 1.4, align: 'center', value: (e) => date(e.doc?.sentDate) },
  { header: 'Ký nhận', weight: 1, value: () => text('') },
  { header: 'Ghi chú', weight: 1.5, value: (e) => text(notes(e)) },
];

const assignmentStatus: Record<EntryAssignment['status'], string> = {
  assigned: 'Chưa nhận',
  accepted: 'Đang xử lý',
  done: 'Đã hoàn thành',
};

/** Progress of each assignee, with its result; "QUÁ HẠN" for work past its deadline. */
function progress(e: RegisterEntry, today: string): CellValue {
  const lines = (e.doc?.assignments ?? []).map((a) => {
    const late = isOverdue(a, today) ? ' — QUÁ HẠN' : '';
    const result = a.status === 'done' && a.result ? `: ${a.result}` : '';
    return `${a.role === 'lead' ? 'Chủ trì' : 'Phối hợp'}: ${assignmentStatus[a.status]}${result}${late}`;
  });
  return text(
    lines.join('\n'),
    (e.doc?.assignments ?? []).some((a) => isOverdue(a, today)),
  );
}

/** "Công văn số 120/UBND-VX ngày 19/11/2026 của …" and, on the next line, the summary. */
function identification(e: RegisterEntry): string {
  if (!e.doc) return '';
  const symbol = e.doc.codeNumber || e.doc.codeNotation ? `số ${symbolOf(e)}` : null;
  const heading = [
    e.doc.typeName,
    symbol,
    e.doc.issuedDate ? `ngày ${dmy(e.doc.issuedDate)}` : null,
    e.doc.organName ? `của ${e.doc.organName}` : null,
  ]
    .filter(Boolean)
    .join(' ');
  return `${heading}\n${e.doc.subject}`;
}

/** Sổ theo dõi giải quyết văn bản đến (Appendix IV). */
const trackingColumns: RegisterColumn[] = [
  { header: 'Số đến', weight: 0.8, align: 'center', value: (e) => text(padNumber(e.number)) },
  {
    header: 'Tên loại, số và ký hiệu, ngày tháng, cơ quan ban hành và trích yếu',
    weight: 4,
    value: (e) => text(identification(e)),
  },
  {
    header: 'Đơn vị, người giải quyết',
    weight: 2.2,
    value: (e) =>
      text(
        (e.doc?.assignments ?? [])
          .map((a) => `${a.role === 'lead' ? 'Chủ trì' : 'Phối hợp'}: ${assigneeName(a)}`)
          .join('\n'),
      ),
  },
  {
    header: 'Thời hạn giải quyết',
    weight: 1.4,
    align: 'center',
    value: (e) =>
      date((e.doc?.assignments.find((a) => a.role === 'lead') ?? e.doc?.assignments[0])?.deadline),
  },
  { header: 'Tiến độ giải quyết', weight: 2.4, value: progress },
  {
    header: 'Số, ký hiệu văn bản trả lời',
    weight: 1.4,
    value: (e) =>
      text(
        (e.doc?.assignments ?? [])
          .map((a) => a.replyReference)
          .filter(Boolean)
          .join('; '),
      ),
  },
  {
    header: 'Ghi chú',
    weight: 1.4,
    value: (e, today) => {
      const late = (e.doc?.assignments ?? []).filter((a) => isOverdue(a, today));
      const days = late.length
        ? Math.max(...late.map((a) => Math.round((Date.parse(today) - Date.parse(a.deadline)) / 86_400_000)))
        : 0;
      const flag = late.length ? `Quá hạn ${days} ngày` : '';
      return text([flag, notes(e)].filter(Boolean).join('; '), late.length > 0);
    },
  },
];

export const registerLayouts: Record<ReportKind, { title: string; columns: RegisterColumn[] }> = {
  incoming: { title: 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN', columns: incomingColumns },
  outgoing: { title: 'SỔ ĐĂNG KÝ VĂN BẢN ĐI', columns: outgoingColumns },
  tracking: { title: 'SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN', columns: trackingColumns },
};

export const isIncomingKind = (kind: string) => kind === 'incoming' || kind === 'incoming_confidential';

/** Appendix VI tags (edXML names); nested ones written "SignerInfo.FullName" in a sheet. */
export interface MetadataColumn {
  tag: string;
  value: (entry: RegisterEntry) => CellValue | { kind: 'list'; items: string[] };
}

/** edXML Priority: 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc. */
const priorityCode: Record<string, number> = { normal: 0, khan: 1, thuong_khan: 2, hoa_toc: 3 };

const common: MetadataColumn[] = [
  { tag: 'CodeNumber', value: (e) => text(e.doc?.codeNumber ?? padNumber(e.number)) },
  { tag: 'CodeNotation', value: (e) => text(e.doc?.codeNotation) },
  { tag: 'TypeName', value: (e) => text(e.doc?.typeName) },
  { tag: 'IssuedDate', value: (e) => date(e.doc?.issuedDate) },
  { tag: 'OrganId', value: (e) => text(e.doc?.organId) },
  { tag: 'OrganName', value: (e) => text(e.doc?.organName) },
  { tag: 'Subject', value: (e) => text(e.doc?.subject) },
  { tag: 'Language', value: (e) => text(e.doc?.language) },
  { tag: 'PageAmount', value: (e) => num(e.doc?.pageAmount) },
  { tag: 'Description', value: (e) => text(e.doc?.description) },
  { tag: 'SignerInfo.Position', value: (e) => text(e.doc?.signerPosition) },
  { tag: 'SignerInfo.FullName', value: (e) => text(e.doc?.signerFullName) },
  { tag: 'Priority', value: (e) => num(e.doc ? (priorityCode[e.doc.priority] ?? 0) : null) },
];

export function metadataColumns(registerKind: string): MetadataColumn[] {
  const identifier: MetadataColumn = { tag: 'DocumentId', value: (e) => text(e.doc?.documentIdentifier) };
  if (isIncomingKind(registerKind))
    return [
      { tag: 'ArrivalNumber', value: (e) => text(padNumber(e.number)) },
      { tag: 'ArrivalDate', value: (e) => date(e.doc?.arrivalDate) },
      ...common,
      { tag: 'DueDate', value: (e) => date(e.doc?.dueDate) },
      identifier,
    ];
  return [
    ...common,
    { tag: 'To.OrganName', value: (e) => ({ kind: 'list', items: e.doc?.recipients ?? [] }) },
    { tag: 'IssuedAmount', value: (e) => num(e.doc?.issuedAmount) },
    { tag: 'DueDate', value: (e) => date(e.doc?.dueDate) },
    identifier,
  ];
}
