/**
 * Communication across levels (issue 5), through two real server processes (`server/src/main.ts`)
 * on one database, with real WebSocket clients held open by this process (bench/live-client.ts:
 * one TCP connection each, signed in by its own session cookie, with a browser's Origin):
 *   1. delivery — BENCH_CLIENTS (10,000) staff spread over the 3,355 units under the central
 *      committee (each unit 2 or 3), one socket each, half on each instance, subscribed to
 *      `unit:<their unit>`; the central leader sends one directive to the whole tree; timed from
 *      the POST being sent, and from its response (= committed), until each socket has the
 *      directive event: p50/p95/p99/max and how many sockets got it (all must); BENCH_RUNS times
 *      (target p99 ≤ 1 s);
 *   2. board update — BENCH_ACKS recipients of different units acknowledge one by one over HTTP
 *      (alternating instances); timed from the request until the leader's socket (instance A,
 *      subscribed to `directive:<id>`) has the board event for that unit (target ≤ 200 ms);
 *   3. messages/s one instance sustains — the other instance stopped and the 10,000 sockets
 *      closed; staff post to BENCH_CHANNELS ad-hoc channels at each offered rate of BENCH_RATES
 *      (open loop, BENCH_SECONDS each) while BENCH_SUBSCRIBERS sockets on the same instance listen
 *      (bench/live-messages.ts): committed messages per second, delivery latency, and the check
 *      that every subscriber got every message of its channel once, in order (seq gap-free).
 * The whole run is made for each transport in BENCH_TRANSPORTS (`postgres` = LISTEN/NOTIFY, the
 * default; `nats` = NATS_URL, default nats://127.0.0.1:4222). Exits non-zero when any socket
 * missed an event (or got one it had not subscribed to), or an acknowledgement's board event never came.
 * Sessions are made in SQL (bench/support.ts createSessions), not by 10,000 argon2 sign-ins.
 * Run: `npm run bench:live` (a smoke run: BENCH_CLIENTS=400 BENCH_RUNS=2 BENCH_ACKS=20 BENCH_RATES=20,50 BENCH_SECONDS=5).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import pg from 'pg';
import { acknowledge, sendDirective } from './live-api.ts';
import { cpuSeconds, LiveClient, type LiveEvent, pool, postgresCpuSeconds, rssMiB } from './live-client.ts';
import { measureMessages } from './live-messages.ts';
import { describeMachine, loadAverage, percentile } from './machine.ts';
import { benchDatabase, createSessions, seedCountryUnits, startServer } from './support.ts';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ACKS = Number(process.env.BENCH_ACKS ?? 200);
/** Offered message rates of part 3, one step each (messages per second, open loop). */
const RATES = (process.env.BENCH_RATES ?? '100,200,400,800').split(',').map(Number);
const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 10);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100);
const MAX_IN_FLIGHT = Number(process.env.BENCH_MAX_IN_FLIGHT ?? 256);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const OPEN_CONCURRENCY = Number(process.env.BENCH_OPEN_CONCURRENCY ?? 100);
const POOL_SIZE = process.env.BENCH_POOL_SIZE ?? '10';
const TRANSPORTS = (process.env.BENCH_TRANSPORTS ?? 'postgres,nats').split(',').map((t) => t.trim());
const NATS_URL = process.env.BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';
/** The Origin a browser on the deployment's address sends; both instances sit behind it. */
const PUBLIC_URL = 'http://mts.bench.local';
const DELIVERY_TIMEOUT_MS = 30_000;
const ACK_TIMEOUT_MS = 10_000;
/** Extra server environment, `NAME=value,NAME=value` (e.g. a socket cap or a flood limit to lift). */
const EXTRA_ENV = Object.fromEntries(
  (process.env.BENCH_SERVER_ENV ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);

const failures: string[] = [];
const check = (ok: boolean, message: string) => {
  if (!ok) failures.push(message);
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${message}`);
};
const ms = (value: number) => `${value.toFixed(0)} ms`;
const sorted = (values: Iterable<number>) => Float64Array.from(values).sort();
function summary(values: Float64Array | number[]) {
  const s = values instanceof Float64Array ? [...values] : [...values].sort((a, b) => a - b);
  return `p50 ${ms(percentile(s, 50))}, p95 ${ms(percentile(s, 95))}, p99 ${ms(percentile(s, 99))}, max ${ms(s.at(-1) ?? Number.NaN)} (n=${s.length.toLocaleString('en')})`;
}
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

interface Person {
  id: string;
  unitId: string;
  cookie: string;
}

/**
 * The central leader (directives.send over the whole tree, channels.moderate) and CLIENTS staff
 * spread round-robin over the units below it (directives.respond in their unit), with sessions.
 */
async function seedPeople(
  client: pg.Client,
): Promise<{ leader: Person; staff: Person[]; rootUnitId: string }> {
  await client.query(`
    INSERT INTO role (id, name_vi, name_en, permissions, requires_mfa, is_system)
    SELECT 'bench_live_leader', 'Lãnh đạo (bench)', 'Leader (bench)',
           ARRAY(SELECT DISTINCT unnest(permissions || ARRAY['directives.send', 'directives.respond', 'channels.moderate'])),
           false, false FROM role WHERE id = 'leader'
    UNION ALL
    SELECT 'bench_live_staff', 'Chuyên viên (bench)', 'Specialist (bench)',
           ARRAY(SELECT DISTINCT unnest(permissions || ARRAY['directives.respond'])), false, false
      FROM role WHERE id = 'specialist'
    ON CONFLICT (id) DO NOTHING`);
  const root = await client.query<{ id: string }>(`SELECT id FROM unit WHERE code = '000.00.00.T00'`);
  const rootUnitId = root.rows[0]!.id;
  const existing = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM staff WHERE username LIKE 'bench.live.%'`,
  );
  if (existing.rows[0]!.n === 0) {
    await client.query(
      `INSERT INTO staff (unit_id, username, full_name, position)
         VALUES ($1, 'bench.live.leader', 'Lãnh đạo Bench', 'Phó Chủ tịch')`,
      [rootUnitId],
    );
    await client.query(
      `WITH units AS (SELECT array_agg(id ORDER BY level_id <> 'commune', code) AS ids FROM unit WHERE parent_id IS NOT NULL)
       INSERT INTO staff (unit_id, username, full_name, position)
       SELECT units.ids[(n - 1) % array_length(units.ids, 1) + 1], 'bench.live.' || n,
              'Cán bộ Bench ' || n, 'Chuyên viên'
         FROM units, generate_series(1, $1::int) n`,
      [CLIENTS],
    );
    await client.query(
      `INSERT INTO role_assignment (staff_id, role_id, unit_id)
       SELECT id, CASE WHEN username = 'bench.live.leader' THEN 'bench_live_leader' ELSE 'bench_live_staff' END, unit_id
         FROM staff WHERE username LIKE 'bench.live.%'`,
    );
  }
  const people = await client.query<{ id: string; unit_id: string; username: string }>(
    `SELECT id, unit_id, username FROM staff WHERE username LIKE 'bench.live.%'
      ORDER BY CASE WHEN username = 'bench.live.leader' THEN 0 ELSE substring(username FROM 12)::int END`,
  );
  const leaderRow = people.rows[0]!;
  const staffRows = people.rows.slice(1, CLIENTS + 1);
  if (staffRows.length < CLIENTS)
    throw new Error(
      `the database holds ${staffRows.length} bench staff, fewer than BENCH_CLIENTS=${CLIENTS}`,
    );
  const cookies = await createSessions(client, [leaderRow.id, ...staffRows.map((r) => r.id)]);
  return {
    rootUnitId,
    leader: { id: leaderRow.id, unitId: leaderRow.unit_id, cookie: cookies[0]! },
    staff: staffRows.map((r, i) => ({ id: r.id, unitId: r.unit_id, cookie: cookies[i + 1]! })),
  };
}

