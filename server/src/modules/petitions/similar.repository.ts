import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { coversWholeTree, pathWithin } from '../../platform/policy/index.ts';
import { publicDescriptionSql, publicTitleSql } from './moderation.service.ts';
import type { PetitionStatus } from './petitions.schema.ts';
import {
  featuresOfFolded,
  foldVietnamese,
  REPEAT_THRESHOLD,
  SUGGEST_THRESHOLD,
  similarityScore,
  similarityTerms,
  type TextFeatures,
} from './similarity.ts';

export interface SimilarPetitionsQuery {
  /** What is being typed or was filed: title and description together. */
  text: string;
  /** The area: this unit, its ancestors and its descendants (unit.path is an ltree). */
  unitId?: string | null;
  subjectCode?: string | null;
  /** The petition being looked at (and those merged into it) are not suggested. */
  excludeId?: string | null;
  /** 5 by default, at most 20. */
  limit?: number;
  /**
   * `public` (default): only petitions shown publicly (is_public, not hidden). `staff`: every
   * petition, within `scopeRoots` when given.
   */
  audience?: 'public' | 'staff';
  /** Subtrees (ltree paths) the caller may read: the staff route passes `petitions.read`'s scope. */
  scopeRoots?: readonly string[];
}

/** A suggestion: what the public may see of a petition (never the petitioner) and how close it is. */
export interface SimilarPetition {
  id: string;
  trackingCode: string;
  title: string;
  /** The first 240 characters of the description (the public sees the redacted text, if any). */
  excerpt: string;
  status: PetitionStatus;
  subjectCode: string;
  subjectName: string;
  unitId: string;
  unitName: string;
  /** The delegates' term and the voter-contact session it was raised at (earlier terms included). */
  term: string | null;
  sessionId: string | null;
  receivedAt: string;
  answeredAt: string | null;
  /** The latest published answer's plain-language summary. */
  answer: { summary: string; publishedAt: string } | null;
  /** Dice similarity in [0, 1] (similarity.ts). */
  score: number;
  /** score ≥ REPEAT_THRESHOLD: most likely the same petition raised again. */
  isLikelyRepeat: boolean;
  /** Set when the match was a petition merged into this one (the suggestion is the merged whole). */
  matchedMergedId: string | null;
}

/** Candidates re-ranked in TypeScript per query: enough for a top 20 after a coarse SQL ranking. */
const CANDIDATES = 100;
/** Retrieval: rarest terms within a budget of estimated rows; pairs of common ones (below). */
const MIN_RETRIEVAL_TERMS = 2;
const MAX_RETRIEVAL_TERMS = 48;
const RETRIEVAL_ROW_BUDGET = 2_000;
const PAIRED_TERMS = 4;
/** The coarse SQL ranking (ts_rank) looks at this many of the query's terms. */
const MAX_RANK_TERMS = 32;
/** The planner's statistics of the terms are read again after this long. */
const STATS_TTL_MS = 10 * 60_000;

/** How often each term occurs, from the planner's statistics of `petition.similarity_terms`. */
export interface TermStatistics {
  rows: number;
  /** Fraction of rows holding the term, for the most common terms. */
  frequency: ReadonlyMap<string, number>;
  /** Terms not listed are rarer than this fraction. */
  floor: number;
}

/**
 * The tsquery that retrieves candidates from the GIN index (the subject is added by the caller),
 * null when the text cannot be searched affordably. Terms are taken rarest first (estimated from
 * the planner's statistics, an unlisted term at half the rarest listed frequency; `share` is the
 * fraction of rows the subject keeps) and OR-ed while the estimated rows stay within the budget.
 * When fewer than two fit (a text of common words), candidates may also hold two of the next
 * four rarest terms together (`… | (a & b) | (a & c) | …`), so one unusual word does not decide
 * alone and common words still narrow the search. A single common term is not searched: more
 * words are needed. Without statistics (a table never analysed, so small): any of the first 48.
 */
