import type { Staff, StaffDetail, StaffStatus, Training } from '@mts/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { likeEscape, withinPaths } from './units.repository.ts';

/** The expression indexed by `staff_search_trgm` (must match it exactly to use the index). */
const staffSearchText = sql`f_unaccent(s.full_name || ' ' || s.username || ' ' || coalesce(s.email, ''))`;

const staffColumns = sql`
  s.id, json_build_object('id', u.id, 'name', u.name, 'shortName', u.short_name, 'status', u.status) AS unit,
  s.username, s.full_name AS "fullName", s.position, s.email, s.phone, s.gender, s.birth_year AS "birthYear",
  s.status, s.term_start AS "termStart", s.term_end AS "termEnd",
  to_json(s.created_at) #>> '{}' AS "createdAt", to_json(s.updated_at) #>> '{}' AS "updatedAt"`;

export interface StaffListFilter {
  scope: readonly string[];
  unitId?: string;
  /** With `unitId`: the ltree path whose subtree to include. */
  subtreePath?: string;
  status: StaffStatus | 'all';
  q?: string;
  page: number;
  pageSize: number;
}

/**
 * One indexed query: scope (GiST on unit.path), unit or subtree, status, search (trigram), total.
 * Vietnamese names sort by given name (the last word), then the whole name.
 */
export async function listStaff(db: Queryable, filter: StaffListFilter) {
  const conditions: SQL[] = [withinPaths(sql`u.path`, filter.scope)];
  if (filter.subtreePath) conditions.push(sql`u.path <@ ${filter.subtreePath}::ltree`);
  else if (filter.unitId) conditions.push(sql`s.unit_id = ${filter.unitId}`);
  if (filter.status !== 'all') conditions.push(sql`s.status = ${filter.status}`);
  if (filter.q)
    conditions.push(
      sql`${staffSearchText} LIKE '%' || f_unaccent(${likeEscape(filter.q.normalize('NFC'))}) || '%'`,
    );
  const where = sql.join(conditions, sql` AND `);
  // The page is chosen first (ids, sort key, total); the JSON columns only for its rows.
  const result = await db.execute<Staff & { total: number }>(sql`
    WITH page AS (
      SELECT s.id, split_part(s.full_name, ' ', -1) AS given_name, s.full_name,
             count(*) OVER ()::int AS total
        FROM staff s JOIN unit u ON u.id = s.unit_id
       WHERE ${where}
       ORDER BY split_part(s.full_name, ' ', -1) COLLATE vietnamese, s.full_name COLLATE vietnamese, s.id
       LIMIT ${filter.pageSize} OFFSET ${(filter.page - 1) * filter.pageSize})
    SELECT ${staffColumns}, page.total
      FROM page JOIN staff s ON s.id = page.id JOIN unit u ON u.id = s.unit_id
     ORDER BY page.given_name COLLATE vietnamese, page.full_name COLLATE vietnamese, page.id`);
  let total = result.rows[0]?.total ?? 0;
  if (result.rows.length === 0 && filter.page > 1) {
    const counted = await db.execute<{ total: number }>(sql`
      SELECT count(*)::int AS total FROM staff s JOIN unit u ON u.id = s.unit_id WHERE ${where}`);
    total = counted.rows[0]?.total ?? 0;
  }
  return { items: result.rows.map(({ total: _total, ...item }) => item), total };
}

export async function findStaffDetail(db: Queryable, id: string): Promise<StaffDetail | null> {
  const result = await db.execute<StaffDetail>(sql`
    SELECT ${staffColumns},
           coalesce((SELECT json_agg(json_build_object('roleId', r.id, 'nameVi', r.name_vi,
                       'unit', json_build_object('id', ru.id, 'name', ru.name, 'shortName', ru.short_name,
                                                 'status', ru.status)) ORDER BY r.id)
                       FROM role_assignment ra JOIN role r ON r.id = ra.role_id JOIN unit ru ON ru.id = ra.unit_id
                      WHERE ra.staff_id = s.id), '[]'::json) AS roles,
           EXISTS (SELECT 1 FROM credential c WHERE c.staff_id = s.id AND c.password_hash IS NOT NULL)
             AS "hasPassword"
      FROM staff s JOIN unit u ON u.id = s.unit_id
     WHERE s.id = ${id}`);
  return result.rows[0] ?? null;
}

/** Which of the usernames and e-mails (compared case-insensitively) are taken, and by whom. */
export async function findTakenLogins(
  db: Queryable,
  usernames: readonly string[],
  emails: readonly string[],
  exceptStaffId?: string,
) {
  const result = await db.execute<{ id: string; username: string; email: string | null }>(sql`
    SELECT id, lower(username) AS username, lower(email) AS email FROM staff
     WHERE (lower(username) = ANY(${sql.param(usernames.map((u) => u.toLowerCase()))}::text[])
        OR lower(email) = ANY(${sql.param(emails.map((e) => e.toLowerCase()))}::text[]))
       ${exceptStaffId ? sql`AND id <> ${exceptStaffId}` : sql``}`);
  return {
    usernames: new Set(result.rows.map((r) => r.username)),
    emails: new Set(result.rows.map((r) => r.email).filter((e): e is string => Boolean(e))),
  };
}

export async function listTraining(db: Queryable, staffId: string): Promise<Training[]> {
  const result = await db.execute<Training>(sql`
    SELECT id, staff_id AS "staffId", title, provider, completed_on AS "completedOn", hours,
           to_json(created_at) #>> '{}' AS "createdAt"
      FROM staff_training WHERE staff_id = ${staffId}
     ORDER BY completed_on DESC NULLS LAST, created_at DESC`);
  return result.rows;
}
