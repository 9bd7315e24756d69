import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { UUID_PATTERN } from '../../platform/policy/index.ts';

/** The ltree path of a unit, or null; used by the policy layer to scope requests. */
export async function findUnitPath(db: Queryable, id: string): Promise<string | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const result = await db.execute<{ path: string }>(
    sql`SELECT path::text AS path FROM unit WHERE id = ${id}`,
  );
  return result.rows[0]?.path ?? null;
}

/** The ltree path of a staff member's unit, or null. */
export async function findStaffUnitPath(db: Queryable, id: string): Promise<string | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const result = await db.execute<{ path: string }>(
    sql`SELECT u.path::text AS path FROM staff s JOIN unit u ON u.id = s.unit_id WHERE s.id = ${id}`,
  );
  return result.rows[0]?.path ?? null;
}
