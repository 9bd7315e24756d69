import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness.ts';
import { createOcrFixtures, type OcrFixtures } from '../../platform/ocr/test-support/ocr-fixtures.ts';
import { document } from './documents.schema.ts';
import type { DocumentOcr } from './ocr-link.ts';
import { buildDocumentsWorld, uploadOk, vnDate } from './test-support/world.ts';

const exec = promisify(execFile);

// Real OCR: the platform's job workers run Tesseract (vie) and ocrmypdf on a rendered Vietnamese scan.
let fixtures: OcrFixtures;
let workDir: string;
beforeAll(async () => {
  fixtures = await createOcrFixtures();
  workDir = await mkdtemp(path.join(tmpdir(), 'mts-ocr-link-'));
});
afterAll(async () => {
  await fixtures.cleanup();
  await rm(workDir, { recursive: true, force: true });
});

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function registerScan(client: TestClient, unitId: string, scan: Buffer, codeNumber: string) {
  const uploadId = await uploadOk(client, unitId, scan);
  const response = await client.post('/api/documents/incoming', {
    unitId,
    codeNumber,
    codeNotation: 'UBND-VX',
    issuedDate: vnDate(-1),
    organName: 'Ủy ban nhân dân tỉnh Thử Nghiệm',
    typeName: 'Công văn',
    subject: 'V/v báo cáo kết quả cuộc vận động',
    signerFullName: 'Nguyễn Văn Ký',
    uploadIds: [uploadId],
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

/** The OCR state of a document once it stops changing (done, failed or unavailable). */
const settled = (client: TestClient, id: string) =>
  until(async () => {
    const response = await client.get(`/api/documents/${id}/ocr`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as DocumentOcr;
    return ['done', 'failed', 'unavailable'].includes(body.status) ? body : undefined;
  });

const searchIds = async (client: TestClient, q: string) => {
  const response = await client.get(`/api/documents/search?${new URLSearchParams({ q })}`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().items as Array<{ id: string }>).map((h) => h.id);
};

describe('OCR of a registered scan', { timeout: 240_000 }, () => {
  let ctx: TestContext;
  let world: Awaited<ReturnType<typeof buildDocumentsWorld>>;
  beforeAll(async () => {
    ctx = await createTestContext();
    world = await buildDocumentsWorld(ctx);
  });
  afterAll(() => ctx.close());

  it('recognises the scan into the document text: search finds it by a word typed without diacritics', async () => {
    const { client } = world.clerk;
    const id = await registerScan(client, world.province.id, fixtures.scannedPdf, '301');
    // Before OCR nothing in the metadata carries these words.
    const ocr = await settled(client, id);
    expect(ocr).toMatchObject({ status: 'done', page: 2, pages: 2 });
    expect(ocr.message.vi).toContain('Đã nhận dạng chữ');
    expect(ocr.files).toHaveLength(1);
    expect(ocr.files[0]).toMatchObject({ status: 'done', searchable: true, error: null });

    // The text reaches the document through the done queue, right after the OCR row is done.
    const bodyText = await until(async () => {
      const [row] = await ctx.platform.db
        .select({ bodyText: document.bodyText })
        .from(document)
        .where(eq(document.id, id));
      return row?.bodyText ?? undefined;
    });
    expect(bodyText).toContain('Quảng Ninh');
    // Found by words of the body only (page 2), without diacritics, by the specialist of the unit.
    expect(await searchIds(world.specialist.client, 'quang ninh doan ket')).toContain(id);
    // Not by a neighbouring province's clerk: OCR text does not leak past the scope.
    expect(await searchIds(world.neighbourClerk.client, 'quang ninh doan ket')).not.toContain(id);

    // The searchable copy carries the text layer (read back with poppler's pdftotext).
    const copy = await client.get(`/api/documents/${id}/ocr/files/${ocr.files[0]!.fileId}/searchable`);
    expect(copy.statusCode).toBe(200);
    expect(copy.headers['content-type']).toBe('application/pdf');
    const copyFile = path.join(workDir, 'searchable.pdf');
    await writeFile(copyFile, copy.rawPayload);
    const { stdout } = await exec('pdftotext', ['-enc', 'UTF-8', copyFile, '-']);
    expect(stdout.normalize('NFC')).toContain('Quảng Ninh');

    // Asking again does not redo a recognised scan.
    const again = await client.post(`/api/documents/${id}/ocr`);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ status: 'done', page: 2, pages: 2 });
  });

  it('says there is nothing to recognise for a document without scans, and 404 for another unit', async () => {
    const [doc] = await ctx.platform.db
      .insert(document)
      .values({ unitId: world.province.id, direction: 'outgoing', status: 'draft', subject: 'Dự thảo' })
      .returning({ id: document.id });
    const response = await world.clerk.client.get(`/api/documents/${doc!.id}/ocr`);
    expect(response.json()).toMatchObject({ status: 'none', files: [] });
    expect((await world.neighbourClerk.client.get(`/api/documents/${doc!.id}/ocr`)).statusCode).toBe(404);
  });
});

describe('a server without the OCR engine', { timeout: 240_000 }, () => {
  let ctx: TestContext;
  let world: Awaited<ReturnType<typeof buildDocumentsWorld>>;
  beforeAll(async () => {
    // The tools are looked up in an empty folder: tesseract, ocrmypdf … are "not installed".
    ctx = await createTestContext({ OCR_TOOLS_PATH: workDir });
    world = await buildDocumentsWorld(ctx);
  });
  afterAll(() => ctx.close());

  it('registers the scan, stores it unsearchable and says so in Vietnamese and English', async () => {
    const { client } = world.clerk;
    const id = await registerScan(client, world.province.id, fixtures.scannedPdf, '302');
    const ocr = await settled(client, id);
    expect(ocr.status).toBe('unavailable');
    expect(ocr.message.vi).toContain('Chưa cài đặt công cụ nhận dạng chữ');
    expect(ocr.message.vi).toContain('không tìm kiếm được theo nội dung');
    expect(ocr.message.en).toContain('stored unsearchable');
    expect(ocr.files[0]).toMatchObject({ status: 'unavailable', searchable: false });

    // The document and its scan are kept; its words are not searchable, its metadata is.
    const detail = await client.get(`/api/documents/${id}`);
    expect(detail.statusCode).toBe(200);
    expect(await searchIds(client, 'quang ninh doan ket')).not.toContain(id);
    expect(await searchIds(client, 'cuoc van dong')).toContain(id);
    const copy = await client.get(`/api/documents/${id}/ocr/files/${ocr.files[0]!.fileId}/searchable`);
    expect(copy.statusCode).toBe(404);
    expect(copy.json().error.message).toContain('chưa có bản PDF tìm kiếm được');

    // A retry queues it again (a specialist may read but not ask).
    expect((await world.specialist.client.post(`/api/documents/${id}/ocr`)).statusCode).toBe(403);
    const retried = await client.post(`/api/documents/${id}/ocr`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(['queued', 'running', 'unavailable']).toContain(retried.json().status);
    expect((await settled(client, id)).status).toBe('unavailable');
  });
});
