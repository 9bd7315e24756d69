import {
  archiveDueItemSchema,
  archiveDueQuerySchema,
  createDocumentFileSchema,
  documentFileDetailSchema,
  documentFileListQuerySchema,
  documentFileSettingsSchema,
  documentFileViewSchema,
  fileCatalogueSchema,
  fileDocumentParamsSchema,
  fileDocumentSchema,
  fileOrderSchema,
  unitIdParamsSchema,
  updateDocumentFileSchema,
  updateDocumentFileSettingsSchema,
} from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../../platform/audit/index.ts';
import { actorOf, requires } from '../../../platform/policy/index.ts';
import type { ArchiveNotices } from './archive-notice.ts';
import type { FilesService } from './files.service.ts';

const tags = ['document-files'];
const idParams = z.object({ id: z.uuid() });
const FILE = 'document_file';

/** Files (hồ sơ): the file list, documents in files, closing, archive transfer and its notice. */
export function registerFileRoutes(
  scope: FastifyInstance,
  deps: { files: FilesService; notices: ArchiveNotices },
) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { files, notices } = deps;

  app.get(
    '/document-files',
    {
      config: { access: requires('documents.read') },
      schema: {
        operationId: 'listDocumentFiles',
        tags,
        querystring: documentFileListQuerySchema,
        response: { 200: z.array(documentFileViewSchema) },
      },
    },
    async (request) => files.list(actorOf(request), request.query),
  );

  app.post(
    '/document-files',
    {
      config: { access: requires('documents.file') },
      schema: {
        operationId: 'createDocumentFile',
        tags,
        body: createDocumentFileSchema,
        response: { 201: documentFileViewSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await files.create(actorOf(request), request.body, auditContextOf(request))),
  );

  app.get(
    '/document-files/archive-due',
    {
      config: { access: requires('documents.read') },
      schema: {
        operationId: 'listDocumentFilesArchiveDue',
        tags,
        querystring: archiveDueQuerySchema,
        response: { 200: z.array(archiveDueItemSchema) },
      },
    },
    async (request) => notices.listDue(actorOf(request), request.query),
  );

  app.get(
    '/document-files/settings/:unitId',
    {
      config: { access: requires('documents.read', 'unit', 'unitId') },
      schema: {
        operationId: 'getDocumentFileSettings',
        tags,
        params: unitIdParamsSchema,
        response: { 200: documentFileSettingsSchema },
      },
    },
    async (request) => files.settings(request.params.unitId),
  );

  app.put(
    '/document-files/settings/:unitId',
    {
      config: { access: requires('documents.configure', 'unit', 'unitId') },
      schema: {
        operationId: 'updateDocumentFileSettings',
        tags,
        params: unitIdParamsSchema,
        body: updateDocumentFileSettingsSchema,
        response: { 200: documentFileSettingsSchema },
      },
    },
    async (request) =>
      files.updateSettings(request.params.unitId, request.body.codeTemplate, auditContextOf(request)),
  );

  app.get(
    '/document-files/:id',
    {
      config: { access: requires('documents.read', FILE) },
      schema: {
        operationId: 'getDocumentFile',
        tags,
        params: idParams,
        response: { 200: documentFileDetailSchema },
      },
    },
    async (request) => files.detail(request.params.id),
  );

  app.patch(
    '/document-files/:id',
    {
      config: { access: requires('documents.file', FILE) },
      schema: {
        operationId: 'updateDocumentFile',
        tags,
        params: idParams,
        body: updateDocumentFileSchema,
        response: { 200: documentFileViewSchema },
      },
    },
    async (request) => files.update(request.params.id, request.body, auditContextOf(request)),
  );

  app.get(
    '/document-files/:id/catalogue',
    {
      config: { access: requires('documents.read', FILE) },
      schema: {
        operationId: 'getDocumentFileCatalogue',
        tags,
        params: idParams,
        response: { 200: fileCatalogueSchema },
      },
    },
    async (request) => files.catalogue(request.params.id),
  );

  app.post(
    '/document-files/:id/documents',
    {
      config: { access: requires('documents.file', FILE) },
      schema: {
        operationId: 'addDocumentToFile',
        tags,
        params: idParams,
        body: fileDocumentSchema,
        response: { 200: documentFileDetailSchema },
      },
    },
    async (request) =>
      files.addDocument(
        actorOf(request),
        request.params.id,
        request.body.documentId,
        auditContextOf(request),
      ),
  );

  app.delete(
    '/document-files/:id/documents/:documentId',
    {
      config: { access: requires('documents.file', FILE) },
      schema: {
        operationId: 'removeDocumentFromFile',
        tags,
        params: fileDocumentParamsSchema,
        response: { 200: documentFileDetailSchema },
      },
    },
    async (request) =>
      files.removeDocument(request.params.id, request.params.documentId, auditContextOf(request)),
  );

  app.put(
    '/document-files/:id/order',
    {
      config: { access: requires('documents.file', FILE) },
      schema: {
        operationId: 'reorderDocumentFile',
        tags,
        params: idParams,
        body: fileOrderSchema,
        response: { 200: documentFileDetailSchema },
      },
    },
    async (request) => files.reorder(request.params.id, request.body.documentIds, auditContextOf(request)),
  );

  app.post(
    '/document-files/:id/close',
    {
      config: { access: requires('documents.file', FILE) },
      schema: {
        operationId: 'closeDocumentFile',
        tags,
        params: idParams,
        response: { 200: documentFileViewSchema },
      },
    },
    async (request) => files.close(actorOf(request), request.params.id, auditContextOf(request)),
  );

  app.post(
    '/document-files/:id/transfer',
    {
      config: { access: requires('documents.file', FILE) },
      schema: {
        operationId: 'transferDocumentFile',
        tags,
        params: idParams,
        response: { 200: documentFileViewSchema },
      },
    },
    async (request) => files.transfer(request.params.id, auditContextOf(request)),
  );
}
