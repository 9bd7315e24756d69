import { authProvidersSchema } from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { PlatformDeps } from '../../platform/http/index.ts';
import { publicAccess } from '../../platform/policy/index.ts';
import { OIDC_FLOW_TTL_MS, type OidcService, SsoRefused } from './oidc.service.ts';
import type { SessionService } from './session.service.ts';

type Config = PlatformDeps['config'];

const tags = ['sso'];
/** Binds the OIDC state to the browser that started the flow (no login CSRF). */
const STATE_COOKIE = 'mts_oidc_state';
const STATE_COOKIE_PATH = '/api/auth/oidc';

export function registerOidcRoutes(
  scope: FastifyInstance,
  deps: { config: Config; oidc: OidcService; sessions: SessionService },
) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { config, oidc } = deps;

  app.get(
    '/auth/providers',
    {
      config: { access: publicAccess },
      schema: { operationId: 'authProviders', tags: ['auth'], response: { 200: authProvidersSchema } },
    },
    async () => ({
      password: true,
      passkey: true,
      oidc: oidc.isConfigured ? { label: config.OIDC_LABEL, startUrl: '/api/auth/oidc/start' } : null,
    }),
  );

  app.get(
    '/auth/oidc/start',
    {
      config: { access: publicAccess, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { operationId: 'startSso', tags, description: 'Redirects to the OpenID Connect provider.' },
    },
    async (request, reply) => {
      if (!oidc.isConfigured) {
        throw new AppError('NOT_FOUND', {
          message: { vi: 'Chưa cấu hình đăng nhập một lần (SSO).', en: 'Single sign-on is not configured.' },
        });
      }
      const started = await oidc.start().catch((error: unknown) => {
        request.log.error({ err: error }, 'OIDC discovery failed');
        return null;
      });
      if (!started) return reply.redirect('/app/login?sso_error=failed');
      reply.setCookie(STATE_COOKIE, started.state, {
        path: STATE_COOKIE_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: config.COOKIE_SECURE,
        maxAge: OIDC_FLOW_TTL_MS / 1000,
      });
      return reply.redirect(started.url);
    },
  );

  app.get(
    '/auth/oidc/callback',
    {
      config: { access: publicAccess, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        operationId: 'finishSso',
        tags,
        description: 'The provider redirects here; signs in and redirects to /app/, or to the login page.',
        querystring: z.looseObject({ state: z.string().optional() }),
      },
    },
    async (request, reply) => {
      reply.clearCookie(STATE_COOKIE, { path: STATE_COOKIE_PATH });
      try {
        const created = await oidc.finish(
          {
            query: request.url.split('?')[1] ?? '',
            state: request.query.state,
            cookieState: request.cookies[STATE_COOKIE],
            ip: request.ip,
            userAgent: request.headers['user-agent'],
          },
          auditContextOf(request),
        );
        deps.sessions.setCookies(reply, created.token, created.csrfToken);
        return reply.redirect('/app/');
      } catch (error) {
        if (!(error instanceof SsoRefused)) throw error;
        request.log.warn({ reason: error.reason, err: error.cause }, 'single sign-on refused');
        return reply.redirect(`/app/login?sso_error=${error.reason}`);
      }
    },
  );
}
