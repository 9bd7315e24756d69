import { and, eq, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { PlatformDeps } from '../../platform/http/index.ts';
import { isWithin } from '../../platform/policy/index.ts';
import type {
  DeliveryResult,
  EdxmlStatusMessage,
  ExchangeModule,
  ReceiptContext,
} from '../exchange/index.ts';
import { findUnitRow } from './documents.repository.ts';
import { document, documentRecipient, notification } from './documents.schema.ts';
import { exportIssuedDocument, isOrganId } from './exchange-export.ts';
import { documentExchangeMessage } from './exchange-link.schema.ts';
import { exchangeAudit, HEADER, queueMessage, refusal, refusalText } from './exchange-link.shared.ts';

/**
 * Documents we issue to outside agencies: the edXML message to each recipient's peer, its
 * delivery result, and the status messages the agencies send back.
 */
export function createSending(deps: Pick<PlatformDeps, 'db' | 'storage'>, exchange: ExchangeModule) {
  const { db, storage } = deps;
  const peerFor = (organId: string) => exchange.peerFor(organId);

  /** onStatus: an outside recipient's state of a document we issued (01…06, 13, 15, 16). */
  async function recordStatus(status: EdxmlStatusMessage, context: ReceiptContext) {
    const { tx } = context;
    const found = await tx.execute<{
      document_id: string;
      unit_id: string;
      unit_path: string;
      recipient_id: string | null;
      code_number: string | null;
      code_notation: string | null;
    }>(sql`
      SELECT d.id AS document_id, d.unit_id, u.path::text AS unit_path, r.id AS recipient_id, d.code_number, d.code_notation
        FROM document d JOIN unit u ON u.id = d.unit_id
        LEFT JOIN document_recipient r
          ON r.document_id = d.id AND r.organ_id = ${status.from.organId} AND r.recipient_unit_id IS NULL
       WHERE d.direction = 'outgoing' AND d.document_identifier = ${status.responseFor.documentId}`);
    const tokenUnit = context.unitId ? await findUnitRow(tx, context.unitId) : null;
    const rows = found.rows.filter((r) => !tokenUnit || isWithin(r.unit_path, tokenUnit.path));
    if (rows.length === 0)
      throw refusal(
        'UNKNOWN_DOCUMENT',
        `${HEADER}/Status/ResponseFor/DocumentId`,
        `không có văn bản đi nào mang mã ${status.responseFor.documentId}.`,
        `no outgoing document has the identifier ${status.responseFor.documentId}.`,
      );
    const target = rows.find((r) => r.recipient_id);
    if (!target)
      throw refusal(
        'UNKNOWN_RECIPIENT',
        `${HEADER}/Status/From/OrganId`,
        `cơ quan ${status.from.organId} không phải nơi nhận của văn bản ${status.responseFor.code}.`,
        `${status.from.organId} is not a recipient of ${status.responseFor.code}.`,
      );
    await tx
      .update(documentRecipient)
      .set({ statusCode: status.statusCode, statusReason: status.description ?? null, statusAt: new Date() })
      .where(eq(documentRecipient.id, target.recipient_id!));
    if (status.statusCode === '02')
      await tx.insert(notification).values({
        unitId: target.unit_id,
        staffId: null,
        kind: 'outgoing.returned',
        title:
          `${status.from.organName} trả lại văn bản ${target.code_number}/${target.code_notation}: ${status.description ?? ''}`.slice(
            0,
            500,
          ),
        documentId: target.document_id,
        isUrgent: true,
      });
    await recordAudit(tx, context.audit, {
      action: 'document.recipient_status',
      entityType: 'document',
      entityId: target.document_id,
      unitId: target.unit_id,
      after: {
        recipientId: target.recipient_id,
        organId: status.from.organId,
        statusCode: status.statusCode,
        description: status.description ?? null,
      },
    });
  }

  /**
   * After issue (or recall): the edXML message — the document, or a recall notice about it
   * (BussinessDocType 1 with the reason) — goes to every outside recipient with a configured peer.
   */
  async function sendToOutside(documentId: string, change: 'issued' | 'recalled') {
    const recipients = await db
      .select()
      .from(documentRecipient)
      .where(and(eq(documentRecipient.documentId, documentId), isNull(documentRecipient.recipientUnitId)));
    const reachable = recipients.filter((r) => r.organId);
    if (reachable.length === 0) return;
    const [doc] = await db.select().from(document).where(eq(document.id, documentId));
    let exported: Awaited<ReturnType<typeof exportIssuedDocument>> | null = null;
    let failure: string | null = null;
    try {
      exported = await exportIssuedDocument({ db, storage, exchange }, documentId, undefined, {
        ...(change === 'recalled' ? { recall: doc!.recallReason ?? 'Thu hồi văn bản' } : {}),
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      failure = error.text?.vi ?? error.message;
    }
    const peers = new Set<string>();
    await db.transaction(async (tx) => {
      for (const r of reachable) {
        const peer = isOrganId(r.organId) ? peerFor(r.organId) : null;
        const detail = failure
          ? failure
          : !isOrganId(r.organId)
            ? `Mã định danh "${r.organId}" không hợp lệ (dạng 000.00.00.G22); gửi văn bản bằng cách khác.`
            : peer
              ? null
              : `Chưa cấu hình đường gửi edXML tới ${r.organName}; tải thông điệp edXML để gửi bằng cách khác.`;
        if (peer && !detail) peers.add(peer);
        await tx.insert(documentExchangeMessage).values({
          documentId,
          recipientId: r.id,
          kind: 'document_out',
          organId: r.organId!,
          peer,
          edxmlDocumentId: doc!.documentIdentifier ?? '',
          ...(change === 'recalled' ? { businessType: 1, businessReason: doc!.recallReason } : {}),
          delivery: failure || !isOrganId(r.organId) ? 'failed' : peer ? 'queued' : 'no_peer',
          deliveryDetail: detail,
        });
      }
      await recordAudit(tx, exchangeAudit, {
        action: change === 'recalled' ? 'document.exchange_recall_sent' : 'document.exchange_sent',
        entityType: 'document',
        entityId: documentId,
        unitId: doc!.unitId,
        after: { peers: [...peers], recipients: reachable.map((r) => r.organId), failure },
      });
    });
    for (const peer of peers) {
      await queueMessage(
        { db, exchange },
        { peer, reference: `document:${documentId}:${peer}`, xml: exported!.xml },
        and(
          eq(documentExchangeMessage.documentId, documentId),
          eq(documentExchangeMessage.kind, 'document_out'),
          eq(documentExchangeMessage.peer, peer),
          eq(documentExchangeMessage.delivery, 'queued'),
        )!,
      );
    }
  }

  /** onDeliveryResult: delivered, or refused by the receiver with its reason. */
  async function recordDelivery(result: DeliveryResult) {
    const [kind, id, peer] = result.documentId.split(':');
    const rows =
      kind === 'status'
        ? eq(documentExchangeMessage.id, id!)
        : kind === 'document'
          ? and(
              eq(documentExchangeMessage.documentId, id!),
              eq(documentExchangeMessage.kind, 'document_out'),
              eq(documentExchangeMessage.peer, peer!),
              eq(documentExchangeMessage.delivery, 'queued'),
            )
          : null;
    if (!rows) return; // a message someone else sent
    await db.transaction(async (tx) => {
      const updated = await tx
        .update(documentExchangeMessage)
        .set({
          delivery: result.attempt,
          deliveryDetail: result.attempt === 'refused' ? refusalText(result.answer) : null,
        })
        .where(rows)
        .returning({ documentId: documentExchangeMessage.documentId });
      const [first] = updated;
      if (!first) return;
      const [doc] = await tx
        .select({ unitId: document.unitId })
        .from(document)
        .where(eq(document.id, first.documentId));
      await recordAudit(tx, exchangeAudit, {
        action: 'document.exchange_delivery',
        entityType: 'document',
        entityId: first.documentId,
        unitId: doc?.unitId ?? null,
        after: {
          peer: result.peer,
          attempt: result.attempt,
          httpStatus: result.httpStatus,
          messages: updated.length,
        },
      });
    });
  }

  return { recordStatus, sendToOutside, recordDelivery };
}
