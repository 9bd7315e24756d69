import {
  documentIdParamsSchema,
  documentSigningListSchema,
  documentVerificationListSchema,
  signatureVerificationSchema,
  signDocumentSchema,
} from '@mts/contracts';
import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../../../db/client.ts';
import { auditContextOf } from '../../../platform/audit/index.ts';
import { AppError } from '../../../platform/errors/index.ts';
import { actorOf, requires, signedIn } from '../../../platform/policy/index.ts';
import { uploadedDocumentFile } from '../documents.routes.ts';
import { documentFile } from '../documents.schema.ts';
import type { SigningPorts } from './ports.ts';
import type { DocumentSigning } from './signing.service.ts';
import type { Verification } from './verification.ts';

const tags = ['documents', 'signatures'];

export function registerSigningRoutes(
  scope: FastifyInstance,
  deps: { db: Database; signing: DocumentSigning; verification: Verification; ports: SigningPorts },
) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { db, signing, verification, ports } = deps;

  app.post(
    '/documents/:id/sign',
    {
      config: {
        access: requires('documents.approve', 'document', 'id'),
        rateLimit: { max: 20, timeWindow: '1 minute' },
      },
      schema: {
        operationId: 'signDocument',
        description:
          'The competent person signs the approved document digitally (slot 7c, their signature image). A local keystore signs at once with its PIN; a remote one answers with a pending signing the person approves on the phone.',
        tags,
        params: documentIdParamsSchema,
        body: signDocumentSchema,
        response: { 200: documentSigningListSchema },
      },
    },
    async (request) =>
      signing.signPersonally(actorOf(request), request.params.id, request.body, auditContextOf(request)),
  );

  app.get(
    '/documents/:id/signings',
    {
      config: { access: requires('documents.read', 'document', 'id') },
      schema: {
        operationId: 'listDocumentSignings',
        tags,
        params: documentIdParamsSchema,
        response: { 200: documentSigningListSchema },
      },
    },
    async (request) => signing.status(request.params.id),
  );

  app.get(
    '/documents/:id/signature-report',
    {
      config: { access: requires('documents.read', 'document', 'id') },
      schema: {
        operationId: 'verifyDocumentSignatures',
        description:
          "The verification of each PDF of the document (reused while the trust anchors don't change).",
        tags,
        params: documentIdParamsSchema,
        response: { 200: documentVerificationListSchema },
      },
    },
    async (request) => {
      const files = await db
        .select()
        .from(documentFile)
        .where(
          and(
            eq(documentFile.documentId, request.params.id),
            eq(documentFile.contentType, 'application/pdf'),
            inArray(documentFile.role, ['scan', 'signed', 'issued', 'signed_scan', 'attachment']),
          ),
        );
      const out = [];
      for (const file of files) {
        const check = await verification.checkFile(db, file.storageKey);
        out.push({
          fileId: file.id,
          fileName: file.fileName,
          role: file.role,
          checkedAt: check.checkedAt.toISOString(),
          verdict: check.verdict,
          signatureCount: check.signatureCount,
          text: ports.describe(check.report),
          report: check.report,
        });
      }
      return out;
    },
  );

  app.post(
    '/signatures/verify',
    {
      config: { access: signedIn, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        operationId: 'verifyPdf',
        description:
          'Verifies every signature of an uploaded PDF (multipart, field `file`): signer, chain to the configured trust anchors, validity at signing time, integrity, coverage, timestamp.',
        tags: ['signatures'],
        response: { 200: signatureVerificationSchema },
      },
    },
    async (request) => {
      const { bytes } = await uploadedDocumentFile(request);
      if (!bytes.subarray(0, 1024).includes('%PDF-'))
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
          message: {
            vi: 'Tệp không phải PDF (kiểm tra theo nội dung tệp). Hãy chọn tệp PDF đã ký số.',
            en: 'The file is not a PDF (checked by content). Choose a signed PDF.',
          },
        });
      const result = await ports.verifyPdf(bytes);
      return {
        verdict: result.verdict,
        signatureCount: result.count,
        text: ports.describe(result.report),
        report: result.report,
      };
    },
  );
}
