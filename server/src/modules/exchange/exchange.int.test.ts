import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree } from '../../../test/factories.ts';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { role } from '../identity/index.ts';
import {
  buildDocumentMessage,
  buildStatusMessage,
  type EdxmlDocumentMessage,
  type EdxmlStatusMessage,
  type ExchangeModule,
  exchangeModuleOf,
  type ReceiptContext,
} from './index.ts';
import { apiTokenFor } from './test-support/clients.ts';
import { sampleDocument, sampleStatus } from './test-support/samples.ts';

// Background work off: the directory is scanned only when a test asks, so results are exact.
let ctx: TestContext;
let exchange: ExchangeModule;
let tree: Awaited<ReturnType<typeof buildTree>>;
let gateway: TestClient;
const documents: Array<{ message: EdxmlDocumentMessage; context: Omit<ReceiptContext, 'tx'> }> = [];
const statuses: EdxmlStatusMessage[] = [];
let failNextDocument = false;

beforeAll(async () => {
  ctx = await createTestContext({ JOBS_ENABLED: 'false' });
  exchange = exchangeModuleOf(ctx.platform)!;
  // The exchange on its own: the documents module's handlers (exchange-link) are tested there.
  exchange.resetHandlers();
  tree = await buildTree(ctx.platform.db);
  gateway = await apiTokenFor(ctx, tree.provinceA.id, ['exchange.receive']);
});
afterAll(() => ctx.close());

const postXml = (client: TestClient, body: string | Buffer, contentType = 'application/xml') =>
  client.request({
    method: 'POST',
    url: '/api/exchange/edxml',
    payload: body,
    headers: { 'content-type': contentType },
  });

const auditOf = (receiptId: string) =>
  ctx.platform.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'edxml_message'), eq(auditLog.entityId, receiptId)));

describe('POST /api/exchange/edxml', () => {
  it('answers 503 while no receiver is registered, so the sender retries later', async () => {
    const response = await postXml(gateway, buildDocumentMessage(sampleDocument()));
    expect(response.statusCode).toBe(503);
    expect(response.json().error.message).toBe(
      'Hệ thống chưa sẵn sàng tiếp nhận loại thông điệp edXML này; vui lòng gửi lại sau.',
    );
  });

  it('registers the handlers the documents module will provide', () => {
    exchange.onIncomingDocument(async (message, { tx: _tx, ...context }) => {
      if (failNextDocument) {
        failNextDocument = false;
        throw new Error('the documents module failed');
      }
      documents.push({ message, context });
    });
    exchange.onStatus(async (status) => {
      statuses.push(status);
    });
  });

  it('takes a valid document with an API token: 202, a receipt, the handler gets it for the token’s unit, audited', async () => {
    const message = sampleDocument();
    const response = await postXml(gateway, buildDocumentMessage(message));
    expect(response.statusCode, response.body).toBe(202);
    const receipt = response.json();
    expect(receipt).toMatchObject({
      kind: 'document',
      documentId: '000.00.00.G22,2026/01/05,05/HD-MTTQ-BTT',
      statusCode: null,
    });
    const handled = documents.at(-1)!;
    expect(handled.message).toEqual(message);
    expect(handled.context).toMatchObject({
      transport: 'http',
      unitId: tree.provinceA.id,
      receiptId: receipt.receiptId,
    });
    const [entry] = await auditOf(receipt.receiptId);
    expect(entry).toMatchObject({ action: 'exchange.document_received', unitId: tree.provinceA.id });
    expect(entry!.after).toMatchObject({ transport: 'http', from: '000.00.00.G22' });
  });

  it('takes a status message (03 accepted) and hands it to the status handler', async () => {
    const status = sampleStatus();
    const response = await postXml(gateway, buildStatusMessage(status), 'text/xml; charset=utf-8');
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json()).toMatchObject({
      kind: 'status',
      statusCode: '03',
      documentId: status.responseFor.documentId,
    });
    expect(statuses.at(-1)).toEqual(status);
  });

  it('refuses a malformed message with 400 and the precise reason, in Vietnamese or English; nothing is handled', async () => {
    const before = documents.length;
    const xml = buildDocumentMessage(sampleDocument()).replace(
      '<edXML:OrganId>000.00.02.H29</edXML:OrganId>',
      '<edXML:OrganId>SNV</edXML:OrganId>',
    );
    const response = await postXml(gateway, xml);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'BAD_REQUEST',
      message:
        'Thông điệp edXML bị từ chối: Mã định danh cơ quan "SNV" tại edXMLEnvelope/edXMLHeader/MessageHeader/To[2]/OrganId không đúng dạng 000.00.00.A00.',
      details: { reason: 'INVALID_ORGAN_ID', path: 'edXMLEnvelope/edXMLHeader/MessageHeader/To[2]/OrganId' },
    });
    gateway.language = 'en';
    const english = await postXml(
      gateway,
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    );
    gateway.language = 'vi';
    expect(english.statusCode).toBe(400);
    expect(english.json().error.message).toBe(
      'edXML message rejected: The message declares a DOCTYPE or ENTITY; edXML uses no DTD, so it is refused.',
    );
    expect(documents.length).toBe(before);
  });

  it('refuses bytes that are not UTF-8', async () => {
    const latin1 = Buffer.from(buildDocumentMessage(sampleDocument()), 'latin1');
    const response = await postXml(gateway, latin1);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual({ reason: 'NOT_UTF8' });
  });

  it('asks for application/xml when a JSON body is sent', async () => {
    const response = await gateway.post('/api/exchange/edxml', { subject: 'không phải XML' });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.message).toBe(
      'Thông điệp edXML phải được gửi với Content-Type application/xml.',
    );
  });

  it('writes nothing when the receiving handler fails: no audit entry, the sender gets an error to retry', async () => {
    failNextDocument = true;
    const auditsBefore = (
      await ctx.platform.db.select().from(auditLog).where(eq(auditLog.entityType, 'edxml_message'))
    ).length;
    const response = await postXml(gateway, buildDocumentMessage(sampleDocument()));
    expect(response.statusCode).toBe(500);
    const auditsAfter = (
      await ctx.platform.db.select().from(auditLog).where(eq(auditLog.entityType, 'edxml_message'))
    ).length;
    expect(auditsAfter).toBe(auditsBefore);
  });

  it('is a permission system and unit administrators hold (to issue the relay platform’s token), clerks not', async () => {
    const roles = await ctx.platform.db
      .select({ id: role.id, permissions: role.permissions })
      .from(role)
      .where(eq(role.isSystem, true));
    expect(roles.map((r) => r.id)).toContain('clerk');
    const holders = roles.filter((r) => r.permissions.includes('exchange.receive')).map((r) => r.id);
    expect(holders.sort()).toEqual(['system_admin', 'unit_admin']);
  });

  it('is closed to tokens without exchange.receive', async () => {
    const other = await apiTokenFor(ctx, tree.provinceA.id, ['units.read']);
    expect((await postXml(other, buildDocumentMessage(sampleDocument()))).statusCode).toBe(403);
  });
});

