import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { Jobs } from '../jobs/index.ts';
import { foldVietnamese } from './input-check.ts';
import { OcrService } from './ocr.service.ts';
import { type OcrDoneMessage, OcrJobs, type OcrResultRow } from './ocr-jobs.ts';
import { createOcrFixtures, type OcrFixtures } from './test-support/ocr-fixtures.ts';

const exec = promisify(execFile);
const DONE_QUEUE = 'test.ocr-done';
const OTHER_DONE_QUEUE = 'test.ocr-done-other';

async function waitFor<T>(read: () => Promise<T | null | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('ocr.recognise job', { timeout: 90_000 }, () => {
  let ctx: TestContext;
  let jobs: Jobs;
  let ocr: OcrJobs;
  let ocrWithoutEngine: OcrJobs;
  let fixtures: OcrFixtures;
  let workDir: string;
  const done: Array<OcrDoneMessage & { queue: string }> = [];

  beforeAll(async () => {
    fixtures = await createOcrFixtures();
    // The app's own workers off: the documents module defines 'ocr.recognise' too, and its worker
    // would take this test's jobs. The OCR queue runs on the test's own Jobs below.
    ctx = await createTestContext({ JOBS_ENABLED: 'false' });
    workDir = await mkdtemp(path.join(tmpdir(), 'mts-ocr-jobs-'));
    // A server without Tesseract: same tools otherwise.
    const bin = path.join(workDir, 'bin');
    await mkdir(bin);
    for (const tool of ['ocrmypdf', 'qpdf', 'pdftotext']) {
      const { stdout } = await exec('sh', ['-c', `command -v ${tool}`]);
      await symlink(stdout.trim(), path.join(bin, tool));
    }
    // The OCR queue gets its own Jobs here, on the same database, as a module would define it
    // before start.
    jobs = new Jobs(ctx.databaseUrl, true);
    const { db, storage } = ctx.platform;
    ocr = new OcrJobs({ db, jobs, storage }, new OcrService());
    // Without a queue of its own (the real worker above would pick its jobs up): the test runs
    // its worker function directly.
    ocrWithoutEngine = new OcrJobs(
      { db, storage, jobs: { define: () => undefined, send: async () => null } },
      new OcrService({ searchPath: bin }),
    );
    for (const queue of [DONE_QUEUE, OTHER_DONE_QUEUE]) {
      jobs.define<OcrDoneMessage>(queue, async (message) => void done.push({ ...message, queue }));
    }
    await jobs.start();
  }, 120_000);

  afterAll(async () => {
    await jobs?.stop();
    await ctx?.close();
    await fixtures?.cleanup();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  const finished = (key: string) => async (): Promise<OcrResultRow | null> => {
    const row = await ocr.result(key);
    return row && ['done', 'failed', 'unavailable'].includes(row.status) ? row : null;
  };

  it('recognises a stored scan in the background: progress, text, searchable PDF, then tells the caller', async () => {
    const { key } = await ctx.platform.storage.put(fixtures.scannedPdf);
    expect(await ocr.result(key)).toBeNull();

    const queued = await ocr.enqueue({ storageKey: key, kind: 'pdf', onDoneQueue: DONE_QUEUE });
    expect(queued).toMatchObject({ storageKey: key, status: 'queued', page: 0 });

    // Progress is readable while the job runs: "page i of 2".
    const seen = new Set<string>();
    const row: OcrResultRow = await waitFor(async () => {
      const current = await ocr.result(key);
      if (current) seen.add(`${current.status} ${current.page}/${current.pages}`);
      return finished(key)();
    });
    expect(seen).toContain('running 0/2');
    expect(row).toMatchObject({ status: 'done', page: 2, pages: 2, error: null, attempts: 1 });
    const folded = foldVietnamese(row.text ?? '');
    for (const word of ['mat tran', 'huong dan', 'quyet dinh', 'quang ninh']) expect(folded).toContain(word);
    expect(row.text).toContain('Quyết định');

    const searchable = await ctx.platform.storage.get(row.searchablePdfKey!);
    const file = path.join(workDir, 'searchable.pdf');
    await writeFile(file, searchable);
    const { stdout } = await exec('pdftotext', ['-enc', 'UTF-8', file, '-']);
    expect(foldVietnamese(stdout)).toContain('khen thuong');

    await waitFor(async () => done.find((m) => m.storageKey === key && m.queue === DONE_QUEUE));
    expect(done.filter((m) => m.storageKey === key)).toEqual([
      { storageKey: key, status: 'done', queue: DONE_QUEUE },
    ]);
  });

  it('does not recognise the same file twice; a second caller is told at once', async () => {
    const { key } = await ctx.platform.storage.put(fixtures.scannedPdf); // same bytes, same key
    const again = await ocr.enqueue({ storageKey: key, kind: 'pdf', onDoneQueue: OTHER_DONE_QUEUE });
    expect(again).toMatchObject({ status: 'done', attempts: 1 });
    expect(again.onDoneQueues).toEqual([DONE_QUEUE, OTHER_DONE_QUEUE]);
    await waitFor(async () => done.find((m) => m.storageKey === key && m.queue === OTHER_DONE_QUEUE));
  });

  it('records why an encrypted scan cannot be recognised', async () => {
    const { key } = await ctx.platform.storage.put(fixtures.encryptedPdf);
    await ocr.enqueue({ storageKey: key, kind: 'pdf', onDoneQueue: DONE_QUEUE });
    const row = await waitFor(finished(key));
    expect(row.status).toBe('failed');
    expect(row.text).toBeNull();
    expect(row.error).toMatchObject({ reason: 'PDF_ENCRYPTED', code: 'BAD_REQUEST' });
    expect(row.error?.message.vi).toContain('mã hóa');
    await waitFor(async () => done.find((m) => m.storageKey === key && m.status === 'failed'));
  });

  it('without an OCR engine, marks the scan unavailable with the message and keeps it stored', async () => {
    const { key } = await ctx.platform.storage.put(fixtures.pagePng);
    const queued = await ocrWithoutEngine.enqueue({ storageKey: key, kind: 'image' });
    expect(queued.status).toBe('queued');
    await ocrWithoutEngine.process(key);
    const row = await ocrWithoutEngine.result(key);
    expect(row).toMatchObject({ status: 'unavailable', text: null, searchablePdfKey: null });
    expect(row?.error?.reason).toBe('ENGINE_MISSING');
    expect(row?.error?.message.vi).toContain('Chưa cài đặt công cụ nhận dạng chữ (OCR)');
    expect(row?.error?.message.en).toContain('the scan is stored unsearchable');
    expect(await ctx.platform.storage.exists(key)).toBe(true);
  });
});
