import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.ts';
import { staff, unit } from '../organisation/organisation.schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** An entry of a site's menu: a category, a fixed page of the site, or an outside link. */
export type MenuItem =
  | { kind: 'category'; categoryId: string; label?: string }
  | { kind: 'page'; page: 'home' | 'petitions' | 'tracking' | 'contact' | 'search'; label?: string }
  | { kind: 'link'; href: string; label: string };

/** What the contact page shows: the unit's public office, never a person's private data. */
export interface SiteContact {
  address?: string;
  phone?: string;
  email?: string;
  hours?: string;
  mapUrl?: string;
}

/**
 * The life of an article: a draft is written, sent for review (`review`), approved by a leader
 * (`approved`), then published now (`published`) or at a time (`scheduled`); a published article
 * may be unpublished (`unpublished`, off the public site, kept with its revisions).
 */
export const ARTICLE_STATUSES = [
  'draft',
  'review',
  'approved',
  'scheduled',
  'published',
  'unpublished',
] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const MEDIA_KINDS = ['image', 'video', 'file'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** An image's resized renditions (sharp): width → storage keys per format. */
export interface ImageVariant {
  width: number;
  height: number;
  webp: string;
  avif?: string;
  jpeg: string;
}

/**
 * A unit's public site (trang thông tin điện tử): served under `/trang/{slug}` and, when a host
 * name is configured, at the root of that host. A province's site may show its communes' news.
 */
export const portalSite = pgTable(
  'portal_site',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .unique()
      .references(() => unit.id),
    /** The path segment: lowercase ASCII words joined by hyphens ("lam-dong", "xa-an-binh"). */
    slug: text('slug').notNull().unique(),
    /** A host name serving the site at its root (e.g. "mattran.lamdong.gov.vn"), lowercase. */
    host: text('host').unique(),
    name: text('name').notNull(),
    tagline: text('tagline').notNull().default(''),
    /** The emblem (an image of the media library). */
    emblemMediaId: uuid('emblem_media_id'),
    menu: jsonb('menu').$type<MenuItem[]>().notNull().default(sql`'[]'::jsonb`),
    contact: jsonb('contact').$type<SiteContact>().notNull().default(sql`'{}'::jsonb`),
    /** Show the published news of the sites of units below this one (a province's communes). */
    aggregateChildren: boolean('aggregate_children').notNull().default(false),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check('portal_site_slug_format', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)],
);

/** A category (chuyên mục) of a site's articles, with its own page and feeds. */
export const portalCategory = pgTable(
  'portal_category',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => portalSite.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    unique('portal_category_site_slug').on(t.siteId, t.slug),
    check('portal_category_slug_format', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
  ],
);

/** A tag (thẻ) of a site's articles. */
export const portalTag = pgTable(
  'portal_tag',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => portalSite.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('portal_tag_site_slug').on(t.siteId, t.slug),
    check('portal_tag_slug_format', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
  ],
);

/**
 * A file of a unit's media library: an image (stored original + resized WebP/AVIF/JPEG renditions),
 * a video embedded from YouTube or Facebook by URL, or an attachment. Files live in the platform
 * storage (content-addressed keys); rows here are what the editors search and reuse.
 */
export const portalMedia = pgTable(
  'portal_media',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => portalSite.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: MEDIA_KINDS }).notNull(),
    /** Storage key of the original file (null for an embedded video). */
    storageKey: text('storage_key'),
    fileName: text('file_name').notNull().default(''),
    contentType: text('content_type'),
    size: bigint('size', { mode: 'number' }),
    width: integer('width'),
    height: integer('height'),
    variants: jsonb('variants').$type<ImageVariant[]>().notNull().default(sql`'[]'::jsonb`),
    /** The embed's canonical URL (https://www.youtube.com/embed/…, Facebook's video plugin URL). */
    embedUrl: text('embed_url'),
    /** Alternative text, required for images shown on the public site. */
    alt: text('alt').notNull().default(''),
    caption: text('caption').notNull().default(''),
    /** Folded (no diacritics, lowercase) name, alt and caption: the library's search. */
    folded: text('folded').notNull().default(''),
    uploadedBy: uuid('uploaded_by').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('portal_media_site_idx').on(t.siteId, t.createdAt.desc()),
    index('portal_media_folded_trgm_idx').using('gin', sql`${t.folded} gin_trgm_ops`),
  ],
);

/** An article (bài viết) of a site, through its editorial workflow; the body is sanitised HTML. */
export const portalArticle = pgTable(
  'portal_article',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => portalSite.id),
    categoryId: uuid('category_id').references(() => portalCategory.id, { onDelete: 'set null' }),
    /** The URL slug: the title without diacritics, unique within the site. */
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    /** Sanitised on save (and again on render): the allowed tags and attributes only. */
    bodyHtml: text('body_html').notNull().default(''),
    coverMediaId: uuid('cover_media_id').references(() => portalMedia.id, { onDelete: 'set null' }),
    status: text('status', { enum: ARTICLE_STATUSES }).notNull().default('draft'),
    /** When a scheduled article goes out (the publishing job picks it up). */
    scheduledAt: at('scheduled_at'),
    /** First publication: the date shown and the feeds' order; kept through an unpublish. */
    publishedAt: at('published_at'),
    /** The revision number of the current text (portal_article_revision.version). */
    version: integer('version').notNull().default(1),
    /** Folded title, summary and body text: the public search (diacritics optional). */
    folded: text('folded').notNull().default(''),
    authorId: uuid('author_id').references(() => staff.id),
    reviewedBy: uuid('reviewed_by').references(() => staff.id),
    approvedBy: uuid('approved_by').references(() => staff.id),
    publishedBy: uuid('published_by').references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('portal_article_site_slug').on(t.siteId, t.slug),
    check('portal_article_slug_format', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check(
      'portal_article_scheduled_has_time',
      sql`${t.status} <> 'scheduled' OR ${t.scheduledAt} IS NOT NULL`,
    ),
    check(
      'portal_article_published_has_time',
      sql`${t.status} <> 'published' OR ${t.publishedAt} IS NOT NULL`,
    ),
    index('portal_article_site_published_idx')
      .on(t.siteId, t.publishedAt.desc())
      .where(sql`${t.status} = 'published'`),
    index('portal_article_category_published_idx')
      .on(t.categoryId, t.publishedAt.desc())
      .where(sql`${t.status} = 'published'`),
    index('portal_article_scheduled_idx').on(t.scheduledAt).where(sql`${t.status} = 'scheduled'`),
    index('portal_article_site_status_idx').on(t.siteId, t.status, t.updatedAt.desc()),
    // Public search: trigram GIN on the folded text (pg_trgm), words matched diacritics-free.
    index('portal_article_folded_trgm_idx').using('gin', sql`${t.folded} gin_trgm_ops`),
  ],
);

export const portalArticleTag = pgTable(
  'portal_article_tag',
  {
    articleId: uuid('article_id')
      .notNull()
      .references(() => portalArticle.id, { onDelete: 'cascade' }),
    tagId: uuid('tag_id')
      .notNull()
      .references(() => portalTag.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.tagId] }), index('portal_article_tag_tag_idx').on(t.tagId)],
);

/** Every saved text of an article: the revisions a diff is shown between. */
export const portalArticleRevision = pgTable(
  'portal_article_revision',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => portalArticle.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    bodyHtml: text('body_html').notNull(),
    editorId: uuid('editor_id').references(() => staff.id),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('portal_article_revision_version').on(t.articleId, t.version)],
);
