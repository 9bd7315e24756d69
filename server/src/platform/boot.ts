import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { createDatabase } from '../db/client.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { runMigrations } from '../db/migrate.ts';
import type { PlatformDeps } from './http/index.ts';
import { Jobs } from './jobs/index.ts';
import { Mailer } from './mail/index.ts';
import { ResourceRegistry } from './policy/index.ts';
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

/** Connects every platform service: database (embedded when no DATABASE_URL), jobs, mail, storage. */
export async function startPlatform(
  config: Config,
  log: (line: string) => void = () => undefined,
): Promise<Platform> {
  const embedded = config.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({
        dataDir: config.DATA_DIR,
        port: config.EMBEDDED_PG_PORT,
        log: (l) => log(`[postgres] ${l}`),
      });
  const url = config.DATABASE_URL ?? embedded!.url;
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
    return {
      config: { ...config, SECRET_KEY: secretKey },
      db,
      pool,
      jobs,
      mailer,
      storage: createStorage(config),
      resources: new ResourceRegistry(),
      embedded: Boolean(embedded),
      startJobs: () => jobs.start(),
      async shutdown() {
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
