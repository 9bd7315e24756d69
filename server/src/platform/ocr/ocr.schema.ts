import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, real, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.ts';

export const ocrStatuses = ['queued', 'running', 'done', 'failed', 'unavailable'] as const;
export type OcrJobStatus = (typeof ocrStatuses)[number];

export interface OcrErrorRecord {
  /** OcrFailure, e.g. PDF_ENCRYPTED, ENGINE_MISSING. */
  reason: string;
  code: string;
  message: { vi: string; en: string };
}

/**
 * OCR of one stored file (storage keys are content hashes, so one row serves every document
 * that holds the same scan): status, progress (page of pages), the text and the searchable PDF.
 */
export const ocrResult = pgTable(
  'ocr_result',
  {
    storageKey: text('storage_key').primaryKey(),
    kind: text('kind', { enum: ['pdf', 'image'] }).notNull(),
    status: text('status', { enum: ocrStatuses }).notNull(),
    /** Pages recognised so far, of `pages` (null until the file has been inspected). */
    page: integer('page').notNull().default(0),
    pages: integer('pages'),
    text: text('text'),
    confidence: real('confidence'),
    /** The searchable PDF (scan + invisible text layer), in platform storage. */
    searchablePdfKey: text('searchable_pdf_key'),
    error: jsonb('error').$type<OcrErrorRecord>(),
    /** Queues told `{ storageKey, status }` when OCR finishes (one per caller). */
    onDoneQueues: text('on_done_queues').array().notNull().default(sql`'{}'::text[]`),
    attempts: integer('attempts').notNull().default(0),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      'ocr_result_status_check',
      sql`${t.status} in ('queued', 'running', 'done', 'failed', 'unavailable')`,
    ),
    check('ocr_result_kind_check', sql`${t.kind} in ('pdf', 'image')`),
  ],
);
