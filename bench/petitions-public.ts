/**
 * The public side of voters' petitions over 1,000,000 generated petitions (issue 6), over HTTP
 * against the real server (`server/src/main.ts` in its own process):
 *   1. the public tracking pages — `GET /kien-nghi/so/:serial` (anyone, by number) and
 *      `GET /kien-nghi/:code` (the holder of the tracking code) over random petitions: req/s at a
 *      fixed concurrency, p50/p95/p99, every answer a 200;
 *   2. Open311 GeoReport v2 `GET requests.{json,xml}` with the specification's filters
 *      (service_code, status, start_date/end_date, page/page_size, jurisdiction_id, extensions) and
 *      `GET requests/{id}.{json,xml}`: p50/p95/p99 per kind of call.
 * The data is bench/petitions-data.ts's (the same as bench/petitions-similar.ts's) plus the
 * workflow: routed petitions have their transfer to a provincial agency and every petition its
 * public timeline, so the pages and the Open311 answers carry what they carry in production.
 *
 * Addresses: the tracking page by code allows 30 look-ups a minute per address, the rest 1,200
 * (RATE_LIMIT_PER_MINUTE). Citizens come from many addresses, so the load does too: the server runs
 * as behind the reverse proxy (TRUST_PROXY=true) and each request carries the next of 65,536
 * addresses in X-Forwarded-For — no address gets near a limit. That the limit holds is checked
 * first: one address's 31st look-up in a minute must be refused (429). The server runs with
 * JOBS_ENABLED=false (a web instance: the deadline sweep would otherwise escalate the generated
 * overdue transfers during the measurement).
 *
 * Run: `npm run bench:petitions-public` (BENCH_PETITIONS, default 1,000,000; BENCH_SECONDS per
 * page run, default 15; BENCH_CONNECTIONS for the pages, default 16; BENCH_REQUESTS per Open311
 * call kind, default 300, at BENCH_OPEN311_CONNECTIONS, default 4; BENCH_DATABASE_URL,
 * BENCH_PG_DIR + BENCH_DATABASE_NAME to keep and reuse the data, e.g. with petitions-similar).
 */
import autocannon from 'autocannon';
import pg from 'pg';
import { describeMachine, loadAverage, percentile } from './machine.ts';
import { addWorkflow, describePostgres, generatePetitions, PG_SETTINGS } from './petitions-data.ts';
import { benchDatabase, startServer } from './support.ts';

const PETITIONS = Number(process.env.BENCH_PETITIONS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const OPEN311_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const OPEN311_CONNECTIONS = Number(process.env.BENCH_OPEN311_CONNECTIONS ?? 4);
/** Petitions drawn at random for the requests' parameters. */
const SAMPLE = 5_000;
const DAY_MS = 86_400_000;

interface Drawn {
  serial: number;
  trackingCode: string;
  isPublic: boolean;
  status: string;
  subjectCode: string;
  unitCode: string;
  provinceCode: string;
  receivedAt: Date;
}

let addressCounter = 0;
/** The next citizen's address as the reverse proxy reports it (65,536 in turn). */
function nextAddress() {
  const n = addressCounter++ % 65_536;
  return `10.77.${n >> 8}.${n & 255}`;
}

/** A random element, from a seeded generator (the same run, the same requests). */
let seed = 42;
function pick<T>(items: readonly T[]): T {
  seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
  return items[seed % items.length]!;
}

interface Measured {
  label: string;
  n: number;
  rps: number;
  times: number[];
  failures: Map<number, number>;
  errors: number;
}

/**
 * autocannon with a new path (and address) per request; every response time is kept (autocannon's
 * own summary has no p95), non-200 answers and connection errors are counted.
 */
async function measure(
  base: string,
  label: string,
  nextPath: () => string,
  limit: { seconds: number } | { amount: number },
  connections: number,
): Promise<Measured> {
  const times: number[] = [];
  const failures = new Map<number, number>();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        ...('seconds' in limit ? { duration: limit.seconds } : { amount: limit.amount }),
        timeout: 30,
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              path: nextPath(),
              headers: { ...request.headers, 'x-forwarded-for': nextAddress() },
            }),
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      times.push(responseTime);
      if (status !== 200) failures.set(status, (failures.get(status) ?? 0) + 1);
    });
  });
  times.sort((a, b) => a - b);
  return {
    label,
    n: times.length,
    rps: times.length / result.duration,
    times,
    failures,
    errors: result.errors,
  };
}

