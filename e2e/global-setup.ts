import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { seedDemoIfEmpty } from '../server/src/db/seed/index.ts';
import { startPlatform } from '../server/src/platform/boot.ts';
import { createDatabaseForRun } from './support/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
  }
}

/**
 * Browser tests run against the real product: the built staff app served by the real server on a
 * loopback port, on a fresh database (embedded, or on TEST_DATABASE_URL's server) with the demo seed.
 */
export default async function setup(project: TestProject) {
  const database = await createDatabaseForRun();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mts-e2e-data-'));
  const config = loadConfig(
    {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      ...extraEnv(),
    },
    { dotenv: false },
  );
  const platform = await startPlatform(config);
  const app = await buildApp(platform, { logger: { level: 'warn' } });
  await platform.startJobs();
  await seedDemoIfEmpty(platform.db);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  project.provide('baseUrl', address);
  project.provide('databaseUrl', database.url);
  return async () => {
    await app.close();
    await platform.shutdown();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

/** Settings browser suites need at boot (e.g. the SSO provider) are added here. */
function extraEnv(): Record<string, string> {
  return {};
}
