import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { AppError, conflict } from '../../platform/errors/index.ts';
import type { Storage } from '../../platform/storage/index.ts';
import {
  EdxmlRejection,
  type ExchangeModule,
  type ExportableDocument,
  ORGAN_ID_PATTERN,
} from '../exchange/index.ts';
import { documentNotFound } from './document-errors.ts';
import { findUnitRow } from './documents.repository.ts';
import { document, documentFile, documentRecipient, documentType } from './documents.schema.ts';

/**
 * DocumentType.Type: the Decree 30 Appendix III order (the receiver reads TypeName for the
 * meaning; the integer is our catalogue's entry). Công văn and types not listed: 99.
 */
const typeNumbers: Record<string, number> = {
  NQ: 1,
  QĐ: 2,
  CT: 3,
  QC: 4,
  QYĐ: 5,
  TC: 6,
  TB: 7,
  HD: 8,
  CTr: 9,
  KH: 10,
  PA: 11,
  ĐA: 12,
  DA: 13,
  BC: 14,
  BB: 15,
  TTr: 16,
  HĐ: 17,
  CĐ: 18,
  BGN: 19,
  BTT: 20,
  UQ: 21,
  GM: 22,
  GGT: 23,
  NP: 24,
  PG: 25,
  PC: 26,
  PB: 27,
};

/** Our urgency levels as edXML Priority codes, and back (4 "hỏa tốc hẹn giờ" is hỏa tốc here). */
export const priorityCode = { normal: 0, khan: 1, thuong_khan: 2, hoa_toc: 3 } as const;
export const priorityOf = (code: number): keyof typeof priorityCode =>
  code >= 3 ? 'hoa_toc' : code === 2 ? 'thuong_khan' : code === 1 ? 'khan' : 'normal';

export const isOrganId = (value: string | null | undefined): value is string =>
  Boolean(value && ORGAN_ID_PATTERN.test(value));

const cannotExport = (vi: string, en: string, reason: string) =>
  new AppError('CONFLICT', { message: { vi, en }, details: { reason } });

/** "…, Hoàn Kiếm, Hà Nội" → "Hà Nội" (the place name written before the date). */
function placeOf(address: string | null, fallback: string) {
  const last = address?.split(',').pop()?.trim();
  return last || fallback;
}

/**
 * The edXML message of an issued outgoing document (QCVN 102:2016): metadata, the issued
 * (signed) file and the attachments, addressed to `organIds` (default: every recipient with a
 * mã định danh). Refuses, with the reason, a document that is not issued or a unit without an
 * electronic identifier.
 */