export function retrievalTsquery(
  terms: readonly string[],
  stats: TermStatistics | null,
  share = 1,
): string | null {
  if (terms.length === 0) return null;
  if (!stats || stats.rows <= 0) return anyOf(terms.slice(0, MAX_RETRIEVAL_TERMS));
  const estimate = (term: string) => (stats.frequency.get(term) ?? stats.floor / 2) * stats.rows * share;
  const ranked = terms.map((term, i) => ({ term, i, rows: estimate(term) }));
  ranked.sort((a, b) => a.rows - b.rows || a.i - b.i);
  const affordable: string[] = [];
  let rows = 0;
  for (const candidate of ranked) {
    if (affordable.length >= MAX_RETRIEVAL_TERMS || rows + candidate.rows > RETRIEVAL_ROW_BUDGET) break;
    affordable.push(lexeme(candidate.term));
    rows += candidate.rows;
  }
  if (affordable.length >= MIN_RETRIEVAL_TERMS || affordable.length === ranked.length)
    return affordable.join(' | ');
  const next = ranked.slice(affordable.length, affordable.length + PAIRED_TERMS).map((r) => lexeme(r.term));
  if (next.length < 2) return affordable.length > 0 ? affordable.join(' | ') : null;
  const pairs: string[] = [];
  for (let i = 0; i < next.length; i++)
    for (let j = i + 1; j < next.length; j++) pairs.push(`(${next[i]} & ${next[j]})`);
  return [...affordable, ...pairs].join(' | ');
}

