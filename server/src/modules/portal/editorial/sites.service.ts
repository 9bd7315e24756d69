import type { CreatePortalSite, PortalSite, UpdatePortalSite } from '@mts/contracts';
import { eq, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../../db/client.ts';
import { type AuditContext, recordAudit } from '../../../platform/audit/index.ts';
import {
  type Actor,
  isInScope,
  pathWithin,
  scopePaths,
  UUID_PATTERN,
} from '../../../platform/policy/index.ts';
import type { Realtime } from '../../../platform/realtime/index.ts';
import { slugify } from '../../../platform/text/index.ts';
import { SITE_CHANGED_TOPIC } from '../index.ts';
import { type MenuItem, portalSite, type SiteContact } from '../portal.schema.ts';
import {
  badReference,
  emptySlug,
  siteExists,
  siteHostTaken,
  siteNotFound,
  siteSlugTaken,
  uniqueViolation,
  unitNotFound,
  unitOutOfScope,
} from './errors.ts';

/**
 * Sites (one per unit): created and configured by portal.configure holders over the unit, listed
 * to portal.read holders. Every change drops the public cache of the site (SITE_CHANGED_TOPIC).
 */

type SiteRow = {
  id: string;
  unit_id: string;
  unit_name: string;
  slug: string;
  host: string | null;
  name: string;
  tagline: string;
  emblem_media_id: string | null;
  menu: MenuItem[];
  contact: SiteContact;
  aggregate_children: boolean;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
};

const toSite = (r: SiteRow): PortalSite => ({
  id: r.id,
  unitId: r.unit_id,
  unitName: r.unit_name,
  slug: r.slug,
  host: r.host,
  name: r.name,
  tagline: r.tagline,
  emblemMediaId: r.emblem_media_id,
  menu: r.menu,
  contact: r.contact,
  aggregateChildren: r.aggregate_children,
  isActive: r.is_active,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

const SELECT_SITE = sql`
  SELECT s.id, s.unit_id, u.name AS unit_name, s.slug, s.host, s.name, s.tagline, s.emblem_media_id,
         s.menu, s.contact, s.aggregate_children, s.is_active, s.created_at, s.updated_at
    FROM portal_site s JOIN unit u ON u.id = s.unit_id`;

async function readSite(db: Queryable, id: string): Promise<PortalSite> {
  if (!UUID_PATTERN.test(id)) throw siteNotFound();
  const result = await db.execute<SiteRow>(sql`${SELECT_SITE} WHERE s.id = ${id}`);
  const row = result.rows[0];
  if (!row) throw siteNotFound();
  return toSite(row);
}

/** Slug and host must be free (another site's); checked first for a clear 409, the constraint stays the guard. */
async function checkFree(tx: Queryable, siteId: string | null, slug?: string, host?: string | null) {
  if (slug) {
    const taken = await tx.execute(
      sql`SELECT 1 FROM portal_site WHERE slug = ${slug} AND id IS DISTINCT FROM ${siteId}::uuid`,
    );
    if (taken.rows.length) throw siteSlugTaken(slug);
  }
  if (host) {
    const taken = await tx.execute(
      sql`SELECT 1 FROM portal_site WHERE host = ${host} AND id IS DISTINCT FROM ${siteId}::uuid`,
    );
    if (taken.rows.length) throw siteHostTaken(host);
  }
}

/** Translates a unique violation raised despite the checks (two saves at once) into the same 409. */
function mapUnique(error: unknown, slug?: string, host?: string | null): never {
  const constraint = uniqueViolation(error);
  if (constraint?.includes('unit')) throw siteExists();
  if (constraint?.includes('host')) throw siteHostTaken(host ?? '');
  if (constraint?.includes('slug')) throw siteSlugTaken(slug ?? '');
  throw error;
}

async function checkMenu(tx: Queryable, siteId: string, menu: MenuItem[]) {
  const ids = [...new Set(menu.flatMap((m) => (m.kind === 'category' ? [m.categoryId] : [])))];
  if (!ids.length) return;
  const found = await tx.execute<{ id: string }>(
    sql`SELECT id FROM portal_category WHERE site_id = ${siteId} AND id = ANY(${`{${ids.join(',')}}`}::uuid[])`,
  );
  if (found.rows.length !== ids.length)
    throw badReference(
      'body.menu',
      'Menu có chuyên mục không thuộc trang này: hãy chọn chuyên mục của trang.',
      'The menu names a category of another site.',
    );
}

async function checkEmblem(tx: Queryable, siteId: string, mediaId: string) {
  const found = await tx.execute(
    sql`SELECT 1 FROM portal_media WHERE id = ${mediaId} AND site_id = ${siteId} AND kind = 'image'`,
  );
  if (!found.rows.length)
    throw badReference(
      'body.emblemMediaId',
      'Biểu trưng phải là một ảnh trong thư viện của trang này.',
      'The emblem must be an image of this site’s library.',
    );
}

export function createSitesService(deps: { db: Database; realtime: Pick<Realtime, 'publish'> }) {
  const { db, realtime } = deps;

  async function list(actor: Actor): Promise<PortalSite[]> {
    const result = await db.execute<SiteRow>(
      sql`${SELECT_SITE} WHERE ${pathWithin(sql`u.path`, scopePaths(actor, 'portal.read'))} ORDER BY u.path, s.name`,
    );
    return result.rows.map(toSite);
  }

  const get = (id: string) => readSite(db, id);

  async function create(actor: Actor, input: CreatePortalSite, audit: AuditContext): Promise<PortalSite> {
    const id = await db
      .transaction(async (tx) => {
        const units = await tx.execute<{
          path: string;
          name: string;
          short_name: string | null;
          has_children: boolean;
        }>(sql`
          SELECT u.path::text AS path, u.name, u.short_name,
                 EXISTS (SELECT 1 FROM unit c WHERE c.parent_id = u.id) AS has_children
            FROM unit u WHERE u.id = ${input.unitId}`);
        const unit = units.rows[0];
        if (!unit) throw unitNotFound();
        // Outside every scope of the caller the unit does not exist for them (404), as the policy layer does.
        if (!isInScope(actor, 'portal.configure', unit.path))
          throw isInScope(actor, 'portal.read', unit.path) ? unitOutOfScope() : unitNotFound();
        const existing = await tx.execute(sql`SELECT 1 FROM portal_site WHERE unit_id = ${input.unitId}`);
        if (existing.rows.length) throw siteExists();
        const slug = input.slug ?? slugify(unit.short_name ?? unit.name);
        if (!slug) throw emptySlug('body.slug');
        await checkFree(tx, null, slug, input.host);
        const [row] = await tx
          .insert(portalSite)
          .values({
            unitId: input.unitId,
            slug,
            host: input.host ?? null,
            name: input.name ?? unit.name,
            tagline: input.tagline,
            aggregateChildren: input.aggregateChildren ?? unit.has_children,
          })
          .returning({ id: portalSite.id });
        await recordAudit(tx, audit, {
          action: 'portal.site.create',
          entityType: 'portal_site',
          entityId: row!.id,
          unitId: input.unitId,
          after: { slug, host: input.host ?? null, name: input.name ?? unit.name },
        });
        await realtime.publish(tx, SITE_CHANGED_TOPIC, { siteId: row!.id });
        return row!.id;
      })
      .catch((error) => mapUnique(error, input.slug, input.host));
    return readSite(db, id);
  }

  async function update(id: string, input: UpdatePortalSite, audit: AuditContext): Promise<PortalSite> {
    await db
      .transaction(async (tx) => {
        await tx.execute(sql`SELECT 1 FROM portal_site WHERE id = ${id} FOR UPDATE`);
        const before = await readSite(tx, id);
        await checkFree(tx, id, input.slug, input.host);
        if (input.menu) await checkMenu(tx, id, input.menu as MenuItem[]);
        if (input.emblemMediaId) await checkEmblem(tx, id, input.emblemMediaId);
        const changes: Partial<typeof portalSite.$inferInsert> = {
          ...(input.slug !== undefined && { slug: input.slug }),
          ...(input.host !== undefined && { host: input.host }),
          ...(input.name !== undefined && { name: input.name }),
          ...(input.tagline !== undefined && { tagline: input.tagline }),
          ...(input.menu !== undefined && { menu: input.menu as MenuItem[] }),
          ...(input.contact !== undefined && { contact: input.contact }),
          ...(input.aggregateChildren !== undefined && { aggregateChildren: input.aggregateChildren }),
          ...(input.isActive !== undefined && { isActive: input.isActive }),
          ...(input.emblemMediaId !== undefined && { emblemMediaId: input.emblemMediaId }),
        };
        if (!Object.keys(changes).length) return;
        await tx
          .update(portalSite)
          .set({ ...changes, updatedAt: new Date() })
          .where(eq(portalSite.id, id));
        const beforeFields = Object.fromEntries(
          Object.keys(changes).map((k) => [k, (before as Record<string, unknown>)[k]]),
        );
        await recordAudit(tx, audit, {
          action: 'portal.site.update',
          entityType: 'portal_site',
          entityId: id,
          unitId: before.unitId,
          before: beforeFields,
          after: changes,
        });
        await realtime.publish(tx, SITE_CHANGED_TOPIC, { siteId: id });
      })
      .catch((error) => mapUnique(error, input.slug, input.host));
    return readSite(db, id);
  }

  return { list, get, create, update };
}

export type SitesService = ReturnType<typeof createSitesService>;
