import { edxmlReceiptSchema } from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditContextOf } from '../../platform/audit/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import { actorOf, requires } from '../../platform/policy/index.ts';
import type { ExchangeService } from './exchange.service.ts';

/** Largest edXML message the endpoint reads (attachments travel base64-encoded inside it). */
export const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

export function registerExchangeRoutes(scope: FastifyInstance, exchange: ExchangeService) {
  // edXML arrives as raw bytes: the parser checks the encoding itself (non-UTF-8 is refused).
  scope.addContentTypeParser(
    ['application/xml', 'text/xml'],
    { parseAs: 'buffer', bodyLimit: MAX_MESSAGE_BYTES },
    (_request, body, done) => done(null, body),
  );
  const app = scope.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/exchange/edxml',
    {
      config: { access: requires('exchange.receive') },
      bodyLimit: MAX_MESSAGE_BYTES,
      schema: {
        operationId: 'receiveEdxmlMessage',
        tags: ['exchange'],
        description:
          'Receives an edXML message (QCVN 102:2016): a document or a status message, as `application/xml`. ' +
          '202 with a receipt when it is taken; 400 with the precise reason (`details.reason`, `details.path`) when it is refused.',
        response: { 202: edxmlReceiptSchema },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
          message: {
            vi: 'Thông điệp edXML phải được gửi với Content-Type application/xml.',
            en: 'Send the edXML message as Content-Type application/xml.',
          },
        });
      }
      const receipt = await exchange.receive(request.body, {
        transport: 'http',
        reference: request.id,
        unitId: actorOf(request).activeUnitId,
        audit: auditContextOf(request),
      });
      return reply.status(202).send(receipt);
    },
  );
}
