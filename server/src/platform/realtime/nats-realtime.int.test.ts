import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { NatsRealtime, publish, useTransport } from './index.ts';

/**
 * The NATS transport's outbox: publications are rows until a relay has them acknowledged by NATS.
 * nats://127.0.0.1:4222 must be running (locally and in CI): without it this test fails.
 */
const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
let ctx: TestContext;
const instances: NatsRealtime[] = [];
const subject = `mts.test.${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  ctx = await createTestContext();
  await useTransport(ctx.platform.db, 'nats');
});
afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.close()));
  await ctx?.close();
});

const outboxCount = async () =>
  (await ctx.platform.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM realtime_outbox`)).rows[0]!
    .n;

describe('realtime over NATS with a transactional outbox', () => {
  it('keeps committed publications while NATS is unreachable and delivers them, in order, once a relay can', async () => {
    const db = ctx.platform.db;
    // An instance whose NATS is unreachable: its relay fails, the rows stay.
    const cut = new NatsRealtime(ctx.platform.pool, ctx.databaseUrl, {
      natsUrl: 'nats://127.0.0.1:1',
      subject,
      pollMs: 50,
    });
    instances.push(cut);
    cut.startRelay();
    await expect(
      db.transaction(async (tx) => {
        await publish(tx, 'test:a', { type: 'rolled-back' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    for (let n = 1; n <= 5; n++) await db.transaction((tx) => publish(tx, 'test:a', { type: 'step', n }));
    await cut.relaySoon();
    expect(await outboxCount()).toBe(5);

    // A healthy instance: subscribed, then its relay sends the backlog.
    const healthy = new NatsRealtime(ctx.platform.pool, ctx.databaseUrl, {
      natsUrl: NATS_URL,
      subject,
      pollMs: 50,
    });
    instances.push(healthy);
    const received: Array<Record<string, unknown>> = [];
    healthy.subscribe('test:a', (data) => received.push(data));
    await healthy.ready();
    healthy.startRelay();
    await vi.waitFor(() => expect(received.map((data) => data.n)).toEqual([1, 2, 3, 4, 5]), {
      timeout: 10_000,
    });
    expect(received.every((data) => data.type === 'step')).toBe(true);
    expect(await outboxCount()).toBe(0);
  });
});
