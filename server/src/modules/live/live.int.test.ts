import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildUnit } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { publish, type TopicEvent } from '../../platform/realtime/index.ts';
import { openLive } from './test-support/live-client.ts';

/**
 * The live WebSocket on a real server socket: who may connect, who may subscribe, catch-up after
 * being offline, and that a rolled-back transaction publishes nothing.
 */
let ctx: TestContext;
let base: string;
let session: string;
let staffId: string;
let unitId: string;
const origin = 'http://localhost:3000'; // PUBLIC_URL's origin (the default)

/** An ordered test kind: events kept here, `{ seq }` notifications expanded through eventsSince. */
const journal = new Map<string, TopicEvent[]>();
const eventsSinceCalls: string[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.platform.topics.register({
    kind: 'test-ordered',
    canSubscribe: async () => true,
    async eventsSince(id, since, limit) {
      eventsSinceCalls.push(id);
      return (journal.get(id) ?? []).filter((event) => event.seq! > since).slice(0, limit);
    },
  });
  ctx.platform.topics.register({ kind: 'test-secret', canSubscribe: async () => false });
  const unit = await buildUnit(ctx.platform.db);
  const person = await buildStaff(ctx.platform.db, { unitId: unit.id });
  unitId = unit.id;
  staffId = person.id;
  const client = ctx.client();
  await client.login(person.username, person.password);
  session = client.cookie('mts_session')!;
  base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await ctx?.close();
});

/** Appends an event to a test topic's journal and publishes `{ seq }` in a committed transaction. */
async function append(id: string, type: string, data: Record<string, unknown>) {
  const events = journal.get(id) ?? [];
  journal.set(id, events);
  const seq = events.length + 1;
  events.push({ seq, type, data });
  await ctx.platform.db.transaction((tx) => publish(tx, `test-ordered:${id}`, { seq }));
  return seq;
}

