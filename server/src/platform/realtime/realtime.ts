import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Queryable } from '../../db/client.ts';

/** The one PostgreSQL channel every instance listens on; topics are routed in-process. */
export const REALTIME_CHANNEL = 'mts_realtime';

/** What a notification carries: a topic (e.g. `document:<id>`) and small data (ids, codes — no personal data). */
export interface RealtimeMessage {
  topic: string;
  data: Record<string, unknown>;
}

export type RealtimeHandler = (data: Record<string, unknown>) => void;

/**
 * Publishes inside the caller's transaction: PostgreSQL delivers a NOTIFY only on commit (and never
 * on rollback), to every instance listening. Payloads must stay well under PostgreSQL's 8000 bytes.
 */
export async function publish(tx: Queryable, topic: string, data: Record<string, unknown>) {
  const payload = JSON.stringify({ topic, data } satisfies RealtimeMessage);
  await tx.execute(sql`SELECT pg_notify(${REALTIME_CHANNEL}, ${payload})`);
}

export interface RealtimeOptions {
  /** Reconnection backoff: first delay and ceiling, in milliseconds. */
  minDelayMs?: number;
  maxDelayMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/**
 * One dedicated connection per instance that LISTENs on the channel, opened on the first
 * subscription; a dropped connection is reopened with exponential backoff and LISTENs again.
 * Notifications sent while it was down are lost, so after a reconnection every subscriber is called
 * with `{ resync: true }` and should refetch. Another transport (NATS, …) can replace this class
 * behind the same subscribe/ready/close surface.
 */
export class Realtime {
  private readonly handlers = new Map<string, Set<RealtimeHandler>>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private everConnected = false;
  private closed = false;
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(
    private readonly connectionString: string,
    options: RealtimeOptions = {},
  ) {
    this.minDelayMs = options.minDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.log = options.log ?? (() => undefined);
  }

  /** Registers a handler for a topic; returns the function that removes it. */
  subscribe(topic: string, handler: RealtimeHandler): () => void {
    if (this.closed) throw new Error('realtime listener is closed');
    const set = this.handlers.get(topic) ?? new Set<RealtimeHandler>();
    this.handlers.set(topic, set);
    set.add(handler);
    void this.ready().catch(() => undefined);
    return () => {
      set.delete(handler);
      if (set.size === 0 && this.handlers.get(topic) === set) this.handlers.delete(topic);
    };
  }

  /** Resolves once the listening connection is up (opening it if needed). */
  ready(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('realtime listener is closed'));
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** Number of topics with at least one subscriber on this instance. */
  get topicCount() {
    return this.handlers.size;
  }

  async close() {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.handlers.clear();
    const client = this.client;
    this.client = null;
    await this.connecting?.catch(() => undefined);
    await client?.end().catch(() => undefined);
  }

  private async connect() {
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: 'mts-realtime',
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === REALTIME_CHANNEL && message.payload) this.dispatch(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${REALTIME_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.scheduleRetry();
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.attempt = 0;
    if (this.everConnected) this.broadcast({ resync: true });
    this.everConnected = true;
  }

  private lost(client: pg.Client, error?: unknown) {
    if (this.client !== client) return;
    this.client = null;
    this.log('realtime listener connection lost; reconnecting', error);
    client.end().catch(() => undefined);
    this.scheduleRetry();
  }

  private scheduleRetry() {
    if (this.closed || this.retryTimer || this.handlers.size === 0) return;
    const delay = Math.min(this.maxDelayMs, this.minDelayMs * 2 ** this.attempt);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.ready().catch((error) => this.log('realtime listener reconnection failed', error));
    }, delay);
    this.retryTimer.unref();
  }

  private dispatch(payload: string) {
    let message: RealtimeMessage;
    try {
      message = JSON.parse(payload) as RealtimeMessage;
    } catch {
      return;
    }
    for (const handler of this.handlers.get(message.topic) ?? []) this.safely(handler, message.data ?? {});
  }

  private broadcast(data: Record<string, unknown>) {
    for (const set of this.handlers.values()) for (const handler of set) this.safely(handler, data);
  }

  private safely(handler: RealtimeHandler, data: Record<string, unknown>) {
    try {
      handler(data);
    } catch (error) {
      this.log('realtime subscriber failed', error);
    }
  }
}
