import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrationsFolder, runMigrations } from '../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

/** The template's name changes whenever a migration changes, so a stale template is never reused. */
function templateName() {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsFolder)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    hash.update(file).update(readFileSync(path.join(migrationsFolder, file)));
  }
  return `mts_template_${hash.digest('hex').slice(0, 12)}`;
}

function withDatabase(url: string, database: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * One PostgreSQL per test run: the machine's (TEST_DATABASE_URL) or an embedded one. A template
 * database is migrated once; each test file clones it (CREATE DATABASE … TEMPLATE), which is fast.
 */
export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  if (!adminUrl) {
    dataDir = await mkdtemp(path.join(tmpdir(), 'mts-test-pg-'));
    const embedded = await startEmbeddedPostgres({ dataDir });
    adminUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const template = templateName();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
  if (exists.rowCount === 0) {
    const building = `${template}_building_${process.pid}`;
    await admin.query(`CREATE DATABASE "${building}"`);
    await runMigrations(withDatabase(adminUrl, building));
    await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`).catch(async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${building}"`); // another run built it first
    });
  }
  await admin.end();
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);
  return async () => {
    await stopEmbedded?.();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
