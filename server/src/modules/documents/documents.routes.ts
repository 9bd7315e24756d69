import {
  cancelNumberSchema,
  commentSchema,
  completeAssignmentSchema,
  createDocumentTypeSchema,
  createDraftSchema,
  createRegisterSchema,
  directSchema,
  documentDetailSchema,
  documentIdParamsSchema,
  documentListQuerySchema,
  documentListSchema,
  documentRegisterSchema,
  documentTypeListQuerySchema,
  documentTypeSchema,
  documentUploadSchema,
  issueDocumentBodySchema,
  issueDocumentSchema,
  myAssignmentListSchema,
  myAssignmentsQuerySchema,
  newVersionSchema,
  notificationCountSchema,
  notificationListQuerySchema,
  notificationSchema,
  outgoingActionSchema,
  overdueItemSchema,
  overdueQuerySchema,
  reasonSchema,
  receiveQuerySchema,
  registerIncomingSchema,
  registerListQuerySchema,
  registerNumberSchema,
  registerNumbersQuerySchema,
  reserveNumbersSchema,
  signOnPaperSchema,
  updateDocumentTypeSchema,
  updateRegisterSchema,
  uploadQuerySchema,
} from '@mts/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/index.ts';
import { uploadedFile } from '../../platform/http/index.ts';
import { actorOf, requires, signedIn } from '../../platform/policy/index.ts';
import { fileRejected } from './document-errors.ts';
import type { DocumentsService } from './documents.service.ts';
import type { IncomingService } from './incoming.service.ts';
import type { OutgoingService } from './outgoing.service.ts';
import type { RegistersService } from './registers.service.ts';

const tags = ['documents'];
const idOnly = { id: z.uuid() };
const created = z.object({ id: z.uuid() });
const done = z.object({ ok: z.literal(true) });
const ok = { ok: true as const };

/** The one file of a multipart upload; an oversized scan gets advice on how to make it smaller. */
export const uploadedDocumentFile = (request: FastifyRequest) =>
  uploadedFile(request, { tooLarge: (fileName) => fileRejected('too_large', fileName) });