export async function exportIssuedDocument(
  deps: { db: Queryable; storage: Storage; exchange: Pick<ExchangeModule, 'exportDocument'> },
  documentId: string,
  organIds?: string[],
  /** A recall notice (BussinessDocType 1) about this document, with the reason. */
  options: { recall?: string } = {},
): Promise<{ xml: string; edxmlDocumentId: string; to: string[] }> {
  const { db, storage } = deps;
  const [doc] = await db.select().from(document).where(eq(document.id, documentId));
  if (!doc) throw documentNotFound();
  if (doc.direction !== 'outgoing' || !doc.codeNumber || !doc.codeNotation || !doc.issuedDate)
    throw cannotExport(
      'Chỉ văn bản đi đã ban hành (có số, ký hiệu, ngày ban hành) mới xuất được thành thông điệp edXML.',
      'Only an issued outgoing document (with number, symbol and date) can be exported as edXML.',
      'NOT_ISSUED',
    );
  const unitRow = (await findUnitRow(db, doc.unitId))!;
  if (!isOrganId(unitRow.code))
    throw cannotExport(
      `Đơn vị "${unitRow.name}" chưa có mã định danh điện tử hợp lệ (dạng 000.00.00.G22), nên không gửi được văn bản qua trục liên thông. Hãy khai báo mã định danh của đơn vị.`,
      `The unit "${unitRow.name}" has no valid electronic identifier (like 000.00.00.G22); set it before exchanging documents.`,
      'NO_ORGAN_ID',
    );
  const details = await db.execute<{ address: string | null; parent_name: string | null }>(
    sql`SELECT u.address, p.name AS parent_name FROM unit u LEFT JOIN unit p ON p.id = u.parent_id WHERE u.id = ${doc.unitId}`,
  );
  const unitDetails = details.rows[0];
  const recipients = await db
    .select()
    .from(documentRecipient)
    .where(eq(documentRecipient.documentId, documentId))
    .orderBy(asc(documentRecipient.organName));
  const addressed = recipients.filter(
    (r) => isOrganId(r.organId) && (organIds ? organIds.includes(r.organId!) : r.recipientUnitId === null),
  );
  if (addressed.length === 0)
    throw cannotExport(
      'Văn bản không có nơi nhận bên ngoài nào có mã định danh điện tử (dạng 000.00.00.G22).',
      'The document has no outside recipient with an electronic identifier (like 000.00.00.G22).',
      'NO_RECIPIENT',
    );
  const files = await db
    .select()
    .from(documentFile)
    .where(
      and(
        eq(documentFile.documentId, documentId),
        inArray(documentFile.role, ['signed_scan', 'issued', 'attachment']),
      ),
    )
    .orderBy(desc(documentFile.role), asc(documentFile.createdAt));
  const [type] = doc.typeId
    ? await db.select().from(documentType).where(eq(documentType.id, doc.typeId))
    : [];
  const [original] = doc.relatedDocumentId
    ? await db
        .select({ identifier: document.documentIdentifier })
        .from(document)
        .where(eq(document.id, doc.relatedDocumentId))
    : [];
  const message: ExportableDocument = {
    from: {
      organId: unitRow.code!,
      organName: unitRow.name,
      ...(unitDetails?.parent_name ? { organizationInCharge: unitDetails.parent_name } : {}),
      ...(unitDetails?.address ? { organAdd: unitDetails.address } : {}),
    },
    to: addressed.map((r) => ({ organId: r.organId!, organName: r.organName })),
    code: { codeNumber: doc.codeNumber, codeNotation: doc.codeNotation },
    promulgationInfo: {
      place: placeOf(unitDetails?.address ?? null, unitRow.name),
      promulgationDate: doc.issuedDate,
    },
    documentType: {
      type: (type?.code && typeNumbers[type.code]) || 99,
      typeName: doc.typeName ?? 'Công văn',
    },
    subject: doc.subject,
    ...(doc.bodyText ? { content: doc.bodyText.slice(0, 100_000) } : {}),
    signerInfo: {
      ...(doc.signerPosition ? { position: doc.signerPosition } : {}),
      fullName: doc.signerFullName ?? unitRow.name,
    },
    ...(doc.dueDate ? { dueDate: doc.dueDate } : {}),
    toPlaces: recipients.map((r) => r.organName),
    otherInfo: {
      priority: priorityCode[doc.priority],
      ...(doc.pageAmount ? { pageAmount: doc.pageAmount } : {}),
      ...(doc.issuedAmount ? { promulgationAmount: doc.issuedAmount } : {}),
      appendixes: [],
    },
    ...(options.recall
      ? {
          business: {
            bussinessDocType: 1,
            documentId: doc.documentIdentifier!,
            bussinessDocReason: options.recall,
          },
        }
      : original?.identifier && doc.relation
        ? {
            business: {
              bussinessDocType: doc.relation === 'replaces' ? 3 : 2,
              documentId: original.identifier,
              bussinessDocReason:
                doc.relation === 'replaces' ? 'Thay thế văn bản có sai sót' : 'Đính chính sai sót thể thức',
            },
          }
        : {}),
    attachments: await Promise.all(
      files.map(async (f, i) => ({
        contentId: `file-${i + 1}`,
        contentType: f.contentType,
        description: f.role === 'attachment' ? 'Tài liệu kèm theo' : 'Văn bản đã ký',
        attachmentName: f.fileName,
        content: await storage.get(f.storageKey),
      })),
    ),
  };
  try {
    return {
      xml: deps.exchange.exportDocument(message),
      edxmlDocumentId: doc.documentIdentifier!,
      to: addressed.map((r) => r.organId!),
    };
  } catch (error) {
    if (!(error instanceof EdxmlRejection)) throw error;
    throw conflict(
      {
        vi: `Không lập được thông điệp edXML: ${error.reason.vi}`,
        en: `The edXML message cannot be built: ${error.reason.en}`,
      },
      { reason: error.reason.code, path: error.reason.path },
    );
  }
}
