import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgresStartError, startEmbeddedPostgres } from './embedded.ts';

const repository = path.resolve(import.meta.dirname, '../../..');
const script = path.join(repository, 'server/test/scripts/embedded-roundtrip.ts');
const NORMAL_USER = 'mts-normal-user';
const dataDir = mkdtempSync(path.join(tmpdir(), 'mts-embedded-user-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** As root, the round trip runs as an unprivileged account (created once); otherwise as ourselves. */
function runAsNormalUser(env: Record<string, string>) {
  const command = [process.execPath, '--import', 'tsx', script];
  if (userInfo().uid !== 0)
    return spawnSync(command[0]!, command.slice(1), {
      cwd: repository,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
  if (spawnSync('id', [NORMAL_USER]).status !== 0)
    execFileSync('useradd', ['--system', '--no-create-home', NORMAL_USER]);
  execFileSync('chown', [NORMAL_USER, dataDir]);
  const assignments = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  return spawnSync(
    'setpriv',
    [
      '--reuid',
      NORMAL_USER,
      '--regid',
      NORMAL_USER,
      '--init-groups',
      'env',
      ...assignments,
      `HOME=${dataDir}`,
      ...command,
    ],
    {
      cwd: repository,
      encoding: 'utf8',
    },
  );
}

describe('embedded PostgreSQL', () => {
  it('initialises, starts and answers for a normal (non-root) user', () => {
    const result = runAsNormalUser({
      DATA_DIR: dataDir,
      PATH: process.env.PATH ?? '',
    });
    expect(result.status, `exit ${result.status}: ${result.stderr || result.error}`).toBe(0);
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.stdout).toContain('ok postgres');
    expect(result.stdout).not.toContain('uid=0');
    expect(result.status).toBe(0);
  }, 120_000);

  it("a port already taken is reported with PostgreSQL's own reason, not an empty rejection", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    const dir = mkdtempSync(path.join(tmpdir(), 'mts-embedded-taken-'));
    try {
      const error = await startEmbeddedPostgres({ dataDir: dir, port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EmbeddedPostgresStartError);
      expect((error as EmbeddedPostgresStartError).portTaken).toBe(true);
      expect((error as Error).message).toContain(String(port));
    } finally {
      holder.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