/** Every event a socket receives, routed by what the current phase listens for. */
type Listener = (client: LiveClient, event: LiveEvent, arrivedAt: number) => void;
let listener: Listener = () => {};
const sink = (client: LiveClient, event: LiveEvent, arrivedAt: number) => listener(client, event, arrivedAt);

async function openAll(clients: LiveClient[], topics: (i: number) => string) {
  const t0 = performance.now();
  const failed = await pool(clients, OPEN_CONCURRENCY, async (c, i) => {
    await c.open();
    await c.subscribe(topics(i));
  });
  const seconds = (performance.now() - t0) / 1000;
  for (const f of failed.slice(0, 5)) console.log(`    socket ${f.index}: ${f.error.message}`);
  return { failed: failed.length, seconds };
}

/**
 * When the transaction that created a row committed, as performance.now() of this process (both
 * clocks are the machine's); null when the server does not track commit timestamps.
 */
async function commitTime(client: pg.Client, directiveId: string): Promise<number | null> {
  const result = await client
    .query<{ ms: string }>(
      `SELECT extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000 AS ms FROM directive WHERE id = $1`,
      [directiveId],
    )
    .catch(() => null);
  const epochMs = Number(result?.rows[0]?.ms ?? Number.NaN);
  return Number.isFinite(epochMs) ? epochMs - performance.timeOrigin : null;
}

