import { documentSearchQuerySchema, documentSearchResultSchema } from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, requires } from '../../platform/policy/index.ts';
import type { SearchService } from './search.service.ts';

/** GET /documents/search — full-text and symbol search within the caller's scope. */
export function registerSearchRoutes(fastify: FastifyInstance, search: SearchService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/documents/search',
    {
      config: { access: requires('documents.read') },
      schema: {
        operationId: 'searchDocuments',
        tags: ['documents'],
        querystring: documentSearchQuerySchema,
        response: { 200: documentSearchResultSchema },
      },
    },
    async (request) => search.search(actorOf(request), request.query),
  );
}