function line(m: Measured, withRate: boolean) {
  const f = (p: number) => `${percentile(m.times, p).toFixed(1)} ms`;
  const failed = [...m.failures].map(([status, count]) => `${count}× ${status}`).join(', ');
  return [
    m.label.padEnd(withRate ? 44 : 78),
    withRate ? `${m.rps.toFixed(0).padStart(5)} req/s` : '',
    `n=${m.n}`,
    `p50 ${f(50)}  p95 ${f(95)}  p99 ${f(99)}  max ${f(100)}`,
    `errors ${m.errors + [...m.failures.values()].reduce((a, b) => a + b, 0)}${failed ? ` (${failed})` : ''}`,
    `load ${loadAverage()}`,
  ]
    .filter(Boolean)
    .join('  ');
}

const failed = (m: Measured) => m.errors > 0 || m.failures.size > 0;

const database = await benchDatabase(PG_SETTINGS);
let ok = true;
try {
  console.log(`machine: ${describeMachine()}`);
  console.log(`load average at start: ${loadAverage()}`);
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  admin.on('error', () => {});
  console.log(await describePostgres(admin));
  const existing = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM petition');
  if (database.reused && existing.rows[0]!.n > 0)
    console.log(`reusing ${existing.rows[0]!.n.toLocaleString('en')} petitions`);
  else await generatePetitions(admin, database.url, PETITIONS);
  await addWorkflow(admin);

  const counts = await admin.query<Record<string, number>>(`
    SELECT (SELECT count(*)::int FROM petition) AS petitions,
           (SELECT count(*)::int FROM petition WHERE is_public) AS public,
           (SELECT count(*)::int FROM petition_forward) AS transfers,
           (SELECT count(*)::int FROM petition_answer WHERE published_at IS NOT NULL) AS "published answers",
           (SELECT count(*)::int FROM petition_event) AS "timeline events",
           (SELECT count(*)::int FROM petition WHERE received_at > now() - interval '90 days') AS "received in the last 90 days"`);
  console.log(
    `\ndata: ${Object.entries(counts.rows[0]!)
      .map(([name, n]) => `${Number(n).toLocaleString('en')} ${name}`)
      .join(', ')}`,
  );
  const total = counts.rows[0]!.petitions!;
  const drawn = await admin.query<Drawn>(
    `SELECT p.serial::int AS serial, p.tracking_code AS "trackingCode", p.is_public AS "isPublic", p.status,
            p.subject_code AS "subjectCode", u.code AS "unitCode", pr.code AS "provinceCode",
            p.received_at AS "receivedAt"
       FROM petition p TABLESAMPLE BERNOULLI (${Math.min(100, (SAMPLE * 150) / total)}) REPEATABLE (7)
       JOIN unit u ON u.id = p.unit_id
       JOIN unit pr ON pr.id = CASE WHEN u.level_id = 'commune' THEN u.parent_id ELSE u.id END
      WHERE u.code IS NOT NULL AND pr.code IS NOT NULL
      ORDER BY random() LIMIT $1`,
    [SAMPLE],
  );
  await admin.end();
  const sample = drawn.rows;
  const listed = sample.filter((r) => r.isPublic);
  const communes = sample.filter((r) => r.unitCode !== r.provinceCode);
  console.log(
    `${sample.length} petitions drawn at random (${listed.length} public) for the requests' parameters`,
  );

  const server = await startServer({
    DATABASE_URL: database.url,
    TRUST_PROXY: 'true',
    JOBS_ENABLED: 'false',
  });
  try {
    const get = (path: string, address = nextAddress()) =>
      fetch(`${server.url}${path}`, { headers: { 'x-forwarded-for': address }, redirect: 'manual' });

    // The per-address limit is on: one address's 31st look-up within the minute is refused.
    const one = '10.99.0.1';
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const response = await get(`/kien-nghi/${pick(sample).trackingCode}`, one);
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    const limitHolds = statuses.slice(0, 30).every((s) => s === 200) && statuses[30] === 429;
    console.log(
      `\nper-address look-up limit: 30 × ${statuses[0]}, then ${statuses[30]} on the 31st from one address — ${limitHolds ? 'holds' : 'NOT AS EXPECTED'}`,
    );
    ok &&= limitHolds;

    // What the pages carry (one answered petition): its timeline, its transfer, its answer.
    const answered = listed.find((r) => r.status === 'answered' || r.status === 'closed')!;
    const page = await (await get(`/kien-nghi/so/${answered.serial}`)).text();
    console.log(
      `page of an answered petition: ${(page.length / 1024).toFixed(1)} KiB; timeline ${page.includes('Đã tiếp nhận kiến nghị') ? 'yes' : 'NO'}, transfer ${page.includes('Đã chuyển') || page.includes('Sở ') ? 'yes' : 'NO'}, published answer ${page.includes('Đã đưa vào kế hoạch giải quyết') ? 'yes' : 'NO'}`,
    );

    // Warm-up (JIT, connection pool, PostgreSQL's caches on the sampled rows).
    await measure(server.url, 'warm-up', () => `/kien-nghi/so/${pick(listed).serial}`, { seconds: 3 }, 4);
    await measure(server.url, 'warm-up', () => `/kien-nghi/${pick(sample).trackingCode}`, { seconds: 3 }, 4);

    console.log(
      `\n1. public tracking pages: ${CONNECTIONS} connections, ${SECONDS} s each, random petitions, an address per request:`,
    );
    for (const [label, path] of [
      ['GET /kien-nghi/so/:serial (public page)', () => `/kien-nghi/so/${pick(listed).serial}`],
      ['GET /kien-nghi/:code (holder page)', () => `/kien-nghi/${pick(sample).trackingCode}`],
    ] as const) {
      const m = await measure(server.url, label, path, { seconds: SECONDS }, CONNECTIONS);
      console.log(line(m, true));
      ok &&= !failed(m);
    }

    const iso = (date: Date) => encodeURIComponent(date.toISOString());
    /** A window of `days` ending at a sampled petition's reception (somewhere in the ten years). */
    const window = (days: number) => {
      const end = new Date(new Date(pick(sample).receivedAt).getTime() + DAY_MS);
      return `start_date=${iso(new Date(end.getTime() - days * DAY_MS))}&end_date=${iso(end)}`;
    };
    const calls: Array<[string, () => string]> = [
      ['requests.json — no filter (last 90 days, up to 1,000)', () => '/open311/v2/requests.json'],
      [
        'requests.json?service_code&status=open&page_size=50 (last 90 days)',
        () => `/open311/v2/requests.json?service_code=${pick(sample).subjectCode}&status=open&page_size=50`,
      ],
      [
        'requests.json?service_code&page=3&page_size=50&extensions=true',
        () =>
          `/open311/v2/requests.json?service_code=${pick(sample).subjectCode}&page=3&page_size=50&extensions=true`,
      ],
      [
        'requests.json?jurisdiction_id=<province>&30-day window&page_size=100',
        () =>
          `/open311/v2/requests.json?jurisdiction_id=${pick(sample).provinceCode}&${window(30)}&page_size=100`,
      ],
      [
        'requests.json?jurisdiction_id=<province>&service_code&status=closed&90 days',
        () => {
          const r = pick(sample);
          return `/open311/v2/requests.json?jurisdiction_id=${r.provinceCode}&service_code=${r.subjectCode}&status=closed&${window(90)}`;
        },
      ],
      [
        'requests.json?jurisdiction_id=<commune>&90-day window',
        () => `/open311/v2/requests.json?jurisdiction_id=${pick(communes).unitCode}&${window(90)}`,
      ],
      [
        'requests.xml?jurisdiction_id=<province>&30-day window&page_size=100',
        () =>
          `/open311/v2/requests.xml?jurisdiction_id=${pick(sample).provinceCode}&${window(30)}&page_size=100`,
      ],
      ['requests/{id}.json', () => `/open311/v2/requests/${pick(listed).serial}.json`],
      ['requests/{id}.xml', () => `/open311/v2/requests/${pick(listed).serial}.xml`],
      [
        'requests/{id}.json?extensions=true (notes)',
        () => `/open311/v2/requests/${pick(listed).serial}.json?extensions=true`,
      ],
    ];

    console.log(
      `\n2. Open311 GET: ${OPEN311_REQUESTS} calls per kind, ${OPEN311_CONNECTIONS} connections, random parameters (requests per answer from one call):`,
    );
    for (const [label, path] of calls) {
      const first = await (await get(path())).text();
      const items = (first.match(/service_request_id/g) ?? []).length / (first.startsWith('<') ? 2 : 1);
      await measure(server.url, 'warm-up', path, { amount: 20 }, OPEN311_CONNECTIONS);
      const m = await measure(
        server.url,
        `${label} [≈${items}]`,
        path,
        { amount: OPEN311_REQUESTS },
        OPEN311_CONNECTIONS,
      );
      console.log(line(m, false));
      ok &&= !failed(m);
    }
  } finally {
    await server.stop();
  }
} finally {
  if (process.env.BENCH_KEEP === '1') console.log(`kept: ${database.url}`);
  else await database.drop();
}
if (!ok) {
  console.error('\nFAILED: a request was refused or failed (see the errors above)');
  process.exitCode = 1;
}
