import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import type { PlatformDeps } from '../../platform/http/index.ts';
import { sniffContentType } from '../../platform/ocr/index.ts';
import { isWithin } from '../../platform/policy/index.ts';
import {
  buildStatusMessage,
  type EdxmlDocumentMessage,
  EdxmlRejection,
  type EdxmlStatusMessage,
  type ExchangeModule,
  type ReceiptContext,
  type StatusCode,
  statusCodes,
  TRUST_NOT_CHECKED,
  vietnamTimestamp,
} from '../exchange/index.ts';
import { findUnitRow, staffHoldingAt } from './documents.repository.ts';
import { document, documentFile, documentStatusEvent, notification } from './documents.schema.ts';
import { priorityOf } from './exchange-export.ts';
import { documentExchangeMessage } from './exchange-link.schema.ts';
import { businessLabels, exchangeAudit, HEADER, queueMessage, refusal } from './exchange-link.shared.ts';
import { notifyPeople } from './notify.ts';
import type { OcrLink } from './ocr-link.ts';
import { padNumber } from './symbol.ts';

const sniffedTypes = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  tiff: 'image/tiff',
} as const;

/** The edXML status an incoming copy's state is reported as to its sender. */
const statusOfIncoming: Record<string, StatusCode> = {
  arrived: '01',
  returned: '02',
  registered: '03',
  submitted: '03',
  directed: '04',
  processing: '05',
  done: '06',
};

/**
 * Received edXML documents: filed as "arrived" copies in the addressed units, and each copy's
 * progress reported back to its sender as status messages.
 */
