import { type ComposeDraft, composeDraftSchema, documentUploadSchema } from '@mts/contracts';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client.ts';
import { type AuditContext, auditContextOf } from '../../platform/audit/index.ts';
import { badRequest } from '../../platform/errors/index.ts';
import { type Actor, actorOf, requires } from '../../platform/policy/index.ts';
import { unit } from '../organisation/index.ts';
import { renderOfficialDocument } from '../signatures/index.ts';
import { documentType } from './documents.schema.ts';
import type { DocumentsService } from './documents.service.ts';
import { unitInScope } from './registers.service.ts';
import { placeOf } from './signing/slot.ts';

const lines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * A draft written in the app becomes a PDF in the Appendix I layout (signatures/render) and then an
 * upload like any other draft (same checks and audit): the issuing body is the unit, its parent the
 * line above; a công văn gets "V/v"; number and date stay blank for the registry.
 */
async function composeDraft(
  db: Database,
  documents: DocumentsService,
  actor: Actor,
  input: ComposeDraft,
  audit: AuditContext,
) {
  await unitInScope(db, actor, 'documents.draft', input.unitId);
  const [unitRow] = await db
    .select({ name: unit.name, parentId: unit.parentId })
    .from(unit)
    .where(eq(unit.id, input.unitId));
  const [type] = await db.select().from(documentType).where(eq(documentType.id, input.typeId));
  if (!type?.isActive || (type.unitId && type.unitId !== input.unitId))
    throw badRequest(
      { vi: 'Loại văn bản không có trong danh mục của đơn vị.', en: 'Unknown document type.' },
      [{ path: 'typeId', message: 'Loại văn bản không có trong danh mục của đơn vị.' }],
    );
  const [parent] = unitRow?.parentId
    ? await db.select({ name: unit.name }).from(unit).where(eq(unit.id, unitRow.parentId))
    : [];
  const isLetter = type.code === 'CV';
  const rendered = await renderOfficialDocument({
    parentBody: parent?.name,
    issuingBody: unitRow?.name ?? '',
    place: placeOf(unitRow?.name ?? ''),
    typeName: isLetter ? undefined : type.name,
    summary: input.summary,
    addressees: lines(input.addressees),
    body: lines(input.body),
    authority: input.authority || undefined,
    signerTitle: input.signerTitle,
    signerName: input.signerName,
    recipients: lines(input.recipients),
    archive: input.archive || 'VT',
  });
  return documents.upload(
    actor,
    { unitId: input.unitId, purpose: 'draft', fileName: 'du-thao-the-thuc.pdf', bytes: rendered.pdf },
    audit,
  );
}

export function registerComposeRoute(
  scope: FastifyInstance,
  deps: { db: Database; documents: DocumentsService },
) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/document-uploads/compose',
    {
      config: { access: requires('documents.read'), rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        operationId: 'composeDraft',
        description:
          'Renders a draft written in the app in the Decree 30 Appendix I layout (PDF) and stores it as a draft upload.',
        tags: ['documents'],
        body: composeDraftSchema,
        response: { 201: documentUploadSchema },
      },
    },
    async (request, reply) => {
      const stored = await composeDraft(
        deps.db,
        deps.documents,
        actorOf(request),
        request.body,
        auditContextOf(request),
      );
      return reply.code(201).send(stored);
    },
  );
}
