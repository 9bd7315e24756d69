import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { UUID_PATTERN } from '../../platform/policy/index.ts';

async function pathOf(db: Queryable, query: ReturnType<typeof sql>): Promise<string | null> {
  const result = await db.execute<{ path: string }>(query);
  return result.rows[0]?.path ?? null;
}

/** Resource resolvers: the unit path that owns a record, for the policy layer. */
export const findDocumentPath = (db: Queryable, id: string) =>
  UUID_PATTERN.test(id)
    ? pathOf(
        db,
        sql`SELECT u.path::text AS path FROM document d JOIN unit u ON u.id = d.unit_id WHERE d.id = ${id}`,
      )
    : Promise.resolve(null);

/** An assignment belongs to the assignee's unit: assignees in a department act on it there. */
export const findAssignmentPath = (db: Queryable, id: string) =>
  UUID_PATTERN.test(id)
    ? pathOf(
        db,
        sql`SELECT u.path::text AS path FROM document_assignment a JOIN unit u ON u.id = a.assignee_unit_id WHERE a.id = ${id}`,
      )
    : Promise.resolve(null);

export const findRegisterPath = (db: Queryable, id: string) =>
  UUID_PATTERN.test(id)
    ? pathOf(
        db,
        sql`SELECT u.path::text AS path FROM document_register r JOIN unit u ON u.id = r.unit_id WHERE r.id = ${id}`,
      )
    : Promise.resolve(null);

/** Types of the system catalogue (no unit) are edited by no unit: they resolve to nothing. */
export const findDocumentTypePath = (db: Queryable, id: string) =>
  UUID_PATTERN.test(id)
    ? pathOf(
        db,
        sql`SELECT u.path::text AS path FROM document_type t JOIN unit u ON u.id = t.unit_id WHERE t.id = ${id}`,
      )
    : Promise.resolve(null);

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
