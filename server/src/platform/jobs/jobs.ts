import PgBoss from 'pg-boss';

export type JobHandler<T> = (data: T) => Promise<void>;

/**
 * Background jobs on PostgreSQL (pg-boss): durable, retried, shared by every instance.
 * Modules `define` a queue with its handler at startup and `send` work from services.
 */
export class Jobs {
  private readonly boss: PgBoss;
  private readonly handlers = new Map<string, JobHandler<never>>();
  private readonly schedules = new Map<string, { cron: string; tz: string }>();
  private started = false;

  constructor(
    connectionString: string,
    private readonly runWorkers: boolean,
  ) {
    this.boss = new PgBoss({ connectionString, schema: 'pgboss', max: 4 });
    this.boss.on('error', () => undefined); // surfaced through job failures and /readyz
  }

  define<T extends object>(queue: string, handler: JobHandler<T>) {
    if (this.started) throw new Error(`Queue ${queue} defined after start`);
    this.handlers.set(queue, handler as JobHandler<never>);
  }

  /**
   * Runs a defined queue on a cron schedule (pg-boss keeps one schedule per queue across
   * instances; `tz` is the time zone the cron reads in, e.g. Asia/Ho_Chi_Minh).
   */
  schedule(queue: string, cron: string, options: { tz: string }) {
    if (this.started) throw new Error(`Queue ${queue} scheduled after start`);
    if (!this.handlers.has(queue)) throw new Error(`Unknown queue ${queue}`);
    this.schedules.set(queue, { cron, tz: options.tz });
  }

  async start() {
    await this.boss.start();
    for (const [queue, handler] of this.handlers) {
      await this.boss.createQueue(queue, { name: queue, retryLimit: 5, retryDelay: 5, retryBackoff: true });
      if (this.runWorkers) {
        await this.boss.work<never>(queue, { pollingIntervalSeconds: 1 }, async (jobs) => {
          for (const job of jobs) await handler(job.data);
        });
      }
    }
    for (const [queue, { cron, tz }] of this.schedules) await this.boss.schedule(queue, cron, {}, { tz });
    this.started = true;
  }

  async send<T extends object>(
    queue: string,
    data: T,
    options: { startAfter?: Date | number; singletonKey?: string } = {},
  ) {
    if (!this.handlers.has(queue)) throw new Error(`Unknown queue ${queue}`);
    return this.boss.send(queue, data, options);
  }

  async stop() {
    if (this.started) await this.boss.stop({ graceful: true, timeout: 5000 });
  }
}
