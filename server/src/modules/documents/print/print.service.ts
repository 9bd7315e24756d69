import { Readable } from 'node:stream';
import type { Database } from '../../../db/client.ts';
import { type AuditContext, recordAudit } from '../../../platform/audit/index.ts';
import { badRequest, conflict } from '../../../platform/errors/index.ts';
import { PDF_CONTENT_TYPE } from '../../../platform/pdf/index.ts';
import { documentNotFound, registerNotFound } from '../document-errors.ts';
import { vietnamToday } from '../symbol.ts';
import {
  type CellValue,
  isIncomingKind,
  metadataColumns,
  type ReportKind,
  registerLayouts,
} from './layouts.ts';
import { findRegisterHeading, numberRange, registerEntries, routingSlipData } from './print.repository.ts';
import { registerPdf } from './register-pdf.ts';
import { metadataXlsx, registerXlsx, XLSX_CONTENT_TYPE } from './register-xlsx.ts';
import { routingSlipPdf } from './routing-slip.ts';
import { processingSummary, summaryPdf, summaryXlsx } from './summary.ts';

export interface PrintedFile {
  stream: Readable | NodeJS.ReadableStream;
  contentType: string;
  fileName: string;
}

export interface RangeQuery {
  year?: number;
  from?: number;
  to?: number;
}

const LAST_NUMBER = 2_147_483_647;

/** "Sổ đăng ký văn bản đến 2026" → a file name; the same text ASCII-folded for old clients. */
export const asciiFileName = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replaceAll('đ', 'd')
    .replaceAll('Đ', 'D')
    .replace(/[^A-Za-z0-9.-]+/g, '-');

