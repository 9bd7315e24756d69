import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../../platform/http/index.ts';
import { type ExchangeModule, TRUST_NOT_CHECKED } from '../exchange/index.ts';
import { exportIssuedDocument } from './exchange-export.ts';
import { createReceiving } from './exchange-link.incoming.ts';
import { createSending } from './exchange-link.outgoing.ts';
import { documentExchangeMessage } from './exchange-link.schema.ts';
import { businessLabels } from './exchange-link.shared.ts';
import type { OcrLink } from './ocr-link.ts';

/**
 * The documents side of the edXML exchange: received messages are filed in the addressed unit's
 * incoming queue, status messages update the external recipient's state, issued documents go to
 * external recipients through their configured peer, and an incoming copy's progress goes back
 * to its sender as status messages (01 arrived, 02 returned with the reason, 03 …).
 */
export function createExchangeLink(
  deps: Pick<PlatformDeps, 'db' | 'storage' | 'mailer'>,
  exchange: ExchangeModule,
  ocr: OcrLink,
  afterArrival?: (documentId: string) => Promise<void>,
) {
  const { db, storage } = deps;

  const { fileIncoming, reportStatus } = createReceiving(deps, exchange, ocr, afterArrival);
  const { recordStatus, sendToOutside, recordDelivery } = createSending(deps, exchange);
  exchange.onIncomingDocument(fileIncoming);
  exchange.onStatus(recordStatus);
  exchange.onDeliveryResult(recordDelivery);

  /** Messages exchanged about a document with outside agencies, for the detail page. */
  async function messagesOf(documentId: string) {
    const rows = await db
      .select()
      .from(documentExchangeMessage)
      .where(eq(documentExchangeMessage.documentId, documentId))
      .orderBy(documentExchangeMessage.createdAt);
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      organId: r.organId,
      peer: r.peer,
      recipientId: r.recipientId,
      edxmlDocumentId: r.edxmlDocumentId,
      businessType: r.businessType,
      businessLabel: businessLabels[r.businessType as 0 | 1 | 2 | 3],
      businessReason: r.businessReason,
      relatedDocumentId: r.relatedDocumentId,
      statusCode: r.statusCode,
      signature: r.signature,
      signatureDetail: r.signatureDetail ? { ...r.signatureDetail, trustNote: TRUST_NOT_CHECKED } : null,
      delivery: r.delivery,
      deliveryDetail: r.deliveryDetail,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }));
  }

  return {
    reportStatus,
    sendToOutside,
    messagesOf,
    exportDocument: (documentId: string, organIds?: string[]) =>
      exportIssuedDocument({ db, storage, exchange }, documentId, organIds),
  };
}

export type ExchangeLink = ReturnType<typeof createExchangeLink>;
