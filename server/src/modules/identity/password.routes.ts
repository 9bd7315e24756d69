import {
  changePasswordRequestSchema,
  passwordResetConfirmSchema,
  passwordResetRequestSchema,
} from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/index.ts';
import { actorOf, publicAccess, signedIn } from '../../platform/policy/index.ts';
import type { PasswordService } from './password.service.ts';

const tags = ['auth'];

export function registerPasswordRoutes(scope: FastifyInstance, passwords: PasswordService) {
  const app = scope.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/auth/password',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'changePassword',
        tags,
        body: changePasswordRequestSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await passwords.changePassword(actorOf(request), request.body, auditContextOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/password-reset',
    {
      config: { access: publicAccess, rateLimit: { max: 5, timeWindow: '1 minute' } },
      schema: {
        operationId: 'requestPasswordReset',
        tags,
        description: 'Sends a reset link if the address belongs to an active account; always 202.',
        body: passwordResetRequestSchema,
        response: { 202: z.null() },
      },
    },
    async (request, reply) => {
      await passwords.requestReset(request.body.email, auditContextOf(request));
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      config: { access: publicAccess, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        operationId: 'confirmPasswordReset',
        tags,
        body: passwordResetConfirmSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await passwords.confirmReset(request.body, auditContextOf(request));
      return reply.status(204).send(null);
    },
  );
}