export function createReceiving(
  deps: Pick<PlatformDeps, 'db' | 'storage' | 'mailer'>,
  exchange: ExchangeModule,
  ocr: OcrLink,
  /** After an arrived copy is committed (the PDFs' signatures are verified in the background). */
  afterArrival: (documentId: string) => Promise<void> = async () => {},
) {
  const { db, storage, mailer } = deps;
  const peerFor = (organId: string) => exchange.peerFor(organId);

  /** Units a message is filed for: those named in To (inside the token's unit), else the token's unit. */
  async function targetUnits(tx: Queryable, message: EdxmlDocumentMessage, tokenUnitId: string | null) {
    const organIds = message.to.map((t) => t.organId);
    const named = await tx.execute<{ id: string; path: string; name: string; code: string }>(sql`
      SELECT id, path::text AS path, name, code FROM unit
       WHERE code IN (${sql.join(
         organIds.map((o) => sql`${o}`),
         sql`, `,
       )}) AND status = 'active' ORDER BY code`);
    if (tokenUnitId) {
      const tokenUnit = (await findUnitRow(tx, tokenUnitId))!;
      const inside = named.rows.filter((u) => isWithin(u.path, tokenUnit.path));
      return inside.length ? inside : [tokenUnit];
    }
    if (named.rows.length === 0)
      throw refusal(
        'UNKNOWN_RECIPIENT',
        `${HEADER}/MessageHeader/To`,
        `không có đơn vị nhận nào trong hệ thống có mã định danh ${organIds.join(', ')}.`,
        `no unit here has the identifier ${organIds.join(', ')}.`,
      );
    return named.rows;
  }

  /** Registered or waiting documents of the unit with the same identity (the Appendix VI warning). */
  async function duplicatesAt(tx: Queryable, unitId: string, m: EdxmlDocumentMessage) {
    const rows = await tx.execute<{
      id: string;
      arrival_number: number | null;
      register_year: number | null;
    }>(sql`
      SELECT id, arrival_number, register_year FROM document
       WHERE unit_id = ${unitId} AND direction = 'incoming' AND status NOT IN ('returned', 'recalled')
         AND (document_identifier = ${m.documentId}
              OR (code_number = ${m.code.codeNumber} AND code_notation = ${m.code.codeNotation}
                  AND f_unaccent(organ_name) = f_unaccent(${m.from.organName})))`);
    return rows.rows;
  }

  /** The earlier document a recall / update / replacement names, in this unit. */
  async function earlierDocument(tx: Queryable, unitId: string, identifier: string | undefined) {
    if (!identifier) return null;
    const [row] = await tx
      .select({ id: document.id, arrivalNumber: document.arrivalNumber, year: document.registerYear })
      .from(document)
      .where(
        and(
          eq(document.unitId, unitId),
          eq(document.direction, 'incoming'),
          eq(document.documentIdentifier, identifier),
        ),
      )
      .orderBy(desc(document.createdAt))
      .limit(1);
    return row ?? null;
  }

  /** onIncomingDocument: a document message becomes an "arrived" copy in each addressed unit's queue. */
  async function fileIncoming(message: EdxmlDocumentMessage, context: ReceiptContext) {
    const { tx } = context;
    const units = await targetUnits(tx, message, context.unitId);
    const files = await Promise.all(
      message.attachments.map(async (a) => ({
        a,
        key: (await storage.put(a.content)).key,
        type: sniffContentType(a.content),
      })),
    );
    // The first PDF (or, without one, the images) is the document itself; the rest are attachments.
    const firstPdf = files.findIndex((f) => f.type === 'pdf');
    const roleOf = (i: number) =>
      (firstPdf >= 0 ? i === firstPdf : files[i]!.type !== null)
        ? ('scan' as const)
        : ('attachment' as const);
    const business = message.business.bussinessDocType;
    const priority = priorityOf(message.otherInfo.priority);
    for (const unit of units) {
      const id = randomUUID();
      const earlier = business === 0 ? null : await earlierDocument(tx, unit.id, message.business.documentId);
      const duplicates = await duplicatesAt(tx, unit.id, message);
      await tx.insert(document).values({
        id,
        unitId: unit.id,
        direction: 'incoming',
        status: 'arrived',
        typeName: message.documentType.typeName,
        codeNumber: message.code.codeNumber,
        codeNotation: message.code.codeNotation,
        issuedDate: message.promulgationInfo.promulgationDate,
        organName: message.from.organName,
        organId: message.from.organId,
        documentIdentifier: message.documentId,
        subject: message.subject,
        pageAmount: message.otherInfo.pageAmount ?? null,
        signerPosition: message.signerInfo.position ?? null,
        signerFullName: message.signerInfo.fullName,
        priority,
        dueDate: message.dueDate ?? null,
        // A bad signature never gets here (the exchange refuses the message): signed means verified.
        signatureStatus: message.signature ? 'valid' : 'absent',
        bodyText: message.content ?? null,
        relatedDocumentId: earlier?.id ?? null,
        relation: earlier
          ? ({ 1: null, 2: 'corrects', 3: 'replaces' } as const)[business as 1 | 2 | 3]
          : null,
      });
      if (files.length)
        await tx.insert(documentFile).values(
          files.map((f, i) => ({
            documentId: id,
            role: roleOf(i),
            storageKey: f.key,
            fileName: f.a.attachmentName,
            // The type found in the bytes wins over the declared one (OCR and viewers rely on it).
            contentType: f.type ? sniffedTypes[f.type] : f.a.contentType,
            size: f.a.content.length,
          })),
        );
      const label = businessLabels[business];
      const notes = [
        `Nhận qua trục liên thông (edXML) từ ${message.from.organName} (${message.from.organId}).`,
        ...(business === 0
          ? []
          : [
              `${label.vi}: ${message.business.documentId ?? '(không nêu văn bản)'}${message.business.bussinessDocReason ? ` — ${message.business.bussinessDocReason}` : ''}.`,
              earlier
                ? `Văn bản liên quan đã có: số đến ${padNumber(earlier.arrivalNumber ?? 0)}/${earlier.year ?? ''}; văn bản đó không bị tự động thay đổi.`
                : 'Chưa tìm thấy văn bản liên quan trong đơn vị.',
            ]),
        ...(message.signature
          ? [
              `Chữ ký số của thông điệp hợp lệ (toàn vẹn, đúng khóa của chứng thư); người ký: ${message.signature.subject}; chứng thư do ${message.signature.issuer} cấp. ${TRUST_NOT_CHECKED.vi}`,
            ]
          : ['Thông điệp không có chữ ký số.']),
        ...(duplicates.length
          ? [
              `Có thể trùng với ${duplicates.length} văn bản đến đã có của đơn vị (cùng mã văn bản hoặc cùng số, ký hiệu, cơ quan ban hành).`,
            ]
          : []),
      ];
      await tx.insert(documentStatusEvent).values({
        documentId: id,
        fromStatus: null,
        toStatus: 'arrived',
        actorId: null,
        note: notes.join(' '),
      });
      await tx.insert(documentExchangeMessage).values({
        documentId: id,
        kind: 'document_in',
        organId: message.from.organId,
        peer: peerFor(message.from.organId),
        edxmlDocumentId: message.documentId,
        businessType: business,
        businessReason: message.business.bussinessDocReason ?? null,
        relatedDocumentId: earlier?.id ?? null,
        signature: message.signature?.status ?? null,
        signatureDetail: message.signature ?? null,
        content: message.content ?? null,
        delivery: 'received',
        receiptId: context.receiptId,
      });
      const title = `${business === 0 ? 'Văn bản đến qua trục liên thông' : `[${label.vi}] Văn bản đến qua trục liên thông`}: ${message.code.codeNumber}/${message.code.codeNotation} — ${message.subject}`;
      await tx.insert(notification).values({
        unitId: unit.id,
        staffId: null,
        kind: 'incoming.arrived',
        title: title.slice(0, 500),
        documentId: id,
        isUrgent: priority !== 'normal',
      });
      if (priority !== 'normal') {
        const leaders = await staffHoldingAt(tx, unit.id, 'documents.direct');
        context.afterCommit(
          await notifyPeople(tx, mailer, leaders, {
            unitId: unit.id,
            kind: 'incoming.urgent',
            title: `Văn bản đến khẩn qua trục liên thông: ${message.code.codeNumber}/${message.code.codeNotation} — ${message.subject.slice(0, 120)}`,
            documentId: id,
            isUrgent: true,
          }),
        );
      }
      await recordAudit(tx, context.audit, {
        action: 'document.arrived_by_exchange',
        entityType: 'document',
        entityId: id,
        unitId: unit.id,
        after: {
          edxmlDocumentId: message.documentId,
          from: message.from.organId,
          businessType: business,
          relatedDocumentId: earlier?.id ?? null,
          duplicates: duplicates.map((d) => d.id),
          signature: message.signature ?? null,
          receiptId: context.receiptId,
        },
      });
      context.afterCommit(() => reportStatus(id));
      context.afterCommit(() => ocr.queueDocument(id));
      context.afterCommit(() => afterArrival(id));
    }
  }

  /**
   * Sends the incoming copy's current state back to its sender as an edXML status message, once
   * per change (01 arrived, 02 returned with the reason, 03 accepted, 04 assigned, 05, 06).
   * Does nothing for documents that did not come by edXML.
   */
  async function reportStatus(documentId: string) {
    const [doc] = await db.select().from(document).where(eq(document.id, documentId));
    const [received] = await db
      .select()
      .from(documentExchangeMessage)
      .where(
        and(
          eq(documentExchangeMessage.documentId, documentId),
          eq(documentExchangeMessage.kind, 'document_in'),
        ),
      );
    const code = doc && statusOfIncoming[doc.status];
    if (!doc || !received || !code) return;
    const [last] = await db
      .select({ statusCode: documentExchangeMessage.statusCode })
      .from(documentExchangeMessage)
      .where(
        and(
          eq(documentExchangeMessage.documentId, documentId),
          eq(documentExchangeMessage.kind, 'status_out'),
        ),
      )
      .orderBy(desc(documentExchangeMessage.createdAt))
      .limit(1);
    if (last?.statusCode === code) return;
    const unitRow = (await findUnitRow(db, doc.unitId))!;
    const peer = received.peer ?? peerFor(received.organId);
    let xml: string | null = null;
    let failure: string | null = null;
    try {
      xml = buildStatusMessage({
        responseFor: {
          organId: received.organId,
          code: `${doc.codeNumber}/${doc.codeNotation}`,
          promulgationDate: doc.issuedDate!,
          documentId: received.edxmlDocumentId,
        },
        from: { organId: unitRow.code ?? '', organName: unitRow.name },
        statusCode: code,
        description: code === '02' ? (doc.returnReason ?? 'Trả lại văn bản') : statusCodes[code].vi,
        timestamp: vietnamTimestamp(),
      } satisfies EdxmlStatusMessage);
    } catch (error) {
      if (!(error instanceof EdxmlRejection)) throw error;
      failure = `Không lập được thông điệp trạng thái: ${error.reason.vi}`;
    }
    const id = randomUUID();
    await db.transaction(async (tx) => {
      await tx.insert(documentExchangeMessage).values({
        id,
        documentId,
        kind: 'status_out',
        organId: received.organId,
        peer,
        edxmlDocumentId: received.edxmlDocumentId,
        statusCode: code,
        delivery: failure ? 'failed' : peer ? 'queued' : 'no_peer',
        deliveryDetail:
          failure ?? (peer ? null : `Chưa cấu hình đường gửi edXML tới cơ quan ${received.organId}.`),
      });
      await recordAudit(tx, exchangeAudit, {
        action: 'document.exchange_status_sent',
        entityType: 'document',
        entityId: documentId,
        unitId: doc.unitId,
        after: { statusCode: code, to: received.organId, peer, failure },
      });
    });
    if (xml && peer)
      await queueMessage(
        { db, exchange },
        { peer, reference: `status:${id}`, xml },
        eq(documentExchangeMessage.id, id),
      );
  }

  return { fileIncoming, reportStatus };
}
