import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';

/** The pg-boss queue that runs a full sync (a periodic safety net; changes sync at commit). */
export const SYNC_QUEUE = 'messaging.sync';

/**
 * Creates, archives and fills the hierarchy channels so they match the organisation tree:
 * `messaging_sync_hierarchy()` (migrations 0038–0040), idempotent and set-based. The same function
 * runs, scoped to the touched units, at the commit of any transaction that changes units or staff,
 * so callers need this only to sync explicitly (seed, tools, tests).
 *
 * Rules (README "Hierarchy channels and their sync"): a person's home body is the nearest committee,
 * member organisation or residential committee at or above their unit; `unit` channels for active
 * committees (their staff), `province_communes` for active province committees (their staff and the
 * staff of active commune committees below), `committee_organisations` for active committees with
 * active member organisations (the committee's and the organisations' staff). Channels of units no
 * longer active are archived and emptied; members of ad-hoc and direct channels are never touched.
 *
 * `unitIds` limits the work to the channels of those units and of their ancestors; without it, the
 * whole tree. Channels whose membership changed get `{ access: true }` on their topic.
 */
export async function syncHierarchyChannels(db: Queryable, options: { unitIds?: string[] } = {}) {
  const units = options.unitIds ? `{${options.unitIds.join(',')}}` : null;
  const result = await db.execute<{ channels_changed: number; added: number; removed: number }>(
    sql`SELECT * FROM messaging_sync_hierarchy(${units}::uuid[])`,
  );
  const row = result.rows[0]!;
  return {
    channelsChanged: Number(row.channels_changed),
    added: Number(row.added),
    removed: Number(row.removed),
  };
}
