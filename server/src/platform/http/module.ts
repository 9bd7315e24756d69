// Request/reply decorations of the plugins buildApp registers (cookies, multipart), visible to
// every module even when a module is compiled without app.ts (benchmarks, tools).
import type {} from '@fastify/cookie';
import type {} from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import type { Jobs } from '../jobs/index.ts';
import type { Mailer } from '../mail/index.ts';
import type { ResourceRegistry } from '../policy/index.ts';
import type { Realtime, TopicRegistry } from '../realtime/index.ts';
import type { Storage } from '../storage/index.ts';

/** What every module may depend on; modules take the narrow part they need. */
export interface PlatformDeps {
  config: Config;
  db: Database;
  pool: pg.Pool;
  jobs: Jobs;
  mailer: Mailer;
  storage: Storage;
  resources: ResourceRegistry;
  /** Cross-instance notifications (PostgreSQL LISTEN/NOTIFY): subscribe here, publish in a transaction. */
  realtime: Realtime;
  /** Realtime topic kinds and who may listen to them (the WebSocket gateway checks every subscription). */
  topics: TopicRegistry;
}

/** A capability: its routes, mounted under `prefix` (default /api) by buildApp. */
export interface AppModule {
  name: string;
  prefix?: string;
  registerRoutes(app: FastifyInstance): void | Promise<void>;
}
