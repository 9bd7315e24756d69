import { bigint, boolean, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from '../../db/columns.ts';

/**
 * Transactional outbox of the NATS transport: `mts_realtime_publish()` inserts a row in the
 * publisher's transaction (so it exists only if that transaction commits); the relay of some
 * instance deletes rows in id order and publishes them to NATS. Empty with the PostgreSQL transport.
 */
export const realtimeOutbox = pgTable('realtime_outbox', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  topic: text('topic').notNull(),
  data: jsonb('data').notNull(),
  createdAt: createdAt(),
});

/**
 * The deployment's transport, one row: every instance of one database must use the same one, and
 * `mts_realtime_publish()` (called by `publish()` and by triggers) reads it. Written at boot.
 */
export const realtimeTransport = pgTable('realtime_transport', {
  singleton: boolean('singleton').primaryKey().default(true),
  useOutbox: boolean('use_outbox').notNull().default(false),
});
