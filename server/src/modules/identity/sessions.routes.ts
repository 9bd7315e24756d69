import { sessionIdParamsSchema, sessionSchema } from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/index.ts';
import { actorOf, requires, signedIn } from '../../platform/policy/index.ts';
import type { SessionService } from './session.service.ts';
import type { SessionManagementService } from './session-management.service.ts';

const tags = ['sessions'];
const staffParams = z.object({ id: z.uuid() });

export function registerSessionRoutes(
  scope: FastifyInstance,
  deps: { management: SessionManagementService; sessions: SessionService },
) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { management } = deps;

  app.get(
    '/auth/sessions',
    {
      config: { access: signedIn },
      schema: { operationId: 'listOwnSessions', tags, response: { 200: z.array(sessionSchema) } },
    },
    async (request) => management.listOwn(actorOf(request)),
  );

  app.delete(
    '/auth/sessions/:id',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'revokeOwnSession',
        tags,
        params: sessionIdParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const wasCurrent = await management.revokeOwn(
        actorOf(request),
        request.params.id,
        auditContextOf(request),
      );
      if (wasCurrent) deps.sessions.clearCookies(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/identity/staff/:id/sessions',
    {
      config: { access: requires('sessions.manage', 'staff', 'id') },
      schema: {
        operationId: 'listStaffSessions',
        tags,
        params: staffParams,
        response: { 200: z.array(sessionSchema) },
      },
    },
    async (request) => management.listOf(actorOf(request), request.params.id),
  );

  app.delete(
    '/identity/staff/:id/sessions',
    {
      config: { access: requires('sessions.manage', 'staff', 'id') },
      schema: {
        operationId: 'revokeAllStaffSessions',
        tags,
        description: 'Signs the person out everywhere.',
        params: staffParams,
        response: { 200: z.object({ revoked: z.number().int() }) },
      },
    },
    async (request) => management.revokeAllOf(request.params.id, auditContextOf(request)),
  );

  app.delete(
    '/identity/staff/:id/sessions/:sessionId',
    {
      config: { access: requires('sessions.manage', 'staff', 'id') },
      schema: {
        operationId: 'revokeStaffSession',
        tags,
        params: z.object({ id: z.uuid(), sessionId: sessionIdParamsSchema.shape.id }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await management.revokeOf(request.params.id, request.params.sessionId, auditContextOf(request));
      return reply.status(204).send(null);
    },
  );
}
