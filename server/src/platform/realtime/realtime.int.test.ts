import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { PgRealtime, publish } from './index.ts';

let ctx: TestContext;
let realtime: PgRealtime;
beforeAll(async () => {
  ctx = await createTestContext();
  realtime = new PgRealtime(ctx.databaseUrl, { minDelayMs: 20, maxDelayMs: 200 });
});
afterAll(async () => {
  await realtime?.close();
  await ctx?.close();
});

describe('realtime (PostgreSQL LISTEN/NOTIFY)', () => {
  it('delivers committed publications to the topic’s subscribers only, and survives a dropped connection', async () => {
    const received: Array<Record<string, unknown>> = [];
    const other: Array<Record<string, unknown>> = [];
    realtime.subscribe('document:a', (data) => received.push(data));
    realtime.subscribe('document:b', (data) => other.push(data));
    await realtime.ready();
    const db = ctx.platform.db;

    await expect(
      db.transaction(async (tx) => {
        await publish(tx, 'document:a', { step: 'rolled back' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await db.transaction((tx) => publish(tx, 'document:a', { step: 1 }));
    await vi.waitFor(() => expect(received).toEqual([{ step: 1 }]));
    expect(other).toEqual([]);

    // The database drops the listening connection: it comes back, LISTENs again and asks for a resync.
    await db.execute(
      sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'mts-realtime' AND datname = current_database()`,
    );
    await vi.waitFor(() => expect(received).toContainEqual({ resync: true }), { timeout: 5_000 });
    await db.transaction((tx) => publish(tx, 'document:a', { step: 2 }));
    await vi.waitFor(() => expect(received.at(-1)).toEqual({ step: 2 }));
    expect(received.filter((data) => data.step === 'rolled back')).toEqual([]);
  });
});
