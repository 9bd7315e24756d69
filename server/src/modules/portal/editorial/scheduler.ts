import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import { recordAudit, systemAuditContext } from '../../../platform/audit/index.ts';
import { publish, type Realtime } from '../../../platform/realtime/index.ts';
import { SITE_CHANGED_TOPIC } from '../index.ts';

/** The job publishing scheduled articles, every minute (Vietnam time, like every cron here). */
export const PUBLISH_SCHEDULED_QUEUE = 'portal.publish-scheduled';
export const PUBLISH_SCHEDULED_CRON = '* * * * *';

/**
 * Publishes every scheduled article whose time has come: status published, published_at kept
 * from an earlier publication or set to the scheduled time. Each article in its own transaction
 * (audited as the system, its site's cache dropped), rows locked with SKIP LOCKED so two
 * instances never publish the same article twice. Returns the ids published.
 */
export async function publishDueArticles(
  db: Database,
  realtime: Pick<Realtime, 'publish'> = { publish },
): Promise<string[]> {
  const published: string[] = [];
  for (;;) {
    const id = await db.transaction(async (tx) => {
      const due = await tx.execute<{ id: string; site_id: string; unit_id: string; scheduled_at: Date }>(sql`
        SELECT a.id, a.site_id, s.unit_id, a.scheduled_at
          FROM portal_article a JOIN portal_site s ON s.id = a.site_id
         WHERE a.status = 'scheduled' AND a.scheduled_at <= now()
         ORDER BY a.scheduled_at LIMIT 1 FOR UPDATE OF a SKIP LOCKED`);
      const row = due.rows[0];
      if (!row) return null;
      await tx.execute(sql`
        UPDATE portal_article
           SET status = 'published', published_at = coalesce(published_at, scheduled_at), updated_at = now()
         WHERE id = ${row.id}`);
      await recordAudit(tx, systemAuditContext, {
        action: 'portal.article.publish-scheduled',
        entityType: 'portal_article',
        entityId: row.id,
        unitId: row.unit_id,
        before: { status: 'scheduled', scheduledAt: new Date(row.scheduled_at).toISOString() },
        after: { status: 'published' },
      });
      await realtime.publish(tx, SITE_CHANGED_TOPIC, { siteId: row.site_id });
      return row.id;
    });
    if (!id) return published;
    published.push(id);
  }
}
