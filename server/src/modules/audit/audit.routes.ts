import {
  auditChainReportSchema,
  auditExportQuerySchema,
  auditListQuerySchema,
  auditPageSchema,
} from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditContextOf } from '../../platform/audit/index.ts';
import { actorOf, requires } from '../../platform/policy/index.ts';
import type { AuditService } from './audit.service.ts';
import { toCsv, toXlsx } from './audit-export.ts';

const tags = ['audit'];
const contentTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export function registerAuditRoutes(scope: FastifyInstance, service: AuditService) {
  const app = scope.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/audit',
    {
      config: { access: requires('audit.read') },
      schema: {
        operationId: 'listAuditEntries',
        tags,
        querystring: auditListQuerySchema,
        response: { 200: auditPageSchema },
      },
    },
    async (request) => {
      const { cursor, limit, ...filter } = request.query;
      return service.list(actorOf(request), filter, { cursor, limit });
    },
  );

  app.get(
    '/audit/export',
    {
      config: { access: requires('audit.read'), rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: { operationId: 'exportAuditEntries', tags, querystring: auditExportQuerySchema },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { format, ...filter } = request.query;
      await service.recordExport(actor, auditContextOf(request), format, filter);
      const rows = service.exportRows(actor, filter);
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', contentTypes[format])
        .header('content-disposition', `attachment; filename="nhat-ky-he-thong-${day}.${format}"`)
        .header('cache-control', 'no-store')
        .send(format === 'csv' ? toCsv(rows) : toXlsx(rows));
    },
  );

  app.get(
    '/audit/verify',
    {
      config: { access: requires('audit.read'), rateLimit: { max: 5, timeWindow: '1 minute' } },
      schema: { operationId: 'verifyAuditChain', tags, response: { 200: auditChainReportSchema } },
    },
    async () => service.verify(),
  );
}
