import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestContext, TestClient, type TestContext } from '../../../test/harness.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { type Platform, startPlatform } from '../../platform/boot.ts';
import { documentType } from './documents.schema.ts';
import { reportToSender } from './incoming.service.ts';
import { samplePdf } from './test-support/sample-files.ts';
import { buildDocumentsWorld, sampleDocx, uploadOk, vnDate } from './test-support/world.ts';

/**
 * Live recipient status across instances: the sender's page streams from instance A while the
 * recipient acts on instance B — two apps, two connection pools, one database, PostgreSQL
 * LISTEN/NOTIFY in between.
 */
let ctx: TestContext;
let platformB: Platform;
let appB: FastifyInstance;
let baseA: string;
let world: Awaited<ReturnType<typeof buildDocumentsWorld>>;
let issued: { id: string; recipients: Array<{ recipientUnitId: string | null; incomingDocumentId: string }> };

beforeAll(async () => {
  ctx = await createTestContext();
  world = await buildDocumentsWorld(ctx);
  // Instance B: the same database and data directory (so the same secret key), its own everything else.
  platformB = await startPlatform(
    loadConfig(
      {
        DATABASE_URL: ctx.databaseUrl,
        DATA_DIR: ctx.dataDir,
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'false',
        NODE_ENV: 'test',
      },
      { dotenv: false },
    ),
  );
  appB = await buildApp(platformB);
  await appB.ready();
  baseA = await ctx.app.listen({ port: 0, host: '127.0.0.1' });

  const types = await ctx.platform.db.select().from(documentType);
  const typeQD = types.find((t) => t.code === 'QĐ' && !t.unitId)!.id;
  const author = world.specialist.client;
  const draftUploadId = await uploadOk(author, world.province.id, sampleDocx(), 'draft');
  const doc = (
    await author.post('/api/documents/outgoing', {
      unitId: world.province.id,
      typeId: typeQD,
      subject: 'Quyết định về việc tổ chức Ngày hội Đại đoàn kết toàn dân tộc',
      priority: 'normal',
      dueDate: vnDate(10),
      draftUploadId,
      recipientUnitIds: [world.neighbour.id],
    })
  ).json();
  for (const [client, action] of [
    [world.specialist.client, 'submit_for_review'],
    [world.leader.client, 'check_content'],
    [world.clerk.client, 'check_format'],
    [world.leader.client, 'approve'],
  ] as const) {
    const response = await client.post(`/api/documents/${doc.id}/actions`, { action });
    if (response.statusCode !== 200) throw new Error(`${action}: ${response.statusCode} ${response.body}`);
  }
  const scanUploadId = await uploadOk(world.clerk.client, world.province.id, samplePdf(1));
  await world.clerk.client.post(`/api/documents/${doc.id}/sign-on-paper`, {
    scanUploadId,
    signerFullName: 'Nguyễn Văn Lãnh Đạo',
    signerPosition: 'Chủ tịch',
  });
  const response = await world.clerk.client.post(`/api/documents/${doc.id}/issue`);
  if (response.statusCode !== 200) throw new Error(`issue: ${response.statusCode} ${response.body}`);
  issued = response.json();
});
afterAll(async () => {
  await appB?.close();
  await platformB?.shutdown();
  await ctx?.close();
});

