import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { coversWholeTree, pathWithin } from '../../platform/policy/index.ts';
import { MARK_END, MARK_START } from './search.query.ts';

/** Who may see what, and the filters of a search. `roots`: the caller's scope (ltree paths). */
export interface SearchFilters {
  roots: readonly string[];
  unitId?: string;
  direction?: 'incoming' | 'outgoing';
  typeId?: string;
  status?: string;
  registerId?: string;
  issuedFrom?: string;
  issuedTo?: string;
  arrivalFrom?: string;
  arrivalTo?: string;
}

export interface Page {
  limit: number;
  offset: number;
}

export type SearchRow = {
  id: string;
  unit_id: string;
  direction: 'incoming' | 'outgoing';
  status: string;
  type_name: string | null;
  code_number: string | null;
  code_notation: string | null;
  issued_date: string | null;
  arrival_number: number | null;
  arrival_date: Date | null;
  organ_name: string | null;
  subject: string;
  priority: 'normal' | 'khan' | 'thuong_khan' | 'hoa_toc';
  secrecy: 'normal' | 'mat' | 'toi_mat' | 'tuyet_mat';
  match: string;
  rank: number;
  subject_marked: string;
  body_marked: string | null;
};

const VIETNAM = 'Asia/Ho_Chi_Minh';
const MARKERS = `${MARK_START}${MARK_END}`;

/** The units of the caller's scope (below `unitId` when given), as SQL over `unit u`. */
function scopeUnits(filters: SearchFilters): SQL {
  const below = filters.unitId
    ? sql`AND u.path <@ (SELECT p.path FROM unit p WHERE p.id = ${filters.unitId})`
    : sql``;
  return sql`FROM unit u WHERE ${pathWithin(sql`u.path`, filters.roots)} ${below}`;
}

const wholeTree = (filters: SearchFilters) => coversWholeTree(filters.roots) && !filters.unitId;

/**
 * The scope as `unit_id = ANY(<ids>)`: the ids of the units in the caller's subtrees are computed
 * once (an InitPlan, GiST index on `unit.path`), so the planner can AND the unit index with
 * another index instead of joining every row to `unit`. The whole tree needs no condition.
 */
function scopeCondition(filters: SearchFilters): SQL {
  if (wholeTree(filters)) return sql`true`;
  return sql`d.unit_id = ANY((SELECT coalesce(array_agg(u.id), '{}') ${scopeUnits(filters)})::uuid[])`;
}

/**
 * The scope over `scope_unit_ids` (each document's owner unit and its ancestors, in one GIN index
 * with `search_vector`): `&& <ids of the caller's roots>`, and `&& {unitId}` to narrow — exact,
 * since a unit lies in a subtree exactly when the subtree's root is among its ancestors. A scope of
 * one subtree is one required index key, so the index walks that subtree's postings and skips
 * through the long postings of a common word instead of collecting every match in the country.
 * No root: an id no unit has. The whole tree: no condition.
 */
function scopeByAncestors(filters: SearchFilters): SQL {
  const parts: SQL[] = [];
  if (!coversWholeTree(filters.roots)) {
    // pathWithin checks the roots are unit paths (and is false for none).
    const roots = `{${filters.roots.join(',')}}`;
    parts.push(
      sql`d.scope_unit_ids && (SELECT coalesce(array_agg(u.id), '{00000000-0000-0000-0000-000000000000}') FROM unit u WHERE ${pathWithin(sql`u.path`, filters.roots)} AND u.path = ANY(${roots}::ltree[]))::uuid[]`,
    );
  }
  if (filters.unitId) parts.push(sql`d.scope_unit_ids && ARRAY[${filters.unitId}]::uuid[]`);
  return parts.length ? sql.join(parts, sql` AND `) : sql`true`;
}

/** The filters as SQL over `document d`; the scope by unit ids, or by ancestors (text search). */
function filterConditions(filters: SearchFilters, scope: 'units' | 'ancestors' = 'units'): SQL {
  const parts: SQL[] = [scope === 'units' ? scopeCondition(filters) : scopeByAncestors(filters)];
  if (filters.direction) parts.push(sql`d.direction = ${filters.direction}`);
  if (filters.typeId) parts.push(sql`d.type_id = ${filters.typeId}`);
  if (filters.status) parts.push(sql`d.status = ${filters.status}`);
  if (filters.registerId) parts.push(sql`d.register_id = ${filters.registerId}`);
  if (filters.issuedFrom) parts.push(sql`d.issued_date >= ${filters.issuedFrom}::date`);
  if (filters.issuedTo) parts.push(sql`d.issued_date <= ${filters.issuedTo}::date`);
  // Arrival is a moment; the dates are Vietnam calendar days.
  if (filters.arrivalFrom)
    parts.push(sql`d.arrival_date >= (${filters.arrivalFrom}::date)::timestamp AT TIME ZONE ${VIETNAM}`);
  if (filters.arrivalTo)
    parts.push(sql`d.arrival_date < (${filters.arrivalTo}::date + 1)::timestamp AT TIME ZONE ${VIETNAM}`);
  return sql.join(parts, sql` AND `);
}

const columns = sql`d.id, d.unit_id, d.direction, d.status, d.type_name, d.code_number, d.code_notation,
  d.issued_date::text AS issued_date, d.arrival_number, d.arrival_date, d.organ_name, d.subject, d.priority, d.secrecy`;

/** ts_headline with the match markers, on the text stripped of any marker it contained. */
const headline = (text: SQL, query: SQL, options: string) =>
  sql`ts_headline('vietnamese', translate(normalize(${text}, NFC), ${MARKERS}, ''), ${query}, ${options})`;
const SUBJECT_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;
const BODY_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … "`;

