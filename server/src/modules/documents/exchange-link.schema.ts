import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.ts';
import type { EdxmlSignatureInfo } from '../exchange/index.ts';
import { document, documentRecipient } from './documents.schema.ts';

export const exchangeMessageKinds = ['document_in', 'document_out', 'status_out'] as const;

/**
 * Delivery state of a message we send: queued (job on its way), delivered, refused by the
 * receiver (final, with its reason), no_peer (no transport configured for that agency: reach it
 * by other means, GET /documents/:id/edxml), failed (the message could not be built).
 */
export const exchangeDeliveryStates = [
  'received',
  'queued',
  'delivered',
  'refused',
  'no_peer',
  'failed',
] as const;

/**
 * One edXML message exchanged about a document with an agency outside the product:
 * a document received (its business type and the earlier document it recalls, updates or
 * replaces), a document sent to an external recipient, or a status message sent back.
 */
export const documentExchangeMessage = pgTable(
  'document_exchange_message',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => document.id),
    /** For document_out: the external recipient the message is for. */
    recipientId: uuid('recipient_id').references(() => documentRecipient.id),
    kind: text('kind', { enum: exchangeMessageKinds }).notNull(),
    /** The other agency's OrganId (mã định danh). */
    organId: text('organ_id').notNull(),
    /** The configured peer the message went to (or the reply goes to); null when none. */
    peer: text('peer'),
    /** edXML DocumentId of the document the message is about. */
    edxmlDocumentId: text('edxml_document_id').notNull(),
    /** BussinessDocType: 0 new, 1 recall, 2 update, 3 replace. */
    businessType: integer('business_type').notNull().default(0),
    businessReason: text('business_reason'),
    /** The earlier document a recall / update / replacement names, when it is found here. */
    relatedDocumentId: uuid('related_document_id').references(() => document.id),
    /** status_out: the status code sent (01 arrived, 02 returned, 03 accepted …). */
    statusCode: text('status_code'),
    /**
     * document_in: 'valid' when the message carried an XML-DSig signature that verified (digests
     * and signature value; a bad signature is refused, never filed); null when unsigned.
     */
    signature: text('signature'),
    /** document_in: the signer's certificate (subject, issuer, serial, validity), algorithm, trust 'not_checked'. */
    signatureDetail: jsonb('signature_detail').$type<EdxmlSignatureInfo>(),
    /** document_in: the message's Content text (kept in the document's search text). */
    content: text('content'),
    delivery: text('delivery', { enum: exchangeDeliveryStates }).notNull(),
    deliveryDetail: text('delivery_detail'),
    /** Exchange receipt (document_in) of the message. */
    receiptId: uuid('receipt_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('document_exchange_message_document_idx').on(t.documentId, t.createdAt),
    index('document_exchange_message_recipient_idx').on(t.recipientId),
    check('document_exchange_message_business_type', sql`${t.businessType} BETWEEN 0 AND 3`),
  ],
);
