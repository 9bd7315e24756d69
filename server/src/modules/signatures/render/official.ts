/**
 * Decree 30/2020/NĐ-CP Appendix I layout of an administrative document, drawn with pdfkit
 * (platform/pdf: A4, Tinos = Times New Roman metrics, Vietnamese glyphs embedded). Returns the
 * PDF and the rectangles (PDF points, origin bottom-left) of the slots that are filled later by
 * signing: the personal signature (7c), the agency seal (8), the number (3) and the date (4).
 */
import { buffer } from 'node:stream/consumers';
import { createPdf, type FontStyle, mm, nfc } from '../../../platform/pdf/index.ts';
import type { PdfRect } from '../pades/index.ts';

export interface SlotRect {
  /** Zero-based page index. */
  page: number;
  /** [x, y, width, height] in PDF points, origin bottom-left (as `signPdf` takes it). */
  rect: PdfRect;
}

export interface OfficialDocumentSlots {
  /** 7c: the personal signature image, centred between the title and the printed name. */
  signature: SlotRect;
  /** 8: the seal (agency signature), real size, overlapping the left third of 7c. */
  seal: SlotRect;
  /** 3: "Số: …" — drawn when `numberSymbol` is given, otherwise left blank for the registry stamp. */
  number: SlotRect;
  /** 4: place and date — drawn when `date` is given, otherwise left blank for the registry stamp. */
  date: SlotRect;
}

export type SecrecyMark = 'MẬT' | 'TỐI MẬT' | 'TUYỆT MẬT';
export type UrgencyMark = 'KHẨN' | 'THƯỢNG KHẨN' | 'HỎA TỐC';

export interface OfficialDocumentInput {
  /** Parent body (slot 2, upper case regular), e.g. "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng". */
  parentBody?: string;
  /** Issuing body (slot 2, upper case bold, short rule below), e.g. "Ban Thường trực". */
  issuingBody: string;
  /** Number and symbol without "Số: ", e.g. "12/TB-MTTQ-BTT"; absent → slot 3 left blank. */
  numberSymbol?: string;
  /** Place name of slot 4, e.g. "Lâm Đồng". */
  place: string;
  /** Issue date; absent → slot 4 left blank (the registry stamps it). Shown in Vietnam time. */
  date?: Date;
  /** Type name (slot 5a, e.g. "Thông báo"); absent for a công văn, whose summary becomes "V/v …" (5b). */
  typeName?: string;
  /** Summary (trích yếu). */
  summary: string;
  /** "Kính gửi" recipients (slot 9a), mainly for công văn. */
  addressees?: string[];
  /** Body paragraphs (slot 6): justified, first-line indent. */
  body: string[];
  /** Authority line (7a), e.g. "TM. BAN THƯỜNG TRỰC", "KT. CHỦ TỊCH". */
  authority?: string;
  /** Signer's title (7a), e.g. "PHÓ CHỦ TỊCH". */
  signerTitle: string;
  /** Signer's full name (7b). */
  signerName: string;
  /** "Nơi nhận" lines (9b), without the leading "- " and trailing ";". */
  recipients: string[];
  /** What follows "Lưu: " on the last line, e.g. "VT, BTT" (the file copy). */
  archive: string;
  /** Secrecy (10a) and urgency (10b) marks. */
  secrecy?: SecrecyMark;
  urgency?: UrgencyMark;
}

export interface RenderedDocument {
  pdf: Buffer;
  slots: OfficialDocumentSlots;
}

const MARGINS = { top: 20, bottom: 20, left: 30, right: 15 };
/** Left (issuing body) column of the header and of the closing block; the rest is the right column. */
const LEFT_COLUMN = mm(70);
const SIGNATURE_SIZE = { width: mm(60), height: mm(28) };
const SEAL_SIZE = mm(38);
const INDENT = mm(12.7);
const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** Vietnamese upper case of stored text (NFC). */
const upper = (s: string) => nfc(s).toLocaleUpperCase('vi-VN');

/** "Số: 12/TB-MTTQ-BTT". */
export function numberLine(numberSymbol: string): string {
  return nfc(`Số: ${numberSymbol}`);
}

/** The place name of slot 4 from the unit's name: "Ủy ban MTTQ tỉnh Lâm Đồng" → "Lâm Đồng". */
export function placeOf(unitName: string): string {
  const match = /(?:tỉnh|thành phố|xã|phường|đặc khu)\s+(.+)$/iu.exec(unitName.normalize('NFC'));
  return match ? match[1]!.trim() : 'Hà Nội';
}

