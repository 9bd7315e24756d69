import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { petition } from './petitions.schema.ts';

/**
 * Each message the inbound SMTP listener turned into a draft petition: the Message-ID makes a
 * redelivery (an MTA retrying after a lost "250") land on the same draft instead of a second one.
 * Nothing personal here beyond the envelope sender, kept for tracing abuse.
 */
export const petitionInboundEmail = pgTable(
  'petition_inbound_email',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The Message-ID header (or a SHA-256 of the message when it has none). */
    messageId: text('message_id').notNull(),
    petitionId: uuid('petition_id')
      .notNull()
      .references(() => petition.id),
    envelopeFrom: text('envelope_from'),
    remoteAddress: text('remote_address'),
    size: integer('size').notNull(),
    /** The body was longer than a description may be: the full text is an attachment. */
    truncated: boolean('truncated').notNull().default(false),
    /** Attachments left out (not an image or PDF by content, too large, too many), by name. */
    skipped: jsonb('skipped').$type<string[]>().notNull().default([]),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('petition_inbound_email_message_idx').on(t.messageId),
    index('petition_inbound_email_petition_idx').on(t.petitionId),
  ],
);