describe('the watched directory DATA_DIR/exchange', () => {
  const folder = (name: string) => path.join(ctx.dataDir, 'exchange', name);

  it('takes valid messages, moves them to processed/, and moves bad ones to rejected/ with a .reason.txt', async () => {
    await exchange.directory.scan(); // creates the folders
    const valid = buildDocumentMessage(sampleDocument({ subject: 'Văn bản đến qua thư mục trao đổi' }));
    const status = buildStatusMessage(sampleStatus({ statusCode: '02', description: 'Gửi nhầm nơi nhận' }));
    const bad = valid.replace('<edXML:PromulgationDate>2026/01/05', '<edXML:PromulgationDate>2026/13/05');
    await writeFile(folder('incoming/van-ban-01.xml'), valid);
    await writeFile(folder('incoming/trang-thai-02.xml'), status);
    await writeFile(folder('incoming/hong.xml'), bad);
    await writeFile(folder('incoming/dang-ghi.xml.tmp'), valid.slice(0, 100)); // still being written

    const before = documents.length;
    const result = await exchange.directory.scan();
    expect(result).toEqual({
      processed: ['trang-thai-02.xml', 'van-ban-01.xml'],
      rejected: ['hong.xml'],
      deferred: [],
    });
    expect(
      documents.slice(before).map((d) => [d.message.subject, d.context.transport, d.context.reference]),
    ).toEqual([['Văn bản đến qua thư mục trao đổi', 'directory', 'van-ban-01.xml']]);
    expect(statuses.at(-1)).toMatchObject({ statusCode: '02', description: 'Gửi nhầm nơi nhận' });

    expect((await readdir(folder('incoming'))).sort()).toEqual(['dang-ghi.xml.tmp']);
    expect((await readdir(folder('processed'))).sort()).toEqual(['trang-thai-02.xml', 'van-ban-01.xml']);
    expect((await readdir(folder('rejected'))).sort()).toEqual(['hong.xml', 'hong.xml.reason.txt']);
    expect(await readFile(folder('rejected/hong.xml'), 'utf8')).toBe(bad);
    const reason = await readFile(folder('rejected/hong.xml.reason.txt'), 'utf8');
    expect(reason).toBe(
      [
        'Thông điệp edXML bị từ chối: Ngày "2026-13-05" tại edXMLEnvelope/edXMLHeader/MessageHeader/PromulgationInfo/PromulgationDate không hợp lệ (định dạng yyyy/MM/dd).',
        'edXML message rejected: Date "2026-13-05" at edXMLEnvelope/edXMLHeader/MessageHeader/PromulgationInfo/PromulgationDate is invalid (format yyyy/MM/dd).',
        'code: INVALID_DATE',
        'path: edXMLEnvelope/edXMLHeader/MessageHeader/PromulgationInfo/PromulgationDate',
        '',
      ].join('\n'),
    );
    expect(existsSync(folder('work')) && (await readdir(folder('work'))).length).toBe(0);
  });

  it('keeps a file in incoming/ when the receiver fails, and takes it on a later scan; a repeated name is kept apart', async () => {
    const xml = buildDocumentMessage(sampleDocument());
    await writeFile(folder('incoming/van-ban-01.xml'), xml);
    failNextDocument = true;
    expect(await exchange.directory.scan()).toEqual({
      processed: [],
      rejected: [],
      deferred: ['van-ban-01.xml'],
    });
    expect(await readdir(folder('incoming'))).toContain('van-ban-01.xml');
    expect(await exchange.directory.scan()).toMatchObject({ processed: ['van-ban-01.xml'] });
    expect((await readdir(folder('processed'))).sort()).toEqual([
      'trang-thai-02.xml',
      'van-ban-01.1.xml',
      'van-ban-01.xml',
    ]);
  });
});
