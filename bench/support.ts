import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, startEmbeddedPostgres } from '../server/src/db/embedded.ts';
import { runMigrations } from '../server/src/db/migrate.ts';
import { newSecret, sha256Hex } from '../server/src/modules/identity/tokens.ts';

export const root = path.resolve(import.meta.dirname, '..');

/** PostgreSQL settings for a benchmark's own embedded server (`ALTER SYSTEM`, then a restart). */
export type PgSettings = Record<string, string>;

export interface BenchDatabase {
  url: string;
  /** True when BENCH_DATABASE_NAME named a database that already existed (its data is kept). */
  reused: boolean;
  drop(): Promise<void>;
}

/**
 * A migrated database: on BENCH_DATABASE_URL's server, or an embedded PostgreSQL (the engine of
 * `npm start`) started with `settings`. BENCH_PG_DIR keeps the embedded cluster in that directory
 * (not deleted); BENCH_DATABASE_NAME names the database and reuses it when it exists (migrations
 * are applied again, so a new migration is tried on the data already generated) and keeps it.
 */
export async function benchDatabase(settings: PgSettings = {}): Promise<BenchDatabase> {
  const external = process.env.BENCH_DATABASE_URL;
  const keptDir = process.env.BENCH_PG_DIR;
  let adminUrl: string;
  let stop = async () => {};
  if (external) adminUrl = external;
  else {
    const dir = keptDir ? path.resolve(keptDir) : await mkdtemp(path.join(tmpdir(), 'mts-bench-pg-'));
    const port = Number(process.env.BENCH_PG_PORT ?? (await freePort()));
    let embedded = await startEmbeddedPostgres({ dataDir: dir, port });
    if (Object.keys(settings).length > 0) {
      const client = new pg.Client({ connectionString: embedded.url });
      await client.connect();
      for (const [name, value] of Object.entries(settings))
        await client.query(`ALTER SYSTEM SET ${name} = '${value.replaceAll("'", "''")}'`);
      await client.end();
      await embedded.stop();
      embedded = await startEmbeddedPostgres({ dataDir: dir, port });
    }
    adminUrl = embedded.url;
    const started = embedded;
    stop = async () => {
      await started.stop();
      if (!keptDir) await rm(dir, { recursive: true, force: true });
    };
  }
  const fixedName = process.env.BENCH_DATABASE_NAME;
  const name = fixedName ?? `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  const reused = exists.rowCount === 1;
  if (!reused) await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  return {
    url: url.toString(),
    reused,
    async drop() {
      if (!fixedName) {
        const cleanup = new pg.Client({ connectionString: adminUrl });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await cleanup.end();
      }
      await stop();
    },
  };
}

/** Starts the real server (`tsx server/src/main.ts`) in its own process; resolves when ready. */
export async function startServer(
  env: Record<string, string>,
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mts-bench-data-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', process.env.BENCH_SERVER_LOG === '1' ? 'inherit' : 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error('server exited during start');
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 600) throw new Error('server not ready after 60 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in over HTTP; returns the Cookie header value for later requests. */
export async function signIn(url: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/**
 * Signed-in sessions made in SQL, as a password sign-in leaves them (the row's id is the SHA-256 of
 * the cookie's token): thousands of clients without thousands of argon2 logins. Returns each staff
 * member's Cookie header value (session and CSRF cookies), in the order given.
 */
export async function createSessions(client: pg.Client, staffIds: string[]): Promise<string[]> {
  const tokens = staffIds.map(() => newSecret());
  const csrfTokens = staffIds.map(() => newSecret(18));
  for (let i = 0; i < staffIds.length; i += 5_000)
    await client.query(
      `INSERT INTO session (id, staff_id, csrf_token, auth_method, expires_at)
       SELECT id, staff_id, csrf, 'password', now() + interval '1 day'
         FROM unnest($1::text[], $2::uuid[], $3::text[]) AS t(id, staff_id, csrf)`,
      [
        tokens.slice(i, i + 5_000).map(sha256Hex),
        staffIds.slice(i, i + 5_000),
        csrfTokens.slice(i, i + 5_000),
      ],
    );
  return tokens.map((token, i) => `mts_session=${token}; mts_csrf=${csrfTokens[i]}`);
}

/** The headers of a write as the staff app sends it: the session cookie and the CSRF token echoed. */
export function writeHeaders(cookie: string): Record<string, string> {
  const csrf = /(?:^|; )mts_csrf=([^;]*)/.exec(cookie)?.[1] ?? '';
  return { cookie, 'x-csrf-token': decodeURIComponent(csrf), 'content-type': 'application/json' };
}

/**
 * The country's committees as the benchmarks use them: 1 central, 34 provinces, 3,321 communes
 * (98 per province), with identifier codes (`000.00.00.H07`) and document symbols.
 */
export async function seedCountryUnits(client: pg.Client): Promise<void> {
  await client.query(`
    INSERT INTO unit (level_id, kind, name, code, symbol)
      VALUES ('central', 'committee', 'Ủy ban Trung ương MTTQ Việt Nam', '000.00.00.T00', 'MTTW-BTT');
    INSERT INTO unit (parent_id, level_id, kind, name, code, symbol)
      SELECT (SELECT id FROM unit WHERE level_id = 'central'), 'province', 'committee',
             'Ủy ban MTTQ tỉnh Số ' || p, '000.00.00.H' || lpad(p::text, 2, '0'), 'MTTQ-BTT'
        FROM generate_series(1, 34) p;
    INSERT INTO unit (parent_id, level_id, kind, name, code, symbol)
      SELECT pr.id, 'commune', 'committee', 'Ủy ban MTTQ xã Hòa Bình ' || pr.n || '-' || c,
             '000.' || lpad(pr.n::text, 2, '0') || '.' || lpad(c::text, 3, '0') || '.X00', 'MTTQ-BTT'
        FROM (SELECT id, row_number() OVER (ORDER BY code) AS n FROM unit WHERE level_id = 'province') pr,
             generate_series(1, 98) c
       WHERE (pr.n - 1) * 98 + c <= 3321;`);
}
