import { createdOpen311ApiKeySchema, createOpen311ApiKeySchema, open311ApiKeySchema } from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../../platform/audit/index.ts';
import { actorOf, requires } from '../../../platform/policy/index.ts';
import type { Open311KeyService } from './keys.ts';

const tags = ['petitions', 'open311'];

/** Staff API (/api/open311-keys): API keys of partner applications for the Open311 POST calls. */
export function registerOpen311KeyRoutes(scope: FastifyInstance, keys: Open311KeyService) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const access = requires('petitions.configure');

  app.get(
    '/open311-keys',
    {
      config: { access },
      schema: {
        operationId: 'listOpen311ApiKeys',
        tags,
        description: 'Keys of the units in my petitions.configure subtree, newest first.',
        response: { 200: z.array(open311ApiKeySchema) },
      },
    },
    async (request) => keys.list(actorOf(request)),
  );

  app.post(
    '/open311-keys',
    {
      config: { access },
      schema: {
        operationId: 'createOpen311ApiKey',
        tags,
        description: 'The key is in this response only; clients send it as the `api_key` parameter.',
        body: createOpen311ApiKeySchema,
        response: { 201: createdOpen311ApiKeySchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await keys.create(actorOf(request), request.body, auditContextOf(request))),
  );

  app.delete(
    '/open311-keys/:id',
    {
      config: { access },
      schema: {
        operationId: 'revokeOpen311ApiKey',
        tags,
        description: 'Revoked at once; a key outside my subtree answers 404 like a missing one.',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await keys.revoke(actorOf(request), request.params.id, auditContextOf(request));
      return reply.code(204).send(null);
    },
  );
}
