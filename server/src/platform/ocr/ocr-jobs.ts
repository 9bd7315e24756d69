import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { AppError } from '../errors/index.ts';
import type { Jobs } from '../jobs/index.ts';
import type { Storage } from '../storage/index.ts';
import { type OcrErrorRecord, type OcrJobStatus, ocrResult } from './ocr.schema.ts';
import type { OcrInputKind, OcrService } from './ocr.service.ts';

export const OCR_QUEUE = 'ocr.recognise';

export interface OcrRequest {
  /** Platform storage key of the scan (PDF, or a JPEG/PNG/TIFF image). */
  storageKey: string;
  kind: OcrInputKind;
  /** A queue of the caller's, sent `OcrDoneMessage` when OCR ends (done, failed or unavailable). */
  onDoneQueue?: string;
}

export interface OcrDoneMessage {
  storageKey: string;
  status: Extract<OcrJobStatus, 'done' | 'failed' | 'unavailable'>;
}

export type OcrResultRow = typeof ocrResult.$inferSelect;

interface OcrJobData {
  storageKey: string;
}

export interface OcrJobsDeps {
  db: Database;
  jobs: Pick<Jobs, 'define' | 'send'>;
  storage: Storage;
}

const finished = (status: OcrJobStatus): status is OcrDoneMessage['status'] =>
  status === 'done' || status === 'failed' || status === 'unavailable';

/**
 * OCR as a background job on the platform queue `ocr.recognise`. `enqueue` records the request in
 * `ocr_result` and queues it; the worker writes progress (page i of n) to the same row, stores the
 * searchable PDF and the text, then tells the caller's `onDoneQueue`. Callers read the row with
 * `result(storageKey)` at any time.
 */
export class OcrJobs {
  constructor(
    private readonly deps: OcrJobsDeps,
    readonly service: OcrService,
  ) {
    deps.jobs.define<OcrJobData>(OCR_QUEUE, ({ storageKey }) => this.process(storageKey));
  }

  /** Whether OCR can run here, with the message to show when it cannot. */
  status() {
    return this.service.status();
  }

  /**
   * Asks for OCR of a stored file. Idempotent per storage key: a file already done is not
   * recognised again (its caller is told at once); a failed or unavailable one is retried.
   */
  async enqueue(request: OcrRequest): Promise<OcrResultRow> {
    const queues = request.onDoneQueue ? [request.onDoneQueue] : [];
    const { row, queued } = await this.deps.db.transaction(async (tx) => {
      const [existing] = await tx
        .select()
        .from(ocrResult)
        .where(eq(ocrResult.storageKey, request.storageKey))
        .for('update');
      if (!existing) {
        const [inserted] = await tx
          .insert(ocrResult)
          .values({
            storageKey: request.storageKey,
            kind: request.kind,
            status: 'queued',
            onDoneQueues: queues,
          })
          .returning();
        return { row: inserted!, queued: true };
      }
      const retry = existing.status === 'failed' || existing.status === 'unavailable';
      const [updated] = await tx
        .update(ocrResult)
        .set({
          onDoneQueues: [...new Set([...existing.onDoneQueues, ...queues])].sort(),
          ...(retry ? { status: 'queued', kind: request.kind, page: 0, error: null, finishedAt: null } : {}),
        })
        .where(eq(ocrResult.storageKey, request.storageKey))
        .returning();
      return { row: updated!, queued: retry };
    });
    if (queued) await this.deps.jobs.send(OCR_QUEUE, { storageKey: request.storageKey } satisfies OcrJobData);
    else if (request.onDoneQueue && finished(row.status)) {
      await this.deps.jobs.send(request.onDoneQueue, { storageKey: row.storageKey, status: row.status });
    }
    return row;
  }

  /** The OCR state of a stored file: status, progress, text, searchable PDF key, error; null if never asked. */
  async result(storageKey: string): Promise<OcrResultRow | null> {
    const [row] = await this.deps.db.select().from(ocrResult).where(eq(ocrResult.storageKey, storageKey));
    return row ?? null;
  }

  /** The worker: one stored file, start to end. Input problems end as `failed` with the reason. */
  async process(storageKey: string): Promise<void> {
    const [claimed] = await this.deps.db
      .update(ocrResult)
      .set({ status: 'running', page: 0, attempts: sql`${ocrResult.attempts} + 1` })
      .where(and(eq(ocrResult.storageKey, storageKey), inArray(ocrResult.status, ['queued', 'running'])))
      .returning();
    if (!claimed) return; // finished already (a duplicate job) or never requested

    const status = await this.service.status();
    if (!status.available) {
      return this.finish(storageKey, 'unavailable', {
        error: { reason: 'ENGINE_MISSING', code: 'SERVICE_UNAVAILABLE', message: status.message },
      });
    }
    try {
      const input = await this.deps.storage.get(storageKey);
      const recognised = await this.service.recognise(input, claimed.kind, {
        onProgress: async ({ page, pages }) => {
          await this.deps.db
            .update(ocrResult)
            .set({ page, pages })
            .where(and(eq(ocrResult.storageKey, storageKey), eq(ocrResult.status, 'running')));
        },
      });
      const stored = await this.deps.storage.put(recognised.searchablePdf);
      await this.finish(storageKey, 'done', {
        text: recognised.text,
        pages: recognised.pages,
        page: recognised.pages,
        confidence: recognised.confidence ?? null,
        searchablePdfKey: stored.key,
        error: null,
      });
    } catch (error) {
      await this.finish(storageKey, 'failed', { error: errorRecord(error) });
    }
  }

  private async finish(
    storageKey: string,
    status: OcrDoneMessage['status'],
    values: Partial<typeof ocrResult.$inferInsert>,
  ) {
    const [row] = await this.deps.db
      .update(ocrResult)
      .set({ ...values, status, finishedAt: new Date() })
      .where(eq(ocrResult.storageKey, storageKey))
      .returning({ onDoneQueues: ocrResult.onDoneQueues });
    for (const queue of row?.onDoneQueues ?? []) {
      await this.deps.jobs.send(queue, { storageKey, status } satisfies OcrDoneMessage);
    }
  }
}

function errorRecord(error: unknown): OcrErrorRecord {
  if (error instanceof AppError) {
    return {
      reason: String(error.details?.reason ?? error.code),
      code: error.code,
      message: error.text ?? { vi: 'Nhận dạng chữ thất bại.', en: 'OCR failed.' },
    };
  }
  return {
    reason: 'ENGINE_FAILED',
    code: 'INTERNAL',
    message: {
      vi: 'Nhận dạng chữ thất bại do lỗi hệ thống; bản quét vẫn được lưu. Hãy thử lại sau.',
      en: 'OCR failed with a system error; the scan is kept. Try again later.',
    },
  };
}
