import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { UUID_PATTERN } from '../../platform/policy/index.ts';

export type UnitRow = {
  id: string;
  path: string;
  name: string;
  code: string | null;
  symbol: string | null;
  status: string;
};

export async function findUnitRow(db: Queryable, id: string): Promise<UnitRow | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const result = await db.execute<UnitRow>(
    sql`SELECT id, path::text AS path, name, code, symbol, status FROM unit WHERE id = ${id}`,
  );
  return result.rows[0] ?? null;
}

/** People holding `permission` through a role held at the unit itself (its leaders, its clerks). */
export async function staffHoldingAt(
  db: Queryable,
  unitId: string,
  permission: string,
): Promise<Array<{ id: string; email: string | null; fullName: string }>> {
  const result = await db.execute<{ id: string; email: string | null; full_name: string }>(sql`
    SELECT DISTINCT s.id, s.email, s.full_name FROM role_assignment ra
      JOIN role r ON r.id = ra.role_id
      JOIN staff s ON s.id = ra.staff_id
     WHERE ra.unit_id = ${unitId} AND ${permission} = ANY (r.permissions) AND s.status = 'active'`);
  return result.rows.map((r) => ({ id: r.id, email: r.email, fullName: r.full_name }));
}
