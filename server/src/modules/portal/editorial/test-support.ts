import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { buildUnit } from '../../../../test/factories.ts';
import type { Database } from '../../../db/client.ts';

/**
 * Factories for the route-matrix test (server/test/resource-factories.ts spreads these): each
 * creates a record inside `unitId`'s subtree. A site needs a unit of its own (one site per unit),
 * so every call makes a fresh child unit.
 */
async function site(db: Database, unitId: string): Promise<string> {
  const unit = await buildUnit(db, { parentId: unitId, levelId: 'commune' });
  const result = await db.execute<{ id: string }>(sql`
    INSERT INTO portal_site (unit_id, slug, name) VALUES (${unit.id}, ${`trang-${randomBytes(4).toString('hex')}`}, ${unit.name})
    RETURNING id`);
  return result.rows[0]!.id;
}

export const portalEditorialFactories: Record<string, (db: Database, unitId: string) => Promise<string>> = {
  portal_site: site,
  portal_article: async (db, unitId) => {
    const siteId = await site(db, unitId);
    const result = await db.execute<{ id: string }>(sql`
      INSERT INTO portal_article (site_id, slug, title) VALUES (${siteId}, 'bai-thu-nghiem', 'Bài thử nghiệm')
      RETURNING id`);
    return result.rows[0]!.id;
  },
  portal_category: async (db, unitId) => {
    const siteId = await site(db, unitId);
    const result = await db.execute<{ id: string }>(sql`
      INSERT INTO portal_category (site_id, slug, name) VALUES (${siteId}, 'tin-tuc', 'Tin tức') RETURNING id`);
    return result.rows[0]!.id;
  },
  portal_tag: async (db, unitId) => {
    const siteId = await site(db, unitId);
    const result = await db.execute<{ id: string }>(sql`
      INSERT INTO portal_tag (site_id, slug, name) VALUES (${siteId}, 'bau-cu', 'Bầu cử') RETURNING id`);
    return result.rows[0]!.id;
  },
};
