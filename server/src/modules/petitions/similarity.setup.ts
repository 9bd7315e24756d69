import { similarPetitionsQuerySchema, similarPetitionsSchema } from '@mts/contracts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { PlatformDeps } from '../../platform/http/index.ts';
import { actorOf, requires, scopePaths } from '../../platform/policy/index.ts';
import type { PetitionsArea, PetitionsWiring } from './index.ts';
import { findSimilarPetitions } from './similar.repository.ts';
import { REPEAT_THRESHOLD } from './similarity.ts';

/**
 * Similar and repeated petitions for staff: GET /api/petitions/similar, called by the staff form
 * as the cadre types. Scoped to the caller's `petitions.read` subtree; results carry no personal
 * data (the petitioner lives in petition_person, never read here). The public pages and Open311
 * call `findSimilarPetitions` directly (public audience).
 */
export function setupSimilarity(deps: PlatformDeps, _wiring?: PetitionsWiring): PetitionsArea {
  return {
    registerRoutes(scope) {
      const app = scope.withTypeProvider<ZodTypeProvider>();
      app.get(
        '/petitions/similar',
        {
          config: { access: requires('petitions.read') },
          schema: {
            operationId: 'findSimilarPetitions',
            tags: ['petitions'],
            description:
              'Petitions similar to the text (title and description), in the area of unitId (the unit, its ancestors and descendants) and the subject when given, across sessions and terms, within your petitions.read scope; best first, with status and published answer.',
            querystring: similarPetitionsQuerySchema,
            response: { 200: similarPetitionsSchema },
          },
        },
        async (request, reply) => {
          const { text, unitId, subjectCode, excludeId, limit } = request.query;
          const items = await findSimilarPetitions(deps.db, {
            text,
            unitId,
            subjectCode,
            excludeId,
            limit,
            audience: 'staff',
            scopeRoots: scopePaths(actorOf(request), 'petitions.read'),
          });
          // The same text asked again while typing: let the browser keep it a few seconds.
          reply.header('cache-control', 'private, max-age=5');
          return { items, repeatThreshold: REPEAT_THRESHOLD };
        },
      );
    },
  };
}
