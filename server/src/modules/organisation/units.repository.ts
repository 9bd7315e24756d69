import type { UnitKind, UnitLink, UnitStatus, UnitSummary } from '@mts/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { UUID_PATTERN } from '../../platform/policy/index.ts';
import type { TreeRow } from './unit-tree.ts';

/** The ltree path of a unit, or null; used by the policy layer to scope requests. */
export async function findUnitPath(db: Queryable, id: string): Promise<string | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const result = await db.execute<{ path: string }>(
    sql`SELECT path::text AS path FROM unit WHERE id = ${id}`,
  );
  return result.rows[0]?.path ?? null;
}

/** `column <@ ANY(paths)`: the row lies in one of the given subtrees (GiST-indexed). */
export const withinPaths = (column: SQL, paths: readonly string[]) =>
  sql`${column} <@ ANY(${sql.param(paths)}::ltree[])`;

/** Escapes LIKE wildcards in user input. */
export const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The expression indexed by `unit_search_trgm` (must match it exactly to use the index). */
const unitSearchText = sql`f_unaccent(u.name || ' ' || coalesce(u.short_name, '') || ' ' || coalesce(u.code, ''))`;

/** Serialises ltree path rewrites and inserts so a concurrent insert never sees a half-moved parent. */
const UNIT_TREE_LOCK = 724_011_101;
export const lockUnitTree = (tx: Queryable) =>
  tx.execute(sql`SELECT pg_advisory_xact_lock(${UNIT_TREE_LOCK})`);

export type UnitRow = {
  id: string;
  parentId: string | null;
  path: string;
  levelId: string;
  rank: number;
  kind: UnitKind;
  name: string;
  shortName: string | null;
  code: string | null;
  symbol: string | null;
  status: UnitStatus;
  effectiveFrom: string;
  effectiveTo: string | null;
};

const unitRowColumns = sql`
  u.id, u.parent_id AS "parentId", u.path::text AS path, u.level_id AS "levelId", l.rank, u.kind,
  u.name, u.short_name AS "shortName", u.code, u.symbol, u.status,
  u.effective_from AS "effectiveFrom", u.effective_to AS "effectiveTo"`;

/** Units by id with their level rank; `forUpdate` locks them for a reorganisation. */
export async function findUnits(
  db: Queryable,
  ids: readonly string[],
  forUpdate = false,
): Promise<UnitRow[]> {
  if (ids.length === 0) return [];
  const result = await db.execute<UnitRow>(sql`
    SELECT ${unitRowColumns}
      FROM unit u JOIN unit_level l ON l.id = u.level_id
     WHERE u.id = ANY(${sql.param(ids)}::uuid[])
     ${forUpdate ? sql`FOR UPDATE OF u` : sql``}`);
  return result.rows;
}

export async function findUnit(db: Queryable, id: string): Promise<UnitRow | null> {
  if (!UUID_PATTERN.test(id)) return null;
  return (await findUnits(db, [id]))[0] ?? null;
}

export async function findUnitByCode(db: Queryable, code: string): Promise<UnitRow | null> {
  const result = await db.execute<UnitRow>(sql`
    SELECT ${unitRowColumns} FROM unit u JOIN unit_level l ON l.id = u.level_id WHERE u.code = ${code}`);
  return result.rows[0] ?? null;
}

/** Active and historical children of the given units. */
export async function findChildren(db: Queryable, parentIds: readonly string[]): Promise<UnitRow[]> {
  if (parentIds.length === 0) return [];
  const result = await db.execute<UnitRow>(sql`
    SELECT ${unitRowColumns}
      FROM unit u JOIN unit_level l ON l.id = u.level_id
     WHERE u.parent_id = ANY(${sql.param(parentIds)}::uuid[])
     ORDER BY u.sort_order, u.name COLLATE vietnamese`);
  return result.rows;
}

export interface UnitListFilter {
  scope: readonly string[];
  parentId?: string;
  levelId?: string;
  kind?: UnitKind;
  status: UnitStatus | 'all';
  q?: string;
  page: number;
  pageSize: number;
}

