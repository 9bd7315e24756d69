import {
  ABBREVIATIONS,
  MAX_SYLLABLE_LENGTH,
  ROAD_PREFIX,
  STOP_PHRASES,
  STOP_SYLLABLES,
} from './similarity.ts';

const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;
const textArray = (items: readonly string[]) => `ARRAY[${items.map(literal).join(', ')}]::text[]`;

/**
 * `petition_similarity_terms(folded, subject_code)`: the SQL twin of `similarityTerms` in
 * similarity.ts, generated from the same lists, so the stored column (a generated column of
 * `petition`) and the queries built in TypeScript agree. The custom migration holds its output;
 * similar.int.test.ts checks the database function against `similarityTerms` on every labelled
 * text. Change the lists → generate a new custom migration with this function's new text
 * (`CREATE OR REPLACE`), then `UPDATE petition SET folded = folded` recomputes the column.
 */
export function similarityTermsFunctionSql(): string {
  const abbreviations = Object.entries(ABBREVIATIONS)
    .map(([short, long]) => `(${literal(short)}, ${literal(long)})`)
    .join(', ');
  return `CREATE OR REPLACE FUNCTION petition_similarity_terms(folded text, subject_code text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (
    WITH words AS (
      SELECT row_number() OVER (ORDER BY t.n, e.m) AS n, e.w
        FROM unnest(string_to_array(
               regexp_replace(coalesce(folded, ''), '(^| )(${ROAD_PREFIX.join('|')})([0-9])', '\\1\\2 \\3', 'g'), ' '))
               WITH ORDINALITY AS t(w, n)
        LEFT JOIN (VALUES ${abbreviations}) AS a(short, long) ON a.short = t.w
        CROSS JOIN LATERAL unnest(string_to_array(coalesce(a.long, t.w), ' ')) WITH ORDINALITY AS e(w, m)
       WHERE t.w <> '' AND char_length(t.w) <= ${MAX_SYLLABLE_LENGTH}
    ), kept AS (
      SELECT row_number() OVER (ORDER BY n) AS i, w
        FROM (SELECT n, w, lag(w) OVER (ORDER BY n) AS prev, lead(w) OVER (ORDER BY n) AS next FROM words) x
       WHERE NOT (w = ANY (${textArray(STOP_SYLLABLES)}))
         AND NOT coalesce(prev || ' ' || w = ANY (${textArray(STOP_PHRASES)}), false)
         AND NOT coalesce(w || ' ' || next = ANY (${textArray(STOP_PHRASES)}), false)
    )
    SELECT array_to_tsvector(
             ARRAY(SELECT DISTINCT a.w || '_' || b.w FROM kept a JOIN kept b ON b.i = a.i + 1)
             || CASE WHEN subject_code IS NULL THEN ARRAY[]::text[] ELSE ARRAY['@' || subject_code] END)
  );`;
}