/** A tsquery of raw lexemes (no parsing, no stemming), quoted as the tsquery syntax wants. */
const lexeme = (term: string) => `'${term.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
export const anyOf = (terms: readonly string[]) => terms.map(lexeme).join(' | ');
export const subjectTerm = (code: string) => `@${code}`;

const statisticsCache = new WeakMap<object, { at: number; stats: TermStatistics | null }>();

/** The planner's statistics of the terms (pg_stats), cached per database handle for ten minutes. */
async function termStatistics(db: Queryable): Promise<TermStatistics | null> {
  const cached = statisticsCache.get(db);
  if (cached && Date.now() - cached.at < STATS_TTL_MS) return cached.stats;
  const result = await db.execute<{ rows: number; elems: string[] | null; freqs: number[] | null }>(sql`
    SELECT greatest(c.reltuples, 0)::float8 AS rows,
           s.most_common_elems::text::text[] AS elems,
           s.most_common_elem_freqs::float8[] AS freqs
      FROM pg_class c
      LEFT JOIN pg_stats s ON s.schemaname = c.relnamespace::regnamespace::text
                          AND s.tablename = c.relname AND s.attname = 'similarity_terms'
     WHERE c.oid = to_regclass('petition')`);
  const row = result.rows[0];
  let stats: TermStatistics | null = null;
  if (row?.elems && row.freqs && row.rows > 0) {
    const frequency = new Map<string, number>();
    const freqs = row.freqs;
    row.elems.forEach((term, i) => {
      frequency.set(term, Number(freqs[i]));
    });
    // After the per-term frequencies: their minimum, maximum and the null frequency.
    stats = { rows: Number(row.rows), frequency, floor: Number(freqs[row.elems.length] ?? 0) };
  }
  statisticsCache.set(db, { at: Date.now(), stats });
  return stats;
}

/** The relevance of a candidate for a suggestion: Dice, or half the share of the query it contains. */
function relevance(query: TextFeatures, candidate: TextFeatures, score: number): number {
  const size = query.unigrams.size + query.bigrams.size;
  if (size === 0) return 0;
  let contained = 0;
  for (const item of query.unigrams) if (candidate.unigrams.has(item)) contained++;
  for (const item of query.bigrams) if (candidate.bigrams.has(item)) contained++;
  return Math.max(score, contained / size / 2);
}

type CandidateRow = {
  id: string;
  folded: string;
  mergedIntoId: string | null;
};

type DetailRow = {
  id: string;
  trackingCode: string;
  title: string;
  excerpt: string;
  status: PetitionStatus;
  subjectCode: string;
  subjectName: string;
  unitId: string;
  unitName: string;
  term: string | null;
  sessionId: string | null;
  receivedAt: string;
  answeredAt: string | null;
  answerSummary: string | null;
  answerPublishedAt: string | null;
};

/**
 * The candidate query of `findSimilarPetitions` (exported for EXPLAIN in the benchmark): null when
 * the text has no bigram to search by, or the caller's scope is empty.
 */
export async function similarCandidatesSql(db: Queryable, query: SimilarPetitionsQuery): Promise<SQL | null> {
  const terms = similarityTerms(foldVietnamese(query.text.slice(0, 20_000)));
  if (terms.length === 0) return null;
  if (query.scopeRoots && query.scopeRoots.length === 0) return null;
  const audience = query.audience ?? 'public';

  const stats = await termStatistics(db);
  const subjectShare =
    query.subjectCode && stats ? (stats.frequency.get(subjectTerm(query.subjectCode)) ?? stats.floor) : 1;
  const retrieval = retrievalTsquery(terms, stats, subjectShare);
  if (!retrieval) return null;
  const retrievalQuery = query.subjectCode
    ? `${lexeme(subjectTerm(query.subjectCode))} & (${retrieval})`
    : retrieval;
  const rankQuery = anyOf(terms.slice(0, MAX_RANK_TERMS));

  const match = sql`p.similarity_terms @@ ${retrievalQuery}::tsquery`;
  const conditions: SQL[] = [sql`p.status NOT IN ('draft', 'rejected')`];
  if (query.subjectCode) conditions.push(sql`p.subject_code = ${query.subjectCode}`);
  if (audience === 'public') conditions.push(sql`p.is_public AND p.hidden_at IS NULL`);
  if (query.excludeId)
    conditions.push(
      sql`p.id <> ${query.excludeId} AND p.merged_into_id IS DISTINCT FROM ${query.excludeId}::uuid`,
    );
  const unitConditions: SQL[] = [];
  if (query.unitId)
    unitConditions.push(
      sql`(u.path <@ (SELECT path FROM unit WHERE id = ${query.unitId}) OR u.path @> (SELECT path FROM unit WHERE id = ${query.unitId}))`,
    );
  if (query.scopeRoots && !coversWholeTree(query.scopeRoots))
    unitConditions.push(pathWithin(sql`u.path`, query.scopeRoots));
  // `= ANY (ARRAY(…))`, not `IN (SELECT …)`: the unit ids become an index condition on
  // petition_subject_idx (subject, unit), so the area narrows the rows before the heap is read.
  if (unitConditions.length > 0)
    conditions.push(
      sql`p.unit_id = ANY (ARRAY(SELECT u.id FROM unit u WHERE ${sql.join(unitConditions, sql` AND `)}))`,
    );
  const ranking = sql`ORDER BY ts_rank(p.similarity_terms, ${rankQuery}::tsquery) DESC, p.received_at DESC
     LIMIT ${CANDIDATES}`;

  // An area and a subject select few rows (tens to a few thousand): take them first and match the
  // terms on them. Otherwise the planner ANDs the GIN bitmap of the rare terms, whose country-wide
  // matches it underestimates (1M petitions: 589 expected, 38,095 read — 20 ms of the 30 ms budget).
  if (query.unitId && query.subjectCode)
    return sql`
      WITH area AS MATERIALIZED (
        SELECT p.id, p.folded, p.merged_into_id, p.similarity_terms, p.received_at
          FROM petition p
         WHERE ${sql.join(conditions, sql` AND `)})
      SELECT p.id, p.folded, p.merged_into_id AS "mergedIntoId"
        FROM area p
       WHERE ${match}
       ${ranking}`;
  return sql`
    SELECT p.id, p.folded, p.merged_into_id AS "mergedIntoId"
      FROM petition p
     WHERE ${sql.join([match, ...conditions], sql` AND `)}
     ${ranking}`;
}

/**
 * Similar petitions already known, for the public form, the staff form as-you-type and Open311:
 * in the same area (the unit, its ancestors and descendants) and subject when given, across every
 * session and term, best first. Candidates come from the GIN index on `similarity_terms` (the
 * query's rarest bigrams, the subject as a term), ranked coarsely in SQL (ts_rank over all the
 * query's terms), then scored in TypeScript (similarity.ts). A petition merged into another is
 * suggested as that other one. Texts with fewer than two content syllables suggest nothing.
 */
export async function findSimilarPetitions(
  db: Queryable,
  query: SimilarPetitionsQuery,
): Promise<SimilarPetition[]> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 5), 1), 20);
  const folded = foldVietnamese(query.text.slice(0, 20_000));
  const features = featuresOfFolded(folded);
  const audience = query.audience ?? 'public';
  const candidatesSql = await similarCandidatesSql(db, query);
  if (!candidatesSql) return [];
  const candidates = await db.execute<CandidateRow>(candidatesSql);

  // Score, then follow merges: the suggestion is the petition a repeat was merged into.
  const best = new Map<string, { score: number; rank: number; matchedMergedId: string | null }>();
  for (const candidate of candidates.rows) {
    const candidateFeatures = featuresOfFolded(candidate.folded);
    const score = similarityScore(features, candidateFeatures);
    const rank = relevance(features, candidateFeatures, score);
    if (rank < SUGGEST_THRESHOLD) continue;
    const id = candidate.mergedIntoId ?? candidate.id;
    if (id === query.excludeId || candidate.id === query.excludeId) continue;
    const known = best.get(id);
    if (!known || rank > known.rank)
      best.set(id, { score, rank, matchedMergedId: candidate.mergedIntoId ? candidate.id : null });
  }
  const ranked = [...best.entries()].sort((a, b) => b[1].rank - a[1].rank).slice(0, limit);
  if (ranked.length === 0) return [];

  const detailConditions: SQL[] = [sql`p.id = ANY(${`{${ranked.map(([id]) => id).join(',')}}`}::uuid[])`];
  if (audience === 'public') detailConditions.push(sql`p.is_public AND p.hidden_at IS NULL`);
  if (query.scopeRoots && !coversWholeTree(query.scopeRoots))
    detailConditions.push(pathWithin(sql`u.path`, query.scopeRoots));
  // The public reads the redacted text when moderation redacted it; staff the original.
  const petitionAlias = sql.raw('p');
  const title = audience === 'public' ? publicTitleSql(petitionAlias) : sql`p.title`;
  const description = audience === 'public' ? publicDescriptionSql(petitionAlias) : sql`p.description`;
  const details = await db.execute<DetailRow>(sql`
    SELECT p.id, p.tracking_code AS "trackingCode", ${title} AS title, left(${description}, 240) AS excerpt, p.status,
           p.subject_code AS "subjectCode", s.name_vi AS "subjectName", p.unit_id AS "unitId", u.name AS "unitName",
           p.term, p.session_id AS "sessionId",
           to_json(p.received_at) #>> '{}' AS "receivedAt", to_json(p.answered_at) #>> '{}' AS "answeredAt",
           a.summary AS "answerSummary", to_json(a.published_at) #>> '{}' AS "answerPublishedAt"
      FROM petition p
      JOIN unit u ON u.id = p.unit_id
      JOIN petition_subject s ON s.code = p.subject_code
      LEFT JOIN LATERAL (
        SELECT pa.summary, pa.published_at FROM petition_answer pa
         WHERE pa.petition_id = p.id AND pa.published_at IS NOT NULL
         ORDER BY pa.published_at DESC LIMIT 1) a ON true
     WHERE ${sql.join(detailConditions, sql` AND `)}`);
  const byId = new Map(details.rows.map((row) => [row.id, row]));
  const found: SimilarPetition[] = [];
  for (const [id, match] of ranked) {
    const row = byId.get(id);
    if (!row) continue; // the petition a repeat was merged into is hidden or out of scope
    found.push({
      id: row.id,
      trackingCode: row.trackingCode,
      title: row.title,
      excerpt: row.excerpt,
      status: row.status,
      subjectCode: row.subjectCode,
      subjectName: row.subjectName,
      unitId: row.unitId,
      unitName: row.unitName,
      term: row.term,
      sessionId: row.sessionId,
      receivedAt: new Date(row.receivedAt).toISOString(),
      answeredAt: row.answeredAt ? new Date(row.answeredAt).toISOString() : null,
      answer:
        row.answerSummary !== null && row.answerPublishedAt
          ? { summary: row.answerSummary, publishedAt: new Date(row.answerPublishedAt).toISOString() }
          : null,
      score: Math.round(match.score * 1000) / 1000,
      isLikelyRepeat: match.score >= REPEAT_THRESHOLD,
      matchedMergedId: match.matchedMergedId,
    });
  }
  return found;
}
