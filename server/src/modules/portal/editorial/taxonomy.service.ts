import type { createPortalCategorySchema, updatePortalCategorySchema } from '@mts/contracts';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Queryable } from '../../../db/client.ts';
import { type AuditContext, recordAudit } from '../../../platform/audit/index.ts';
import type { Realtime } from '../../../platform/realtime/index.ts';
import { slugify } from '../../../platform/text/index.ts';
import { SITE_CHANGED_TOPIC } from '../index.ts';
import {
  categoryNotFound,
  categorySlugTaken,
  emptySlug,
  siteNotFound,
  tagNotFound,
  uniqueViolation,
} from './errors.ts';
import { siteRef } from './scope.ts';

/**
 * Categories (chuyên mục) and tags (thẻ) of a site. Categories are configured (portal.configure);
 * tags are created by articles naming them and may be deleted. Changes drop the site's cache.
 */

type CategoryRow = {
  id: string;
  site_id: string;
  slug: string;
  name: string;
  description: string;
  sort_order: number;
};
const toCategory = (r: CategoryRow) => ({
  id: r.id,
  siteId: r.site_id,
  slug: r.slug,
  name: r.name,
  description: r.description,
  sortOrder: r.sort_order,
});

async function lockCategory(tx: Queryable, id: string) {
  const result = await tx.execute<CategoryRow & { unit_id: string }>(sql`
    SELECT c.id, c.site_id, c.slug, c.name, c.description, c.sort_order, s.unit_id
      FROM portal_category c JOIN portal_site s ON s.id = c.site_id WHERE c.id = ${id} FOR UPDATE OF c`);
  const row = result.rows[0];
  if (!row) throw categoryNotFound();
  return row;
}

async function checkCategorySlug(tx: Queryable, siteId: string, slug: string, exceptId: string | null) {
  const taken = await tx.execute(sql`
    SELECT 1 FROM portal_category WHERE site_id = ${siteId} AND slug = ${slug} AND id IS DISTINCT FROM ${exceptId}::uuid`);
  if (taken.rows.length) throw categorySlugTaken(slug);
}

