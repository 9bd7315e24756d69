import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';

/**
 * Re-parents units and rewrites the ltree paths of their whole subtrees in one UPDATE
 * (`WHERE path <@ old_path`). The moved subtrees must be disjoint and must not contain the new
 * parents; the new paths are computed from the statement's snapshot.
 */
export async function moveSubtrees(
  tx: Queryable,
  moves: ReadonlyArray<{ unitId: string; parentId: string }>,
) {
  if (moves.length === 0) return 0;
  const result = await tx.execute(sql`
    WITH m(id, new_parent) AS (
      SELECT * FROM unnest(${sql.param(moves.map((m) => m.unitId))}::uuid[],
                           ${sql.param(moves.map((m) => m.parentId))}::uuid[])),
    moved AS (
      SELECT u.id, m.new_parent, u.path AS old_path, p.path || u.node::text AS new_path
        FROM m JOIN unit u ON u.id = m.id JOIN unit p ON p.id = m.new_parent)
    UPDATE unit x
       SET path = CASE WHEN x.id = mv.id THEN mv.new_path
                       ELSE mv.new_path || subpath(x.path, nlevel(mv.old_path)) END,
           parent_id = CASE WHEN x.id = mv.id THEN mv.new_parent ELSE x.parent_id END,
           updated_at = CASE WHEN x.id = mv.id THEN now() ELSE x.updated_at END
      FROM moved mv
     WHERE x.path <@ mv.old_path`);
  return result.rowCount ?? 0;
}

export async function retireUnits(
  tx: Queryable,
  unitIds: readonly string[],
  status: 'merged' | 'split' | 'dissolved',
  lastDay: string,
) {
  if (unitIds.length === 0) return;
  await tx.execute(sql`
    UPDATE unit SET status = ${status}, effective_to = ${lastDay}, updated_at = now()
     WHERE id = ANY(${sql.param(unitIds)}::uuid[])`);
}

/** Moves active staff of the given units (or only `staffIds` among them) to another unit. */
export async function moveActiveStaff(
  tx: Queryable,
  fromUnitIds: readonly string[],
  toUnitId: string,
  staffIds?: readonly string[],
) {
  if (fromUnitIds.length === 0 || staffIds?.length === 0) return [];
  const result = await tx.execute<{ id: string; fromUnitId: string }>(sql`
    UPDATE staff s SET unit_id = ${toUnitId}, updated_at = now()
      FROM staff prev
     WHERE s.id = prev.id AND s.unit_id = ANY(${sql.param(fromUnitIds)}::uuid[]) AND s.status = 'active'
       ${staffIds ? sql`AND s.id = ANY(${sql.param(staffIds)}::uuid[])` : sql``}
    RETURNING s.id, prev.unit_id AS "fromUnitId"`);
  return result.rows;
}

/** Active staff of the given units: ids and unit, for planning a split or the preview. */
export async function findActiveStaffOf(db: Queryable, unitIds: readonly string[]) {
  if (unitIds.length === 0) return [];
  const result = await db.execute<{ id: string; unitId: string }>(sql`
    SELECT id, unit_id AS "unitId" FROM staff
     WHERE unit_id = ANY(${sql.param(unitIds)}::uuid[]) AND status = 'active'`);
  return result.rows;
}

/** Units and active staff inside the given subtrees (each row counted once). */
export async function countSubtrees(db: Queryable, paths: readonly string[]) {
  if (paths.length === 0) return { units: 0, staff: 0 };
  const result = await db.execute<{ units: number; staff: number }>(sql`
    SELECT (SELECT count(*)::int FROM unit u WHERE u.path <@ ANY(${sql.param(paths)}::ltree[])) AS units,
           (SELECT count(*)::int FROM staff s JOIN unit u ON u.id = s.unit_id
             WHERE u.path <@ ANY(${sql.param(paths)}::ltree[]) AND s.status = 'active') AS staff`);
  return result.rows[0] ?? { units: 0, staff: 0 };
}

/** Active children per unit. */
export async function countActiveChildren(db: Queryable, unitIds: readonly string[]) {
  if (unitIds.length === 0) return 0;
  const result = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM unit WHERE parent_id = ANY(${sql.param(unitIds)}::uuid[]) AND status = 'active'`);
  return result.rows[0]?.n ?? 0;
}

/** Role assignments held at the given units (they stop covering active units once those retire). */
export async function countRoleAssignmentsAt(db: Queryable, unitIds: readonly string[]) {
  if (unitIds.length === 0) return 0;
  const result = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM role_assignment WHERE unit_id = ANY(${sql.param(unitIds)}::uuid[])`);
  return result.rows[0]?.n ?? 0;
}

/** The first day of the unit's present name: the day after its last former name, or its start. */
export async function currentNameSince(db: Queryable, unitId: string): Promise<string> {
  const result = await db.execute<{ since: string }>(sql`
    SELECT coalesce((SELECT max(valid_to) + 1 FROM unit_name_history WHERE unit_id = ${unitId}),
                    (SELECT effective_from FROM unit WHERE id = ${unitId}))::text AS since`);
  return result.rows[0]!.since;
}
