import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import type { ImageVariant, MenuItem, SiteContact } from '../portal.schema.ts';

/**
 * The public sites' queries: active sites, published articles only, each list in one query (its
 * category, cover and site joined in, the total alongside) — never one query per row.
 */

export interface MediaRef {
  id: string;
  alt: string;
  width: number | null;
  height: number | null;
  variants: ImageVariant[];
}

export interface SiteRow {
  id: string;
  slug: string;
  host: string | null;
  name: string;
  tagline: string;
  menu: MenuItem[];
  contact: SiteContact;
  aggregateChildren: boolean;
  updatedAt: Date;
  unitId: string;
  unitName: string;
  emblem: MediaRef | null;
  categories: CategoryRow[];
}

export interface CategoryRow {
  id: string;
  slug: string;
  name: string;
  description: string;
}

export type TagRow = {
  id: string;
  slug: string;
  name: string;
};

export interface ArticleSummary {
  id: string;
  slug: string;
  title: string;
  summary: string;
  publishedAt: Date;
  updatedAt: Date;
  category: { slug: string; name: string } | null;
  cover: MediaRef | null;
  /** The site it belongs to (differs from the page's site in a province's list of its communes' news). */
  site: { id: string; slug: string; name: string; unitName: string };
}

export interface Article extends ArticleSummary {
  bodyHtml: string;
  tags: TagRow[];
}

const date = (value: Date | string) => new Date(value);
const mediaJson = (alias: string) =>
  sql.raw(
    `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'alt', ${alias}.alt, 'width', ${alias}.width, 'height', ${alias}.height, 'variants', ${alias}.variants) END`,
  );

export async function listActiveSites(db: Queryable) {
  const rows = await db.execute<{ slug: string; name: string; tagline: string; updated_at: string }>(sql`
    SELECT slug, name, tagline, updated_at FROM portal_site WHERE is_active ORDER BY name`);
  return rows.rows.map((r) => ({
    slug: r.slug,
    name: r.name,
    tagline: r.tagline,
    updatedAt: date(r.updated_at),
  }));
}

/** An active site by slug, with its unit's name, emblem and categories (the menu needs them). */
export async function findSite(db: Queryable, slug: string): Promise<SiteRow | null> {
  const rows = await db.execute<Record<string, unknown>>(sql`
    SELECT s.id, s.slug, s.host, s.name, s.tagline, s.menu, s.contact, s.aggregate_children, s.updated_at,
           u.id AS unit_id, u.name AS unit_name, ${mediaJson('m')} AS emblem,
           coalesce((SELECT json_agg(json_build_object('id', c.id, 'slug', c.slug, 'name', c.name,
                       'description', c.description) ORDER BY c.sort_order, c.name)
                       FROM portal_category c WHERE c.site_id = s.id), '[]') AS categories
      FROM portal_site s
      JOIN unit u ON u.id = s.unit_id
      LEFT JOIN portal_media m ON m.id = s.emblem_media_id AND m.kind = 'image'
     WHERE s.slug = ${slug} AND s.is_active`);
  const r = rows.rows[0];
  if (!r) return null;
  return {
    id: r.id as string,
    slug: r.slug as string,
    host: r.host as string | null,
    name: r.name as string,
    tagline: r.tagline as string,
    menu: r.menu as MenuItem[],
    contact: r.contact as SiteContact,
    aggregateChildren: r.aggregate_children as boolean,
    updatedAt: date(r.updated_at as string),
    unitId: r.unit_id as string,
    unitName: r.unit_name as string,
    emblem: r.emblem as MediaRef | null,
    categories: r.categories as CategoryRow[],
  };
}

export interface ArticleFilter {
  siteId: string;
  /** The published articles of the other active sites of units below this site's unit. */
  children?: boolean;
  categoryId?: string;
  tagId?: string;
  /** Folded words, every one of which must occur in the article's folded text. */
  words?: string[];
  limit: number;
  offset?: number;
}

const summaryColumns = sql`
  a.id, a.slug, a.title, a.summary, a.published_at, a.updated_at,
  CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('slug', c.slug, 'name', c.name) END AS category,
  ${mediaJson('m')} AS cover,
  json_build_object('id', s.id, 'slug', s.slug, 'name', s.name, 'unitName', u.name) AS site`;

const summaryJoins = sql`
  JOIN portal_site s ON s.id = a.site_id
  JOIN unit u ON u.id = s.unit_id
  LEFT JOIN portal_category c ON c.id = a.category_id
  LEFT JOIN portal_media m ON m.id = a.cover_media_id AND m.kind = 'image'`;

const toSummary = (r: Record<string, unknown>): ArticleSummary => ({
  id: r.id as string,
  slug: r.slug as string,
  title: r.title as string,
  summary: r.summary as string,
  publishedAt: date(r.published_at as string),
  updatedAt: date(r.updated_at as string),
  category: r.category as ArticleSummary['category'],
  cover: r.cover as MediaRef | null,
  site: r.site as ArticleSummary['site'],
});

