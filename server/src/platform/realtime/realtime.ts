import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { PgListener, type PgListenerOptions } from './pg-listener.ts';

/** The one PostgreSQL channel every instance listens on (PostgreSQL transport); topics are routed in-process. */
export const REALTIME_CHANNEL = 'mts_realtime';

/** What a notification carries: a topic (e.g. `document:<id>`) and small data (ids, codes — no personal data). */
export interface RealtimeMessage {
  topic: string;
  data: Record<string, unknown>;
}

export type RealtimeHandler = (data: Record<string, unknown>) => void;

/**
 * Publishes inside the caller's transaction, whatever the transport: `mts_realtime_publish()`
 * (migration 0036) either NOTIFYs (PostgreSQL transport: delivered on commit, never on rollback) or
 * writes an outbox row that a relay sends to NATS after commit. Payloads must stay small (well
 * under PostgreSQL's 8000 bytes): ids, codes, a short title — never personal data of citizens.
 */
export async function publish(tx: Queryable, topic: string, data: Record<string, unknown>) {
  await tx.execute(sql`SELECT mts_realtime_publish(${topic}, ${JSON.stringify(data)}::jsonb)`);
}

/** Records the deployment's transport, read by `mts_realtime_publish()`; called at boot. */
export async function useTransport(db: Queryable, transport: RealtimeTransport) {
  await db.execute(
    sql`INSERT INTO realtime_transport (singleton, use_outbox) VALUES (true, ${transport === 'nats'})
        ON CONFLICT (singleton) DO UPDATE SET use_outbox = excluded.use_outbox`,
  );
}

export type RealtimeTransport = 'postgres' | 'nats';

/**
 * The receiving side of realtime on one instance (`deps.realtime`): subscribe to a topic, wait until
 * the transport listens, close. Two implementations, chosen at boot by NATS_URL: `PgRealtime`
 * (LISTEN/NOTIFY) and `NatsRealtime` (outbox relayed to NATS). When the transport reconnects after
 * a loss, every subscriber is called with `{ resync: true }` (what was sent meanwhile may be lost).
 */
export interface Realtime {
  readonly transport: RealtimeTransport;
  /** Registers a handler for a topic; returns the function that removes it. */
  subscribe(topic: string, handler: RealtimeHandler): () => void;
  /** Resolves once this instance receives publications (connecting if needed). */
  ready(): Promise<void>;
  /** Number of topics with at least one subscriber on this instance. */
  readonly topicCount: number;
  /** The same as the module-level `publish` (inside the caller's transaction). */
  publish(tx: Queryable, topic: string, data: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** Topic → handlers of one instance, shared by the transports. */
export class TopicHandlers {
  private readonly handlers = new Map<string, Set<RealtimeHandler>>();

  constructor(private readonly log: (message: string, error?: unknown) => void) {}

  add(topic: string, handler: RealtimeHandler) {
    const set = this.handlers.get(topic) ?? new Set<RealtimeHandler>();
    this.handlers.set(topic, set);
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0 && this.handlers.get(topic) === set) this.handlers.delete(topic);
    };
  }

  get size() {
    return this.handlers.size;
  }

  clear() {
    this.handlers.clear();
  }

  /** Routes a serialised `RealtimeMessage` to its topic's handlers; ignores malformed payloads. */
  dispatchPayload(payload: string) {
    let message: RealtimeMessage;
    try {
      message = JSON.parse(payload) as RealtimeMessage;
    } catch {
      return;
    }
    if (typeof message?.topic !== 'string') return;
    for (const handler of this.handlers.get(message.topic) ?? []) this.safely(handler, message.data ?? {});
  }

  broadcast(data: Record<string, unknown>) {
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

export type RealtimeOptions = PgListenerOptions;

/**
 * PostgreSQL transport: one dedicated connection per instance LISTENs on `mts_realtime`, opened on
 * the first subscription; a dropped connection is reopened with exponential backoff.
 */
export class PgRealtime implements Realtime {
  readonly transport = 'postgres' as const;
  private readonly handlers: TopicHandlers;
  private readonly listener: PgListener;
  private closed = false;

  constructor(connectionString: string, options: RealtimeOptions = {}) {
    const log = options.log ?? (() => undefined);
    this.handlers = new TopicHandlers(log);
    this.listener = new PgListener(
      connectionString,
      REALTIME_CHANNEL,
      {
        onNotification: (payload) => this.handlers.dispatchPayload(payload),
        onReconnected: () => this.handlers.broadcast({ resync: true }),
        wanted: () => this.handlers.size > 0,
      },
      options,
    );
  }

  subscribe(topic: string, handler: RealtimeHandler): () => void {
    if (this.closed) throw new Error('realtime listener is closed');
    const remove = this.handlers.add(topic, handler);
    void this.ready().catch(() => undefined);
    return remove;
  }

  ready(): Promise<void> {
    return this.listener.ready();
  }

  get topicCount() {
    return this.handlers.size;
  }

  publish(tx: Queryable, topic: string, data: Record<string, unknown>) {
    return publish(tx, topic, data);
  }

  async close() {
    this.closed = true;
    this.handlers.clear();
    await this.listener.close();
  }
}
