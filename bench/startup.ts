/**
 * `npm start` to ready: a cold start on an empty DATA_DIR (initdb, migrations, demo seed) and warm
 * starts after it. Targets: ≤ 10 s cold, ≤ 3 s warm. Run: `npm run bench:startup`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../server/src/db/embedded.ts';
import { describeMachine } from './machine.ts';

const root = path.resolve(import.meta.dirname, '..');
const port = await freePort();
const pgPort = await freePort();

async function waitReady(child: ChildProcess, started: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function startOnce(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
    stdio: 'ignore',
    detached: true,
  });
  try {
    return await waitReady(child, started);
  } finally {
    process.kill(-child.pid!, 'SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'mts-bench-startup-'));
try {
  const cold = await startOnce(dataDir);
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) warm.push(await startOnce(dataDir));
  console.log(`machine: ${describeMachine()}`);
  console.log(
    `npm start → ready, cold (initdb + migrations + demo seed): ${cold.toFixed(2)} s (target ≤ 10 s)`,
  );
  console.log(
    `npm start → ready, warm (median of 3): ${warm.sort()[1]!.toFixed(2)} s (target ≤ 3 s) [${warm.map((w) => w.toFixed(2)).join(', ')}]`,
  );
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
