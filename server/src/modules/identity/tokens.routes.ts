import { apiTokenSchema, createApiTokenRequestSchema, createdApiTokenSchema } from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/index.ts';
import { actorOf, requires } from '../../platform/policy/index.ts';
import type { ApiTokenService } from './api-tokens.service.ts';

const tags = ['tokens'];

export function registerTokenRoutes(scope: FastifyInstance, tokens: ApiTokenService) {
  const app = scope.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/tokens',
    {
      config: { access: requires('tokens.manage') },
      schema: { operationId: 'listApiTokens', tags, response: { 200: z.array(apiTokenSchema) } },
    },
    async (request) => tokens.list(actorOf(request)),
  );

  app.post(
    '/tokens',
    {
      config: { access: requires('tokens.manage') },
      schema: {
        operationId: 'createApiToken',
        tags,
        description: 'The token is in this response only; it is sent as `Authorization: Bearer <token>`.',
        body: createApiTokenRequestSchema,
        response: { 201: createdApiTokenSchema },
      },
    },
    async (request, reply) => {
      const created = await tokens.create(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/tokens/:id',
    {
      config: { access: requires('tokens.manage', 'api_token', 'id') },
      schema: {
        operationId: 'revokeApiToken',
        tags,
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await tokens.revoke(request.params.id, auditContextOf(request));
      return reply.status(204).send(null);
    },
  );
}
