import { loginRequestSchema, loginResponseSchema, meSchema } from '@mts/contracts';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf, recordAudit } from '../../platform/audit/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { PlatformDeps } from '../../platform/http/index.ts';
import { actorOf, publicAccess } from '../../platform/policy/index.ts';
import { roleAssignment, session } from './identity.schema.ts';
import type { LoginService } from './login.service.ts';
import { describeActor } from './me.service.ts';
import type { SessionService } from './session.service.ts';

const tags = ['auth'];
const anySignedIn = { authenticated: true, allowPendingMfa: true } as const;

export function registerIdentityRoutes(
  scope: FastifyInstance,
  deps: Pick<PlatformDeps, 'db'> & {
    sessions: SessionService;
    logins: LoginService;
  },
) {
  const app = scope.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/auth/login',
    {
      config: { access: publicAccess, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        operationId: 'login',
        tags,
        body: loginRequestSchema,
        response: { 200: loginResponseSchema },
      },
    },
    async (request, reply) => {
      const result = await deps.logins.login(
        { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] },
        auditContextOf(request),
      );
      deps.sessions.setCookies(reply, result.token, result.csrfToken);
      return { mfa: result.mfa, csrfToken: result.csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    { config: { access: anySignedIn }, schema: { operationId: 'logout', tags, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = actorOf(request);
      if (actor.sessionId) {
        await deps.db.transaction(async (tx) => {
          await deps.sessions.revoke(tx, actor.sessionId!);
          await recordAudit(tx, auditContextOf(request), {
            action: 'auth.logout',
            entityType: 'session',
            entityId: actor.sessionId,
          });
        });
      }
      deps.sessions.clearCookies(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    { config: { access: anySignedIn }, schema: { operationId: 'me', tags, response: { 200: meSchema } } },
    async (request) => describeActor(deps.db, actorOf(request)),
  );

  app.post(
    '/auth/active-unit',
    {
      config: { access: { authenticated: true } },
      schema: {
        operationId: 'switchUnit',
        tags,
        body: z.object({ unitId: z.uuid() }),
        response: { 200: meSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (!actor.sessionId) throw new AppError('FORBIDDEN');
      const held = await deps.db
        .select({ unitId: roleAssignment.unitId })
        .from(roleAssignment)
        .where(eq(roleAssignment.staffId, actor.staffId));
      if (!held.some((a) => a.unitId === request.body.unitId)) throw new AppError('NOT_FOUND');
      await deps.db
        .update(session)
        .set({ activeUnitId: request.body.unitId })
        .where(eq(session.id, actor.sessionId));
      const refreshed = await deps.sessions.authenticator.authenticate(request);
      return describeActor(deps.db, refreshed!);
    },
  );
}