export function registerDocumentRoutes(
  scope: FastifyInstance,
  deps: {
    documents: DocumentsService;
    incoming: IncomingService;
    outgoing: OutgoingService;
    registers: RegistersService;
  },
) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { documents, incoming, outgoing, registers } = deps;

  // --- Catalogue and registers ---------------------------------------------------------------

  app.get(
    '/document-types',
    {
      config: { access: requires('documents.read') },
      schema: {
        operationId: 'listDocumentTypes',
        tags,
        querystring: documentTypeListQuerySchema,
        response: { 200: z.array(documentTypeSchema) },
      },
    },
    async (request) => registers.listTypes(actorOf(request), request.query.unitId),
  );

  app.post(
    '/document-types',
    {
      config: { access: requires('documents.configure') },
      schema: {
        operationId: 'createDocumentType',
        tags,
        body: createDocumentTypeSchema,
        response: { 201: documentTypeSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await registers.createType(actorOf(request), request.body, auditContextOf(request))),
  );

  app.patch(
    '/document-types/:id',
    {
      config: { access: requires('documents.configure', 'document_type', 'id') },
      schema: {
        operationId: 'updateDocumentType',
        tags,
        params: documentIdParamsSchema,
        body: updateDocumentTypeSchema,
        response: { 200: documentTypeSchema },
      },
    },
    async (request) => registers.updateType(request.params.id, request.body, auditContextOf(request)),
  );

  app.get(
    '/document-registers',
    {
      config: { access: requires('documents.read') },
      schema: {
        operationId: 'listDocumentRegisters',
        tags,
        querystring: registerListQuerySchema,
        response: { 200: z.array(documentRegisterSchema) },
      },
    },
    async (request) => registers.listRegisters(actorOf(request), request.query.unitId),
  );

  app.post(
    '/document-registers',
    {
      config: { access: requires('documents.configure') },
      schema: {
        operationId: 'createDocumentRegister',
        tags,
        body: createRegisterSchema,
        response: { 201: documentRegisterSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await registers.createRegister(actorOf(request), request.body, auditContextOf(request))),
  );

  app.patch(
    '/document-registers/:id',
    {
      config: { access: requires('documents.configure', 'document_register', 'id') },
      schema: {
        operationId: 'updateDocumentRegister',
        tags,
        params: documentIdParamsSchema,
        body: updateRegisterSchema,
        response: { 200: documentRegisterSchema },
      },
    },
    async (request) => registers.updateRegister(request.params.id, request.body, auditContextOf(request)),
  );

  app.get(
    '/document-registers/:id/numbers',
    {
      config: { access: requires('documents.read', 'document_register', 'id') },
      schema: {
        operationId: 'listRegisterNumbers',
        tags,
        params: documentIdParamsSchema,
        querystring: registerNumbersQuerySchema,
        response: { 200: z.array(registerNumberSchema) },
      },
    },
    async (request) => registers.listNumbers(request.params.id, request.query.year),
  );

  app.post(
    '/document-registers/:id/reservations',
    {
      config: { access: requires('documents.issue', 'document_register', 'id') },
      schema: {
        operationId: 'reserveRegisterNumbers',
        tags,
        params: documentIdParamsSchema,
        body: reserveNumbersSchema,
        response: { 200: z.object({ year: z.number().int(), numbers: z.array(z.number().int()) }) },
      },
    },
    async (request) =>
      registers.reserveNumbers(actorOf(request), request.params.id, request.body, auditContextOf(request)),
  );

  app.post(
    '/document-registers/:id/cancellations',
    {
      config: { access: requires('documents.issue', 'document_register', 'id') },
      schema: {
        operationId: 'cancelRegisterNumber',
        tags,
        params: documentIdParamsSchema,
        body: cancelNumberSchema,
        response: {
          200: z.object({ year: z.number().int(), number: z.number().int(), status: z.literal('cancelled') }),
        },
      },
    },
    async (request) => registers.cancelNumber(request.params.id, request.body, auditContextOf(request)),
  );

  // --- Files -----------------------------------------------------------------------------------

  app.post(
    '/document-uploads',
    {
      config: { access: requires('documents.read') },
      schema: {
        operationId: 'uploadDocumentFile',
        tags,
        consumes: ['multipart/form-data'],
        description:
          'multipart/form-data with one file: a scan (PDF, JPEG, PNG) or a draft (DOCX, PDF); checked by content.',
        querystring: uploadQuerySchema,
        response: { 201: documentUploadSchema },
      },
    },
    async (request, reply) => {
      const file = await uploadedDocumentFile(request);
      const stored = await documents.upload(
        actorOf(request),
        { ...request.query, ...file },
        auditContextOf(request),
      );
      return reply.code(201).send(stored);
    },
  );

  app.get(
    '/documents/:id/files/:fileId',
    {
      config: { access: requires('documents.read', 'document', 'id') },
      schema: {
        operationId: 'downloadDocumentFile',
        tags,
        params: z.object({ ...idOnly, fileId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const file = await documents.readFile(
        request.params.id,
        request.params.fileId,
        auditContextOf(request),
      );
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .send(file.bytes);
    },
  );

  // --- Reading -----------------------------------------------------------------------------------

  app.get(
    '/documents',
    {
      config: { access: requires('documents.read') },
      schema: {
        operationId: 'listDocuments',
        tags,
        querystring: documentListQuerySchema,
        response: { 200: documentListSchema },
      },
    },
    async (request) => documents.list(actorOf(request), request.query),
  );

  app.get(
    '/documents/overdue',
    {
      config: { access: requires('documents.read') },
      schema: {
        operationId: 'listOverdueAssignments',
        tags,
        querystring: overdueQuerySchema,
        response: { 200: z.array(overdueItemSchema) },
      },
    },
    async (request) => documents.overdue(actorOf(request), request.query),
  );

  app.get(
    '/document-assignments',
    {
      config: { access: requires('documents.read') },
      schema: {
        operationId: 'listMyAssignments',
        summary: 'Work assigned to me or to my active unit, soonest deadline first',
        tags,
        querystring: myAssignmentsQuerySchema,
        response: { 200: myAssignmentListSchema },
      },
    },
    async (request) => documents.myAssignments(actorOf(request), request.query),
  );

  app.get(
    '/documents/:id',
    {
      config: { access: requires('documents.read', 'document', 'id') },
      schema: {
        operationId: 'getDocument',
        tags,
        params: documentIdParamsSchema,
        response: { 200: documentDetailSchema },
      },
    },
    async (request) => documents.view(request.params.id, auditContextOf(request)),
  );

  app.post(
    '/documents/:id/comments',
    {
      config: { access: requires('documents.read', 'document', 'id') },
      schema: {
        operationId: 'commentDocument',
        tags,
        params: documentIdParamsSchema,
        body: commentSchema,
        response: { 201: created },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await documents.comment(actorOf(request), request.params.id, request.body, auditContextOf(request)),
        ),
  );

  // --- Incoming (văn bản đến) -------------------------------------------------------------------

  app.post(
    '/documents/incoming',
    {
      config: { access: requires('documents.register') },
      schema: {
        operationId: 'registerIncomingDocument',
        tags,
        body: registerIncomingSchema,
        response: { 201: documentDetailSchema },
      },
    },
    async (request, reply) => {
      const { id, duplicates } = await incoming.registerIncoming(
        actorOf(request),
        request.body,
        auditContextOf(request),
      );
      const detail = await documents.get(id);
      return reply.code(201).send(duplicates.length ? { ...detail, duplicateOf: duplicates } : detail);
    },
  );

  const incomingStep = (
    url: string,
    operationId: string,
    permission: 'documents.register' | 'documents.direct',
    run: (request: FastifyRequest<{ Params: { id: string } }>) => Promise<void>,
  ) =>
    app.post(
      url,
      {
        config: { access: requires(permission, 'document', 'id') },
        schema: {
          operationId,
          tags,
          params: documentIdParamsSchema,
          response: { 200: documentDetailSchema },
        },
      },
      async (request) => {
        await run(request);
        return documents.get(request.params.id);
      },
    );

  app.post(
    '/documents/:id/receive',
    {
      config: { access: requires('documents.register', 'document', 'id') },
      schema: {
        operationId: 'receiveDocument',
        tags,
        params: documentIdParamsSchema,
        querystring: receiveQuerySchema,
        response: { 200: documentDetailSchema },
      },
    },
    async (request) => {
      await incoming.receive(actorOf(request), request.params.id, request.query, auditContextOf(request));
      return documents.get(request.params.id);
    },
  );
  incomingStep('/documents/:id/submit', 'submitDocumentToLeader', 'documents.register', (r) =>
    incoming.submit(actorOf(r), r.params.id, auditContextOf(r)),
  );

  app.post(
    '/documents/:id/return',
    {
      config: { access: requires('documents.register', 'document', 'id') },
      schema: {
        operationId: 'returnDocument',
        tags,
        params: documentIdParamsSchema,
        body: reasonSchema,
        response: { 200: documentDetailSchema },
      },
    },
    async (request) => {
      await incoming.returnDocument(
        actorOf(request),
        request.params.id,
        request.body.reason,
        auditContextOf(request),
      );
      return documents.get(request.params.id);
    },
  );

  app.post(
    '/documents/:id/direction',
    {
      config: { access: requires('documents.direct', 'document', 'id') },
      schema: {
        operationId: 'directDocument',
        tags,
        params: documentIdParamsSchema,
        body: directSchema,
        response: { 200: documentDetailSchema },
      },
    },
    async (request) => {
      await incoming.direct(actorOf(request), request.params.id, request.body, auditContextOf(request));
      return documents.get(request.params.id);
    },
  );

  app.post(
    '/document-assignments/:id/accept',
    {
      config: { access: requires('documents.process', 'document_assignment', 'id') },
      schema: {
        operationId: 'acceptAssignment',
        tags,
        params: documentIdParamsSchema,
        response: { 200: done },
      },
    },
    async (request) => {
      await incoming.acceptAssignment(actorOf(request), request.params.id, auditContextOf(request));
      return ok;
    },
  );

  app.post(
    '/document-assignments/:id/complete',
    {
      config: { access: requires('documents.process', 'document_assignment', 'id') },
      schema: {
        operationId: 'completeAssignment',
        tags,
        params: documentIdParamsSchema,
        body: completeAssignmentSchema,
        response: { 200: done },
      },
    },
    async (request) => {
      await incoming.completeAssignment(
        actorOf(request),
        request.params.id,
        request.body,
        auditContextOf(request),
      );
      return ok;
    },
  );

  // --- Outgoing (văn bản đi) --------------------------------------------------------------------

  app.post(
    '/documents/outgoing',
    {
      config: { access: requires('documents.draft') },
      schema: {
        operationId: 'createOutgoingDraft',
        tags,
        body: createDraftSchema,
        response: { 201: documentDetailSchema },
      },
    },
    async (request, reply) => {
      const { id } = await outgoing.createDraft(actorOf(request), request.body, auditContextOf(request));
      return reply.code(201).send(await documents.get(id));
    },
  );

  app.post(
    '/documents/:id/versions',
    {
      config: { access: requires('documents.draft', 'document', 'id') },
      schema: {
        operationId: 'addDraftVersion',
        tags,
        params: documentIdParamsSchema,
        body: newVersionSchema,
        response: { 201: z.object({ version: z.number().int() }) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await outgoing.addVersion(
            actorOf(request),
            request.params.id,
            request.body.draftUploadId,
            auditContextOf(request),
          ),
        ),
  );

  // The step's own permission (review, format check, approval …) is checked on the document's unit.
  app.post(
    '/documents/:id/actions',
    {
      config: { access: requires('documents.read', 'document', 'id') },
      schema: {
        operationId: 'actOnOutgoingDocument',
        tags,
        params: documentIdParamsSchema,
        body: outgoingActionSchema,
        response: { 200: documentDetailSchema },
      },
    },
    async (request) => {
      await outgoing.act(
        actorOf(request),
        request.params.id,
        request.body.action,
        request.body.note,
        auditContextOf(request),
      );
      return documents.get(request.params.id);
    },
  );

  app.post(
    '/documents/:id/sign-on-paper',
    {
      config: { access: requires('documents.issue', 'document', 'id') },
      schema: {
        operationId: 'recordPaperSignature',
        tags,
        params: documentIdParamsSchema,
        body: signOnPaperSchema,
        response: { 200: documentDetailSchema },
      },
    },
    async (request) => {
      await outgoing.signOnPaper(actorOf(request), request.params.id, request.body, auditContextOf(request));
      return documents.get(request.params.id);
    },
  );

  app.post(
    '/documents/:id/issue',
    {
      config: { access: requires('documents.issue', 'document', 'id') },
      schema: {
        operationId: 'issueDocument',
        description:
          'Numbers and dates the document from the register and delivers it. A digitally signed document also gets the agency signature (body `agency`: the unit certificate and its PIN), applied in the same transaction.',
        tags,
        params: documentIdParamsSchema,
        querystring: issueDocumentSchema,
        body: issueDocumentBodySchema.nullish(),
        response: { 200: documentDetailSchema },
      },
    },
    async (request) => {
      await outgoing.issue(actorOf(request), request.params.id, auditContextOf(request), {
        ...request.query,
        agency: request.body?.agency,
      });
      return documents.get(request.params.id);
    },
  );

  app.post(
    '/documents/:id/recall',
    {
      config: { access: requires('documents.issue', 'document', 'id') },
      schema: {
        operationId: 'recallDocument',
        tags,
        params: documentIdParamsSchema,
        body: reasonSchema,
        response: { 200: documentDetailSchema },
      },
    },
    async (request) => {
      await outgoing.recall(
        actorOf(request),
        request.params.id,
        request.body.reason,
        auditContextOf(request),
      );
      return documents.get(request.params.id);
    },
  );

  // --- Notifications -------------------------------------------------------------------------------

  app.get(
    '/notifications',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'listMyNotifications',
        tags,
        querystring: notificationListQuerySchema,
        response: { 200: z.array(notificationSchema) },
      },
    },
    async (request) => documents.notifications(actorOf(request), request.query),
  );

  app.get(
    '/notifications/unread-count',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'countMyUnreadNotifications',
        tags,
        response: { 200: notificationCountSchema },
      },
    },
    async (request) => documents.unreadCount(actorOf(request)),
  );

  app.post(
    '/notifications/read-all',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'markAllNotificationsRead',
        tags,
        response: { 200: z.object({ count: z.number().int() }) },
      },
    },
    async (request) => documents.markAllRead(actorOf(request)),
  );

  app.post(
    '/notifications/:id/read',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'markNotificationRead',
        tags,
        params: documentIdParamsSchema,
        response: { 200: done },
      },
    },
    async (request) => {
      await documents.markRead(actorOf(request), request.params.id);
      return ok;
    },
  );
}
