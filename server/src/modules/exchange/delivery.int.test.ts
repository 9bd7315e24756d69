import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import {
  type DeliveryResult,
  type ExchangeModule,
  exchangeModuleOf,
  httpTransport,
  parseDocumentMessage,
} from './index.ts';
import { apiTokenFor } from './test-support/clients.ts';
import { sampleDocument } from './test-support/samples.ts';

// Background work on: pg-boss delivers and retries, the directory is scanned on its timer.
let ctx: TestContext;
let exchange: ExchangeModule;
let peer: Server;
let peerUrl: string;
const received: Array<{ body: Buffer; contentType?: string; authorization?: string }> = [];
/** What the peer answers, request by request: [status, body]. */
const answers: Array<[number, string]> = [];
const results: DeliveryResult[] = [];

const readBody = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

beforeAll(async () => {
  peer = createServer(async (request, response) => {
    received.push({
      body: await readBody(request),
      contentType: request.headers['content-type'],
      authorization: request.headers.authorization,
    });
    const [status, body] = answers.shift() ?? [500, 'no answer scripted'];
    response.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
  peerUrl = `http://127.0.0.1:${(peer.address() as AddressInfo).port}/api/exchange/edxml`;

  ctx = await createTestContext();
  exchange = exchangeModuleOf(ctx.platform)!;
  exchange.registerPeer('ubnd-tinh', { url: peerUrl, token: 'mts_token_of_the_peer' });
  exchange.onDeliveryResult(async (result) => {
    results.push(result);
  });
});
afterAll(async () => {
  await ctx.close();
  await new Promise((resolve) => peer.close(resolve));
});

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('outgoing delivery by HTTP POST', () => {
  it('exports an issued document to edXML and delivers it, retrying after the peer answers 500', async () => {
    const { documentId: _id, traceHeaders: _t, business: _b, ...document } = sampleDocument();
    const xml = exchange.exportDocument({ ...document, sentAt: '2026-01-05T09:00:00' });
    const exported = parseDocumentMessage(xml);
    expect(exported.documentId).toBe('000.00.00.G22,2026/01/05,05/HD-MTTQ-BTT');
    expect(exported.traceHeaders).toEqual([{ organId: '000.00.00.G22', timestamp: '2026-01-05T09:00:00' }]);
    expect(exported.business).toEqual({ bussinessDocType: 0 });

    answers.push([500, '{"error":"tạm thời lỗi"}']);
    answers.push([202, JSON.stringify({ receiptId: 'r-1', kind: 'document' })]);
    await exchange.send('ubnd-tinh', exported.documentId, xml);

    const result = await until(() => results.find((r) => r.documentId === exported.documentId));
    expect(result).toEqual({
      peer: 'ubnd-tinh',
      documentId: exported.documentId,
      attempt: 'delivered',
      httpStatus: 202,
      answer: { receiptId: 'r-1', kind: 'document' },
    });
    expect(received).toHaveLength(2); // the 500, then the retry
    for (const request of received) {
      expect(request.body.toString('utf8')).toBe(xml);
      expect(request.contentType).toBe('application/xml; charset=utf-8');
      expect(request.authorization).toBe('Bearer mts_token_of_the_peer');
    }
  });

  it('does not retry a message the peer refuses (400): the refusal and its reason are reported', async () => {
    received.length = 0;
    const xml = exchange.exportDocument({
      ...sampleDocument({ code: { codeNumber: '06', codeNotation: 'HD-MTTQ-BTT' } }),
      sentAt: '2026-01-06T09:00:00',
    });
    const documentId = parseDocumentMessage(xml).documentId;
    answers.push([400, JSON.stringify({ error: { message: 'Thiếu trường bắt buộc' } })]);
    await exchange.send('ubnd-tinh', documentId, xml);
    const result = await until(() => results.find((r) => r.documentId === documentId));
    expect(result).toMatchObject({
      attempt: 'refused',
      httpStatus: 400,
      answer: { error: { message: 'Thiếu trường bắt buộc' } },
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(received).toHaveLength(1);
  });

  it('drops the message into a peer’s shared folder through the same interface (no half-written file)', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'mts-peer-incoming-'));
    exchange.registerPeer('so-noi-vu', { folder });
    const xml = exchange.exportDocument({
      ...sampleDocument({ code: { codeNumber: '07', codeNotation: 'HD-MTTQ-BTT' } }),
      sentAt: '2026-01-07T09:00:00',
    });
    const documentId = parseDocumentMessage(xml).documentId;
    await exchange.send('so-noi-vu', documentId, xml);
    const result = await until(() => results.find((r) => r.documentId === documentId));
    expect(result).toMatchObject({ peer: 'so-noi-vu', attempt: 'delivered', httpStatus: null });
    const files = await readdir(folder);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^edxml-[0-9a-f]{32}\.xml$/);
    expect(await readFile(path.join(folder, files[0]!), 'utf8')).toBe(xml);
    await rm(folder, { recursive: true, force: true });
  });

  it('asks for a retry when the peer cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise((resolve) => closed.close(resolve));
    const outcome = await httpTransport({ url }).deliver(Buffer.from('<edXML/>'), 'x');
    expect(outcome).toMatchObject({ outcome: 'retry' });
  });

  it('refuses to queue for a peer that is not configured', async () => {
    await expect(exchange.send('khong-co', 'x', '<edXML/>')).rejects.toThrow(
      'edXML peer khong-co is not configured',
    );
  });
});

