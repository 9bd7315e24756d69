import { importQuerySchema, importReportSchema } from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client.ts';
import { auditContextOf } from '../../platform/audit/index.ts';
import { uploadedFile } from '../../platform/http/index.ts';
import { actorOf, requires } from '../../platform/policy/index.ts';
import { role } from '../identity/identity.schema.ts';
import { importStaff, staffColumns } from './import-staff.ts';
import { buildTemplate, kindValues } from './import-templates.ts';
import { importUnits, unitColumns } from './import-units.ts';
import { unitLevel } from './organisation.schema.ts';

const tags = ['imports'];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const multipartBody = {
  consumes: ['multipart/form-data'],
  description: 'multipart/form-data with one file field (.xlsx or UTF-8 .csv).',
};

export function registerImportRoutes(scope: FastifyInstance, deps: { db: Database }) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;

  app.post(
    '/imports/units',
    {
      config: { access: requires('units.manage') },
      schema: {
        operationId: 'importUnits',
        tags,
        ...multipartBody,
        querystring: importQuerySchema,
        response: { 200: importReportSchema },
      },
    },
    async (request) =>
      importUnits(db, actorOf(request), (await uploadedFile(request)).bytes, {
        dryRun: request.query.dryRun,
        audit: auditContextOf(request),
      }),
  );

  app.post(
    '/imports/staff',
    {
      config: { access: requires('staff.import') },
      schema: {
        operationId: 'importStaff',
        tags,
        ...multipartBody,
        querystring: importQuerySchema,
        response: { 200: importReportSchema },
      },
    },
    async (request) =>
      importStaff(db, actorOf(request), (await uploadedFile(request)).bytes, {
        dryRun: request.query.dryRun,
        audit: auditContextOf(request),
      }),
  );

  app.get(
    '/imports/units/template.xlsx',
    {
      config: { access: requires('units.manage') },
      schema: { operationId: 'unitImportTemplate', tags, produces: [XLSX_TYPE] },
    },
    async (_request, reply) => {
      const levels = await db.select().from(unitLevel).orderBy(unitLevel.rank);
      const buffer = await buildTemplate('Đơn vị', unitColumns, [
        { title: 'Cấp (Level)', values: levels.map((l) => `${l.nameVi} (${l.id})`) },
        { title: 'Loại đơn vị (Kind)', values: kindValues() },
      ]);
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', 'attachment; filename="mau-nhap-don-vi.xlsx"')
        .send(buffer);
    },
  );

  app.get(
    '/imports/staff/template.xlsx',
    {
      config: { access: requires('staff.import') },
      schema: { operationId: 'staffImportTemplate', tags, produces: [XLSX_TYPE] },
    },
    async (_request, reply) => {
      const roles = await db.select({ id: role.id, nameVi: role.nameVi }).from(role).orderBy(role.id);
      const buffer = await buildTemplate('Cán bộ', staffColumns, [
        { title: 'Vai trò (Role)', values: roles.map((r) => `${r.nameVi} (${r.id})`) },
      ]);
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', 'attachment; filename="mau-nhap-can-bo.xlsx"')
        .send(buffer);
    },
  );
}
