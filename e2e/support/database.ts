import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../server/src/db/embedded.ts';

/** A fresh database for one browser-test run: on TEST_DATABASE_URL's server, or an embedded one. */
export async function createDatabaseForRun(): Promise<{ url: string; drop(): Promise<void> }> {
  const external = process.env.TEST_DATABASE_URL;
  if (!external) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'mts-e2e-pg-'));
    const embedded = await startEmbeddedPostgres({ dataDir });
    return {
      url: embedded.url,
      async drop() {
        await embedded.stop();
        await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      },
    };
  }
  const name = `e2e_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: external });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(external);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: external });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
