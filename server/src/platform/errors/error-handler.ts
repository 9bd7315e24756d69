import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pickLanguage } from '../i18n/index.ts';
import { AppError, type ErrorCode, statusOf, type ValidationIssue } from './app-error.ts';
import { defaultMessages } from './messages.ts';

const zodLocales = { vi: z.locales.vi(), en: z.locales.en() };

type ZodIssueLike = Parameters<ReturnType<typeof z.locales.en>['localeError']>[0] & {
  instancePath?: string;
  path?: PropertyKey[];
};

function localiseZodIssue(issue: ZodIssueLike, language: 'vi' | 'en'): string {
  const text = zodLocales[language].localeError(issue);
  if (typeof text === 'string') return text;
  return text?.message ?? String(issue.message ?? '');
}

function validationIssues(error: FastifyError, language: 'vi' | 'en'): ValidationIssue[] {
  const raw = (error.validation ?? []) as unknown as Array<{
    keyword: string;
    instancePath: string;
    message?: string;
    params?: Record<string, unknown>;
  }>;
  const context = error.validationContext ?? 'body';
  return raw.map((entry) => {
    // fastify-type-provider-zod spreads the zod issue (minus path and message) into params.
    const issue = entry.params
      ? ({ code: entry.keyword, ...entry.params } as unknown as ZodIssueLike)
      : undefined;
    const location = entry.instancePath.replace(/^\//, '').replaceAll('/', '.');
    // A message the schema wrote itself (z.string().regex(re, 'Mã định danh …')) says more than
    // zod's generic text: keep it. Otherwise render zod's text in the reader's language.
    const isCustom = issue && entry.message && entry.message !== localiseZodIssue(issue, 'en');
    return {
      path: [context, location].filter(Boolean).join('.'),
      message: isCustom || !issue ? (entry.message ?? '') : localiseZodIssue(issue, language),
    };
  });
}

function codeForFastifyError(error: FastifyError): ErrorCode {
  switch (error.statusCode) {
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    default:
      return error.statusCode && error.statusCode >= 400 && error.statusCode < 500
        ? 'BAD_REQUEST'
        : 'INTERNAL';
  }
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  options: {
    message?: { vi: string; en: string };
    issues?: ValidationIssue[];
    details?: Record<string, unknown>;
  } = {},
) {
  const language = pickLanguage(request.headers['accept-language']);
  const text = options.message ?? defaultMessages[code];
  return reply.status(statusOf(code)).send({
    error: {
      code,
      message: text[language],
      requestId: request.id,
      ...(options.issues ? { issues: options.issues } : {}),
      ...(options.details ? { details: options.details } : {}),
    },
  });
}

/** The one error handler: AppError, schema validation, Fastify's own errors; never a stack trace. */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, 'application error');
      return sendError(request, reply, error.code, {
        message: error.text,
        issues: error.issues,
        details: error.details,
      });
    }
    if (hasZodFastifySchemaValidationErrors(error) || error.validation) {
      const language = pickLanguage(request.headers['accept-language']);
      return sendError(request, reply, 'VALIDATION_FAILED', { issues: validationIssues(error, language) });
    }
    const code = codeForFastifyError(error);
    if (code === 'INTERNAL') request.log.error({ err: error }, 'unhandled error');
    else request.log.info({ code: error.code, msg: error.message }, 'request rejected');
    return sendError(request, reply, code);
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, 'NOT_FOUND'));
}