export function createTaxonomyService(deps: { db: Database; realtime: Pick<Realtime, 'publish'> }) {
  const { db, realtime } = deps;

  async function listCategories(siteId: string) {
    const result = await db.execute<CategoryRow>(sql`
      SELECT id, site_id, slug, name, description, sort_order FROM portal_category
       WHERE site_id = ${siteId} ORDER BY sort_order, name`);
    return result.rows.map(toCategory);
  }

  async function createCategory(
    siteId: string,
    input: z.infer<typeof createPortalCategorySchema>,
    audit: AuditContext,
  ) {
    const slug = input.slug ?? slugify(input.name);
    if (!slug) throw emptySlug('body.slug');
    return db
      .transaction(async (tx) => {
        const site = await siteRef(tx, siteId);
        if (!site) throw siteNotFound();
        await checkCategorySlug(tx, siteId, slug, null);
        const result = await tx.execute<CategoryRow>(sql`
          INSERT INTO portal_category (site_id, slug, name, description, sort_order)
          VALUES (${siteId}, ${slug}, ${input.name}, ${input.description}, ${input.sortOrder})
          RETURNING id, site_id, slug, name, description, sort_order`);
        const row = result.rows[0]!;
        await recordAudit(tx, audit, {
          action: 'portal.category.create',
          entityType: 'portal_category',
          entityId: row.id,
          unitId: site.unitId,
          after: toCategory(row),
        });
        await realtime.publish(tx, SITE_CHANGED_TOPIC, { siteId });
        return toCategory(row);
      })
      .catch((error) => {
        if (uniqueViolation(error) !== null) throw categorySlugTaken(slug);
        throw error;
      });
  }

  async function updateCategory(
    id: string,
    input: z.infer<typeof updatePortalCategorySchema>,
    audit: AuditContext,
  ) {
    return db
      .transaction(async (tx) => {
        const before = await lockCategory(tx, id);
        if (input.slug) await checkCategorySlug(tx, before.site_id, input.slug, id);
        const result = await tx.execute<CategoryRow>(sql`
          UPDATE portal_category
             SET slug = ${input.slug ?? before.slug}, name = ${input.name ?? before.name},
                 description = ${input.description ?? before.description},
                 sort_order = ${input.sortOrder ?? before.sort_order}
           WHERE id = ${id}
          RETURNING id, site_id, slug, name, description, sort_order`);
        const row = result.rows[0]!;
        await recordAudit(tx, audit, {
          action: 'portal.category.update',
          entityType: 'portal_category',
          entityId: id,
          unitId: before.unit_id,
          before: toCategory(before),
          after: toCategory(row),
        });
        await realtime.publish(tx, SITE_CHANGED_TOPIC, { siteId: row.site_id });
        return toCategory(row);
      })
      .catch((error) => {
        if (uniqueViolation(error) !== null) throw categorySlugTaken(input.slug ?? '');
        throw error;
      });
  }

  /** Articles of the category keep existing without one (ON DELETE SET NULL); the menu entry goes too. */
  async function deleteCategory(id: string, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const before = await lockCategory(tx, id);
      await tx.execute(sql`
        UPDATE portal_site
           SET menu = coalesce((SELECT jsonb_agg(m) FROM jsonb_array_elements(menu) m
                                 WHERE m->>'categoryId' IS DISTINCT FROM ${id}), '[]'::jsonb),
               updated_at = now()
         WHERE id = ${before.site_id}`);
      await tx.execute(sql`DELETE FROM portal_category WHERE id = ${id}`);
      await recordAudit(tx, audit, {
        action: 'portal.category.delete',
        entityType: 'portal_category',
        entityId: id,
        unitId: before.unit_id,
        before: toCategory(before),
      });
      await realtime.publish(tx, SITE_CHANGED_TOPIC, { siteId: before.site_id });
    });
  }

  async function listTags(siteId: string) {
    const result = await db.execute<{
      id: string;
      site_id: string;
      slug: string;
      name: string;
      n: number;
    }>(sql`
      SELECT t.id, t.site_id, t.slug, t.name, count(at.article_id)::int AS n
        FROM portal_tag t LEFT JOIN portal_article_tag at ON at.tag_id = t.id
       WHERE t.site_id = ${siteId} GROUP BY t.id ORDER BY t.name`);
    return result.rows.map((r) => ({
      id: r.id,
      siteId: r.site_id,
      slug: r.slug,
      name: r.name,
      articleCount: r.n,
    }));
  }

  async function deleteTag(id: string, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const result = await tx.execute<{ site_id: string; unit_id: string; slug: string; name: string }>(sql`
        SELECT t.site_id, s.unit_id, t.slug, t.name FROM portal_tag t JOIN portal_site s ON s.id = t.site_id
         WHERE t.id = ${id} FOR UPDATE OF t`);
      const tag = result.rows[0];
      if (!tag) throw tagNotFound();
      await tx.execute(sql`DELETE FROM portal_tag WHERE id = ${id}`);
      await recordAudit(tx, audit, {
        action: 'portal.tag.delete',
        entityType: 'portal_tag',
        entityId: id,
        unitId: tag.unit_id,
        before: { slug: tag.slug, name: tag.name },
      });
      await realtime.publish(tx, SITE_CHANGED_TOPIC, { siteId: tag.site_id });
    });
  }

  return { listCategories, createCategory, updateCategory, deleteCategory, listTags, deleteTag };
}

export type TaxonomyService = ReturnType<typeof createTaxonomyService>;

/**
 * The tag ids for `names` on a site, creating the missing ones (slug = slugify(name)); names
 * folding to the same slug are one tag. Names that make no slug are ignored.
 */
export async function ensureTags(tx: Queryable, siteId: string, names: readonly string[]): Promise<string[]> {
  const bySlug = new Map<string, string>();
  for (const name of names) {
    const slug = slugify(name, 60);
    if (slug && !bySlug.has(slug)) bySlug.set(slug, name.trim());
  }
  const ids: string[] = [];
  for (const [slug, name] of bySlug) {
    const result = await tx.execute<{ id: string }>(sql`
      INSERT INTO portal_tag (site_id, slug, name) VALUES (${siteId}, ${slug}, ${name})
      ON CONFLICT (site_id, slug) DO UPDATE SET slug = EXCLUDED.slug
      RETURNING id`);
    ids.push(result.rows[0]!.id);
  }
  return ids;
}
