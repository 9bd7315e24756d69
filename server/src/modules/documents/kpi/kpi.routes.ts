import { documentKpiQuerySchema, documentKpiSchema } from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, requires } from '../../../platform/policy/index.ts';
import type { KpiService } from './kpi.service.ts';

/** GET /documents/kpis — digitisation KPIs of a unit's subtree for the scorecard. */
export function registerKpiRoutes(fastify: FastifyInstance, kpis: KpiService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/documents/kpis',
    {
      config: { access: requires('documents.read') },
      schema: {
        operationId: 'getDocumentKpis',
        tags: ['documents'],
        querystring: documentKpiQuerySchema,
        response: { 200: documentKpiSchema },
      },
    },
    async (request) => kpis.digitisation(actorOf(request), request.query),
  );
}
