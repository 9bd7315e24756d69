import { createDocumentCopySchema, documentCopySchema } from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/index.ts';
import { actorOf, requires } from '../../platform/policy/index.ts';
import type { CopiesService } from './copies.service.ts';

const params = z.object({ id: z.uuid() });

/** Copies of a document (bản sao SY/TrS/SL): made by the holder's văn thư, read with the document. */
export function registerCopyRoutes(fastify: FastifyInstance, copies: CopiesService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/documents/:id/copies',
    {
      config: { access: requires('documents.issue', 'document', 'id') },
      schema: {
        operationId: 'createDocumentCopy',
        tags: ['documents'],
        params,
        body: createDocumentCopySchema,
        response: { 201: documentCopySchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await copies.create(actorOf(request), request.params.id, request.body, auditContextOf(request)),
        ),
  );
  app.get(
    '/documents/:id/copies',
    {
      config: { access: requires('documents.read', 'document', 'id') },
      schema: {
        operationId: 'listDocumentCopies',
        tags: ['documents'],
        params,
        response: { 200: z.array(documentCopySchema) },
      },
    },
    async (request) => copies.list(request.params.id),
  );
}