/** One page of published articles, newest first, and how many there are in all. */
export async function listArticles(db: Queryable, filter: ArticleFilter) {
  const where: SQL[] = [sql`a.status = 'published'`];
  if (filter.children) {
    where.push(sql`s.is_active AND s.id <> ${filter.siteId} AND u.path <@ (
      SELECT su.path FROM portal_site ps JOIN unit su ON su.id = ps.unit_id WHERE ps.id = ${filter.siteId})`);
  } else where.push(sql`a.site_id = ${filter.siteId}`);
  if (filter.categoryId) where.push(sql`a.category_id = ${filter.categoryId}`);
  if (filter.tagId)
    where.push(
      sql`EXISTS (SELECT 1 FROM portal_article_tag t WHERE t.article_id = a.id AND t.tag_id = ${filter.tagId})`,
    );
  for (const word of filter.words ?? []) where.push(sql`a.folded ILIKE ${`%${word}%`}`);
  const rows = await db.execute<Record<string, unknown>>(sql`
    SELECT ${summaryColumns}, count(*) OVER () AS total
      FROM portal_article a ${summaryJoins}
     WHERE ${sql.join(where, sql` AND `)}
     ORDER BY a.published_at DESC, a.id
     LIMIT ${filter.limit} OFFSET ${filter.offset ?? 0}`);
  return { items: rows.rows.map(toSummary), total: Number(rows.rows[0]?.total ?? 0) };
}

/** A published article of a site, with its tags; null for a draft, an unpublished or unknown slug. */
export async function findArticle(db: Queryable, siteId: string, slug: string): Promise<Article | null> {
  const rows = await db.execute<Record<string, unknown>>(sql`
    SELECT ${summaryColumns}, a.body_html,
           coalesce((SELECT json_agg(json_build_object('id', g.id, 'slug', g.slug, 'name', g.name) ORDER BY g.name)
                       FROM portal_article_tag t JOIN portal_tag g ON g.id = t.tag_id
                      WHERE t.article_id = a.id), '[]') AS tags
      FROM portal_article a ${summaryJoins}
     WHERE a.site_id = ${siteId} AND a.slug = ${slug} AND a.status = 'published'`);
  const r = rows.rows[0];
  if (!r) return null;
  return { ...toSummary(r), bodyHtml: r.body_html as string, tags: r.tags as TagRow[] };
}

export async function findTag(db: Queryable, siteId: string, slug: string): Promise<TagRow | null> {
  const rows = await db.execute<TagRow>(
    sql`SELECT id, slug, name FROM portal_tag WHERE site_id = ${siteId} AND slug = ${slug}`,
  );
  return rows.rows[0] ?? null;
}

export async function listTags(db: Queryable, siteId: string): Promise<TagRow[]> {
  const rows = await db.execute<TagRow>(
    sql`SELECT id, slug, name FROM portal_tag WHERE site_id = ${siteId} ORDER BY name`,
  );
  return rows.rows;
}

/** Every published article of a site (the sitemap): slug and last change. */
export async function listPublishedSlugs(db: Queryable, siteId: string) {
  const rows = await db.execute<{ slug: string; updated_at: string }>(sql`
    SELECT slug, updated_at FROM portal_article
     WHERE site_id = ${siteId} AND status = 'published' ORDER BY published_at DESC LIMIT 50000`);
  return rows.rows.map((r) => ({ slug: r.slug, updatedAt: date(r.updated_at) }));
}

export interface PublicPetitionRow {
  serial: number;
  title: string;
  status: string;
  receivedAt: Date;
  unitName: string;
}

/**
 * The latest petitions of the unit's area that the public may see (listed, not hidden): serial,
 * the public title, status, date and area — nothing of the petitioner.
 */
export async function listAreaPetitions(
  db: Queryable,
  unitId: string,
  limit = 20,
): Promise<PublicPetitionRow[]> {
  const rows = await db.execute<{
    serial: string;
    title: string;
    status: string;
    received_at: string;
    unit_name: string;
  }>(sql`
    SELECT p.serial, coalesce(p.public_title, p.title) AS title, p.status, p.received_at, u.name AS unit_name
      FROM petition p JOIN unit u ON u.id = p.unit_id
     WHERE p.is_public AND p.hidden_at IS NULL AND p.status <> 'draft'
       AND u.path <@ (SELECT path FROM unit WHERE id = ${unitId})
     ORDER BY p.received_at DESC
     LIMIT ${limit}`);
  return rows.rows.map((r) => ({
    serial: Number(r.serial),
    title: r.title,
    status: r.status,
    receivedAt: date(r.received_at),
    unitName: r.unit_name,
  }));
}