/**
 * Ranked full-text search. The GIN index on `search_vector` (folded text) finds the rows; rows
 * whose unfolded text (`search_exact`) matches the query as typed come first, then by ts_rank
 * (weights: symbol and subject, issuing body, metadata, body text), then the newest.
 * `websearch_to_tsquery` reads the query: words (all required), "a phrase", `or`, `-not`.
 */
export function textSearchSql(query: string, filters: SearchFilters, page: Page): SQL {
  const folded = sql`websearch_to_tsquery('vietnamese', f_vn_norm(${query}))`;
  const exact = sql`websearch_to_tsquery('simple', f_vn_norm(${query}))`;
  return sql`
    SELECT h.*,
           ${headline(sql`h.subject`, folded, SUBJECT_OPTIONS)} AS subject_marked,
           CASE WHEN b.body_text IS NULL THEN NULL ELSE ${headline(sql`b.body_text`, folded, BODY_OPTIONS)} END AS body_marked
      FROM (SELECT ${columns},
                   CASE WHEN d.search_exact @@ ${exact} THEN 'exact' ELSE 'folded' END AS match,
                   ts_rank(d.search_vector, ${folded}) AS rank
              FROM document d
             WHERE d.search_vector @@ ${folded} AND ${filterConditions(filters, 'ancestors')}
             ORDER BY d.search_exact @@ ${exact} DESC, rank DESC, d.issued_date DESC NULLS LAST, d.id
             LIMIT ${page.limit + 1} OFFSET ${page.offset}) h
      JOIN document b ON b.id = h.id
     ORDER BY h.match = 'exact' DESC, h.rank DESC, h.issued_date DESC NULLS LAST, h.id`;
}

export async function searchText(
  db: Queryable,
  query: string,
  filters: SearchFilters,
  page: Page,
): Promise<SearchRow[]> {
  return (await db.execute<SearchRow>(textSearchSql(query, filters, page))).rows;
}

/** The search key of a symbol as the index stores it ("05/QĐ-UBND" → "5/qd-ubnd"). */
export async function symbolKey(db: Queryable, symbol: string): Promise<string> {
  const result = await db.execute<{ key: string }>(sql`SELECT f_vn_symbol(${symbol}) AS key`);
  return result.rows[0]?.key ?? '';
}

/**
 * Symbol search in one statement. The key (`f_vn_symbol`, immutable) and its LIKE patterns are
 * folded to constants when the statement is planned, so the btree (`symbol_key
 * text_pattern_ops`, `unit_id`) serves the prefix and the trigram index the substring. When a
 * document in scope has exactly that key (an InitPlan, evaluated once), the exact match and
 * longer symbols starting with it are listed; otherwise — and only for keys of at least
 * `minSubstring` characters — every symbol containing it. A branch not taken is not executed
 * (a one-time filter). A key without a letter or digit matches nothing. Exact matches first, then
 * prefix matches, then the newest.
 */
export function symbolSearchSql(symbol: string, filters: SearchFilters, page: Page, minSubstring = 3): SQL {
  const key = sql`f_vn_symbol(${symbol})`;
  const literal = sql`replace(replace(replace(${key}, chr(92), chr(92) || chr(92)), '%', chr(92) || '%'), '_', chr(92) || '_')`;
  const prefix = sql`(${literal} || '%')`;
  const substring = sql`('%' || ${literal} || '%')`;
  const searchable = sql`${key} ~ '[[:alnum:]]'`;
  const exactInScope = sql`(SELECT EXISTS (SELECT 1 FROM document d WHERE d.symbol_key = ${key} AND ${filterConditions(filters)}))`;
  const branch = (pattern: SQL, when: SQL) => sql`
    SELECT ${columns},
           CASE WHEN d.symbol_key = ${key} THEN 'symbol_exact'
                WHEN d.symbol_key LIKE ${prefix} THEN 'symbol_prefix'
                ELSE 'symbol_substring' END AS match
      FROM document d
     WHERE d.symbol_key LIKE ${pattern} AND ${filterConditions(filters)} AND ${searchable} AND ${when}`;
  const substringAllowed = sql`length(${key}) >= ${minSubstring}`;
  return sql`
    SELECT h.*, 0 AS rank, translate(h.subject, ${MARKERS}, '') AS subject_marked, NULL AS body_marked
      FROM (${branch(prefix, sql`(NOT ${substringAllowed} OR ${exactInScope})`)}
            UNION ALL
            ${branch(substring, sql`${substringAllowed} AND NOT ${exactInScope}`)}) h
     ORDER BY h.match = 'symbol_exact' DESC, h.match = 'symbol_prefix' DESC, h.issued_date DESC NULLS LAST, h.id
     LIMIT ${page.limit + 1} OFFSET ${page.offset}`;
}

export async function searchSymbol(
  db: Queryable,
  symbol: string,
  filters: SearchFilters,
  page: Page,
  minSubstring?: number,
): Promise<SearchRow[]> {
  return (await db.execute<SearchRow>(symbolSearchSql(symbol, filters, page, minSubstring))).rows;
}

/** Filters only: the newest first. */
export async function searchFiltered(
  db: Queryable,
  filters: SearchFilters,
  page: Page,
): Promise<SearchRow[]> {
  const result = await db.execute<SearchRow>(sql`
    SELECT ${columns}, 'filter' AS match, 0 AS rank,
           translate(d.subject, ${MARKERS}, '') AS subject_marked, NULL AS body_marked
      FROM document d
     WHERE ${filterConditions(filters)}
     ORDER BY d.issued_date DESC NULLS LAST, d.created_at DESC, d.id
     LIMIT ${page.limit + 1} OFFSET ${page.offset}`);
  return result.rows;
}
