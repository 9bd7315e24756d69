import { sql } from 'drizzle-orm';
import type { Queryable } from '../client.ts';
import type { GrantSeed, StaffSeed, UnitSeed } from './demo-tree.ts';

/**
 * Bulk inserts as `INSERT … SELECT FROM unnest(column arrays)`: one parameter per column whatever
 * the number of rows, so thousands of rows cost one round trip and almost no query building.
 */
const column = <T, K extends keyof T>(rows: readonly T[], key: K) =>
  sql.param(rows.map((row) => row[key] ?? null));

export async function insertUnits(tx: Queryable, rows: readonly UnitSeed[]) {
  if (rows.length === 0) return;
  const c = <K extends keyof UnitSeed>(key: K) => column(rows, key);
  await tx.execute(sql`
    INSERT INTO unit (id, parent_id, level_id, kind, name, short_name, code, symbol, address, phone, email,
                      effective_from, sort_order)
    SELECT * FROM unnest(${c('id')}::uuid[], ${c('parentId')}::uuid[], ${c('levelId')}::text[], ${c('kind')}::text[],
                         ${c('name')}::text[], ${c('shortName')}::text[], ${c('code')}::text[], ${c('symbol')}::text[],
                         ${c('address')}::text[], ${c('phone')}::text[], ${c('email')}::text[],
                         ${c('effectiveFrom')}::date[], ${c('sortOrder')}::int[])`);
}

export async function insertStaff(tx: Queryable, rows: readonly StaffSeed[]) {
  if (rows.length === 0) return;
  const c = <K extends keyof StaffSeed>(key: K) => column(rows, key);
  await tx.execute(sql`
    INSERT INTO staff (id, unit_id, username, full_name, position, gender, birth_year, email, phone, term_start, term_end)
    SELECT * FROM unnest(${c('id')}::uuid[], ${c('unitId')}::uuid[], ${c('username')}::text[], ${c('fullName')}::text[],
                         ${c('position')}::text[], ${c('gender')}::text[], ${c('birthYear')}::int[], ${c('email')}::text[],
                         ${c('phone')}::text[], ${c('termStart')}::date[], ${c('termEnd')}::date[])`);
}

/** Credential rows: `passwordHash` for the demo logins, none (sign-in after a reset) for the others. */
export async function insertCredentials(
  tx: Queryable,
  rows: ReadonlyArray<{ staffId: string; passwordHash: string | null }>,
) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    INSERT INTO credential (staff_id, password_hash, password_changed_at)
    SELECT s, h, CASE WHEN h IS NULL THEN NULL ELSE now() END
      FROM unnest(${column(rows, 'staffId')}::uuid[], ${column(rows, 'passwordHash')}::text[]) AS t(s, h)`);
}

export async function insertGrants(tx: Queryable, rows: readonly GrantSeed[]) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    INSERT INTO role_assignment (staff_id, role_id, unit_id)
    SELECT * FROM unnest(${column(rows, 'staffId')}::uuid[], ${column(rows, 'roleId')}::text[],
                         ${column(rows, 'unitId')}::uuid[])`);
}