describe('two systems talking edXML over HTTP', () => {
  it('a message sent to a peer that runs this product arrives in its receiver, and the receipt comes back', async () => {
    const tree = await buildTree(ctx.platform.db);
    const gateway = await apiTokenFor(ctx, tree.provinceB.id, ['exchange.receive']);
    const arrived: Array<{ subject: string; unitId: string | null }> = [];
    exchange.onIncomingDocument(async (message, context) => {
      arrived.push({ subject: message.subject, unitId: context.unitId });
    });
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    exchange.registerPeer('mttq-tinh-b', { url: `${address}/api/exchange/edxml`, token: gateway.bearer! });

    const xml = exchange.exportDocument({
      ...sampleDocument({
        code: { codeNumber: '08', codeNotation: 'CV-MTTQ-BTT' },
        subject: 'Về việc phối hợp tổ chức Ngày hội Đại đoàn kết',
      }),
      sentAt: '2026-01-08T09:00:00',
    });
    const documentId = parseDocumentMessage(xml).documentId;
    await exchange.send('mttq-tinh-b', documentId, xml);
    const result = await until(() => results.find((r) => r.documentId === documentId));
    expect(result).toMatchObject({
      attempt: 'delivered',
      httpStatus: 202,
      answer: { kind: 'document', documentId, statusCode: null },
    });
    expect(arrived).toEqual([
      { subject: 'Về việc phối hợp tổ chức Ngày hội Đại đoàn kết', unitId: tree.provinceB.id },
    ]);
  });
});

describe('the directory watcher', () => {
  it('picks up a dropped message on its own (a malformed one goes to rejected/ with its reason)', async () => {
    const incoming = path.join(ctx.dataDir, 'exchange', 'incoming');
    await until(
      () =>
        readdir(incoming)
          .then(() => true)
          .catch(() => undefined),
      15_000,
    );
    await writeFile(path.join(incoming, 'sai.xml'), '<edXML>không hợp lệ');
    const rejected = path.join(ctx.dataDir, 'exchange', 'rejected');
    const names = await until(async () => {
      const list = await readdir(rejected).catch(() => []);
      return list.length === 2 ? list.sort() : undefined;
    }, 20_000);
    expect(names).toEqual(['sai.xml', 'sai.xml.reason.txt']);
  });
});
