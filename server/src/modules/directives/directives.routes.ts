import {
  boardQuerySchema,
  boardSchema,
  createDirectiveSchema,
  directiveDetailSchema,
  directiveListQuerySchema,
  directiveListSchema,
  recipientRowSchema,
  reportSchema,
  respondSchema,
} from '@mts/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import { actorOf, requires, signedIn } from '../../platform/policy/index.ts';
import {
  attachmentType,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  type Storage,
} from '../../platform/storage/index.ts';

import { boardCsv, boardXlsx } from './board-export.ts';
import type { DirectiveAttachment } from './directives.schema.ts';
import type { DirectivesService } from './directives.service.ts';

const tags = ['directives'];
const DIRECTIVE = 'directive';
const idParams = z.object({ id: z.uuid() });

const rejected = (name: string) =>
  new AppError('UNSUPPORTED_MEDIA_TYPE', {
    message: {
      vi: `Tệp "${name}" không được chấp nhận: chỉ nhận PDF, ảnh JPEG/PNG, DOCX hoặc XLSX, tối đa 10 MB.`,
      en: `File "${name}" is not accepted: PDF, JPEG/PNG images, DOCX or XLSX only, at most 10 MB.`,
    },
  });

/**
 * A report from JSON, or from multipart/form-data: fields `text`, `figure`, `unitId` and up to
 * five `attachments` files, each recognised by its content and stored before the report is saved.
 */
async function readReport(request: FastifyRequest, storage: Storage) {
  if (!request.isMultipart()) {
    const parsed = reportSchema.safeParse(request.body ?? {});
    if (!parsed.success) throw validationFailed(parsed.error);
    return { ...parsed.data, attachments: [] as DirectiveAttachment[] };
  }
  const fields: Record<string, string> = {};
  const attachments: DirectiveAttachment[] = [];
  const parts = request.parts({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: MAX_ATTACHMENTS } });
  for await (const part of parts) {
    if (part.type !== 'file') {
      fields[part.fieldname] = String(part.value);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw rejected(part.filename);
      throw error;
    }
    const contentType = attachmentType(bytes);
    if (!contentType) throw rejected(part.filename);
    const stored = await storage.put(bytes);
    attachments.push({ key: stored.key, name: part.filename.slice(0, 200), contentType, size: stored.size });
  }
  const parsed = reportSchema.safeParse({
    unitId: fields.unitId || undefined,
    text: fields.text || undefined,
    figure: fields.figure === undefined || fields.figure === '' ? undefined : fields.figure,
  });
  if (!parsed.success) throw validationFailed(parsed.error);
  return { ...parsed.data, attachments };
}

const validationFailed = (error: z.ZodError) =>
  new AppError('VALIDATION_FAILED', {
    issues: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  });

/** Directives (chỉ đạo): send, follow the board, export it; recipients see, acknowledge and report. */
export function registerDirectiveRoutes(
  scope: FastifyInstance,
  deps: { service: DirectivesService; storage: Storage },
) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { service, storage } = deps;

  app.post(
    '/directives',
    {
      config: { access: requires('directives.send') },
      schema: {
        operationId: 'sendDirective',
        tags,
        body: createDirectiveSchema,
        response: { 201: directiveDetailSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.create(actorOf(request), request.body, auditContextOf(request))),
  );

  app.get(
    '/directives',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'listDirectives',
        tags,
        description:
          'box=sent: directives of the units where I may send; box=received: addressed to units I answer for.',
        querystring: directiveListQuerySchema,
        response: { 200: directiveListSchema },
      },
    },
    async (request) => service.list(actorOf(request), request.query),
  );

  app.get(
    '/directives/:id',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'getDirective',
        tags,
        description:
          'The sender side sees the counts of the board; a recipient its own rows. 404 for anyone else.',
        params: idParams,
        response: { 200: directiveDetailSchema },
      },
    },
    async (request) => service.detail(actorOf(request), request.params.id),
  );

  app.get(
    '/directives/:id/board',
    {
      config: { access: requires('directives.send', DIRECTIVE) },
      schema: {
        operationId: 'getDirectiveBoard',
        tags,
        params: idParams,
        querystring: boardQuerySchema,
        response: { 200: boardSchema },
      },
    },
    async (request) => service.board(request.params.id, request.query),
  );

  for (const format of ['xlsx', 'csv'] as const) {
    app.get(
      `/directives/:id/export.${format}`,
      {
        config: { access: requires('directives.send', DIRECTIVE) },
        schema: {
          operationId: format === 'xlsx' ? 'exportDirectiveBoardXlsx' : 'exportDirectiveBoardCsv',
          tags,
          params: idParams,
        },
      },
      async (request, reply) => {
        const { directive, rows } = await service.boardForExport(request.params.id);
        const name = `chi-dao-${directive.createdAt.slice(0, 10)}-${directive.id.slice(0, 8)}.${format}`;
        reply
          .header('content-disposition', `attachment; filename="${name}"`)
          .header('cache-control', 'no-store');
        if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(boardCsv(directive, rows));
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .send(await boardXlsx(directive, rows));
      },
    );
  }

  app.get(
    '/directives/:id/attachments/:key',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'getDirectiveReportAttachment',
        tags,
        description:
          'A file attached to a report: for the sender side and those answering for the reporting unit.',
        params: z.object({ id: z.uuid(), key: z.string().regex(/^[0-9a-f]{64}$/) }),
      },
    },
    async (request, reply) => {
      const file = await service.attachment(actorOf(request), request.params.id, request.params.key);
      const bytes = await storage.get(file.key);
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  );

  app.post(
    '/directives/:id/cancel',
    {
      config: { access: requires('directives.send', DIRECTIVE) },
      schema: {
        operationId: 'cancelDirective',
        tags,
        params: idParams,
        response: { 200: directiveDetailSchema },
      },
    },
    async (request) => service.cancel(actorOf(request), request.params.id, auditContextOf(request)),
  );

  app.post(
    '/directives/:id/seen',
    {
      config: { access: requires('directives.respond') },
      schema: {
        operationId: 'markDirectiveSeen',
        tags,
        params: idParams,
        body: respondSchema.optional(),
        response: { 200: recipientRowSchema },
      },
    },
    async (request) => service.markSeen(actorOf(request), request.params.id, request.body?.unitId),
  );

  app.post(
    '/directives/:id/acknowledge',
    {
      config: { access: requires('directives.respond') },
      schema: {
        operationId: 'acknowledgeDirective',
        tags,
        params: idParams,
        body: respondSchema.optional(),
        response: { 200: recipientRowSchema },
      },
    },
    async (request) =>
      service.acknowledge(actorOf(request), request.params.id, request.body?.unitId, auditContextOf(request)),
  );

  app.post(
    '/directives/:id/report',
    {
      config: { access: requires('directives.respond') },
      schema: {
        operationId: 'reportOnDirective',
        tags,
        consumes: ['application/json', 'multipart/form-data'],
        description:
          'JSON `{ text?, figure?, unitId? }`, or multipart/form-data with fields `text`, `figure`, `unitId` and up to five `attachments` files (PDF, JPEG, PNG, DOCX, XLSX; 10 MB each).',
        params: idParams,
        response: { 200: recipientRowSchema },
      },
    },
    async (request) => {
      const input = await readReport(request, storage);
      return service.report(actorOf(request), request.params.id, input, auditContextOf(request));
    },
  );
}