/** One indexed query: scope (GiST), filters, search (trigram), child counts and the total. */
export async function listUnits(db: Queryable, filter: UnitListFilter) {
  const conditions: SQL[] = [withinPaths(sql`u.path`, filter.scope)];
  if (filter.parentId) conditions.push(sql`u.parent_id = ${filter.parentId}`);
  if (filter.levelId) conditions.push(sql`u.level_id = ${filter.levelId}`);
  if (filter.kind) conditions.push(sql`u.kind = ${filter.kind}`);
  if (filter.status !== 'all') conditions.push(sql`u.status = ${filter.status}`);
  if (filter.q)
    conditions.push(
      sql`${unitSearchText} LIKE '%' || f_unaccent(${likeEscape(filter.q.normalize('NFC'))}) || '%'`,
    );
  // The page is chosen first (ids, sort keys, total); columns and child counts only for its rows.
  const result = await db.execute<UnitSummary & { total: number }>(sql`
    WITH page AS (
      SELECT u.id, l.rank, u.sort_order, u.name, count(*) OVER ()::int AS total
        FROM unit u JOIN unit_level l ON l.id = u.level_id
       WHERE ${sql.join(conditions, sql` AND `)}
       ORDER BY l.rank, u.sort_order, u.name COLLATE vietnamese, u.id
       LIMIT ${filter.pageSize} OFFSET ${(filter.page - 1) * filter.pageSize})
    SELECT u.id, u.parent_id AS "parentId", u.level_id AS "levelId", u.kind, u.name,
           u.short_name AS "shortName", u.code, u.symbol, u.status,
           u.effective_from AS "effectiveFrom", u.effective_to AS "effectiveTo",
           (SELECT count(*)::int FROM unit c WHERE c.parent_id = u.id AND c.status = 'active') AS "childCount",
           page.total
      FROM page JOIN unit u ON u.id = page.id
     ORDER BY page.rank, page.sort_order, page.name COLLATE vietnamese, page.id`);
  let total = result.rows[0]?.total ?? 0;
  if (result.rows.length === 0 && filter.page > 1) {
    const counted = await db.execute<{ total: number }>(sql`
      SELECT count(*)::int AS total FROM unit u WHERE ${sql.join(conditions, sql` AND `)}`);
    total = counted.rows[0]?.total ?? 0;
  }
  return { items: result.rows.map(({ total: _total, ...item }) => item), total };
}

/** The units sitting exactly at the given paths (the roots of an actor's scope). */
export async function findUnitsAtPaths(db: Queryable, paths: readonly string[]) {
  const result = await db.execute<{ id: string }>(sql`
    SELECT u.id FROM unit u JOIN unit_level l ON l.id = u.level_id
     WHERE u.path = ANY(${sql.param(paths)}::ltree[]) ORDER BY l.rank, u.sort_order, u.name COLLATE vietnamese`);
  return result.rows.map((r) => r.id);
}

/** Every unit within `depth` levels below the roots, in one query, ready for `assembleTree`. */
export async function treeRows(
  db: Queryable,
  rootIds: readonly string[],
  depth: number,
  includeHistorical: boolean,
) {
  const statusFilter = includeHistorical ? sql`true` : sql`(u.status = 'active' OR u.id = r.id)`;
  const childFilter = includeHistorical ? sql`true` : sql`c.status = 'active'`;
  // Child counts in one grouped pass over the children of the returned nodes (parent index).
  const result = await db.execute<TreeRow>(sql`
    WITH nodes AS (
      SELECT u.id, u.parent_id, u.name, u.short_name, u.code, u.kind, u.level_id, u.status, u.sort_order,
             nlevel(u.path) - nlevel(r.path) AS depth
        FROM unit r
        JOIN unit u ON u.path <@ r.path AND nlevel(u.path) <= nlevel(r.path) + ${depth}
       WHERE r.id = ANY(${sql.param(rootIds)}::uuid[]) AND ${statusFilter}),
    children AS (
      SELECT c.parent_id, count(*)::int AS n FROM unit c
       WHERE c.parent_id IN (SELECT id FROM nodes) AND ${childFilter} GROUP BY c.parent_id)
    SELECT n.id, n.parent_id AS "parentId", n.name, n.short_name AS "shortName", n.code, n.kind,
           n.level_id AS "levelId", n.status, n.depth, coalesce(ch.n, 0) AS "childCount"
      FROM nodes n LEFT JOIN children ch ON ch.parent_id = n.id
     ORDER BY n.depth, n.status <> 'active', n.sort_order, n.name COLLATE vietnamese`);
  return result.rows;
}

export type UnitDetailRow = UnitRow & {
  website: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
  level: { id: string; nameVi: string; nameEn: string; rank: number };
  parent: UnitLink | null;
  childCount: number;
  counts: {
    activeChildren: number;
    historicalChildren: number;
    staff: number;
    subtreeUnits: number;
    subtreeStaff: number;
  };
};

export async function findUnitDetail(db: Queryable, id: string): Promise<UnitDetailRow | null> {
  const result = await db.execute<UnitDetailRow>(sql`
    SELECT ${unitRowColumns}, u.address, u.phone, u.email, u.website, u.sort_order AS "sortOrder",
           to_json(u.created_at) #>> '{}' AS "createdAt", to_json(u.updated_at) #>> '{}' AS "updatedAt",
           json_build_object('id', l.id, 'nameVi', l.name_vi, 'nameEn', l.name_en, 'rank', l.rank) AS level,
           CASE WHEN p.id IS NULL THEN NULL ELSE
             json_build_object('id', p.id, 'name', p.name, 'shortName', p.short_name, 'status', p.status) END AS parent,
           c.active AS "childCount",
           json_build_object(
             'activeChildren', c.active, 'historicalChildren', c.historical,
             'staff', (SELECT count(*)::int FROM staff s WHERE s.unit_id = u.id AND s.status = 'active'),
             'subtreeUnits', (SELECT count(*)::int FROM unit d WHERE d.path <@ u.path AND d.status = 'active'),
             'subtreeStaff', (SELECT count(*)::int FROM staff s JOIN unit d ON d.id = s.unit_id
                               WHERE d.path <@ u.path AND s.status = 'active')) AS counts
      FROM unit u
      JOIN unit_level l ON l.id = u.level_id
      LEFT JOIN unit p ON p.id = u.parent_id
      CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE x.status = 'active')::int AS active,
               count(*) FILTER (WHERE x.status <> 'active')::int AS historical
          FROM unit x WHERE x.parent_id = u.id) c
     WHERE u.id = ${id}`);
  return result.rows[0] ?? null;
}