/** An EventSource-like reader of A's stream over real HTTP, with the sender's session cookie. */
async function openStream(client: TestClient, documentId: string) {
  const abort = new AbortController();
  const response = await fetch(`${baseA}/api/documents/${documentId}/events`, {
    headers: { accept: 'text/event-stream', cookie: `mts_session=${client.cookie('mts_session')}` },
    signal: abort.signal,
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    response,
    /** The data of the next `event: recipients` (fails the test after 10 s rather than hanging). */
    async nextRecipientsEvent(): Promise<Record<string, unknown>> {
      const guard = setTimeout(() => abort.abort(), 10_000);
      try {
        for (;;) {
          const end = buffer.indexOf('\n\n');
          if (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const lines = block.split('\n');
            if (lines.includes('event: recipients')) {
              const data = lines.find((line) => line.startsWith('data: '))!;
              return JSON.parse(data.slice('data: '.length));
            }
            continue;
          }
          const { value, done } = await reader.read();
          if (done) throw new Error('the stream ended');
          buffer += value;
        }
      } finally {
        clearTimeout(guard);
      }
    },
    close: () => abort.abort(),
  };
}

describe('live recipient status (GET /api/documents/:id/events)', () => {
  it('tells the sender on instance A when the recipient accepts on instance B — and nothing of a rolled-back change', async () => {
    const copyId = issued.recipients.find(
      (r) => r.recipientUnitId === world.neighbour.id,
    )!.incomingDocumentId;
    // Other capabilities keep topics of their own (e.g. notification delivery): count relative to them.
    const before = ctx.platform.realtime.topicCount;
    const stream = await openStream(world.clerk.client, issued.id);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // The hooks of every response still apply to the stream: security headers, the request id.
    expect(stream.response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(stream.response.headers.get('x-request-id')).toBeTruthy();

    // On B: a change that is rolled back (a return with a reason) must never reach the sender.
    await expect(
      platformB.db.transaction(async (tx) => {
        await reportToSender(tx, copyId, '02', 'Thay đổi bị hủy');
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    // Then the recipient's clerk, signed in on B, accepts (tiếp nhận) the copy.
    const recipientOnB = new TestClient(appB);
    recipientOnB.ip = '127.44.0.1';
    await recipientOnB.login(world.neighbourClerk.staff.username, world.neighbourClerk.staff.password);
    const received = await recipientOnB.post(`/api/documents/${copyId}/receive`);
    expect(received.statusCode).toBe(200);

    // NOTIFYs arrive in commit order: the first event is the accepted copy, not the rolled-back return.
    expect(await stream.nextRecipientsEvent()).toEqual({ documentId: issued.id, statusCodes: ['03'] });
    const detail = (await world.clerk.client.get(`/api/documents/${issued.id}`)).json();
    expect(
      detail.recipients.find((r: { recipientUnitId: string }) => r.recipientUnitId === world.neighbour.id),
    ).toMatchObject({ statusCode: '03', statusLabel: 'Đã tiếp nhận' });

    stream.close();
    await vi.waitFor(() => expect(ctx.platform.realtime.topicCount).toBe(before));
  });

  it('sends the changes of one transaction on commit, in order, and stops listening when the page closes', async () => {
    const before = ctx.platform.realtime.topicCount;
    const stream = await openStream(world.clerk.client, issued.id);
    await platformB.db.transaction(async (tx) => {
      const copyId = issued.recipients[0]!.incomingDocumentId;
      await reportToSender(tx, copyId, '04');
      await reportToSender(tx, copyId, '05');
    });
    // Two statements in one transaction: two events, in order, delivered together on commit.
    expect(await stream.nextRecipientsEvent()).toMatchObject({ statusCodes: ['04'] });
    expect(await stream.nextRecipientsEvent()).toMatchObject({ statusCodes: ['05'] });
    expect(ctx.platform.realtime.topicCount).toBe(before + 1);
    stream.close();
    await vi.waitFor(() => expect(ctx.platform.realtime.topicCount).toBe(before));
  });

  it('hides the stream of another province’s document (404) and asks for EventSource otherwise (400)', async () => {
    const foreign = await world.neighbourClerk.client.request({
      method: 'GET',
      url: `/api/documents/${issued.id}/events`,
      headers: { accept: 'text/event-stream' },
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('NOT_FOUND');
    const anonymous = await fetch(`${baseA}/api/documents/${issued.id}/events`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(anonymous.status).toBe(401);
    const plain = await world.clerk.client.get(`/api/documents/${issued.id}/events`);
    expect(plain.statusCode).toBe(400);
    expect(plain.json().error.message).toContain('EventSource');
  });

  it('ends open streams when the instance shuts down (the server does not wait for them)', async () => {
    const stream = await openStream(world.clerk.client, issued.id);
    await ctx.app.close();
    await expect(stream.nextRecipientsEvent()).rejects.toThrow('the stream ended');
  });
});
