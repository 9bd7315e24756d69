import type { PortalArticle, PortalRevisionDiff } from '@mts/contracts';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { UUID_PATTERN } from '../../../platform/policy/index.ts';
import type { ArticleStatus } from '../portal.schema.ts';
import { articleNotFound, unknownRevision } from './errors.ts';
import { diffRevisions } from './revisions.ts';

/** Reading an article for the staff app: details, its revisions, and the diff between two. */

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

type ArticleRow = {
  id: string;
  site_id: string;
  site_name: string;
  slug: string;
  title: string;
  summary: string;
  body_html: string;
  status: ArticleStatus;
  category_id: string | null;
  category_slug: string | null;
  category_name: string | null;
  cover_media_id: string | null;
  version: number;
  author_id: string | null;
  author_name: string | null;
  approved_by: string | null;
  approver_name: string | null;
  published_by: string | null;
  scheduled_at: Date | null;
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

export async function readArticle(db: Queryable, id: string): Promise<PortalArticle> {
  if (!UUID_PATTERN.test(id)) throw articleNotFound();
  const result = await db.execute<ArticleRow>(sql`
    SELECT a.id, a.site_id, s.name AS site_name, a.slug, a.title, a.summary, a.body_html, a.status,
           a.category_id, c.slug AS category_slug, c.name AS category_name, a.cover_media_id, a.version,
           a.author_id, au.full_name AS author_name, a.approved_by, ap.full_name AS approver_name,
           a.published_by, a.scheduled_at, a.published_at, a.created_at, a.updated_at
      FROM portal_article a
      JOIN portal_site s ON s.id = a.site_id
      LEFT JOIN portal_category c ON c.id = a.category_id
      LEFT JOIN staff au ON au.id = a.author_id
      LEFT JOIN staff ap ON ap.id = a.approved_by
     WHERE a.id = ${id}`);
  const r = result.rows[0];
  if (!r) throw articleNotFound();
  const [tags, history] = await Promise.all([
    db.execute<{ id: string; slug: string; name: string }>(sql`
      SELECT t.id, t.slug, t.name FROM portal_article_tag at JOIN portal_tag t ON t.id = at.tag_id
       WHERE at.article_id = ${id} ORDER BY t.name`),
    db.execute<{ action: string; actor_label: string; at: Date }>(sql`
      SELECT action, actor_label, at FROM audit_log
       WHERE entity_type = 'portal_article' AND entity_id = ${id} ORDER BY id`),
  ]);
  return {
    id: r.id,
    siteId: r.site_id,
    siteName: r.site_name,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    bodyHtml: r.body_html,
    status: r.status,
    categoryId: r.category_id,
    category: r.category_id ? { id: r.category_id, slug: r.category_slug!, name: r.category_name! } : null,
    tags: tags.rows,
    coverMediaId: r.cover_media_id,
    version: r.version,
    authorId: r.author_id,
    authorName: r.author_name,
    approvedBy: r.approved_by,
    approverName: r.approver_name,
    publishedBy: r.published_by,
    scheduledAt: iso(r.scheduled_at),
    publishedAt: iso(r.published_at),
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    history: history.rows.map((h) => ({
      action: h.action,
      actorLabel: h.actor_label,
      at: new Date(h.at).toISOString(),
    })),
  };
}

export async function listRevisions(db: Queryable, articleId: string) {
  const result = await db.execute<{
    version: number;
    editor_id: string | null;
    editor_name: string | null;
    note: string;
    created_at: Date;
  }>(sql`
    SELECT r.version, r.editor_id, st.full_name AS editor_name, r.note, r.created_at
      FROM portal_article_revision r LEFT JOIN staff st ON st.id = r.editor_id
     WHERE r.article_id = ${articleId} ORDER BY r.version DESC`);
  return result.rows.map((r) => ({
    version: r.version,
    editorId: r.editor_id,
    editorName: r.editor_name,
    note: r.note,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export async function diffArticleRevisions(
  db: Queryable,
  articleId: string,
  from: number,
  to: number,
): Promise<PortalRevisionDiff> {
  const result = await db.execute<{ version: number; title: string; summary: string; body_html: string }>(sql`
    SELECT version, title, summary, body_html FROM portal_article_revision
     WHERE article_id = ${articleId} AND version IN (${from}, ${to})`);
  const a = result.rows.find((r) => r.version === from);
  const b = result.rows.find((r) => r.version === to);
  if (!a || !b) throw unknownRevision();
  const diff = diffRevisions(
    { title: a.title, summary: a.summary, bodyHtml: a.body_html },
    { title: b.title, summary: b.summary, bodyHtml: b.body_html },
  );
  return { from, to, ...diff };
}
