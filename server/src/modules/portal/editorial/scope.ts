import type { Permission } from '@mts/contracts';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import {
  type Actor,
  isInScope,
  type ResourceResolver,
  UUID_PATTERN,
} from '../../../platform/policy/index.ts';

/** Resource kinds of the editorial API (registered by editorial.setup.ts). */
export const PORTAL_SITE = 'portal_site';
export const PORTAL_ARTICLE = 'portal_article';
export const PORTAL_CATEGORY = 'portal_category';
export const PORTAL_TAG = 'portal_tag';

/**
 * A resolver for records that belong to a site (`site_id`): the owning unit is the site's unit.
 * Non-UUID ids resolve to nothing (404) without a query.
 */
export function ownedBySite(table: 'portal_article' | 'portal_category' | 'portal_tag'): ResourceResolver {
  return async (db, id) => {
    if (!UUID_PATTERN.test(id)) return null;
    const result = await db.execute<{ path: string }>(sql`
      SELECT u.path::text AS path FROM ${sql.identifier(table)} r
        JOIN portal_site s ON s.id = r.site_id JOIN unit u ON u.id = s.unit_id WHERE r.id = ${id}`);
    return result.rows[0]?.path ?? null;
  };
}

export interface SiteRef {
  id: string;
  unitId: string;
  unitPath: string;
}

/** The site and its unit's path, or null when absent or not a UUID. */
export async function siteRef(db: Queryable, siteId: string): Promise<SiteRef | null> {
  if (!UUID_PATTERN.test(siteId)) return null;
  const result = await db.execute<{ id: string; unit_id: string; path: string }>(sql`
    SELECT s.id, s.unit_id, u.path::text AS path FROM portal_site s JOIN unit u ON u.id = s.unit_id
     WHERE s.id = ${siteId}`);
  const row = result.rows[0];
  return row ? { id: row.id, unitId: row.unit_id, unitPath: row.path } : null;
}

/** True when the actor holds `permission` over the site's unit. */
export const canOnSite = (actor: Actor, permission: Permission, site: SiteRef) =>
  isInScope(actor, permission, site.unitPath);
