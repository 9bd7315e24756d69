import type { Database } from '../../db/client.ts';
import type { Jobs } from '../jobs/index.ts';
import type { Storage } from '../storage/index.ts';
import { type OcrOptions, OcrService } from './ocr.service.ts';
import { OcrJobs } from './ocr-jobs.ts';

export type { OcrEngineStatus, OcrTools } from './engines.ts';
export { foldVietnamese, sniffContentType } from './input-check.ts';
export type { OcrErrorRecord, OcrJobStatus } from './ocr.schema.ts';
export { ocrResult } from './ocr.schema.ts';
export type {
  OcrFailure,
  OcrInputKind,
  OcrOptions,
  OcrProgress,
  OcrResult,
  RecogniseOptions,
} from './ocr.service.ts';
export { OcrService } from './ocr.service.ts';
export type { OcrDoneMessage, OcrRequest, OcrResultRow } from './ocr-jobs.ts';
export { OCR_QUEUE, OcrJobs } from './ocr-jobs.ts';
export { type RunOptions, runTool, ToolMissingError, ToolTimeoutError } from './run-tool.ts';

/**
 * OCR for the whole product: the service (recognise a buffer now) and the `ocr.recognise` job
 * (recognise a stored file in the background, progress and result in `ocr_result`).
 * Create it once, before the platform's jobs start.
 */
export function createOcr(deps: { db: Database; jobs: Jobs; storage: Storage }, options: OcrOptions = {}) {
  return new OcrJobs(deps, new OcrService(options));
}
