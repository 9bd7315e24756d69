import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea, createdAt, updatedAt } from '../../db/columns.ts';
import { staff } from '../organisation/organisation.schema.ts';
import { portalArticle, portalSite } from './portal.schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * What a page-view count is broken down by: the page (path), where the visitor came from (the
 * referring host, or "" for none), and the kind of device (mobile, tablet, desktop).
 */
export const VIEW_DIMENSIONS = ['path', 'referrer', 'device'] as const;
export type ViewDimension = (typeof VIEW_DIMENSIONS)[number];

/**
 * Page views of a site per day (Asia/Ho_Chi_Minh), counted on the server: no cookie, no script,
 * no address or user agent stored — only these counters. Every instance adds to them (upserts).
 */
export const portalViewDaily = pgTable(
  'portal_view_daily',
  {
    siteId: uuid('site_id')
      .notNull()
      .references(() => portalSite.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    dimension: text('dimension', { enum: VIEW_DIMENSIONS }).notNull(),
    value: text('value').notNull(),
    /** Set on `path` rows of an article page: the top-articles list without parsing paths. */
    articleId: uuid('article_id').references(() => portalArticle.id, { onDelete: 'set null' }),
    views: bigint('views', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.day, t.dimension, t.value] }),
    index('portal_view_daily_article_idx').on(t.articleId, t.day).where(sql`${t.articleId} IS NOT NULL`),
  ],
);

/**
 * Unique visitors per site and day, estimated without personal data: a visitor is an 8-byte hash
 * of (the day's random salt, site, address, user agent); the salt is kept only for its day
 * (portal_view_salt), so a hash cannot be reversed or linked to another day. Rows older than the
 * retention period are dropped once counted into the day's total.
 */
export const portalVisitorDaily = pgTable(
  'portal_visitor_daily',
  {
    siteId: uuid('site_id')
      .notNull()
      .references(() => portalSite.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    visitor: bytea('visitor').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.day, t.visitor] })],
);

/** The day's random salt for visitor hashes; deleted after the day (then no hash can be recomputed). */
export const portalViewSalt = pgTable('portal_view_salt', {
  day: date('day').primaryKey(),
  salt: bytea('salt').notNull(),
});

/** Where a site cross-posts its articles on publish: its Facebook Page or Zalo Official Account. */
export const CROSSPOST_KINDS = ['facebook', 'zalo'] as const;
export type CrosspostKind = (typeof CROSSPOST_KINDS)[number];

export const portalChannel = pgTable(
  'portal_channel',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => portalSite.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: CROSSPOST_KINDS }).notNull(),
    /** The Facebook Page id, or the Zalo OA id (for display; the token decides where posts go). */
    accountId: text('account_id').notNull(),
    accountName: text('account_name').notNull().default(''),
    /** The access token, sealed with the platform's secret box (AES-256-GCM under SECRET_KEY). */
    tokenSealed: text('token_sealed').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('portal_channel_site_kind').on(t.siteId, t.kind)],
);

export const CROSSPOST_STATUSES = ['queued', 'retrying', 'sent', 'failed'] as const;
export type CrosspostStatus = (typeof CROSSPOST_STATUSES)[number];

/** One article's post to one channel: queued on publish, retried with backoff, its outcome shown. */
export const portalCrosspost = pgTable(
  'portal_crosspost',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => portalArticle.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => portalChannel.id, { onDelete: 'cascade' }),
    status: text('status', { enum: CROSSPOST_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').defaultNow(),
    /** The post's id on the network (Facebook `id`, Zalo article `id`). */
    externalId: text('external_id'),
    lastError: text('last_error'),
    sentAt: at('sent_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('portal_crosspost_article_channel').on(t.articleId, t.channelId),
    index('portal_crosspost_due_idx').on(t.nextAttemptAt).where(sql`${t.status} IN ('queued', 'retrying')`),
  ],
);

export const BULLETIN_STATUSES = ['draft', 'ready', 'failed'] as const;
export type BulletinStatus = (typeof BULLETIN_STATUSES)[number];

/**
 * A radio bulletin (bản tin phát thanh) for the commune loudspeakers: a script composed from
 * articles, read by Vietnamese text-to-speech (espeak-ng) into an Ogg or MP3 file, listed in the
 * site's podcast feed once ready.
 */
export const portalBulletin = pgTable(
  'portal_bulletin',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => portalSite.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    articleIds: uuid('article_ids').array().notNull(),
    /** The text read aloud (editable before producing the audio). */
    script: text('script').notNull(),
    status: text('status', { enum: BULLETIN_STATUSES }).notNull().default('draft'),
    audioKey: text('audio_key'),
    audioFormat: text('audio_format', { enum: ['ogg', 'mp3'] }),
    audioBytes: bigint('audio_bytes', { mode: 'number' }),
    durationSeconds: integer('duration_seconds'),
    error: text('error'),
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: createdAt(),
    producedAt: at('produced_at'),
  },
  (t) => [index('portal_bulletin_site_idx').on(t.siteId, t.createdAt.desc())],
);