const eventJson = sql`json_build_object('id', e.id, 'kind', e.kind, 'effectiveDate', e.effective_date,
  'decisionRef', e.decision_ref, 'note', e.note)`;

/** Successor and predecessor links of a unit, with the events that made them. */
export async function findSuccessions(db: Queryable, id: string) {
  const result = await db.execute<{
    direction: 'successor' | 'predecessor';
    unit: UnitLink;
    event: {
      id: string;
      kind: string;
      effectiveDate: string;
      decisionRef: string | null;
      note: string | null;
    };
  }>(sql`
    SELECT CASE WHEN s.predecessor_id = ${id} THEN 'successor' ELSE 'predecessor' END AS direction,
           json_build_object('id', o.id, 'name', o.name, 'shortName', o.short_name, 'status', o.status) AS unit,
           ${eventJson} AS event
      FROM unit_succession s
      JOIN unit_event e ON e.id = s.event_id
      JOIN unit o ON o.id = CASE WHEN s.predecessor_id = ${id} THEN s.successor_id ELSE s.predecessor_id END
     WHERE s.predecessor_id = ${id} OR s.successor_id = ${id}
     ORDER BY e.effective_date, o.name COLLATE vietnamese`);
  return result.rows;
}

export async function findFormerNames(db: Queryable, id: string) {
  const result = await db.execute<{
    name: string;
    shortName: string | null;
    validFrom: string;
    validTo: string;
    decisionRef: string | null;
  }>(sql`
    SELECT h.name, h.short_name AS "shortName", h.valid_from AS "validFrom", h.valid_to AS "validTo",
           e.decision_ref AS "decisionRef"
      FROM unit_name_history h LEFT JOIN unit_event e ON e.id = h.event_id
     WHERE h.unit_id = ${id} ORDER BY h.valid_to DESC`);
  return result.rows;
}

export async function findUnitEvents(db: Queryable, id: string) {
  const result = await db.execute<{
    id: string;
    kind: 'create' | 'merge' | 'split' | 'rename' | 'move' | 'dissolve';
    effectiveDate: string;
    decisionRef: string | null;
    note: string | null;
  }>(sql`
    SELECT e.id, e.kind, e.effective_date AS "effectiveDate", e.decision_ref AS "decisionRef", e.note
      FROM unit_event e WHERE e.unit_ids @> ARRAY[${id}]::uuid[]
     ORDER BY e.effective_date DESC, e.created_at DESC`);
  return result.rows;
}

export type NameAtRow = {
  unitId: string;
  date: string;
  name: string;
  shortName: string | null;
  currentName: string;
  status: UnitStatus;
  successors: UnitLink[];
};

/**
 * For each (unit, date): the name in force that day, the present name and the active units that
 * carry it on (following successor links through later merges), in one query.
 */
export async function findNamesAt(
  db: Queryable,
  refs: ReadonlyArray<{ unitId: string; date: string }>,
): Promise<NameAtRow[]> {
  if (refs.length === 0) return [];
  const result = await db.execute<NameAtRow>(sql`
    SELECT r.unit_id AS "unitId", r.at::text AS date,
           coalesce(h.name, u.name) AS name,
           CASE WHEN h.name IS NULL THEN u.short_name ELSE h.short_name END AS "shortName",
           u.name AS "currentName", u.status,
           coalesce(succ.list, '[]'::json) AS successors
      FROM unnest(${sql.param(refs.map((r) => r.unitId))}::uuid[], ${sql.param(refs.map((r) => r.date))}::date[])
             AS r(unit_id, at)
      JOIN unit u ON u.id = r.unit_id
      LEFT JOIN LATERAL (
        SELECT h.name, h.short_name FROM unit_name_history h
         WHERE h.unit_id = u.id AND r.at BETWEEN h.valid_from AND h.valid_to
         ORDER BY h.valid_to DESC LIMIT 1) h ON true
      LEFT JOIN LATERAL (
        WITH RECURSIVE chain(id, hops) AS (
          SELECT s.successor_id, 1 FROM unit_succession s WHERE s.predecessor_id = u.id AND u.status <> 'active'
          UNION
          SELECT s.successor_id, c.hops + 1
            FROM chain c JOIN unit cu ON cu.id = c.id AND cu.status <> 'active'
            JOIN unit_succession s ON s.predecessor_id = c.id
           WHERE c.hops < 20)
        SELECT json_agg(json_build_object('id', x.id, 'name', x.name, 'shortName', x.short_name,
                                          'status', x.status) ORDER BY x.sort_order, x.name COLLATE vietnamese) AS list
          FROM unit x WHERE x.status = 'active' AND x.id IN (SELECT id FROM chain)) succ ON true`);
  return result.rows;
}
