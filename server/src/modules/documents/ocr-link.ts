import { and, asc, eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { recordAudit, systemAuditContext } from '../../platform/audit/index.ts';
import { AppError, type LocalisedText } from '../../platform/errors/index.ts';
import type { PlatformDeps } from '../../platform/http/index.ts';
import {
  createOcr,
  type OcrDoneMessage,
  type OcrInputKind,
  type OcrResultRow,
  ocrResult,
} from '../../platform/ocr/index.ts';
import { requires } from '../../platform/policy/index.ts';
import { documentNotFound } from './document-errors.ts';
import { document, documentFile } from './documents.schema.ts';
import { documentExchangeMessage } from './exchange-link.schema.ts';

/** Told by the OCR job when a scan is recognised (or failed, or no engine is installed). */
export const OCR_DONE_QUEUE = 'documents.ocr-done';

export const ocrStates = ['none', 'queued', 'running', 'done', 'failed', 'unavailable'] as const;
type OcrState = (typeof ocrStates)[number];

const localised = z.object({ vi: z.string(), en: z.string() });
export const documentOcrSchema = z.object({
  status: z.enum(ocrStates),
  /** Pages recognised of the total, over every scan of the document. */
  page: z.number().int(),
  pages: z.number().int().nullable(),
  message: localised,
  files: z.array(
    z.object({
      fileId: z.uuid(),
      fileName: z.string(),
      status: z.enum(ocrStates),
      page: z.number().int(),
      pages: z.number().int().nullable(),
      confidence: z.number().nullable(),
      /** A copy of the scan with an invisible text layer: GET …/ocr/files/:fileId/searchable. */
      searchable: z.boolean(),
      error: localised.nullable(),
    }),
  ),
});
export type DocumentOcr = z.infer<typeof documentOcrSchema>;

/** What OCR reads a file as, from its type (checked by content when it was uploaded or received). */
const kindOf = (contentType: string): OcrInputKind | null => {
  if (contentType === 'application/pdf') return 'pdf';
  return ['image/jpeg', 'image/png', 'image/tiff'].includes(contentType) ? 'image' : null;
};

/** Files OCR reads: the scans, in the order they were registered (phone photos page by page). */
function scanFiles(q: Queryable, documentId: string) {
  return q
    .select()
    .from(documentFile)
    .where(and(eq(documentFile.documentId, documentId), eq(documentFile.role, 'scan')))
    .orderBy(asc(documentFile.createdAt), asc(documentFile.fileName), asc(documentFile.id));
}

function stateMessage(
  state: OcrState,
  page: number,
  pages: number | null,
  rows: OcrResultRow[],
): LocalisedText {
  const failed = rows.find((r) => r.status === state && r.error)?.error?.message;
  switch (state) {
    case 'none':
      return {
        vi: 'Văn bản không có bản quét cần nhận dạng chữ.',
        en: 'The document has no scan to recognise.',
      };
    case 'queued':
      return { vi: 'Đang chờ nhận dạng chữ (OCR).', en: 'Waiting for text recognition (OCR).' };
    case 'running':
      return pages
        ? {
            vi: `Đang nhận dạng chữ: ${page}/${pages} trang.`,
            en: `Recognising text: page ${page} of ${pages}.`,
          }
        : { vi: 'Đang nhận dạng chữ.', en: 'Recognising text.' };
    case 'done':
      return {
        vi: 'Đã nhận dạng chữ; văn bản tìm kiếm được theo nội dung.',
        en: 'Text recognised; the document can be found by its content.',
      };
    case 'unavailable':
      return (
        failed ?? {
          vi: 'Chưa cài đặt công cụ nhận dạng chữ (OCR); bản quét được lưu nhưng không tìm kiếm được theo nội dung.',
          en: 'No OCR engine installed; the scan is stored unsearchable.',
        }
      );
    case 'failed':
      return failed ?? { vi: 'Nhận dạng chữ thất bại.', en: 'Text recognition failed.' };
  }
}

/** One state for the whole document: work still going first, then trouble, then done. */
function overall(states: OcrState[]): OcrState {
  for (const state of ['running', 'queued', 'unavailable', 'failed', 'done'] as const) {
    if (states.includes(state)) return state;
  }
  return 'none';
}

/**
 * Digitisation: the scans of an incoming document go to the platform's `ocr.recognise` job; when
 * they are recognised, their text (in scan order) becomes the document's `body_text`, which the
 * generated `search_vector` / `search_exact` columns index at once. Progress and the
 * "engine missing: stored unsearchable" state are read from `ocr_result`.
 */
export function createOcrLink(deps: Pick<PlatformDeps, 'db' | 'jobs' | 'storage' | 'config'>) {
  const { db, storage } = deps;
  const ocr = createOcr(deps, deps.config.OCR_TOOLS_PATH ? { searchPath: deps.config.OCR_TOOLS_PATH } : {});
  deps.jobs.define<OcrDoneMessage>(OCR_DONE_QUEUE, ({ storageKey }) => applyResult(storageKey));

  /** Queues OCR of every scan (PDF or image, judged by content) of a document. */
  async function queueDocument(documentId: string) {
    for (const file of await scanFiles(db, documentId)) {
      const kind = kindOf(file.contentType);
      if (kind) await ocr.enqueue({ storageKey: file.storageKey, kind, onDoneQueue: OCR_DONE_QUEUE });
    }
  }

  /** Every document holding this scan gets its text refreshed (one scan may serve several copies). */
  async function applyResult(storageKey: string) {
    const holders = await db
      .selectDistinct({ documentId: documentFile.documentId })
      .from(documentFile)
      .where(and(eq(documentFile.storageKey, storageKey), eq(documentFile.role, 'scan')));
    for (const { documentId } of holders) await refreshBodyText(documentId);
  }

  async function refreshBodyText(documentId: string) {
    await db.transaction(async (tx) => {
      const [doc] = await tx
        .select({ id: document.id, unitId: document.unitId, bodyText: document.bodyText })
        .from(document)
        .where(eq(document.id, documentId))
        .for('update');
      if (!doc) return;
      const files = await scanFiles(tx, documentId);
      const rows = await resultsOf(tx, files);
      const texts = files
        .map((f) => rows.get(f.storageKey))
        .filter((r) => r?.status === 'done' && r.text?.trim())
        .map((r) => r!.text!.trim());
      if (texts.length === 0) return;
      const [received] = await tx
        .select({ content: documentExchangeMessage.content })
        .from(documentExchangeMessage)
        .where(
          and(
            eq(documentExchangeMessage.documentId, documentId),
            eq(documentExchangeMessage.kind, 'document_in'),
          ),
        );
      const bodyText = [received?.content?.trim(), ...texts].filter(Boolean).join('\n\n');
      if (bodyText === doc.bodyText) return;
      await tx.update(document).set({ bodyText }).where(eq(document.id, documentId));
      await recordAudit(
        tx,
        { ...systemAuditContext, actorLabel: 'system (OCR)' },
        {
          action: 'document.ocr_text',
          entityType: 'document',
          entityId: documentId,
          unitId: doc.unitId,
          after: { characters: bodyText.length, scans: texts.length },
        },
      );
    });
  }

  async function resultsOf(q: Queryable, files: Array<{ storageKey: string }>) {
    const keys = [...new Set(files.map((f) => f.storageKey))];
    const rows = keys.length
      ? await q.select().from(ocrResult).where(inArray(ocrResult.storageKey, keys))
      : [];
    return new Map(rows.map((r) => [r.storageKey, r]));
  }

  /** What the document detail shows: queued / running (page i of n) / done / failed / engine missing. */
  async function progress(documentId: string): Promise<DocumentOcr> {
    const [doc] = await db.select({ id: document.id }).from(document).where(eq(document.id, documentId));
    if (!doc) throw documentNotFound();
    const files = await scanFiles(db, documentId);
    const rows = await resultsOf(db, files);
    const perFile = files.map((f) => {
      const r = rows.get(f.storageKey);
      return {
        fileId: f.id,
        fileName: f.fileName,
        status: (r?.status ?? 'none') as OcrState,
        page: r?.page ?? 0,
        pages: r?.pages ?? null,
        confidence: r?.confidence ?? null,
        searchable: Boolean(r?.searchablePdfKey),
        error: r?.error?.message ?? null,
      };
    });
    const status = overall(perFile.map((f) => f.status));
    const page = perFile.reduce((sum, f) => sum + f.page, 0);
    const pages =
      perFile.every((f) => f.pages !== null) && perFile.length
        ? perFile.reduce((s, f) => s + f.pages!, 0)
        : null;
    return {
      status,
      page,
      pages,
      message: stateMessage(status, page, pages, [...rows.values()]),
      files: perFile,
    };
  }

  /** The scan with its recognised text layer (ocrmypdf / Tesseract output), as a PDF. */
  async function searchableCopy(documentId: string, fileId: string) {
    const [file] = await db
      .select()
      .from(documentFile)
      .where(and(eq(documentFile.id, fileId), eq(documentFile.documentId, documentId)));
    if (!file) throw documentNotFound();
    const [row] = await db.select().from(ocrResult).where(eq(ocrResult.storageKey, file.storageKey));
    if (!row?.searchablePdfKey)
      throw new AppError('NOT_FOUND', {
        message: {
          vi: 'Bản quét này chưa có bản PDF tìm kiếm được (chưa nhận dạng chữ xong hoặc không nhận dạng được).',
          en: 'This scan has no searchable PDF (OCR has not finished or did not succeed).',
        },
      });
    const name = file.fileName.replace(/\.[^.]*$/, '');
    return { bytes: await storage.get(row.searchablePdfKey), fileName: `${name}-ocr.pdf` };
  }

  function registerRoutes(scope: FastifyInstance) {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/documents/:id/ocr',
      {
        config: { access: requires('documents.read', 'document', 'id') },
        schema: {
          operationId: 'getDocumentOcr',
          tags: ['documents'],
          description:
            'Text recognition of the document scans: queued / running (page i of n) / done / failed / unavailable (no OCR engine: the scan is stored unsearchable), with a vi/en message.',
          params: z.object({ id: z.uuid() }),
          response: { 200: documentOcrSchema },
        },
      },
      async (request) => progress(request.params.id),
    );
    app.post(
      '/documents/:id/ocr',
      {
        config: { access: requires('documents.register', 'document', 'id') },
        schema: {
          operationId: 'retryDocumentOcr',
          tags: ['documents'],
          description:
            'Queues OCR of the scans again where it failed or found no engine; scans already recognised are not redone.',
          params: z.object({ id: z.uuid() }),
          response: { 200: documentOcrSchema },
        },
      },
      async (request) => {
        await progress(request.params.id); // 404 for a document that does not exist
        await queueDocument(request.params.id);
        return progress(request.params.id);
      },
    );
    app.get(
      '/documents/:id/ocr/files/:fileId/searchable',
      {
        config: { access: requires('documents.read', 'document', 'id') },
        schema: {
          operationId: 'downloadSearchableScan',
          tags: ['documents'],
          params: z.object({ id: z.uuid(), fileId: z.uuid() }),
        },
      },
      async (request, reply) => {
        const copy = await searchableCopy(request.params.id, request.params.fileId);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(copy.fileName)}`)
          .send(copy.bytes);
      },
    );
  }

  return { ocr, queueDocument, applyResult, refreshBodyText, progress, searchableCopy, registerRoutes };
}

export type OcrLink = ReturnType<typeof createOcrLink>;
