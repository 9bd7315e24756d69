/**
 * Similar-petition suggestions over 1,000,000 generated petitions (issue 6; target p95 ≤ 30 ms):
 * build time and size of the search column and its GIN index, EXPLAIN ANALYZE of the candidate
 * query, and latency percentiles of `findSimilarPetitions` (SQL candidates + re-ranking in
 * TypeScript + details with the published answer) for
 *   - the public form after submit: full text, the unit's area and the subject,
 *   - the staff form as the cadre types: the first eight words, area, subject, provincial scope,
 *   - no area, no subject (an Open311 client, a search over the whole country).
 * Petitions are generated in SQL by bench/petitions-data.ts (shared with bench/petitions-public.ts):
 * templates (30 issues over the 12 subjects) × places (hamlet kinds and numbers, the commune's
 * name) × named objects × years, spread over the country's 1 + 34 + 3,321 units and two delegates'
 * terms (2016-2021, 2021-2026), 40 % answered with a published answer. Query texts are petitions
 * drawn at random, so each has real repeats. Measured twice: PostgreSQL just restarted (buffers
 * cold), then with the table and indexes in shared_buffers (pg_prewarm) and other texts.
 * Run: `npm run bench:petitions-similar` (BENCH_PETITIONS to change the count, e.g. 50000;
 * BENCH_QUERIES per scenario, default 300; BENCH_DATABASE_URL for an external PostgreSQL;
 * BENCH_KEEP=1 keeps the database; BENCH_PG_DIR + BENCH_DATABASE_NAME keep and reuse the data).
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createDatabase } from '../server/src/db/client.ts';
import {
  findSimilarPetitions,
  type SimilarPetitionsQuery,
  similarCandidatesSql,
} from '../server/src/modules/petitions/similar.repository.ts';
import { describeMachine, loadAverage, percentile } from './machine.ts';
import { describePostgres, generatePetitions, PG_SETTINGS } from './petitions-data.ts';
import { benchDatabase } from './support.ts';

const PETITIONS = Number(process.env.BENCH_PETITIONS ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

const database = await benchDatabase(PG_SETTINGS);
const { db, pool } = createDatabase(database.url, 4);
try {
  console.log(`machine: ${describeMachine()}`);
  console.log(`load average at start: ${loadAverage()}`);
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  admin.on('error', () => {});
  pool.on('error', () => {});
  console.log(await describePostgres(admin));
  const existing = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM petition');
  if (database.reused && existing.rows[0]!.n > 0)
    console.log(`reusing ${existing.rows[0]!.n.toLocaleString('en')} petitions`);
  else await generatePetitions(admin, database.url, PETITIONS);

  const sizes = await admin.query<{ name: string; bytes: string }>(`
    SELECT 'table petition (heap + TOAST)' AS name, pg_table_size('petition') AS bytes
    UNION ALL SELECT 'similarity_terms (stored tsvector, all rows)', sum(pg_column_size(similarity_terms)) FROM petition
    UNION ALL SELECT indexrelid::regclass::text, pg_relation_size(indexrelid)
      FROM pg_index WHERE indrelid = 'petition'::regclass ORDER BY 1`);
  console.log('\nsizes:');
  for (const row of sizes.rows) console.log(`  ${row.name.padEnd(46)} ${mb(Number(row.bytes)).padStart(8)}`);

  // Query texts: petitions drawn at random (each has repeats: same template, place and unit).
  const total = (await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM petition')).rows[0]!.n;
  const firstWords = (text: string, n: number) => text.split(/\s+/).slice(0, n).join(' ');
  /** The three scenarios' queries, from petitions drawn with `seed`. */
  async function drawScenarios(seed: number): Promise<Array<[string, SimilarPetitionsQuery[]]>> {
    const drawn = await admin.query<{
      text: string;
      unitId: string;
      subjectCode: string;
      provincePath: string | null;
    }>(
      `SELECT p.title || ' ' || p.description AS text, p.unit_id AS "unitId", p.subject_code AS "subjectCode",
              CASE WHEN nlevel(u.path) >= 2 THEN subpath(u.path, 0, 2)::text END AS "provincePath"
         FROM petition p TABLESAMPLE BERNOULLI (${Math.min(100, (QUERIES * 300) / total)}) REPEATABLE (${seed})
         JOIN unit u ON u.id = p.unit_id
        LIMIT $1`,
      [QUERIES],
    );
    return [
      [
        'public form: full text, area + subject',
        drawn.rows.map((r) => ({ text: r.text, unitId: r.unitId, subjectCode: r.subjectCode, limit: 5 })),
      ],
      [
        'staff as-you-type: 8 words, area + subject, province scope',
        drawn.rows.map((r) => ({
          text: firstWords(r.text, 8),
          unitId: r.unitId,
          subjectCode: r.subjectCode,
          audience: 'staff' as const,
          scopeRoots: r.provincePath ? [r.provincePath] : undefined,
          limit: 5,
        })),
      ],
      ['whole country: full text, no area, no subject', drawn.rows.map((r) => ({ text: r.text, limit: 5 }))],
    ];
  }
  const scenarios = await drawScenarios(42);

  for (const [label, queries] of scenarios) {
    const example = await similarCandidatesSql(db, queries[0]!);
    if (!example) continue;
    const plan = await db.execute<{ 'QUERY PLAN': string }>(sql`EXPLAIN (ANALYZE, BUFFERS) ${example}`);
    console.log(`\nEXPLAIN ANALYZE — candidates, ${label}:`);
    for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);
  }

  /** Each scenario's queries one at a time, after ten to warm up; percentiles of the rest. */
  async function measure(heading: string, scenarios: Array<[string, SimilarPetitionsQuery[]]>) {
    console.log(
      `\nlatency of findSimilarPetitions (candidates + re-ranking + details), one query at a time, ${heading}:`,
    );
    for (const [label, queries] of scenarios) {
      for (const query of queries.slice(0, 10)) await findSimilarPetitions(db, query); // warm up
      const times: number[] = [];
      let found = 0;
      let repeats = 0;
      for (const query of queries) {
        const t0 = process.hrtime.bigint();
        const result = await findSimilarPetitions(db, query);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        found += result.length;
        repeats += result.filter((r) => r.isLikelyRepeat).length;
      }
      times.sort((a, b) => a - b);
      const f = (p: number) => `${percentile(times, p).toFixed(1)} ms`;
      console.log(
        `${label.padEnd(58)} n=${times.length}  p50 ${f(50)}  p95 ${f(95)}  p99 ${f(99)}  (target p95 ≤ 30 ms; ${(found / times.length).toFixed(1)} suggestions/query, ${(repeats / times.length).toFixed(1)} likely repeats; load ${loadAverage()})`,
      );
    }
  }

  // First as the server is after a restart: PostgreSQL's buffers empty (the script restarted it),
  // each query reading its rows from the operating system's cache or the disk.
  await measure('PostgreSQL buffers cold (just restarted)', scenarios);
  // Then as a server that has been running: the table and its indexes in shared_buffers (2 GB
  // here, the 1M-row table is ≈ 1 GB), loaded with pg_prewarm, other queries' texts than above.
  const warmed = Date.now();
  await admin.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
  const pages = await admin.query<{ pages: string }>(`
    SELECT sum(pg_prewarm(c.oid::regclass))::bigint AS pages
      FROM pg_class c
     WHERE c.oid = 'petition'::regclass
        OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid IN ('petition'::regclass, 'petition_answer'::regclass, 'unit'::regclass))
        OR c.oid IN ('petition_answer'::regclass, 'unit'::regclass, 'petition_subject'::regclass)`);
  console.log(
    `\npg_prewarm: ${Number(pages.rows[0]!.pages).toLocaleString('en')} pages in ${((Date.now() - warmed) / 1000).toFixed(1)} s`,
  );
  await measure('table and indexes in shared_buffers (pg_prewarm), other texts', await drawScenarios(7));
  await admin.end();
} finally {
  await pool.end();
  if (process.env.BENCH_KEEP === '1') console.log(`kept: ${database.url}`);
  else await database.drop();
}