async function runTransport(
  admin: pg.Client,
  transport: string,
  databaseUrl: string,
  people: { leader: Person; staff: Person[]; rootUnitId: string },
) {
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: POOL_SIZE,
    RATE_LIMIT_PER_MINUTE: '100000000',
    PUBLIC_URL,
    ...(transport === 'nats' ? { NATS_URL } : {}),
    ...EXTRA_ENV,
  };
  console.log(
    `\n=== transport: ${transport === 'nats' ? `NATS (${NATS_URL})` : 'PostgreSQL LISTEN/NOTIFY'} ===`,
  );
  const a = await startServer(env);
  let b: Awaited<ReturnType<typeof startServer>> | null = await startServer(env);
  const servers = [a, b];
  try {
    const { leader, staff } = people;
    const clients = staff.map((p, i) => new LiveClient(i, servers[i % 2]!.url, p.cookie, PUBLIC_URL, sink));
    const opened = await openAll(clients, (i) => `unit:${staff[i]!.unitId}`);
    console.log(
      `  ${(clients.length - opened.failed).toLocaleString('en')} of ${clients.length.toLocaleString('en')} sockets open and subscribed (half on each instance) in ${opened.seconds.toFixed(1)} s; bench RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB, servers ${(await rssMiB(a.pid)).toFixed(0)} / ${(await rssMiB(b.pid)).toFixed(0)} MiB`,
    );
    check(opened.failed === 0, `every socket opened and subscribed (${opened.failed} failed)`);
    const leaderSocket = new LiveClient(-1, a.url, leader.cookie, PUBLIC_URL, sink);
    await leaderSocket.open();

    // 1. One directive to every unit under the central committee.
    console.log(`\n  1. one directive to all units below the centre, ${RUNS} runs (target p99 ≤ 1 s):`);
    const arrivals = new Map<string, Float64Array>();
    let foreign = 0;
    let duplicates = 0;
    const counts = new Map<string, number>();
    listener = (client, event, at) => {
      if (client.index < 0 || event.type !== 'directive') return;
      if (event.topic !== `unit:${staff[client.index]!.unitId}`) {
        foreign++;
        return;
      }
      const id = String(event.data.id);
      let times = arrivals.get(id);
      if (!times) {
        times = new Float64Array(clients.length).fill(Number.NaN);
        arrivals.set(id, times);
      }
      if (!Number.isNaN(times[client.index]!)) duplicates++;
      else {
        times[client.index] = at;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    };
    // How late this process's own event loop ran: the load client shares the machine's cores.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const allFromSend: number[] = [];
    const allFromCommit: number[] = [];
    let lastDirective = '';
    for (let run = 1; run <= RUNS; run++) {
      const cpu0 = [await cpuSeconds(a.pid), await cpuSeconds(b.pid), (await postgresCpuSeconds()) ?? 0];
      const sentAt = performance.now();
      const id = await sendDirective(a.url, leader.cookie, people.rootUnitId, run);
      const answeredAt = performance.now();
      lastDirective = id;
      const expected = clients.filter((c) => c.isOpen).length;
      while ((counts.get(id) ?? 0) < expected && performance.now() - answeredAt < DELIVERY_TIMEOUT_MS)
        await sleep(5);
      const times = arrivals.get(id) ?? new Float64Array(0);
      const got = times.filter((t) => !Number.isNaN(t));
      const fromSend = sorted(got.map((t) => t - sentAt));
      // The commit's own time (track_commit_timestamp), on this process's clock: the answer comes
      // later (the service reads the board back after committing).
      const committedAt = await commitTime(admin, id);
      const fromCommit = sorted(committedAt === null ? [] : got.map((t) => t - committedAt));
      allFromSend.push(...fromSend);
      allFromCommit.push(...fromCommit);
      const cpu = [
        (await cpuSeconds(a.pid)) - cpu0[0]!,
        (await cpuSeconds(b.pid)) - cpu0[1]!,
        ((await postgresCpuSeconds()) ?? 0) - cpu0[2]!,
      ];
      console.log(
        `    run ${run}: POST answered in ${ms(answeredAt - sentAt)}${committedAt === null ? '' : `, committed at ${ms(committedAt - sentAt)}`}; ${got.length.toLocaleString('en')}/${clients.length.toLocaleString('en')} sockets got it; from send ${summary(fromSend)}; from commit p99 ${ms(percentile([...fromCommit], 99))} (CPU: servers ${cpu[0]!.toFixed(1)} + ${cpu[1]!.toFixed(1)} s, PostgreSQL ${cpu[2]!.toFixed(1)} s; load ${loadAverage()})`,
      );
      check(
        got.length === clients.length,
        `run ${run}: every one of the ${clients.length} sockets got the directive`,
      );
      await sleep(1_000);
    }
    console.log(`    all runs, from send:   ${summary(allFromSend)}`);
    console.log(`    all runs, from commit: ${summary(allFromCommit)}`);
    loopDelay.disable();
    console.log(
      `    load client's event loop delay during the runs: p99 ${ms(loopDelay.percentile(99) / 1e6)}, max ${ms(loopDelay.max / 1e6)}`,
    );
    const p99 = percentile(
      [...allFromSend].sort((x, y) => x - y),
      99,
    );
    console.log(
      `    target p99 ≤ 1,000 ms — measured p99 ${ms(p99)} from send: ${p99 <= 1_000 ? 'met' : 'NOT met'}`,
    );
    check(foreign === 0, `no socket got a directive event for a unit it had not subscribed to (${foreign})`);
    check(duplicates === 0, `no socket got the same directive twice (${duplicates})`);

    // 2. Acknowledgements reaching the leader's board.
    console.log(`\n  2. ${ACKS} acknowledgements, one at a time, to the leader's board (target ≤ 200 ms):`);
    await leaderSocket.subscribe(`directive:${lastDirective}`);
    const boardArrivals = new Map<string, number>();
    let waiting: { unitId: string; resolve(): void } | null = null;
    listener = (client, event, at) => {
      if (client.index >= 0 || event.type !== 'board') return;
      if (event.topic !== `directive:${lastDirective}` || event.data.status !== 'acknowledged') return;
      const unitId = String(event.data.unitId);
      if (!boardArrivals.has(unitId)) boardArrivals.set(unitId, at);
      if (waiting?.unitId === unitId) waiting.resolve();
    };
    // Staff 0..3,354 are in different units (round-robin); take every k-th for a spread.
    const distinctUnits = Math.min(clients.length, 3_355);
    const step = Math.max(1, Math.floor(distinctUnits / ACKS));
    const sameInstance: number[] = [];
    const otherInstance: number[] = [];
    const httpTimes: number[] = [];
    let missing = 0;
    for (let k = 0; k < ACKS && k * step < distinctUnits; k++) {
      const index = k * step;
      const person = staff[index]!;
      const server = servers[k % 2]!;
      const arrived = new Promise<void>((resolve) => {
        waiting = { unitId: person.unitId, resolve };
      });
      const t0 = performance.now();
      await acknowledge(server.url, person.cookie, lastDirective, person.unitId);
      httpTimes.push(performance.now() - t0);
      await Promise.race([arrived, sleep(ACK_TIMEOUT_MS)]);
      waiting = null;
      const at = boardArrivals.get(person.unitId);
      if (at === undefined) missing++;
      else (k % 2 === 0 ? sameInstance : otherInstance).push(at - t0);
      if (missing >= 3) {
        console.log(
          `    stopped after ${k + 1} acknowledgements: ${missing} board events did not come within ${ACK_TIMEOUT_MS / 1000} s`,
        );
        break;
      }
    }
    const board = [...sameInstance, ...otherInstance];
    console.log(`    acknowledgement request answered: ${summary(httpTimes)}`);
    console.log(`    board event at the leader, from the request: ${summary(board)}`);
    console.log(`      acknowledged on the leader's instance:    ${summary(sameInstance)}`);
    console.log(`      acknowledged on the other instance:       ${summary(otherInstance)}`);
    const boardP99 = percentile(
      board.sort((x, y) => x - y),
      99,
    );
    console.log(
      `    target ≤ 200 ms — measured p99 ${ms(boardP99)}: ${boardP99 <= 200 ? 'met' : 'NOT met'} (load ${loadAverage()})`,
    );
    check(missing === 0, `every acknowledgement reached the leader's board (${missing} missing)`);

    const closes = clients.reduce((n, c) => n + c.unexpectedCloses, 0);
    check(closes === 0, `no socket was closed by the server during the run (${closes})`);
    const other = clients.flatMap((c) => c.otherFrames).slice(0, 3);
    if (other.length) console.log(`    other frames seen, e.g.: ${other.join(' | ')}`);
    await pool([...clients, leaderSocket], 500, (c) => c.close());

    // 3. Messages per second one instance sustains.
    await b.stop();
    b = null;
    console.log(
      `\n  3. messages/s on one instance (the other stopped): ${CHANNELS} channels, ${SUBSCRIBERS} subscribers, ${SECONDS} s per offered rate:`,
    );
    const steps = await measureMessages(
      a,
      leader,
      staff,
      {
        rates: RATES,
        seconds: SECONDS,
        channels: CHANNELS,
        subscribers: SUBSCRIBERS,
        maxInFlight: MAX_IN_FLIGHT,
        origin: PUBLIC_URL,
        openConcurrency: OPEN_CONCURRENCY,
      },
      check,
    );
    const best = steps.filter((step) => step.sustained).at(-1);
    console.log(
      `    one instance sustains ${best ? `${best.perSecond.toFixed(0)} messages/s (offered ${best.rate}/s, delivery p99 ${ms(best.p99)})` : 'none of the offered rates'}${best === steps.at(-1) ? ' — the highest rate offered; raise BENCH_RATES to find the limit' : ''}`,
    );
  } finally {
    listener = () => {};
    await a.stop();
    await b?.stop();
  }
}

