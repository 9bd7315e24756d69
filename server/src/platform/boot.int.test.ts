import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { freePort } from '../db/embedded.ts';
import { findRunningEmbeddedDatabase, type Platform, startPlatform } from './boot.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A server's platform on its embedded PostgreSQL in DATA_DIR, as `npm start` leaves it running. */
let dataDir: string;
let server: Platform;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'mts-boot-'));
  const port = String(await freePort());
  server = await startPlatform(
    loadConfig({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: port, LOG_LEVEL: 'silent' }, { dotenv: false }),
  );
});
afterAll(async () => {
  await server?.shutdown();
  await rm(dataDir, { recursive: true, force: true });
});

describe('command-line tools next to a running server', () => {
  it('find the embedded database the server started', async () => {
    expect(server.embedded).toBe(true);
    const url = await findRunningEmbeddedDatabase(dataDir);
    expect(url).toMatch(/^postgres:\/\/postgres:.+@127\.0\.0\.1:\d+\/mattranso$/);
    const empty = await mkdtemp(path.join(tmpdir(), 'mts-boot-empty-'));
    expect(await findRunningEmbeddedDatabase(empty)).toBeNull();
    await rm(empty, { recursive: true, force: true });
  });

  it('attach to it for `npm run audit:verify` and leave it running', async () => {
    const run = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli/audit-verify.ts'], {
        cwd: projectRoot,
        env: {
          ...process.env,
          DATABASE_URL: '',
          DATA_DIR: dataDir,
          EMBEDDED_PG_PORT: '1025',
          LOG_LEVEL: 'silent',
        },
      });
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += chunk;
      });
      child.stderr.on('data', (chunk) => {
        output += chunk;
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, output }));
    });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/Audit chain intact: 0 entries checked/);

    // The server's own connections still work: its database was not restarted under it.
    const { rows } = await server.pool.query('SELECT count(*)::int AS n FROM audit_log');
    expect(rows).toEqual([{ n: 0 }]);
  });
});
