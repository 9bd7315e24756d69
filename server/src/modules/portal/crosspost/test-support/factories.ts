import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { buildUnit } from '../../../../../test/factories.ts';
import type { Database } from '../../../../db/client.ts';

/**
 * A cross-post owned by `unitId` (the `portal_crosspost` resource kind, for the route matrix:
 * server/test/resource-factories.ts spreads `portalCrosspostFactories`): a published article of
 * a new commune's site, posted to its Facebook channel (token sealed with no key: never opened).
 */
export const portalCrosspostFactories: Record<string, (db: Database, unitId: string) => Promise<string>> = {
  portal_crosspost: async (db, unitId) => {
    const unit = await buildUnit(db, { parentId: unitId, levelId: 'commune' });
    const result = await db.execute<{ id: string }>(sql`
      WITH site AS (
        INSERT INTO portal_site (unit_id, slug, name)
        VALUES (${unit.id}, ${`trang-${randomBytes(4).toString('hex')}`}, ${unit.name}) RETURNING id),
      article AS (
        INSERT INTO portal_article (site_id, slug, title, status, published_at)
        SELECT id, 'bai-da-dang', 'Bài đã đăng', 'published', now() FROM site RETURNING id, site_id),
      channel AS (
        INSERT INTO portal_channel (site_id, kind, account_id, token_sealed)
        SELECT id, 'facebook', '1234567890', 'v1.x.y.z' FROM site RETURNING id)
      INSERT INTO portal_crosspost (article_id, channel_id, status)
      SELECT article.id, channel.id, 'failed' FROM article, channel RETURNING id`);
    return result.rows[0]!.id;
  },
};