/**
 * "Lâm Đồng, ngày 05 tháng 01 năm 2026" in Vietnam time: days below 10 and months 1–2 get a
 * leading zero (Decree 30 Appendix I, slot 4).
 */
export function placeDateLine(place: string, date: Date): string {
  const local = new Date(date.getTime() + VIETNAM_OFFSET_MS);
  const day = local.getUTCDate();
  const month = local.getUTCMonth() + 1;
  const dd = String(day).padStart(2, '0');
  const mmm = month <= 2 ? String(month).padStart(2, '0') : String(month);
  return nfc(`${place}, ngày ${dd} tháng ${mmm} năm ${local.getUTCFullYear()}`);
}

interface Line {
  text: string;
  style: FontStyle;
  size: number;
  color?: string;
}

export async function renderOfficialDocument(input: OfficialDocumentInput): Promise<RenderedDocument> {
  const title = nfc(input.typeName ? `${input.typeName} ${input.summary}` : `V/v ${input.summary}`);
  const pdf = createPdf({ title, margins: MARGINS, pageNumbers: { skipFirst: true } });
  const done = buffer(pdf.stream as NodeJS.ReadableStream);
  const doc = pdf.doc;
  const pageHeight = doc.page.height;
  const left = pdf.left;
  const width = pdf.contentWidth;
  const rightX = left + LEFT_COLUMN;
  const rightWidth = width - LEFT_COLUMN;
  const slot = (x: number, yTop: number, w: number, h: number): SlotRect => ({
    page: pdf.pageCount - 1,
    rect: [round(x), round(pageHeight - yTop - h), round(w), round(h)],
  });

  /** Centred lines in a column from yTop; returns the y below the last one. */
  const column = (x: number, w: number, yTop: number, lines: Line[]) => {
    let y = yTop;
    for (const line of lines) {
      pdf.text(line.text, {
        x,
        y,
        width: w,
        style: line.style,
        size: line.size,
        align: 'center',
        color: line.color,
      });
      y = doc.y;
    }
    return y;
  };
  const centredRule = (x: number, w: number, y: number, length: number) =>
    pdf.rule(x + (w - length) / 2, x + (w + length) / 2, y);
  const textWidth = (text: string, style: FontStyle, size: number) =>
    pdf.use(style, size).doc.widthOfString(nfc(text));

  // Slots 1 and 2: national title (right) and issuing body (left), side by side.
  const top = pdf.top;
  const bodyLines: Line[] = [];
  if (input.parentBody) bodyLines.push({ text: upper(input.parentBody), style: 'regular', size: 12 });
  bodyLines.push({ text: upper(input.issuingBody), style: 'bold', size: 12 });
  let leftY = column(left, LEFT_COLUMN, top, bodyLines);
  const bodyRule = Math.min(LEFT_COLUMN, textWidth(upper(input.issuingBody), 'bold', 12)) * 0.4;
  centredRule(left, LEFT_COLUMN, leftY + 3, Math.max(bodyRule, mm(15)));
  leftY += 6;
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  let rightY = column(rightX, rightWidth, top, [
    { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', style: 'bold', size: 12 },
    { text: motto, style: 'bold', size: 13 },
  ]);
  centredRule(rightX, rightWidth, rightY + 3, textWidth(motto, 'bold', 13));
  rightY += 6;

  // Slots 3 and 4: number (left) and place/date (right), on one baseline.
  const rowY = Math.max(leftY, rightY) + 4;
  const numberHeight = 13 * 1.4;
  const numberSlot = slot(left, rowY, LEFT_COLUMN, numberHeight);
  if (input.numberSymbol)
    pdf.text(numberLine(input.numberSymbol), {
      x: left,
      y: rowY + 2,
      width: LEFT_COLUMN,
      size: 13,
      align: 'center',
    });
  const dateHeight = 14 * 1.4;
  const dateSlot = slot(rightX, rowY, rightWidth, dateHeight);
  if (input.date)
    pdf.text(placeDateLine(input.place, input.date), {
      x: rightX,
      y: rowY + 2,
      width: rightWidth,
      size: 14,
      style: 'italic',
      align: 'center',
    });
  let y = rowY + Math.max(numberHeight, dateHeight);

  // 5b: "V/v …" under the number for a công văn.
  if (!input.typeName)
    y = column(left, LEFT_COLUMN, y, [{ text: `V/v ${input.summary}`, style: 'regular', size: 12 }]);
  // 10a/10b: secrecy and urgency marks, left column.
  if (input.secrecy) {
    const w = textWidth(input.secrecy, 'bold', 13) + 12;
    const x = left + (LEFT_COLUMN - w) / 2;
    doc
      .save()
      .lineWidth(1)
      .strokeColor('red')
      .rect(x, y + 4, w, 20)
      .stroke()
      .restore();
    column(left, LEFT_COLUMN, y + 8, [{ text: input.secrecy, style: 'bold', size: 13, color: 'red' }]);
    y += 28;
  }
  if (input.urgency)
    y = column(left, LEFT_COLUMN, y + 4, [{ text: input.urgency, style: 'bold', size: 13, color: 'red' }]);
  y += 12;

  // 5a: type name and summary, centred, short rule below.
  if (input.typeName) {
    y = column(left, width, y, [
      { text: upper(input.typeName), style: 'bold', size: 14 },
      { text: input.summary, style: 'bold', size: 14 },
    ]);
    centredRule(left, width, y + 4, mm(30));
    y += 16;
  }
  // 9a: "Kính gửi".
  if (input.addressees?.length) {
    if (input.addressees.length === 1)
      y = column(left, width, y, [{ text: `Kính gửi: ${input.addressees[0]}.`, style: 'regular', size: 14 }]);
    else {
      const label = 'Kính gửi:';
      const labelWidth = textWidth(label, 'regular', 14) + 6;
      const x = left + mm(40);
      pdf.text(label, { x, y, size: 14, width: labelWidth + 2 });
      let ay = y;
      input.addressees.forEach((a, i) => {
        const end = i === input.addressees!.length - 1 ? '.' : ';';
        pdf.text(`- ${a}${end}`, {
          x: x + labelWidth,
          y: ay,
          size: 14,
          width: width - (x - left) - labelWidth,
        });
        ay = doc.y;
      });
      y = ay;
    }
    y += 8;
  }

  // Slot 6: body, justified, first-line indent; pdfkit adds pages (with page numbers) as needed.
  pdf.use('regular', 14);
  doc.y = y;
  for (const paragraph of input.body)
    doc.text(nfc(paragraph), left, doc.y, {
      width,
      align: 'justify',
      indent: INDENT,
      lineGap: 2,
      paragraphGap: 6,
    });

  // Slots 7a–7c, 8, 9b: the closing block, kept together (moved to a new page when it does not fit).
  const authority: Line[] = [];
  if (input.authority) authority.push({ text: upper(input.authority), style: 'bold', size: 14 });
  authority.push({ text: upper(input.signerTitle), style: 'bold', size: 14 });
  const authorityHeight = authority.reduce(
    (h, l) => h + pdf.heightOf(l.text, rightWidth, l.style, l.size),
    0,
  );
  const gap = mm(4);
  const signatureArea = SEAL_SIZE + gap;
  const nameHeight = pdf.heightOf(input.signerName, rightWidth, 'bold', 14);
  const rightBlock = authorityHeight + signatureArea + nameHeight;
  const recipientLines = [...input.recipients.map((r) => `- ${r};`), `- Lưu: ${input.archive}.`];
  const leftBlock =
    pdf.heightOf('Nơi nhận:', LEFT_COLUMN, 'boldItalic', 12) +
    recipientLines.reduce((h, l) => h + pdf.heightOf(l, LEFT_COLUMN, 'regular', 11), 0);
  let blockY = doc.y + 10;
  if (blockY + Math.max(rightBlock, leftBlock) > pdf.bottom) {
    pdf.addPage();
    blockY = pdf.top;
  }
  const signY = column(rightX, rightWidth, blockY, authority);
  const sigX = rightX + (rightWidth - SIGNATURE_SIZE.width) / 2;
  const sigTop = signY + (signatureArea - SIGNATURE_SIZE.height) / 2;
  const signature = slot(sigX, sigTop, SIGNATURE_SIZE.width, SIGNATURE_SIZE.height);
  // The seal's right edge at one third of the signature image; centred on it vertically.
  const sealX = sigX + SIGNATURE_SIZE.width / 3 - SEAL_SIZE;
  const seal = slot(sealX, sigTop + SIGNATURE_SIZE.height / 2 - SEAL_SIZE / 2, SEAL_SIZE, SEAL_SIZE);
  column(rightX, rightWidth, signY + signatureArea, [{ text: input.signerName, style: 'bold', size: 14 }]);

  pdf.text('Nơi nhận:', { x: left, y: blockY, width: LEFT_COLUMN, style: 'boldItalic', size: 12 });
  for (const line of recipientLines) pdf.text(line, { x: left, width: LEFT_COLUMN, size: 11 });

  pdf.end();
  return { pdf: await done, slots: { signature, seal, number: numberSlot, date: dateSlot } };
}

function round(v: number) {
  return Math.round(v * 100) / 100;
}
