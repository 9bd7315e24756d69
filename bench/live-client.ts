/**
 * The load client of bench/live.ts: real WebSocket clients (`ws`, each its own TCP connection to a
 * server process) speaking the live gateway's protocol (`GET /api/live`, JSON frames
 * `{op:'subscribe', topic, since?}` → `{op:'subscribed', topic}` / `{op:'event', topic, seq?, type,
 * data}`), signed in by their session cookie and sending the Origin a browser would.
 * Every frame is timestamped on arrival (`performance.now()`) before it is parsed.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

export interface LiveEvent {
  op: 'event';
  topic: string;
  seq?: number;
  type: string;
  data: Record<string, unknown>;
}

/** Called for every event frame a client receives, with its arrival time (performance.now()). */
export type EventSink = (client: LiveClient, event: LiveEvent, arrivedAt: number) => void;

interface Pending {
  resolve(): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class LiveClient {
  /** Closes the server did not ask for after `open` (counted as failures by the bench). */
  unexpectedCloses = 0;
  /** Frames that were neither events nor answers to a subscription (errors, unknown ops). */
  readonly otherFrames: string[] = [];
  private socket: WebSocket | null = null;
  private closing = false;
  private readonly pending = new Map<string, Pending>();

  constructor(
    readonly index: number,
    readonly baseUrl: string,
    readonly cookie: string,
    readonly origin: string,
    private readonly sink: EventSink,
  ) {}

  /** Opens the socket; rejects with the HTTP status when the upgrade is refused. */
  open(timeoutMs = 30_000): Promise<void> {
    const url = `${this.baseUrl.replace(/^http/, 'ws')}/api/live`;
    const socket = new WebSocket(url, {
      headers: { cookie: this.cookie, origin: this.origin },
      perMessageDeflate: false,
      handshakeTimeout: timeoutMs,
    });
    this.socket = socket;
    socket.on('message', (raw: Buffer) => {
      const arrivedAt = performance.now();
      this.onFrame(raw.toString(), arrivedAt);
    });
    return new Promise((resolve, reject) => {
      socket.once('open', () => {
        socket.on('close', (code) => {
          if (!this.closing) {
            this.unexpectedCloses++;
            for (const [topic, p] of this.pending) {
              clearTimeout(p.timer);
              p.reject(new Error(`socket ${this.index} closed (${code}) while subscribing to ${topic}`));
            }
            this.pending.clear();
          }
        });
        resolve();
      });
      socket.once('unexpected-response', (_request, response) => {
        reject(new Error(`upgrade refused: HTTP ${response.statusCode}`));
        response.resume();
        socket.terminate();
      });
      socket.once('error', (error) => reject(error));
    });
  }

  /** Subscribes to a topic; resolves on `{op:'subscribed'}`, rejects on an error frame or timeout. */
  subscribe(topic: string, since?: number, timeoutMs = 30_000): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return Promise.reject(new Error('socket not open'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(topic);
        reject(new Error(`no answer to subscribe ${topic} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(topic, { resolve, reject, timer });
      socket.send(
        JSON.stringify(since === undefined ? { op: 'subscribe', topic } : { op: 'subscribe', topic, since }),
      );
    });
  }

  get isOpen() {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  close(): Promise<void> {
    this.closing = true;
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        socket.terminate();
        resolve();
      }, 5_000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.close(1000);
    });
  }

  private onFrame(text: string, arrivedAt: number) {
    let frame: { op?: string; topic?: string; code?: string; message?: unknown };
    try {
      frame = JSON.parse(text);
    } catch {
      this.otherFrames.push(text.slice(0, 200));
      return;
    }
    if (frame.op === 'event') {
      this.sink(this, frame as LiveEvent, arrivedAt);
      return;
    }
    const pending = frame.topic === undefined ? undefined : this.pending.get(frame.topic);
    if (pending && frame.op === 'subscribed') {
      this.pending.delete(frame.topic!);
      clearTimeout(pending.timer);
      pending.resolve();
      return;
    }
    if (pending && frame.op === 'error') {
      this.pending.delete(frame.topic!);
      clearTimeout(pending.timer);
      pending.reject(new Error(`subscribe ${frame.topic} refused: ${text.slice(0, 200)}`));
      return;
    }
    if (this.otherFrames.length < 20) this.otherFrames.push(text.slice(0, 200));
  }
}

/** Runs `task` over `items` with at most `concurrency` at a time; resolves with the failures. */
export async function pool<T>(
  items: T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<{ index: number; error: Error }[]> {
  const failures: { index: number; error: Error }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) {
        try {
          await task(items[i]!, i);
        } catch (error) {
          failures.push({ index: i, error: error as Error });
        }
      }
    }),
  );
  return failures;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export async function cpuSeconds(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 (utime, stime) of proc(5), counted from after the command name.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident memory of a process in MiB, from /proc (Linux). */
export async function rssMiB(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

async function readStat(pid: number | string): Promise<string[] | null> {
  const { readFile } = await import('node:fs/promises');
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return null;
  // [comm, state, ppid, …]: proc(5) fields 2, 3, 4, …; [12..15] are utime, stime, cutime, cstime.
  return [
    stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    ...stat.slice(stat.lastIndexOf(')') + 2).split(' '),
  ];
}

/**
 * CPU seconds used so far by the embedded PostgreSQL this process started (the postmaster, its
 * live backends, and the backends it has reaped); null when there is none (external server).
 */
export async function postgresCpuSeconds(): Promise<number | null> {
  const { readdir } = await import('node:fs/promises');
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const stats = new Map<string, string[]>();
  for (const pid of pids) {
    const stat = await readStat(pid);
    if (stat) stats.set(pid, stat);
  }
  const postmaster = [...stats].find(([, s]) => s[0] === 'postgres' && Number(s[2]) === process.pid)?.[0];
  if (!postmaster) return null;
  let ticks = 0;
  for (const [pid, s] of stats) {
    if (pid === postmaster) ticks += Number(s[12]) + Number(s[13]) + Number(s[14]) + Number(s[15]);
    else if (s[2] === postmaster) ticks += Number(s[12]) + Number(s[13]);
  }
  return ticks / 100;
}
