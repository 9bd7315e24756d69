import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { auditContextOf, recordAudit } from '../../platform/audit/index.ts';
import { requires } from '../../platform/policy/index.ts';
import { exchangeDeliveryStates, exchangeMessageKinds } from './exchange-link.schema.ts';
import type { ExchangeLink } from './exchange-link.ts';

const localised = z.object({ vi: z.string(), en: z.string() });
const exchangeMessageSchema = z.object({
  id: z.uuid(),
  kind: z.enum(exchangeMessageKinds),
  organId: z.string(),
  peer: z.string().nullable(),
  recipientId: z.uuid().nullable(),
  edxmlDocumentId: z.string(),
  businessType: z.number().int(),
  businessLabel: localised,
  businessReason: z.string().nullable(),
  relatedDocumentId: z.uuid().nullable(),
  statusCode: z.string().nullable(),
  /** 'valid' when the received message's XML-DSig signature verified; null when it was unsigned. */
  signature: z.string().nullable(),
  /** The signer's certificate as received; trust (chain, revocation) is not checked yet. */
  signatureDetail: z
    .object({
      status: z.literal('valid'),
      subject: z.string(),
      issuer: z.string(),
      serialNumber: z.string(),
      validFrom: z.string(),
      validTo: z.string(),
      fingerprint256: z.string(),
      signatureMethod: z.string(),
      trust: z.literal('not_checked'),
      trustNote: localised,
    })
    .nullable(),
  delivery: z.enum(exchangeDeliveryStates),
  deliveryDetail: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const params = z.object({ id: z.uuid() });

export function registerExchangeLinkRoutes(scope: FastifyInstance, db: Database, link: ExchangeLink) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/documents/:id/exchange',
    {
      config: { access: requires('documents.read', 'document', 'id') },
      schema: {
        operationId: 'listDocumentExchangeMessages',
        tags: ['documents'],
        description:
          'edXML messages exchanged about the document with outside agencies: the message received (recall / update / replace label, linked earlier document, the verified signature and its signer certificate, trust not checked yet), the message sent to each outside recipient (queued / delivered / refused with the reason / no_peer / failed) and the status messages sent back.',
        params,
        response: { 200: z.array(exchangeMessageSchema) },
      },
    },
    async (request) => link.messagesOf(request.params.id),
  );

  app.get(
    '/documents/:id/edxml',
    {
      config: { access: requires('documents.read', 'document', 'id') },
      schema: {
        operationId: 'downloadDocumentEdxml',
        tags: ['documents'],
        description:
          'The issued outgoing document as an edXML message (QCVN 102:2016) with its signed file and attachments, for agencies reached by other means. Addressed to the outside recipients, or to `organId`.',
        params,
        querystring: z.object({ organId: z.string().max(35).optional() }),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const exported = await link.exportDocument(
        id,
        request.query.organId ? [request.query.organId] : undefined,
      );
      await db.transaction((tx) =>
        recordAudit(tx, auditContextOf(request), {
          action: 'document.export_edxml',
          entityType: 'document',
          entityId: id,
          after: { to: exported.to },
        }),
      );
      const name = `${exported.edxmlDocumentId.split(',').pop()!.replaceAll('/', '_')}.edxml.xml`;
      return reply
        .header('content-type', 'application/xml; charset=utf-8')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(exported.xml);
    },
  );
}