export function createPrintService(deps: { db: Database }) {
  const { db } = deps;

  async function heading(registerId: string) {
    const found = await findRegisterHeading(db, registerId);
    if (!found) throw registerNotFound();
    return found;
  }

  function range(query: RangeQuery) {
    return {
      year: query.year ?? vietnamToday().year,
      from: query.from ?? 1,
      to: query.to ?? LAST_NUMBER,
    };
  }

  /**
   * A printable register (Appendix IV) as PDF or XLSX: the incoming or outgoing register by the
   * register's kind, or (`tracking`) the processing-tracking register of an incoming register, or
   * (`summary`) the Appendix VI report on processing of the register's documents.
   * The print is audited; the file is streamed as it is drawn.
   */
  async function printRegister(
    registerId: string,
    query: RangeQuery & { format: 'pdf' | 'xlsx'; report: 'register' | 'tracking' | 'summary' },
    audit: AuditContext,
  ): Promise<PrintedFile> {
    const register = await heading(registerId);
    const incoming = isIncomingKind(register.kind);
    if (query.report === 'tracking' && !incoming)
      throw conflict({
        vi: 'Sổ theo dõi giải quyết văn bản chỉ in từ sổ văn bản đến. Hãy chọn một sổ văn bản đến.',
        en: 'The processing-tracking register is printed from an incoming register.',
      });
    if (query.report === 'summary') {
      const filter = range(query);
      const today = vietnamToday().date;
      const summary = await processingSummary(db, register, incoming, filter, today);
      await db.transaction((tx) =>
        recordAudit(tx, audit, {
          action: 'document_register.print',
          entityType: 'document_register',
          entityId: registerId,
          unitId: register.unitId,
          after: {
            report: 'summary',
            format: query.format,
            year: filter.year,
            from: query.from,
            to: query.to,
          },
        }),
      );
      const base = `${summary.title.charAt(0)}${summary.title.slice(1).toLowerCase()} ${filter.year}`;
      return query.format === 'pdf'
        ? { stream: summaryPdf(summary), contentType: PDF_CONTENT_TYPE, fileName: `${base}.pdf` }
        : { stream: summaryXlsx(summary), contentType: XLSX_CONTENT_TYPE, fileName: `${base}.xlsx` };
    }
    const report: ReportKind = query.report === 'tracking' ? 'tracking' : incoming ? 'incoming' : 'outgoing';
    const filter = { ...range(query), tracking: report === 'tracking' };
    const numbers = await numberRange(db, registerId, filter);
    await db.transaction((tx) =>
      recordAudit(tx, audit, {
        action: 'document_register.print',
        entityType: 'document_register',
        entityId: registerId,
        unitId: register.unitId,
        after: {
          report,
          format: query.format,
          year: filter.year,
          from: query.from,
          to: query.to,
          rows: numbers.count,
        },
      }),
    );
    const input = {
      heading: register,
      report,
      year: filter.year,
      range: numbers,
      entries: registerEntries(db, registerId, filter),
      today: vietnamToday().date,
    };
    const title = registerLayouts[report].title;
    const base = `${title.charAt(0)}${title.slice(1).toLowerCase()} ${filter.year}`;
    return query.format === 'pdf'
      ? { stream: registerPdf(input), contentType: PDF_CONTENT_TYPE, fileName: `${base}.pdf` }
      : { stream: registerXlsx(input), contentType: XLSX_CONTENT_TYPE, fileName: `${base}.xlsx` };
  }

  /**
   * The register's documents with their Appendix VI metadata under the edXML tag names: a sheet
   * (one row per number, tags as headers) or JSON ({ register, documents: [{ CodeNumber, …,
   * SignerInfo: { Position, FullName }, To: [{ OrganName }] }] }).
   */
  async function exportMetadata(
    registerId: string,
    query: RangeQuery & { format: 'xlsx' | 'json' },
    audit: AuditContext,
  ): Promise<PrintedFile> {
    const register = await heading(registerId);
    const filter = { ...range(query), tracking: false, allRecipients: true };
    await db.transaction((tx) =>
      recordAudit(tx, audit, {
        action: 'document_register.export_metadata',
        entityType: 'document_register',
        entityId: registerId,
        unitId: register.unitId,
        after: { format: query.format, year: filter.year, from: query.from, to: query.to },
      }),
    );
    const columns = metadataColumns(register.kind);
    const entries = registerEntries(db, registerId, filter);
    const base = `${asciiFileName(register.name)}-${filter.year}-phu-luc-VI`;
    if (query.format === 'xlsx')
      return {
        stream: metadataXlsx(columns, entries),
        contentType: XLSX_CONTENT_TYPE,
        fileName: `${base}.xlsx`,
      };
    return {
      stream: Readable.from(
        (async function* () {
          yield `{"register":${JSON.stringify({ id: register.id, name: register.name, kind: register.kind, unitName: register.unitName, year: filter.year })},"documents":[`;
          let first = true;
          for await (const entry of entries) {
            const record: Record<string, unknown> = {};
            for (const column of columns) setTag(record, column.tag, jsonValue(column.value(entry)));
            yield `${first ? '' : ','}${JSON.stringify(record)}`;
            first = false;
          }
          yield ']}';
        })(),
      ),
      contentType: 'application/json; charset=utf-8',
      fileName: `${base}.json`,
    };
  }

  /** Phiếu giải quyết văn bản đến of an incoming document, as a one-page PDF (audited). */
  async function routingSlip(documentId: string, audit: AuditContext): Promise<PrintedFile> {
    const data = await routingSlipData(db, documentId);
    if (!data) throw documentNotFound();
    if (data.direction !== 'incoming')
      throw badRequest({
        vi: 'Phiếu giải quyết chỉ có cho văn bản đến. Văn bản này là văn bản đi.',
        en: 'A routing slip exists for incoming documents only.',
      });
    await db.transaction((tx) =>
      recordAudit(tx, audit, {
        action: 'document.print_routing_slip',
        entityType: 'document',
        entityId: documentId,
        unitId: data.unitId,
      }),
    );
    return {
      stream: await routingSlipPdf(data),
      contentType: PDF_CONTENT_TYPE,
      fileName: `Phieu-giai-quyet-van-ban-den-${data.arrivalNumber ?? 'chua-vao-so'}.pdf`,
    };
  }

  return { printRegister, exportMetadata, routingSlip };
}

function jsonValue(value: CellValue | { kind: 'list'; items: string[] }): unknown {
  switch (value.kind) {
    case 'date':
      return value.date;
    case 'number':
      return value.value;
    case 'list':
      return value.items;
    default:
      return value.text === '' ? null : value.text;
  }
}

/** "SignerInfo.FullName" → record.SignerInfo.FullName; "To.OrganName" with a list → To: [{ OrganName }]. */
function setTag(record: Record<string, unknown>, tag: string, value: unknown) {
  const [outer, inner] = tag.split('.') as [string, string | undefined];
  if (!inner) record[outer] = value;
  else if (Array.isArray(value)) record[outer] = value.map((item) => ({ [inner]: item }));
  else record[outer] = { ...((record[outer] as object) ?? {}), [inner]: value };
}

export type PrintService = ReturnType<typeof createPrintService>;
