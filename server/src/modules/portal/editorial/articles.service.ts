import type {
  CreatePortalArticle,
  PortalArticle,
  PortalArticleListQuery,
  UpdatePortalArticle,
} from '@mts/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../../db/client.ts';
import { type AuditContext, recordAudit } from '../../../platform/audit/index.ts';
import { type Actor, isInScope, pathWithin, scopePaths } from '../../../platform/policy/index.ts';
import type { Realtime } from '../../../platform/realtime/index.ts';
import { foldVietnamese, slugify } from '../../../platform/text/index.ts';
import { SITE_CHANGED_TOPIC } from '../index.ts';
import type { ArticleStatus } from '../portal.schema.ts';
import { htmlToText, sanitiseArticleHtml } from '../sanitise.ts';
import { readArticle } from './articles.read.ts';
import {
  articleNotFound,
  articleSlugTaken,
  badReference,
  publishNotAllowed,
  scheduleInPast,
  siteNotFound,
  uniqueViolation,
  writeOutOfScope,
  wrongStatus,
} from './errors.ts';
import { siteRef } from './scope.ts';
import { ensureTags } from './taxonomy.service.ts';
import { type ArticleAction, statusAfterEdit, transitionOf } from './workflow.ts';

/**
 * Articles: writing (each save a revision, HTML sanitised on save), the workflow (workflow.ts), and
 * the staff lists. Every change is audited in the same transaction; changes the public can see
 * (publication, correction, unpublish) drop the site's cache through SITE_CHANGED_TOPIC.
 */

/** A scheduled time must be at least this far ahead (the publishing job runs every minute). */
const MIN_SCHEDULE_AHEAD_MS = 60_000;

const foldedOf = (title: string, summary: string, bodyHtml: string) =>
  foldVietnamese(`${title} ${summary} ${htmlToText(bodyHtml)}`);

type LockedArticle = {
  id: string;
  site_id: string;
  unit_id: string;
  unit_path: string;
  status: ArticleStatus;
  slug: string;
  title: string;
  summary: string;
  body_html: string;
  category_id: string | null;
  cover_media_id: string | null;
  version: number;
  published_at: Date | null;
  scheduled_at: Date | null;
};

async function lock(tx: Queryable, id: string): Promise<LockedArticle> {
  const result = await tx.execute<LockedArticle>(sql`
    SELECT a.id, a.site_id, s.unit_id, u.path::text AS unit_path, a.status, a.slug, a.title, a.summary,
           a.body_html, a.category_id, a.cover_media_id, a.version, a.published_at, a.scheduled_at
      FROM portal_article a JOIN portal_site s ON s.id = a.site_id JOIN unit u ON u.id = s.unit_id
     WHERE a.id = ${id} FOR UPDATE OF a`);
  const row = result.rows[0];
  if (!row) throw articleNotFound();
  return row;
}

async function checkCategory(tx: Queryable, siteId: string, categoryId: string) {
  const found = await tx.execute(
    sql`SELECT 1 FROM portal_category WHERE id = ${categoryId} AND site_id = ${siteId}`,
  );
  if (!found.rows.length)
    throw badReference(
      'body.categoryId',
      'Chuyên mục không thuộc trang này: hãy chọn lại.',
      'Category of another site.',
    );
}

async function checkCover(tx: Queryable, siteId: string, mediaId: string) {
  const found = await tx.execute(
    sql`SELECT 1 FROM portal_media WHERE id = ${mediaId} AND site_id = ${siteId} AND kind = 'image'`,
  );
  if (!found.rows.length)
    throw badReference(
      'body.coverMediaId',
      'Ảnh đại diện phải là một ảnh trong thư viện của trang này.',
      'The cover must be an image of this site’s library.',
    );
}

async function slugTaken(tx: Queryable, siteId: string, slug: string, exceptId: string | null) {
  const found = await tx.execute(sql`
    SELECT 1 FROM portal_article WHERE site_id = ${siteId} AND slug = ${slug} AND id IS DISTINCT FROM ${exceptId}::uuid`);
  return found.rows.length > 0;
}

