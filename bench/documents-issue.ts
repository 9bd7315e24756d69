/**
 * Issuing official documents (issue 3), through the real HTTP API of a real server (its own
 * process, `server/src/main.ts`) over a country-sized tree (1 central + 34 provinces + 3,321
 * communes = 3,356 units):
 *   1. fan-out — the central committee issues one document to all 3,355 other units; timed from
 *      the issue request until its response, i.e. the transaction with the number, the 3,355
 *      incoming copies (status 01 arrived), their files, status events and notifications has
 *      committed (target ≤ 2 s); checked in the database afterwards; BENCH_FANOUT_RUNS times;
 *   2. numbering — 50 concurrent issuers (50 clerks, each signed in with their own session) issue
 *      BENCH_ISSUES documents of one province into its outgoing register; issues per second, then
 *      the gap-free check: the numbers are exactly 1..N, no duplicate, each on one document, and
 *      the counter is N. The script exits non-zero if any check fails.
 * The signed documents are prepared in SQL (as after "sign on paper"); only the issue is timed.
 * Run: `npm run bench:issue` (BENCH_DATABASE_URL to use an external PostgreSQL).
 */
import http from 'node:http';
import pg from 'pg';
import { hashPassword } from '../server/src/modules/identity/index.ts';
import { describeMachine, loadAverage, percentile } from './machine.ts';
import { benchDatabase, seedCountryUnits, signIn, startServer } from './support.ts';

const PASSWORD = 'Bench-mat-khau-2026';
const FANOUT_RUNS = Number(process.env.BENCH_FANOUT_RUNS ?? 5);
const ISSUERS = Number(process.env.BENCH_ISSUERS ?? 50);
const ISSUES = Number(process.env.BENCH_ISSUES ?? 2_000);
const POOL_SIZE = process.env.BENCH_POOL_SIZE ?? '10';

const failures: string[] = [];
const check = (ok: boolean, message: string) => {
  if (!ok) failures.push(message);
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${message}`);
};

/** Clerks (văn thư: documents.issue) of a unit, with a password; returns their usernames. */
async function seedClerks(client: pg.Client, unitCode: string, prefix: string, count: number) {
  const hash = await hashPassword(PASSWORD);
  const created = await client.query<{ id: string; username: string }>(
    `INSERT INTO staff (unit_id, username, full_name, position)
     SELECT u.id, $2 || n, 'Văn thư Bench ' || n, 'Văn thư' FROM unit u, generate_series(1, $3::int) n
      WHERE u.code = $1 RETURNING id, username`,
    [unitCode, prefix, count],
  );
  await client.query('INSERT INTO credential (staff_id, password_hash) SELECT unnest($1::uuid[]), $2', [
    created.rows.map((r) => r.id),
    hash,
  ]);
  await client.query(
    `INSERT INTO role_assignment (staff_id, role_id, unit_id)
       SELECT s.id, 'clerk', s.unit_id FROM staff s WHERE s.id = ANY($1::uuid[])`,
    [created.rows.map((r) => r.id)],
  );
  return created.rows;
}

/** Signed outgoing documents (Quyết định) of a unit, as "sign on paper" leaves them, with a scan. */
async function prepareSigned(client: pg.Client, unitCode: string, staffId: string, count: number) {
  const result = await client.query<{ id: string }>(
    `WITH t AS (SELECT id, name FROM document_type WHERE code = 'QĐ' AND unit_id IS NULL),
          d AS (
       INSERT INTO document (unit_id, direction, status, type_id, type_name, subject, priority,
                             signer_full_name, signer_position, signature_status, created_by)
       SELECT u.id, 'outgoing', 'signed', t.id, t.name,
              'Quyết định về việc tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026 (bench ' || n || ')',
              'normal', 'Nguyễn Văn Ký', 'Chủ tịch', 'absent', $2
         FROM unit u, t, generate_series(1, $3::int) n WHERE u.code = $1
       RETURNING id)
     INSERT INTO document_file (document_id, role, storage_key, file_name, content_type, size, page_count, uploaded_by)
     SELECT d.id, 'signed_scan', 'bench/' || d.id || '.pdf', 'quyet-dinh-da-ky.pdf', 'application/pdf', 182044, 2, $2
       FROM d RETURNING document_id AS id`,
    [unitCode, staffId, count],
  );
  return result.rows.map((r) => r.id);
}

/**
 * Signs in from a loopback address of its own (127.0.1.k): sign-in is rate limited per address
 * (20 a minute), and 50 clerks of one office signing in within a second would hit it from one.
 */
function signInFrom(url: string, username: string, localAddress: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ username, password: PASSWORD });
    const request = http.request(
      `${url}/api/auth/login`,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } },
      (response) => {
        response.resume();
        if (response.statusCode !== 200) reject(new Error(`login ${username}: ${response.statusCode}`));
        else resolve((response.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; '));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** A POST as the staff app sends it: the session cookie and the CSRF token from its cookie. */
async function issue(url: string, cookie: string, id: string) {
  const csrf = /(?:^|; )mts_csrf=([^;]*)/.exec(cookie)?.[1] ?? '';
  const response = await fetch(`${url}/api/documents/${id}/issue`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': decodeURIComponent(csrf) },
  });
  if (response.status !== 200) throw new Error(`issue ${id}: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}

