/**
 * Authenticated API throughput on a typical read: a provincial officer lists units and staff of
 * their province, in a country-sized directory (1 central + 34 provinces + 3,321 communes ≈ 3,400
 * units; 20,000 staff). autocannon, 2 cores shared by server and load client.
 * Run: `npm run bench:api` (BENCH_DATABASE_URL to use an external PostgreSQL).
 */
import autocannon from 'autocannon';
import pg from 'pg';
import { hashPassword } from '../server/src/modules/identity/index.ts';
import { describeMachine } from './machine.ts';
import { benchDatabase, seedCountryUnits, signIn, startServer } from './support.ts';

const PASSWORD = 'Bench-mat-khau-2026';
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 15);

async function seedCountry(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await seedCountryUnits(client);
  await client.query(`
    INSERT INTO staff (unit_id, username, full_name, position, email)
      SELECT u.id, 'canbo' || s || '.' || u.node, 'Nguyễn Thị Bench ' || s, 'Chuyên viên', NULL
        FROM (SELECT id, node FROM unit WHERE level_id = 'commune' ORDER BY node LIMIT 3321) u,
             generate_series(1, 6) s
       LIMIT 20000;
    ANALYZE;`);
  const province = await client.query<{ id: string }>(`SELECT id FROM unit WHERE code = '000.00.00.H07'`);
  const officer = await client.query<{ id: string }>(
    `INSERT INTO staff (unit_id, username, full_name, position) VALUES ($1, 'bench.officer', 'Trần Văn Bench', 'Phó Chủ tịch') RETURNING id`,
    [province.rows[0]!.id],
  );
  await client.query('INSERT INTO credential (staff_id, password_hash) VALUES ($1, $2)', [
    officer.rows[0]!.id,
    await hashPassword(PASSWORD),
  ]);
  await client.query(`INSERT INTO role_assignment (staff_id, role_id, unit_id) VALUES ($1, 'leader', $2)`, [
    officer.rows[0]!.id,
    province.rows[0]!.id,
  ]);
  const counts = await client.query<{ units: number; staff: number }>(
    'SELECT (SELECT count(*)::int FROM unit) AS units, (SELECT count(*)::int FROM staff) AS staff',
  );
  await client.end();
  return counts.rows[0]!;
}

async function run(url: string, cookie: string, path: string) {
  const result = await autocannon({
    url: `${url}${path}`,
    connections: 16,
    duration: DURATION_S,
    headers: { cookie },
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${path}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return `${path.padEnd(36)} ${result.requests.average.toFixed(0).padStart(6)} req/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms`;
}

const database = await benchDatabase();
try {
  const counts = await seedCountry(database.url);
  // The per-session rate limit would cap a one-session load test; raise it for the measurement.
  const server = await startServer({ DATABASE_URL: database.url, RATE_LIMIT_PER_MINUTE: '100000000' });
  try {
    const cookie = await signIn(server.url, 'bench.officer', PASSWORD);
    await autocannon({
      url: `${server.url}/api/units?pageSize=50`,
      connections: 4,
      duration: 3,
      headers: { cookie },
    }); // warm-up
    console.log(`machine: ${describeMachine()}`);
    console.log(
      `directory: ${counts.units} units, ${counts.staff} staff; a provincial leader's session; 16 connections, ${DURATION_S} s each`,
    );
    console.log(await run(server.url, cookie, '/api/units?pageSize=50'));
    console.log(await run(server.url, cookie, '/api/units?q=hoa%20binh&pageSize=20'));
    console.log(await run(server.url, cookie, '/api/staff?pageSize=50'));
  } finally {
    await server.stop();
  }
} finally {
  await database.drop();
}
