import pg from 'pg';

export interface PgListenerOptions {
  /** Reconnection backoff: first delay and ceiling, in milliseconds. */
  minDelayMs?: number;
  maxDelayMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/**
 * One dedicated connection (not from the pool) that LISTENs on one channel; a dropped connection
 * is reopened with exponential backoff while `wanted()` holds, and `onReconnected` is called once
 * it listens again (what was notified meanwhile is lost: the owner asks its subscribers to resync).
 */
export class PgListener {
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
    private readonly channel: string,
    private readonly handlers: {
      onNotification(payload: string): void;
      onReconnected(): void;
      wanted(): boolean;
    },
    options: PgListenerOptions = {},
  ) {
    this.minDelayMs = options.minDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.log = options.log ?? (() => undefined);
  }

  get isListening() {
    return this.client !== null;
  }

  /** Resolves once the connection listens (opening it if needed). */
  ready(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('realtime listener is closed'));
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  async close() {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
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
      if (message.channel === this.channel) this.handlers.onNotification(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
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
    if (this.everConnected) this.handlers.onReconnected();
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
    if (this.closed || this.retryTimer || !this.handlers.wanted()) return;
    const delay = Math.min(this.maxDelayMs, this.minDelayMs * 2 ** this.attempt);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.ready().catch((error) => this.log('realtime listener reconnection failed', error));
    }, delay);
    this.retryTimer.unref();
  }
}