const database = await benchDatabase();
const admin = new pg.Client({ connectionString: database.url });
await admin.connect();
try {
  console.log(`machine: ${describeMachine()}`);
  const version = await admin.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
  console.log(
    `PostgreSQL ${version.rows[0]!.v} (${process.env.BENCH_DATABASE_URL ? 'external' : 'embedded, default settings'}); server DATABASE_POOL_SIZE=${POOL_SIZE}`,
  );
  await seedCountryUnits(admin);
  const [centralClerk] = await seedClerks(admin, '000.00.00.T00', 'bench.tw.', 1);
  const provinceClerks = await seedClerks(admin, '000.00.00.H07', 'bench.vt.', ISSUERS);
  await admin.query('ANALYZE');
  const units = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM unit');
  console.log(`units: ${units.rows[0]!.n.toLocaleString('en')}`);

  const server = await startServer({
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: POOL_SIZE,
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  try {
    // 1. Fan-out to every other unit of the country.
    console.log(`\n1. one document issued to all other units, ${FANOUT_RUNS} runs (target ≤ 2 s):`);
    const cookie = await signIn(server.url, centralClerk!.username, PASSWORD);
    const times: number[] = [];
    for (let run = 0; run < FANOUT_RUNS; run++) {
      const [id] = await prepareSigned(admin, '000.00.00.T00', centralClerk!.id, 1);
      const recipients = await admin.query(
        `INSERT INTO document_recipient (document_id, recipient_unit_id, organ_name, organ_id)
         SELECT $1, u.id, u.name, u.code FROM unit u WHERE u.code <> '000.00.00.T00'`,
        [id],
      );
      await admin.query('ANALYZE document, document_recipient, document_file, notification');
      const t0 = process.hrtime.bigint();
      await issue(server.url, cookie, id!);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      times.push(ms);
      const done = await admin.query<{ copies: number; arrived: number; files: number; notices: number }>(
        `SELECT count(*)::int AS copies,
                count(*) FILTER (WHERE c.status = 'arrived')::int AS arrived,
                (SELECT count(*)::int FROM document_file f JOIN document x ON x.id = f.document_id WHERE x.source_document_id = $1) AS files,
                (SELECT count(*)::int FROM notification n JOIN document x ON x.id = n.document_id
                  WHERE x.source_document_id = $1 AND n.kind = 'incoming.arrived' AND n.unit_id = x.unit_id) AS notices
           FROM document c WHERE c.source_document_id = $1 AND c.direction = 'incoming'`,
        [id],
      );
      const r = done.rows[0]!;
      console.log(
        `  run ${run + 1}: ${ms.toFixed(0)} ms — ${r.copies} incoming copies (${r.arrived} arrived), ${r.files} files, ${r.notices} notifications (load ${loadAverage()})`,
      );
      check(
        r.copies === recipients.rowCount &&
          r.arrived === r.copies &&
          r.files === r.copies &&
          r.notices === r.copies,
        `run ${run + 1}: every one of the ${recipients.rowCount} units has the copy, its file and a notification`,
      );
    }
    times.sort((a, b) => a - b);
    console.log(
      `  fan-out to ${units.rows[0]!.n - 1} units: p50 ${percentile(times, 50).toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms (n=${times.length})`,
    );

    // 2. Numbering under 50 concurrent issuers.
    console.log(`\n2. numbering: ${ISSUES} issues by ${ISSUERS} concurrent clerks of one province:`);
    const cookies = [];
    for (const [i, clerk] of provinceClerks.entries())
      cookies.push(await signInFrom(server.url, clerk.username, `127.0.1.${i + 1}`));
    const ids = await prepareSigned(admin, '000.00.00.H07', provinceClerks[0]!.id, ISSUES);
    await admin.query('ANALYZE document, document_file');
    const queue = [...ids];
    const loadBefore = loadAverage();
    const t0 = process.hrtime.bigint();
    await Promise.all(
      cookies.map(async (c) => {
        for (let id = queue.pop(); id !== undefined; id = queue.pop()) await issue(server.url, c, id);
      }),
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(
      `  ${ISSUES} issues in ${seconds.toFixed(1)} s: ${(ISSUES / seconds).toFixed(0)} issues/s (load before ${loadBefore}, after ${loadAverage()})`,
    );
    const numbers = await admin.query<{ n: number; document_id: string }>(
      `SELECT rn.number AS n, rn.document_id FROM register_number rn
         JOIN document_register r ON r.id = rn.register_id JOIN unit u ON u.id = r.unit_id
        WHERE u.code = '000.00.00.H07' ORDER BY rn.number`,
    );
    const registers = await admin.query<{ registers: number; counter: number }>(
      `SELECT count(DISTINCT r.id)::int AS registers, max(c.last_number)::int AS counter
         FROM document_register r JOIN unit u ON u.id = r.unit_id
         LEFT JOIN register_counter c ON c.register_id = r.id
        WHERE u.code = '000.00.00.H07' AND r.kind = 'outgoing'`,
    );
    const documents = await admin.query<{
      issued: number;
      distinct_numbers: number;
      min: number;
      max: number;
    }>(
      `SELECT count(*)::int AS issued, count(DISTINCT code_number)::int AS distinct_numbers,
              min(code_number::int) AS min, max(code_number::int) AS max
         FROM document WHERE id = ANY($1::uuid[]) AND status = 'issued'`,
      [ids],
    );
    const got = numbers.rows.map((r) => Number(r.n));
    check(
      got.length === ISSUES && got.every((n, i) => n === i + 1),
      `register numbers are exactly 1..${ISSUES} (${got.length} recorded, first ${got[0]}, last ${got.at(-1)})`,
    );
    check(
      new Set(numbers.rows.map((r) => r.document_id)).size === ISSUES,
      'each number went to a different document',
    );
    const d = documents.rows[0]!;
    check(
      d.issued === ISSUES && d.distinct_numbers === ISSUES && d.min === 1 && d.max === ISSUES,
      `all ${ISSUES} documents issued with distinct numbers 1..${ISSUES} (${d.issued} issued, ${d.distinct_numbers} distinct, ${d.min}..${d.max})`,
    );
    check(
      registers.rows[0]!.registers === 1 && registers.rows[0]!.counter === ISSUES,
      `one outgoing register, its counter at ${ISSUES} (${registers.rows[0]!.registers} registers, counter ${registers.rows[0]!.counter})`,
    );
  } finally {
    await server.stop();
  }
} finally {
  await admin.end();
  await database.drop();
}
if (failures.length) {
  console.error(`\n${failures.length} check(s) failed`);
  process.exit(1);
}
