import { createPdf, drawTable, type TableCell, type TableResult } from '../../../platform/pdf/index.ts';
import { padNumber } from '../symbol.ts';
import { type CellValue, dmy, type ReportKind, registerLayouts } from './layouts.ts';
import type { RegisterEntry, RegisterHeading } from './print.repository.ts';

export interface RegisterPrint {
  heading: RegisterHeading;
  report: ReportKind;
  year: number;
  range: { first: number | null; last: number | null };
  entries: AsyncIterable<RegisterEntry>;
  today: string;
}

const cell = (value: CellValue): TableCell => {
  if (value.kind === 'date') return dmy(value.date);
  if (value.kind === 'number') return value.value === null ? '' : String(value.value);
  return value.flagged ? { text: value.text, style: 'bold', color: '#c00000' } : value.text;
};

/**
 * A register as Appendix IV prints it: a cover page (unit, register, year, first and last number),
 * then the table on A4 landscape pages, header repeated on each, pages numbered from the second.
 * Returns the PDF stream at once; rows are drawn as they are read.
 */
export function registerPdf(input: RegisterPrint) {
  const layout = registerLayouts[input.report];
  const pdf = createPdf({
    title: `${layout.title} năm ${input.year} — ${input.heading.unitName}`,
    layout: 'landscape',
    margins: { top: 20, bottom: 15, left: 20, right: 15 },
    pageNumbers: { skipFirst: true },
  });
  const half = pdf.contentWidth / 2.2;
  if (input.heading.parentUnitName)
    pdf.text(input.heading.parentUnitName.toUpperCase(), { size: 12, align: 'center', width: half });
  pdf.text(input.heading.unitName.toUpperCase(), { style: 'bold', size: 12, align: 'center', width: half });
  pdf.rule(pdf.left + half / 2 - 40, pdf.left + half / 2 + 40, pdf.y + 3);
  pdf.y = pdf.top + 150;
  pdf.text(layout.title, { style: 'bold', size: 24, align: 'center', after: 10 });
  pdf.text(input.heading.name, { style: 'italic', size: 14, align: 'center', after: 24 });
  pdf.text(`Năm: ${input.year}`, { size: 14, align: 'center', after: 6 });
  const { first, last } = input.range;
  pdf.text(
    first === null
      ? 'Chưa có số nào trong khoảng đã chọn'
      : `Từ số: ${padNumber(first)} đến số: ${padNumber(last!)}`,
    { size: 14, align: 'center', after: 6 },
  );
  pdf.text('Quyển số: ……', { size: 14, align: 'center' });

  pdf.addPage();
  pdf.text(`${layout.title} — NĂM ${input.year}`, { style: 'bold', size: 13, align: 'center', after: 6 });
  const done: Promise<TableResult> = drawTable(pdf, {
    columns: layout.columns.map((c) => ({ header: c.header, weight: c.weight, align: c.align })),
    rows: (async function* () {
      for await (const entry of input.entries)
        yield layout.columns.map((c) => cell(c.value(entry, input.today)));
    })(),
    fontSize: 10,
    headerFontSize: 10,
    numberColumns: true,
  });
  done.then(
    () => pdf.end(),
    (error: unknown) => pdf.stream.destroy(error as Error),
  );
  return pdf.stream;
}
