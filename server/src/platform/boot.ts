import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { Config } from '../config.ts';
import { createDatabase, type Database } from '../db/client.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { runMigrations } from '../db/migrate.ts';
import type { PlatformDeps } from './http/index.ts';
import { Jobs } from './jobs/index.ts';
import { Mailer } from './mail/index.ts';
import { ResourceRegistry } from './policy/index.ts';
import { NatsRealtime, PgRealtime, type Realtime, TopicRegistry, useTransport } from './realtime/index.ts';
import { createStorage } from './storage/index.ts';

export interface Platform extends PlatformDeps {
  /** Starts background workers; call after the app (and so every module's queues) is built. */
  startJobs(): Promise<void>;
  shutdown(): Promise<void>;
  embedded: boolean;
}

/** SECRET_KEY, or one generated at first start and kept in DATA_DIR (embedded/demo setups). */
async function resolveSecretKey(config: Config): Promise<string> {
  if (config.SECRET_KEY) return config.SECRET_KEY;
  const file = path.join(config.DATA_DIR, 'secret.key');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(config.DATA_DIR, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, run by another user
  }
};

/**
 * The URL of the embedded PostgreSQL of DATA_DIR when a running server already started it, or
 * null. Command-line tools attach to it: starting it anew would stop the server's database.
 */
export async function findRunningEmbeddedDatabase(dataDir: string): Promise<string | null> {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  const passwordFile = path.join(dataDir, 'pg-password');
  if (!existsSync(pidFile) || !existsSync(passwordFile)) return null;
  // postmaster.pid: pid, data directory, start time, port, …
  const [pid, , , port] = (await readFile(pidFile, 'utf8')).split('\n').map((line) => line.trim());
  if (!Number(pid) || !Number(port) || !isAlive(Number(pid))) return null;
  const password = (await readFile(passwordFile, 'utf8')).trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/mattranso`;
}

export interface StartOptions {
  log?: (line: string) => void;
  /** Use the embedded PostgreSQL a running server started, rather than restarting it (CLI tools). */
  attachToRunningEmbedded?: boolean;
}

/**
 * The realtime transport: NATS (outbox relayed by every instance) when NATS_URL is set, else
 * PostgreSQL LISTEN/NOTIFY. The choice is recorded in the database, where `publish()` reads it.
 */
async function startRealtime(
  config: Config,
  url: string,
  pool: pg.Pool,
  db: Database,
  log: (line: string) => void,
): Promise<Realtime> {
  await useTransport(db, config.NATS_URL ? 'nats' : 'postgres');
  if (!config.NATS_URL) return new PgRealtime(url, { log });
  const realtime = new NatsRealtime(pool, url, {
    natsUrl: config.NATS_URL,
    subject: config.NATS_SUBJECT,
    log,
  });
  realtime.startRelay();
  return realtime;
}

/** Connects every platform service: database (embedded when no DATABASE_URL), jobs, mail, storage. */
export async function startPlatform(config: Config, options: StartOptions = {}): Promise<Platform> {
  const log = options.log ?? (() => undefined);
  const attached =
    !config.DATABASE_URL && options.attachToRunningEmbedded
      ? await findRunningEmbeddedDatabase(config.DATA_DIR)
      : null;
  const embedded =
    config.DATABASE_URL || attached
      ? null
      : await startEmbeddedPostgres({
          dataDir: config.DATA_DIR,
          port: config.EMBEDDED_PG_PORT,
          log: (l) => log(`[postgres] ${l}`),
        });
  const url = config.DATABASE_URL ?? attached ?? embedded!.url;
  try {
    await runMigrations(url);
    const secretKey = await resolveSecretKey(config);
    const { pool, db } = createDatabase(url, config.DATABASE_POOL_SIZE);
    const jobs = new Jobs(url, config.JOBS_ENABLED);
    const mailer = new Mailer({
      smtpUrl: config.SMTP_URL,
      from: config.MAIL_FROM,
      outboxDir: path.join(config.DATA_DIR, 'outbox'),
      jobs,
    });
    const realtime = await startRealtime(config, url, pool, db, (line) => log(`[realtime] ${line}`));
    return {
      config: { ...config, SECRET_KEY: secretKey },
      db,
      pool,
      jobs,
      mailer,
      storage: createStorage(config),
      resources: new ResourceRegistry(),
      realtime,
      topics: new TopicRegistry(),
      embedded: Boolean(embedded),
      startJobs: () => jobs.start(),
      async shutdown() {
        await realtime.close();
        await jobs.stop().catch(() => undefined);
        await pool.end().catch(() => undefined);
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
