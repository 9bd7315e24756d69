import type { UnitKind } from '@mts/contracts';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';

export interface UnitInsert {
  id: string;
  parentId: string | null;
  levelId: string;
  kind: UnitKind;
  name: string;
  shortName: string | null;
  code: string | null;
  symbol: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  effectiveFrom: string;
  sortOrder: number;
}

export interface StaffInsert {
  id: string;
  unitId: string;
  username: string;
  fullName: string;
  position: string | null;
  gender: 'male' | 'female' | 'other' | null;
  birthYear: number | null;
  email: string | null;
  phone: string | null;
  termStart: string | null;
  termEnd: string | null;
}

export interface GrantInsert {
  staffId: string;
  roleId: string;
  unitId: string;
  createdBy?: string | null;
}

/**
 * Bulk inserts as `INSERT … SELECT FROM unnest(column arrays)`: one parameter per column whatever
 * the number of rows, so thousands of rows cost one round trip and almost no query building.
 */
const column = <T, K extends keyof T>(rows: readonly T[], key: K) =>
  sql.param(rows.map((row) => row[key] ?? null));

/** Units whose parents already exist (the path trigger reads them): insert one tree level per call. */
export async function insertUnitRows(tx: Queryable, rows: readonly UnitInsert[]) {
  if (rows.length === 0) return;
  const c = <K extends keyof UnitInsert>(key: K) => column(rows, key);
  await tx.execute(sql`
    INSERT INTO unit (id, parent_id, level_id, kind, name, short_name, code, symbol, address, phone, email,
                      effective_from, sort_order)
    SELECT * FROM unnest(${c('id')}::uuid[], ${c('parentId')}::uuid[], ${c('levelId')}::text[], ${c('kind')}::text[],
                         ${c('name')}::text[], ${c('shortName')}::text[], ${c('code')}::text[], ${c('symbol')}::text[],
                         ${c('address')}::text[], ${c('phone')}::text[], ${c('email')}::text[],
                         ${c('effectiveFrom')}::date[], ${c('sortOrder')}::int[])`);
}

export async function insertStaffRows(tx: Queryable, rows: readonly StaffInsert[]) {
  if (rows.length === 0) return;
  const c = <K extends keyof StaffInsert>(key: K) => column(rows, key);
  await tx.execute(sql`
    INSERT INTO staff (id, unit_id, username, full_name, position, gender, birth_year, email, phone, term_start, term_end)
    SELECT * FROM unnest(${c('id')}::uuid[], ${c('unitId')}::uuid[], ${c('username')}::text[], ${c('fullName')}::text[],
                         ${c('position')}::text[], ${c('gender')}::text[], ${c('birthYear')}::int[], ${c('email')}::text[],
                         ${c('phone')}::text[], ${c('termStart')}::date[], ${c('termEnd')}::date[])`);
}

/** Credential rows; a null hash means the person signs in after a reset, SSO or passkey. */
export async function insertCredentialRows(
  tx: Queryable,
  rows: ReadonlyArray<{ staffId: string; passwordHash: string | null }>,
) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    INSERT INTO credential (staff_id, password_hash, password_changed_at)
    SELECT s, h, CASE WHEN h IS NULL THEN NULL ELSE now() END
      FROM unnest(${column(rows, 'staffId')}::uuid[], ${column(rows, 'passwordHash')}::text[]) AS t(s, h)`);
}

export async function insertGrantRows(tx: Queryable, rows: readonly GrantInsert[]) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    INSERT INTO role_assignment (staff_id, role_id, unit_id, created_by)
    SELECT * FROM unnest(${column(rows, 'staffId')}::uuid[], ${column(rows, 'roleId')}::text[],
                         ${column(rows, 'unitId')}::uuid[], ${column(rows, 'createdBy')}::uuid[])`);
}