describe('live WebSocket', () => {
  it('refuses a socket without a session (401) and one opened by a page of another origin (403)', async () => {
    await expect(openLive(base, { origin })).rejects.toThrow('refused: 401');
    await expect(openLive(base, { session: 'not-a-session', origin })).rejects.toThrow('refused: 401');
    await expect(openLive(base, { session, origin: 'https://evil.example' })).rejects.toThrow('refused: 403');
    // A browser always sends Origin: a session socket without one is refused too.
    await expect(openLive(base, { session })).rejects.toThrow('refused: 403');
    const ok = await openLive(base, { session, origin });
    ok.send({ op: 'ping' });
    await ok.waitFor((frame) => frame.op === 'pong');
    await ok.close();
  });

  it('answers a refused or unknown topic with an error frame and never sends its events', async () => {
    const socket = await openLive(base, { session, origin });
    const secret = `test-secret:${randomUUID()}`;
    const someoneElse = `user:${randomUUID()}`;
    for (const topic of [secret, someoneElse, 'nosuchkind:1', `user:${staffId}`, `unit:${unitId}`])
      socket.send({ op: 'subscribe', topic });
    socket.send({ op: 'subscribe', topic: 42 });
    await socket.waitFor((frame) => frame.op === 'subscribed' && frame.topic === `unit:${unitId}`);
    await ctx.platform.db.transaction(async (tx) => {
      await publish(tx, secret, { type: 'leak', text: 'secret' });
      await publish(tx, someoneElse, { type: 'leak' });
      await publish(tx, `user:${staffId}`, { type: 'notification', id: 'n1' });
      await publish(tx, `unit:${unitId}`, { type: 'directive', id: 'd1' });
    });
    await socket.waitFor((frame) => frame.op === 'event' && frame.topic === `unit:${unitId}`);
    await socket.waitFor((frame) => frame.op === 'event' && frame.topic === `user:${staffId}`);

    const errors = socket.frames.filter((frame) => frame.op === 'error');
    expect(errors.map((frame) => [frame.code, 'topic' in frame ? frame.topic : undefined])).toEqual(
      expect.arrayContaining([
        ['FORBIDDEN', secret],
        ['FORBIDDEN', someoneElse],
        ['FORBIDDEN', 'nosuchkind:1'],
        ['BAD_FRAME', undefined],
      ]),
    );
    expect(errors.find((frame) => frame.code === 'FORBIDDEN')!.message.vi).toMatch(/không có quyền/);
    expect(socket.events(secret)).toEqual([]);
    expect(socket.events(someoneElse)).toEqual([]);
    expect(socket.events(`user:${staffId}`)).toEqual([
      { op: 'event', topic: `user:${staffId}`, type: 'notification', data: { id: 'n1' } },
    ]);
    expect(socket.events(`unit:${unitId}`)).toEqual([
      { op: 'event', topic: `unit:${unitId}`, type: 'directive', data: { id: 'd1' } },
    ]);
    await socket.close();
  });

  it('drops a subscription when an access notification says the user may no longer read it', async () => {
    const id = randomUUID();
    let allowed = true;
    ctx.platform.topics.register({ kind: 'test-revocable', canSubscribe: async () => allowed });
    const socket = await openLive(base, { session, origin });
    socket.send({ op: 'subscribe', topic: `test-revocable:${id}` });
    await socket.waitFor((frame) => frame.op === 'subscribed');
    allowed = false;
    await ctx.platform.db.transaction((tx) => publish(tx, `test-revocable:${id}`, { access: true }));
    await socket.waitFor((frame) => frame.op === 'error' && frame.code === 'FORBIDDEN');
    await ctx.platform.db.transaction((tx) => publish(tx, `test-revocable:${id}`, { type: 'after', n: 1 }));
    // A later event on a topic still followed proves the quiet one is not merely late.
    await ctx.platform.db.transaction((tx) => publish(tx, `user:${staffId}`, { type: 'marker' }));
    socket.send({ op: 'subscribe', topic: `user:${staffId}` });
    await socket.waitFor((frame) => frame.op === 'subscribed' && frame.topic === `user:${staffId}`);
    await ctx.platform.db.transaction((tx) => publish(tx, `user:${staffId}`, { type: 'marker' }));
    await socket.waitFor((frame) => frame.op === 'event' && frame.type === 'marker');
    expect(socket.events(`test-revocable:${id}`)).toEqual([]);
    await socket.close();
  });

  it('catches up what was missed while offline, in order and without duplicates, then continues live', async () => {
    const id = randomUUID();
    const topic = `test-ordered:${id}`;
    const first = await openLive(base, { session, origin });
    const second = await openLive(base, { session, origin });
    for (const socket of [first, second]) {
      socket.send({ op: 'subscribe', topic });
      await socket.waitFor((frame) => frame.op === 'subscribed');
    }
    await append(id, 'message', { n: 1 });
    await append(id, 'message', { n: 2 });
    await first.waitFor((frame) => frame.op === 'event' && frame.seq === 2);
    await second.waitFor((frame) => frame.op === 'event' && frame.seq === 2);
    // Two sockets, at most one lookup per notification on this instance (not one per socket).
    expect(eventsSinceCalls.filter((call) => call === id).length).toBeLessThanOrEqual(2);
    await first.close();

    for (let n = 3; n <= 6; n++) await append(id, 'message', { n });
    await second.waitFor((frame) => frame.op === 'event' && frame.seq === 6);
    const back = await openLive(base, { session, origin });
    back.send({ op: 'subscribe', topic, since: 2 });
    await append(id, 'message', { n: 7 });
    await back.waitFor((frame) => frame.op === 'event' && frame.seq === 7);
    await append(id, 'message', { n: 8 });
    await back.waitFor((frame) => frame.op === 'event' && frame.seq === 8);
    expect(back.events(topic).map((frame) => [frame.seq, frame.data.n])).toEqual([
      [3, 3],
      [4, 4],
      [5, 5],
      [6, 6],
      [7, 7],
      [8, 8],
    ]);
    expect(second.events(topic).map((frame) => frame.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await Promise.all([second.close(), back.close()]);
  });

  it('publishes nothing from a rolled-back transaction', async () => {
    const socket = await openLive(base, { session, origin });
    socket.send({ op: 'subscribe', topic: `user:${staffId}` });
    await socket.waitFor((frame) => frame.op === 'subscribed');
    await expect(
      ctx.platform.db.transaction(async (tx) => {
        await publish(tx, `user:${staffId}`, { type: 'rolled-back' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await ctx.platform.db.transaction((tx) => publish(tx, `user:${staffId}`, { type: 'committed' }));
    await socket.waitFor((frame) => frame.op === 'event' && frame.type === 'committed');
    expect(socket.events(`user:${staffId}`).map((frame) => frame.type)).toEqual(['committed']);
    await socket.close();
  });

  it('tells its sockets to resync when the instance’s own feed reconnected', async () => {
    const socket = await openLive(base, { session, origin });
    socket.send({ op: 'subscribe', topic: `user:${staffId}` });
    socket.send({ op: 'subscribe', topic: `unit:${unitId}` });
    await socket.waitFor((frame) => frame.op === 'subscribed' && frame.topic === `unit:${unitId}`);
    await ctx.platform.db.execute(
      sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'mts-realtime' AND datname = current_database()`,
    );
    await socket.waitFor((frame) => frame.op === 'resync');
    // One resync per socket, whatever the number of topics it follows.
    expect(socket.frames.filter((frame) => frame.op === 'resync')).toHaveLength(1);
    await ctx.platform.db.transaction((tx) => publish(tx, `user:${staffId}`, { type: 'after-resync' }));
    await socket.waitFor((frame) => frame.op === 'event' && frame.type === 'after-resync');
    await socket.close();
  });

  it('closes the socket beyond the per-user cap (4409)', async () => {
    const sockets = await Promise.all(Array.from({ length: 10 }, () => openLive(base, { session, origin })));
    const extra = await openLive(base, { session, origin });
    expect((await extra.closed).code).toBe(4409);
    await Promise.all(sockets.map((socket) => socket.close()));
  });

  it('closes a socket that floods the server with frames (4429)', async () => {
    const socket = await openLive(base, { session, origin });
    for (let i = 0; i < 700; i++) socket.send({ op: 'ping' });
    expect((await socket.closed).code).toBe(4429);
  });
});
