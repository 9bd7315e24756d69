import {
  loginResponseSchema,
  mfaVerifiedResponseSchema,
  passkeyAuthenticationOptionsResponseSchema,
  passkeyAuthenticationRequestSchema,
  passkeyRegistrationOptionsResponseSchema,
  passkeyRegistrationRequestSchema,
  passkeySchema,
  renamePasskeyRequestSchema,
} from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/index.ts';
import { actorOf, publicAccess, signedIn } from '../../platform/policy/index.ts';
import type { PasskeyService } from './passkey.service.ts';
import type { SessionService } from './session.service.ts';

const tags = ['passkeys'];
const duringSignIn = { authenticated: true, allowPendingMfa: true } as const;
const passkeyParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,1400}$/) });
const anonymousRateLimit = { max: 30, timeWindow: '1 minute' };

export function registerPasskeyRoutes(
  scope: FastifyInstance,
  deps: { passkeys: PasskeyService; sessions: SessionService },
) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { passkeys } = deps;

  app.get(
    '/auth/passkeys',
    {
      config: { access: signedIn },
      schema: { operationId: 'listPasskeys', tags, response: { 200: z.array(passkeySchema) } },
    },
    async (request) => passkeys.list(actorOf(request)),
  );

  app.post(
    '/auth/passkeys/register/options',
    {
      config: { access: duringSignIn },
      schema: {
        operationId: 'passkeyRegistrationOptions',
        tags,
        description: 'Options for navigator.credentials.create(); the challenge is valid 5 minutes.',
        response: { 200: passkeyRegistrationOptionsResponseSchema },
      },
    },
    async (request) => passkeys.startRegistration(actorOf(request)),
  );

  app.post(
    '/auth/passkeys/register/verify',
    {
      config: { access: duringSignIn },
      schema: {
        operationId: 'registerPasskey',
        tags,
        body: passkeyRegistrationRequestSchema,
        response: { 201: passkeySchema },
      },
    },
    async (request, reply) => {
      const created = await passkeys.finishRegistration(
        actorOf(request),
        request.body,
        auditContextOf(request),
      );
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/auth/passkeys/:id',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'renamePasskey',
        tags,
        params: passkeyParams,
        body: renamePasskeyRequestSchema,
        response: { 200: passkeySchema },
      },
    },
    async (request) =>
      passkeys.rename(actorOf(request), request.params.id, request.body.name, auditContextOf(request)),
  );

  app.delete(
    '/auth/passkeys/:id',
    {
      config: { access: signedIn },
      schema: { operationId: 'deletePasskey', tags, params: passkeyParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await passkeys.remove(actorOf(request), request.params.id, auditContextOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/mfa/passkey/options',
    {
      config: { access: duringSignIn },
      schema: {
        operationId: 'passkeySecondFactorOptions',
        tags: ['mfa', ...tags],
        description: 'Options for navigator.credentials.get() with the signed-in person’s passkeys.',
        response: { 200: passkeyAuthenticationOptionsResponseSchema },
      },
    },
    async (request) => passkeys.startSecondFactor(actorOf(request)),
  );

  app.post(
    '/auth/mfa/passkey/verify',
    {
      config: { access: duringSignIn },
      schema: {
        operationId: 'verifyPasskeySecondFactor',
        tags: ['mfa', ...tags],
        body: passkeyAuthenticationRequestSchema,
        response: { 200: mfaVerifiedResponseSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await passkeys.finishSecondFactor(actor, request.body, auditContextOf(request));
      return { mfa: 'none' as const, csrfToken: actor.csrfToken ?? '' };
    },
  );

  app.post(
    '/auth/passkey/options',
    {
      config: { access: publicAccess, rateLimit: anonymousRateLimit },
      schema: {
        operationId: 'passkeyLoginOptions',
        tags: ['auth', ...tags],
        description: 'Passwordless sign-in: options for a discoverable passkey (no username needed).',
        response: { 200: passkeyAuthenticationOptionsResponseSchema },
      },
    },
    async () => passkeys.startLogin(),
  );

  app.post(
    '/auth/passkey/verify',
    {
      config: { access: publicAccess, rateLimit: anonymousRateLimit },
      schema: {
        operationId: 'passkeyLogin',
        tags: ['auth', ...tags],
        body: passkeyAuthenticationRequestSchema,
        response: { 200: loginResponseSchema },
      },
    },
    async (request, reply) => {
      const created = await passkeys.finishLogin(
        { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] },
        auditContextOf(request),
      );
      deps.sessions.setCookies(reply, created.token, created.csrfToken);
      return { mfa: 'none' as const, csrfToken: created.csrfToken };
    },
  );
}
