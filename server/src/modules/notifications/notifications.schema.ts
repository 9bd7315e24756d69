import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.ts';
import { notification } from '../documents/documents.schema.ts';
import { staff } from '../organisation/organisation.schema.ts';

/** Per category, whether e-mail and push are wanted (a missing category means both). */
export type CategoryChoices = Record<string, { email: boolean; push: boolean }>;

/**
 * A person's notification preferences (no row: the defaults). In-app notifications are always on;
 * quiet hours are local times (Asia/Ho_Chi_Minh, 'HH:MM') during which e-mail and push wait.
 */
export const notificationPreference = pgTable('notification_preference', {
  staffId: uuid('staff_id')
    .primaryKey()
    .references(() => staff.id, { onDelete: 'cascade' }),
  /** 'immediate' | 'digest' | 'off' — for non-urgent notices; urgent ones are mailed at once unless 'off'. */
  emailMode: text('email_mode').notNull().default('digest'),
  pushEnabled: boolean('push_enabled').notNull().default(true),
  categories: jsonb('categories').$type<CategoryChoices>().notNull().default({}),
  quietStart: text('quiet_start'),
  quietEnd: text('quiet_end'),
  updatedAt: updatedAt(),
});

/** A browser's Web Push subscription (RFC 8030 endpoint + RFC 8291 keys). */
export const pushSubscription = pgTable(
  'push_subscription',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    endpoint: text('endpoint').notNull().unique(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [index('push_subscription_staff_idx').on(t.staffId)],
);

/**
 * Outstanding and done deliveries of a notification beyond the app: channel 'email' (one message
 * now or after quiet hours), 'push', or 'digest' (in the next daily digest). `sentAt` makes every
 * delivery happen once even when a job is retried.
 */
export const notificationDelivery = pgTable(
  'notification_delivery',
  {
    notificationId: uuid('notification_id')
      .notNull()
      .references(() => notification.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    primaryKey({ columns: [t.notificationId, t.channel] }),
    index('notification_delivery_due_idx').on(t.dueAt).where(sql`${t.sentAt} IS NULL`),
  ],
);
