import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildUnit } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { freePort } from '../../db/embedded.ts';
import { publish } from '../../platform/realtime/index.ts';
import { type LiveTestClient, openLive } from './test-support/live-client.ts';

/**
 * Fan-out across instances: two real server processes (`node --import tsx server/src/main.ts`) on
 * one database; a socket on each; events committed in the database reach both, in order, for each
 * transport. NATS must be running at nats://127.0.0.1:4222 (it is, locally and in CI): if it is not,
 * these tests fail — they never skip.
 */
const root = path.resolve(import.meta.dirname, '../../../..');
const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

interface Server {
  url: string;
  stop(): Promise<void>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      JOBS_ENABLED: 'false',
      NODE_ENV: 'test',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error('server exited during start');
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 900) throw new Error('server not ready after 90 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

describe.each([
  ['PostgreSQL LISTEN/NOTIFY', {}],
  [
    'NATS with a transactional outbox',
    { NATS_URL, NATS_SUBJECT: `mts.test.${randomBytes(4).toString('hex')}` },
  ],
] as const)('live fan-out across two server processes — %s', (_name, transportEnv) => {
  let ctx: TestContext;
  let servers: Server[] = [];
  let sockets: LiveTestClient[] = [];
  let topic: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    const unit = await buildUnit(ctx.platform.db);
    const person = await buildStaff(ctx.platform.db, { unitId: unit.id });
    topic = `user:${person.id}`;
    const client = ctx.client();
    await client.login(person.username, person.password);
    const session = client.cookie('mts_session')!;
    const env = { DATABASE_URL: ctx.databaseUrl, DATA_DIR: ctx.dataDir, ...transportEnv };
    servers = await Promise.all([startServer(env), startServer(env)]);
    sockets = await Promise.all(
      servers.map((server) => openLive(server.url, { session, origin: server.url })),
    );
    for (const socket of sockets) {
      socket.send({ op: 'subscribe', topic });
      await socket.waitFor((frame) => frame.op === 'subscribed');
    }
  }, 180_000);
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await Promise.all(servers.map((server) => server.stop()));
    await ctx?.close();
  }, 60_000);

  it('delivers every committed event to the sockets of both instances, in commit order, and nothing rolled back', async () => {
    const db = ctx.platform.db;
    await expect(
      db.transaction(async (tx) => {
        await publish(tx, topic, { type: 'message', n: 0 });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    for (let n = 1; n <= 20; n++) await db.transaction((tx) => publish(tx, topic, { type: 'message', n }));
    for (const socket of sockets) {
      await socket.waitFor((frame) => frame.op === 'event' && frame.data.n === 20);
      expect(socket.events(topic).map((frame) => frame.data.n)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
    }
    // The transport the instances recorded is the one publish() followed; the outbox (NATS) is
    // drained by the relays, and with PostgreSQL it is never written.
    const transport = await db.execute<{ use_outbox: boolean }>(
      sql`SELECT use_outbox FROM realtime_transport`,
    );
    expect(transport.rows[0]!.use_outbox).toBe('NATS_URL' in transportEnv);
    const left = await db.execute<{ count: number }>(sql`SELECT count(*)::int AS count FROM realtime_outbox`);
    expect(left.rows[0]!.count).toBe(0);
  });
});
