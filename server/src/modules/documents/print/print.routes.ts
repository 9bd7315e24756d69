import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../../platform/audit/index.ts';
import { requires } from '../../../platform/policy/index.ts';
import { asciiFileName, type PrintedFile, type PrintService } from './print.service.ts';

const tags = ['documents'];
const params = z.object({ id: z.uuid() });

const rangeShape = {
  year: z.coerce
    .number({ error: 'Năm phải là một số, ví dụ 2026.' })
    .int('Năm phải là số nguyên, ví dụ 2026.')
    .min(2000, 'Năm phải từ 2000 trở đi.')
    .max(2100, 'Năm phải trước 2100.')
    .optional(),
  from: z.coerce
    .number({ error: 'Số bắt đầu phải là một số.' })
    .int('Số bắt đầu phải là số nguyên.')
    .min(1, 'Số bắt đầu phải từ 1 trở lên.')
    .optional(),
  to: z.coerce
    .number({ error: 'Số kết thúc phải là một số.' })
    .int('Số kết thúc phải là số nguyên.')
    .min(1, 'Số kết thúc phải từ 1 trở lên.')
    .optional(),
};
const fromNotAfterTo = (q: { from?: number; to?: number }) =>
  q.from === undefined || q.to === undefined || q.from <= q.to;
const fromAfterTo = {
  message: 'Số bắt đầu ("from") phải nhỏ hơn hoặc bằng số kết thúc ("to").',
  path: ['from'],
};

export const printRegisterQuerySchema = z
  .object({
    ...rangeShape,
    format: z.enum(['pdf', 'xlsx'], { error: 'Định dạng in phải là "pdf" hoặc "xlsx".' }).default('pdf'),
    report: z
      .enum(['register', 'tracking', 'summary'], {
        error:
          'Loại bản in phải là "register" (sổ đăng ký), "tracking" (sổ theo dõi giải quyết) hoặc "summary" (báo cáo tình hình giải quyết).',
      })
      .default('register'),
  })
  .refine(fromNotAfterTo, fromAfterTo);

export const exportMetadataQuerySchema = z
  .object({
    ...rangeShape,
    format: z.enum(['xlsx', 'json'], { error: 'Định dạng xuất phải là "xlsx" hoặc "json".' }).default('xlsx'),
  })
  .refine(fromNotAfterTo, fromAfterTo);

function sendFile(reply: FastifyReply, file: PrintedFile, inline: boolean) {
  return reply
    .header('content-type', file.contentType)
    .header(
      'content-disposition',
      `${inline ? 'inline' : 'attachment'}; filename="${asciiFileName(file.fileName)}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    )
    .header('cache-control', 'no-store')
    .send(file.stream);
}

/**
 * Printable registers (Decree 30 Appendix IV), the Appendix VI metadata export and the routing
 * slip. Read access to the register or document is enough: printing is reading (and audited).
 */
export function registerPrintRoutes(scope: FastifyInstance, print: PrintService) {
  const app = scope.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/document-registers/:id/print',
    {
      config: { access: requires('documents.read', 'document_register', 'id') },
      schema: {
        operationId: 'printDocumentRegister',
        tags,
        description:
          'Sổ đăng ký văn bản đến/đi (by the register kind); report=tracking: sổ theo dõi giải quyết văn bản đến; report=summary: báo cáo tình hình giải quyết (Appendix VI). PDF or XLSX.',
        params,
        querystring: printRegisterQuerySchema,
      },
    },
    async (request, reply) =>
      sendFile(
        reply,
        await print.printRegister(request.params.id, request.query, auditContextOf(request)),
        request.query.format === 'pdf',
      ),
  );

  app.get(
    '/document-registers/:id/metadata',
    {
      config: { access: requires('documents.read', 'document_register', 'id') },
      schema: {
        operationId: 'exportDocumentRegisterMetadata',
        tags,
        description: 'The register’s documents under the Appendix VI / edXML tag names, as XLSX or JSON.',
        params,
        querystring: exportMetadataQuerySchema,
      },
    },
    async (request, reply) =>
      sendFile(
        reply,
        await print.exportMetadata(request.params.id, request.query, auditContextOf(request)),
        false,
      ),
  );

  app.get(
    '/documents/:id/routing-slip.pdf',
    {
      config: { access: requires('documents.read', 'document', 'id') },
      schema: { operationId: 'printRoutingSlip', tags, params },
    },
    async (request, reply) =>
      sendFile(reply, await print.routingSlip(request.params.id, auditContextOf(request)), true),
  );
}