/** slugify(title), or its first free variant "-2", "-3"… within the site. */
async function automaticSlug(tx: Queryable, siteId: string, title: string) {
  const base = slugify(title) || 'bai-viet';
  const found = await tx.execute<{ slug: string }>(sql`
    SELECT slug FROM portal_article
     WHERE site_id = ${siteId} AND (slug = ${base} OR slug ~ ${`^${base}-[0-9]+$`})`);
  const taken = new Set(found.rows.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

async function setTags(tx: Queryable, articleId: string, siteId: string, names: readonly string[]) {
  const ids = await ensureTags(tx, siteId, names);
  await tx.execute(sql`DELETE FROM portal_article_tag WHERE article_id = ${articleId}`);
  for (const tagId of ids)
    await tx.execute(
      sql`INSERT INTO portal_article_tag (article_id, tag_id) VALUES (${articleId}, ${tagId})`,
    );
}

async function addRevision(
  tx: Queryable,
  a: { id: string; version: number; title: string; summary: string; bodyHtml: string },
  editorId: string | null,
  note: string,
) {
  await tx.execute(sql`
    INSERT INTO portal_article_revision (article_id, version, title, summary, body_html, editor_id, note)
    VALUES (${a.id}, ${a.version}, ${a.title}, ${a.summary}, ${a.bodyHtml}, ${editorId}, ${note})`);
}

export function createArticlesService(deps: { db: Database; realtime: Pick<Realtime, 'publish'> }) {
  const { db, realtime } = deps;
  const siteChanged = (tx: Queryable, siteId: string) => realtime.publish(tx, SITE_CHANGED_TOPIC, { siteId });

  async function list(actor: Actor, query: PortalArticleListQuery) {
    const where: SQL[] = [pathWithin(sql`u.path`, scopePaths(actor, 'portal.read'))];
    if (query.siteId) where.push(sql`a.site_id = ${query.siteId}`);
    if (query.status) where.push(sql`a.status = ${query.status}`);
    if (query.categoryId) where.push(sql`a.category_id = ${query.categoryId}`);
    // Every word of q must appear in the folded text (trigram index), diacritics optional.
    for (const word of foldVietnamese(query.q ?? '')
      .split(' ')
      .filter(Boolean))
      where.push(sql`a.folded LIKE ${`%${word.replace(/[\\%_]/g, '\\$&')}%`}`);
    const condition = sql.join(where, sql` AND `);
    const from = sql`FROM portal_article a JOIN portal_site s ON s.id = a.site_id JOIN unit u ON u.id = s.unit_id`;
    const [rows, total] = await Promise.all([
      db.execute<{
        id: string;
        site_id: string;
        site_name: string;
        slug: string;
        title: string;
        summary: string;
        status: ArticleStatus;
        category_id: string | null;
        version: number;
        author_name: string | null;
        scheduled_at: Date | null;
        published_at: Date | null;
        updated_at: Date;
      }>(sql`
        SELECT a.id, a.site_id, s.name AS site_name, a.slug, a.title, a.summary, a.status, a.category_id,
               a.version, st.full_name AS author_name, a.scheduled_at, a.published_at, a.updated_at
          ${from} LEFT JOIN staff st ON st.id = a.author_id
         WHERE ${condition} ORDER BY a.updated_at DESC, a.id LIMIT ${query.limit} OFFSET ${query.offset}`),
      db.execute<{ n: number }>(sql`SELECT count(*)::int AS n ${from} WHERE ${condition}`),
    ]);
    const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
    return {
      items: rows.rows.map((r) => ({
        id: r.id,
        siteId: r.site_id,
        siteName: r.site_name,
        slug: r.slug,
        title: r.title,
        summary: r.summary,
        status: r.status,
        categoryId: r.category_id,
        version: r.version,
        authorName: r.author_name,
        scheduledAt: iso(r.scheduled_at),
        publishedAt: iso(r.published_at),
        updatedAt: new Date(r.updated_at).toISOString(),
      })),
      total: total.rows[0]!.n,
    };
  }

  const get = (id: string): Promise<PortalArticle> => readArticle(db, id);

  async function create(actor: Actor, input: CreatePortalArticle, audit: AuditContext) {
    const id = await db
      .transaction(async (tx) => {
        const site = await siteRef(tx, input.siteId);
        if (!site || !isInScope(actor, 'portal.read', site.unitPath)) {
          if (!site || !isInScope(actor, 'portal.write', site.unitPath)) throw siteNotFound();
        }
        if (!isInScope(actor, 'portal.write', site.unitPath)) throw writeOutOfScope();
        if (input.categoryId) await checkCategory(tx, site.id, input.categoryId);
        if (input.coverMediaId) await checkCover(tx, site.id, input.coverMediaId);
        let slug: string;
        if (input.slug) {
          if (await slugTaken(tx, site.id, input.slug, null)) throw articleSlugTaken(input.slug);
          slug = input.slug;
        } else slug = await automaticSlug(tx, site.id, input.title);
        const bodyHtml = sanitiseArticleHtml(input.bodyHtml);
        const result = await tx.execute<{ id: string }>(sql`
          INSERT INTO portal_article (site_id, category_id, slug, title, summary, body_html, cover_media_id,
                                      status, version, folded, author_id)
          VALUES (${site.id}, ${input.categoryId ?? null}, ${slug}, ${input.title}, ${input.summary}, ${bodyHtml},
                  ${input.coverMediaId ?? null}, 'draft', 1, ${foldedOf(input.title, input.summary, bodyHtml)},
                  ${actor.staffId})
          RETURNING id`);
        const id = result.rows[0]!.id;
        await addRevision(
          tx,
          { id, version: 1, title: input.title, summary: input.summary, bodyHtml },
          actor.staffId,
          '',
        );
        if (input.tags.length) await setTags(tx, id, site.id, input.tags);
        await recordAudit(tx, audit, {
          action: 'portal.article.create',
          entityType: 'portal_article',
          entityId: id,
          unitId: site.unitId,
          after: { slug, title: input.title, status: 'draft', version: 1 },
        });
        return id;
      })
      .catch((error) => {
        if (uniqueViolation(error) !== null) throw articleSlugTaken(input.slug ?? slugify(input.title));
        throw error;
      });
    return readArticle(db, id);
  }

  /**
   * Saves a new revision. An approved or scheduled article returns to review (approval redone);
   * a published one stays published (a correction: portal.publish over the site's unit).
   */
  async function update(actor: Actor, id: string, input: UpdatePortalArticle, audit: AuditContext) {
    await db
      .transaction(async (tx) => {
        const a = await lock(tx, id);
        const after = statusAfterEdit(a.status);
        if (after.needsPublish && !isInScope(actor, 'portal.publish', a.unit_path)) throw publishNotAllowed();
        if (input.categoryId) await checkCategory(tx, a.site_id, input.categoryId);
        if (input.coverMediaId) await checkCover(tx, a.site_id, input.coverMediaId);
        if (input.slug && input.slug !== a.slug && (await slugTaken(tx, a.site_id, input.slug, id)))
          throw articleSlugTaken(input.slug);
        const title = input.title ?? a.title;
        const summary = input.summary ?? a.summary;
        const bodyHtml = input.bodyHtml === undefined ? a.body_html : sanitiseArticleHtml(input.bodyHtml);
        const version = a.version + 1;
        await tx.execute(sql`
          UPDATE portal_article
             SET title = ${title}, summary = ${summary}, body_html = ${bodyHtml}, slug = ${input.slug ?? a.slug},
                 category_id = ${input.categoryId === undefined ? a.category_id : input.categoryId},
                 cover_media_id = ${input.coverMediaId === undefined ? a.cover_media_id : input.coverMediaId},
                 folded = ${foldedOf(title, summary, bodyHtml)}, version = ${version}, status = ${after.status},
                 approved_by = ${after.resetApproval ? sql`NULL` : sql`approved_by`},
                 scheduled_at = ${after.resetApproval ? sql`NULL` : sql`scheduled_at`},
                 updated_at = now()
           WHERE id = ${id}`);
        await addRevision(tx, { id, version, title, summary, bodyHtml }, actor.staffId, input.note);
        if (input.tags) await setTags(tx, id, a.site_id, input.tags);
        await recordAudit(tx, audit, {
          action: a.status === 'published' ? 'portal.article.correct' : 'portal.article.update',
          entityType: 'portal_article',
          entityId: id,
          unitId: a.unit_id,
          before: { status: a.status, version: a.version, title: a.title, slug: a.slug },
          after: { status: after.status, version, title, slug: input.slug ?? a.slug, note: input.note },
        });
        if (a.status === 'published') await siteChanged(tx, a.site_id);
      })
      .catch((error) => {
        if (uniqueViolation(error) !== null) throw articleSlugTaken(input.slug ?? '');
        throw error;
      });
    return readArticle(db, id);
  }

  /** Moves the article through the workflow; the route has checked the action's permission. */
  async function transition(
    actor: Actor,
    id: string,
    action: Exclude<ArticleAction, 'schedule'>,
    options: { reason?: string; at?: string },
    audit: AuditContext,
  ) {
    const at = action === 'publish' && options.at ? new Date(options.at) : null;
    if (at && at.getTime() < Date.now() + MIN_SCHEDULE_AHEAD_MS) throw scheduleInPast();
    const effective: ArticleAction = at ? 'schedule' : action;
    await db.transaction(async (tx) => {
      const a = await lock(tx, id);
      const result = transitionOf(a.status, effective);
      if (!result.ok) throw wrongStatus(result.vi, result.en);
      const set: Record<ArticleAction, SQL> = {
        submit: sql`reviewed_by = NULL`,
        approve: sql`approved_by = ${actor.staffId}, reviewed_by = ${actor.staffId}`,
        return: sql`approved_by = NULL, scheduled_at = NULL`,
        publish: sql`published_at = coalesce(published_at, now()), published_by = ${actor.staffId}, scheduled_at = NULL`,
        schedule: sql`scheduled_at = ${at}, published_by = ${actor.staffId}`,
        unpublish: sql`scheduled_at = NULL`,
        republish: sql`published_at = coalesce(published_at, now()), published_by = ${actor.staffId}`,
      };
      await tx.execute(sql`
        UPDATE portal_article SET status = ${result.to}, ${set[effective]}, updated_at = now() WHERE id = ${id}`);
      await recordAudit(tx, audit, {
        action: `portal.article.${effective}`,
        entityType: 'portal_article',
        entityId: id,
        unitId: a.unit_id,
        before: { status: a.status },
        after: {
          status: result.to,
          ...(at && { scheduledAt: at.toISOString() }),
          ...(options.reason && { reason: options.reason }),
        },
      });
      if (a.status === 'published' || result.to === 'published' || a.status === 'scheduled')
        await siteChanged(tx, a.site_id);
    });
    return readArticle(db, id);
  }

  return { list, get, create, update, transition };
}

export type ArticlesService = ReturnType<typeof createArticlesService>;
