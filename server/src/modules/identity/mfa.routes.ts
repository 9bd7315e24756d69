import {
  disableTotpRequestSchema,
  mfaVerifiedResponseSchema,
  recoveryCodeRequestSchema,
  recoveryCodesResponseSchema,
  totpCodeRequestSchema,
  totpSetupResponseSchema,
} from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/index.ts';
import { actorOf, requires, signedIn } from '../../platform/policy/index.ts';
import type { MfaService } from './mfa.service.ts';

const tags = ['mfa'];
/** Reachable while the second factor is still to be presented or enrolled. */
const duringSignIn = { authenticated: true, allowPendingMfa: true } as const;
/** Guessing a 6-digit code is also braked by the account lockout. */
const codeRateLimit = { max: 10, timeWindow: '1 minute' };

export function registerMfaRoutes(scope: FastifyInstance, mfa: MfaService) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const done = (request: { actor: { csrfToken?: string } | null }) => ({
    mfa: 'none' as const,
    csrfToken: request.actor?.csrfToken ?? '',
  });

  app.post(
    '/auth/totp/setup',
    {
      config: { access: duringSignIn },
      schema: {
        operationId: 'setupTotp',
        tags,
        description: 'Starts enrolment: a new secret, its otpauth URI and QR code. Enable it with a code.',
        response: { 200: totpSetupResponseSchema },
      },
    },
    async (request) => mfa.setupTotp(actorOf(request), auditContextOf(request)),
  );

  app.post(
    '/auth/totp/enable',
    {
      config: { access: duringSignIn, rateLimit: codeRateLimit },
      schema: {
        operationId: 'enableTotp',
        tags,
        description: 'Confirms the app with a code; returns 10 recovery codes, shown only this once.',
        body: totpCodeRequestSchema,
        response: { 200: recoveryCodesResponseSchema },
      },
    },
    async (request) => mfa.enableTotp(actorOf(request), request.body.code, auditContextOf(request)),
  );

  app.post(
    '/auth/totp/disable',
    {
      config: { access: signedIn, rateLimit: codeRateLimit },
      schema: {
        operationId: 'disableTotp',
        tags,
        body: disableTotpRequestSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await mfa.disableTotp(actorOf(request), request.body, auditContextOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/mfa/totp',
    {
      config: { access: duringSignIn, rateLimit: codeRateLimit },
      schema: {
        operationId: 'verifyTotp',
        tags,
        body: totpCodeRequestSchema,
        response: { 200: mfaVerifiedResponseSchema },
      },
    },
    async (request) => {
      await mfa.verifyTotp(actorOf(request), request.body.code, auditContextOf(request));
      return done(request);
    },
  );

  app.post(
    '/auth/mfa/recovery',
    {
      config: { access: duringSignIn, rateLimit: codeRateLimit },
      schema: {
        operationId: 'verifyRecoveryCode',
        tags,
        body: recoveryCodeRequestSchema,
        response: { 200: mfaVerifiedResponseSchema },
      },
    },
    async (request) => {
      const result = await mfa.verifyRecoveryCode(
        actorOf(request),
        request.body.code,
        auditContextOf(request),
      );
      return { ...done(request), ...result };
    },
  );

  app.post(
    '/auth/recovery-codes',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'regenerateRecoveryCodes',
        tags,
        description: 'Replaces all recovery codes with 10 new ones (shown once).',
        response: { 200: recoveryCodesResponseSchema },
      },
    },
    async (request) => mfa.regenerateRecoveryCodes(actorOf(request), auditContextOf(request)),
  );

  app.post(
    '/identity/staff/:id/mfa/reset',
    {
      config: { access: requires('staff.manage', 'staff', 'id') },
      schema: {
        operationId: 'resetStaffSecondFactors',
        tags,
        description:
          'Removes the person’s authenticator app, passkeys and recovery codes and ends their sessions (lost device).',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await mfa.resetSecondFactors(actorOf(request), request.params.id, auditContextOf(request));
      return reply.status(204).send(null);
    },
  );
}