// track_commit_timestamp: the directive's commit time, to time delivery from the commit too.
const database = await benchDatabase({ track_commit_timestamp: 'on' });
const admin = new pg.Client({ connectionString: database.url });
await admin.connect();
try {
  console.log(`machine: ${describeMachine()} (load ${loadAverage()})`);
  const version = await admin.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
  console.log(
    `PostgreSQL ${version.rows[0]!.v} (${process.env.BENCH_DATABASE_URL ? 'external' : 'embedded, default settings'}); two server processes, DATABASE_POOL_SIZE=${POOL_SIZE} each`,
  );
  const units = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM unit');
  if (units.rows[0]!.n === 0) await seedCountryUnits(admin);
  const people = await seedPeople(admin);
  await admin.query('ANALYZE');
  const perUnit = await admin.query<{ units: number; min: number; max: number }>(
    `SELECT count(*)::int AS units, min(n)::int AS min, max(n)::int AS max
       FROM (SELECT count(*) AS n FROM staff WHERE username LIKE 'bench.live.%' AND username <> 'bench.live.leader' GROUP BY unit_id) x`,
  );
  const spread = perUnit.rows[0]!;
  console.log(
    `units: ${(await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM unit')).rows[0]!.n.toLocaleString('en')}; ${CLIENTS.toLocaleString('en')} staff with sessions over ${spread.units.toLocaleString('en')} units (${spread.min}–${spread.max} each) + the central leader`,
  );
  for (const transport of TRANSPORTS) await runTransport(admin, transport, database.url, people);
} finally {
  await admin.end();
  await database.drop();
}
if (failures.length) {
  console.error(`\n${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
