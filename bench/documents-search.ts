/**
 * Document search over 1,000,000 generated documents (issue 3): build time and size of the search
 * columns and indexes, EXPLAIN ANALYZE of the common queries, and latency percentiles of
 *   - a ranked top 20 on a common term (target p95 ≤ 50 ms),
 *   - a document symbol lookup, e.g. "123/QĐ-UBND" (target p95 ≤ 10 ms),
 * through the search service (SQL, ranking, highlighting) with the scope of a provincial user.
 * The documents are generated in SQL (generate_series + arrays of templates and vocabulary of the
 * Front's work) in two parallel INSERTs, across a country-sized tree (1 + 34 + 3,321 units).
 * Run: `npm run bench:documents` (BENCH_DATABASE_URL to use an external PostgreSQL;
 * BENCH_DOCUMENTS to change the count; BENCH_QUERIES per kind, default 300; BENCH_KEEP=1 keeps the
 * database for looking at plans by hand).
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createDatabase } from '../server/src/db/client.ts';
import type { SearchFilters } from '../server/src/modules/documents/search.repository.ts';
import { symbolSearchSql, textSearchSql } from '../server/src/modules/documents/search.repository.ts';
import { createSearchService } from '../server/src/modules/documents/search.service.ts';
import type { Actor } from '../server/src/platform/policy/index.ts';
import { describeMachine, loadAverage, percentile } from './machine.ts';
import { benchDatabase, seedCountryUnits } from './support.ts';

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const SEARCH_INDEXES = [
  'document_search_scope_idx',
  'document_unit_symbol_key_idx',
  'document_symbol_key_trgm_idx',
];

const seconds = (startedAt: bigint) => Number(process.hrtime.bigint() - startedAt) / 1e9;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
const array = (items: string[]) => `ARRAY[${items.map(q).join(', ')}]`;

/** Summary (trích yếu) templates: %1$s a topic, %2$s a year, %3$s the unit's place. */
const templates = [
  'V/v triển khai %1$s trên địa bàn %3$s',
  'Kế hoạch tổ chức %1$s năm %2$s',
  'Báo cáo kết quả giám sát %1$s năm %2$s',
  'Quyết định thành lập Ban Chỉ đạo %1$s',
  'Hướng dẫn thực hiện %1$s năm %2$s',
  'Thông báo kết luận của Ban Thường trực về %1$s',
  'V/v đề nghị phối hợp thực hiện %1$s',
  'Chương trình phối hợp thực hiện %1$s giai đoạn 2026 - 2030',
  'Giấy mời dự hội nghị sơ kết %1$s tại %3$s',
  'Tờ trình về việc phê duyệt kinh phí %1$s năm %2$s',
  'Báo cáo tổng kết %1$s năm %2$s và phương hướng nhiệm vụ năm tiếp theo',
  'Công văn V/v góp ý dự thảo văn bản liên quan đến %1$s',
];
const topics = [
  'Đề án 06 về phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử',
  'Ngày hội Đại đoàn kết toàn dân tộc',
  'Cuộc vận động "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh"',
  'Cuộc vận động "Người Việt Nam ưu tiên dùng hàng Việt Nam"',
  'phong trào "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau"',
  'Quỹ "Vì người nghèo" và an sinh xã hội',
  'chương trình xóa nhà tạm, nhà dột nát',
  'công tác giám sát và phản biện xã hội',
  'lấy ý kiến nhân dân về dự thảo sửa đổi, bổ sung Hiến pháp',
  'bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân các cấp',
  'công tác tiếp công dân, giải quyết khiếu nại, tố cáo',
  'hoạt động của Ban Thanh tra nhân dân',
  'hoạt động của Ban Giám sát đầu tư của cộng đồng',
  'phòng, chống thiên tai và cứu trợ đồng bào bị thiệt hại do bão lũ',
  'chuyển đổi số trong hệ thống Mặt trận Tổ quốc Việt Nam',
  'công tác tôn giáo và vận động đồng bào dân tộc thiểu số',
  'công tác đối ngoại nhân dân',
  'Đại hội đại biểu Mặt trận Tổ quốc Việt Nam các cấp nhiệm kỳ 2024 - 2029',
  'bảo vệ môi trường, ứng phó với biến đổi khí hậu',
  'chăm lo Tết cho hộ nghèo, gia đình chính sách',
  'công tác thủy lợi và nước sạch nông thôn',
  'công tác hòa giải ở cơ sở',
  'phòng, chống tham nhũng, lãng phí, tiêu cực',
  'xây dựng Đảng, chính quyền trong sạch, vững mạnh',
];
const types = [
  ['Công văn', null],
  ['Kế hoạch', 'KH'],
  ['Báo cáo', 'BC'],
  ['Quyết định', 'QĐ'],
  ['Hướng dẫn', 'HD'],
  ['Thông báo', 'TB'],
  ['Công văn', null],
  ['Chương trình', 'CTr'],
  ['Giấy mời', 'GM'],
  ['Tờ trình', 'TTr'],
  ['Báo cáo', 'BC'],
  ['Công văn', null],
] as const;
const senders = [
  ['Ủy ban nhân dân tỉnh', 'UBND'],
  ['Hội đồng nhân dân tỉnh', 'HĐND'],
  ['Sở Nội vụ', 'SNV'],
  ['Ban Tuyên giáo và Dân vận Tỉnh ủy', 'BTGDV'],
  ['Công an tỉnh', 'CAT'],
  ['Hội Nông dân tỉnh', 'HND'],
] as const;
const body =
  'Căn cứ Điều lệ Mặt trận Tổ quốc Việt Nam; căn cứ Chương trình phối hợp và thống nhất hành động, Ban Thường trực đề nghị các đơn vị quán triệt, tổ chức thực hiện nghiêm túc, báo cáo kết quả về cơ quan thường trực trước ngày 15 hằng tháng để tổng hợp. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời phản ánh để được hướng dẫn giải quyết.';

/** Documents [from, to]: unit i mod n; number per unit; half incoming, half outgoing; 10 % with OCR text. */
function insertDocuments(from: number, to: number) {
  return `
    WITH u AS (SELECT array_agg(id ORDER BY node) AS ids,
                      array_agg(replace(name, 'Ủy ban MTTQ ', '') ORDER BY node) AS places FROM unit),
         v AS (SELECT ${array(templates)} AS templates, ${array(topics)} AS topics,
                      ${array(types.map((t) => t[0]))} AS type_names,
                      ${array(types.map((t) => t[1] ?? ''))} AS type_codes,
                      ${array(senders.map((s) => s[0]))} AS sender_names,
                      ${array(senders.map((s) => s[1]))} AS sender_codes)
    INSERT INTO document (unit_id, direction, status, type_name, code_number, code_notation, issued_date,
                          organ_name, subject, body_text, arrival_date, arrival_number, created_at)
    SELECT u.ids[1 + i % cardinality(u.ids)],
           CASE WHEN incoming THEN 'incoming' ELSE 'outgoing' END,
           CASE WHEN incoming THEN 'registered' ELSE 'issued' END,
           v.type_names[t],
           lpad((1 + i / cardinality(u.ids))::text, 2, '0'),
           CASE WHEN incoming THEN coalesce(nullif(v.type_codes[t], '') || '-', '') ELSE '' END
             || CASE WHEN incoming THEN v.sender_codes[s] ELSE coalesce(nullif(v.type_codes[t], '') || '-', '') || 'MTTQ-BTT' END,
           issued,
           CASE WHEN incoming THEN v.sender_names[s] ELSE 'Ủy ban MTTQ ' || u.places[1 + i % cardinality(u.ids)] END,
           left(format(v.templates[t], v.topics[1 + (i * 7 + i / 13) % cardinality(v.topics)], extract(year FROM issued)::int,
                       u.places[1 + i % cardinality(u.ids)]), 500),
           CASE WHEN i % 10 = 3 THEN ${q(body)} ELSE NULL END,
           CASE WHEN incoming THEN issued + interval '1 day 9 hours' END,
           CASE WHEN incoming THEN 1 + i / cardinality(u.ids) END,
           issued + interval '8 hours'
      FROM u, v, generate_series(${from}, ${to}) i,
           LATERAL (SELECT i % 2 = 0 AS incoming,
                           1 + (i * 31 + i / 7) % ${templates.length} AS t,
                           1 + (i / 3) % ${senders.length} AS s,
                           date '2024-01-01' + (i * 37 % 1000) AS issued) x`;
}

/**
 * Settings of the benchmark's own embedded PostgreSQL (the documented production recommendation
 * for search, see docs/benchmarks.md); BENCH_PG_SETTINGS="name=value,…" overrides, "" = defaults.
 * An external server (BENCH_DATABASE_URL) keeps its own settings; they are printed either way.
 */
const PG_SETTINGS = Object.fromEntries(
  (process.env.BENCH_PG_SETTINGS ?? 'shared_buffers=2GB,effective_cache_size=8GB,work_mem=16MB')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split('=') as [string, string]),
);
const SHOWN_SETTINGS = ['shared_buffers', 'effective_cache_size', 'work_mem', 'jit', 'io_method'];

/** The units, the documents (indexes dropped during the load), then each search index, timed. */
async function generate(admin: pg.Client) {
  await seedCountryUnits(admin);
  // Bulk load without the search indexes, then build each one and time it (as after a restore).
  const definitions = await admin.query<{ indexname: string; indexdef: string }>(
    'SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY($1)',
    [SEARCH_INDEXES],
  );
  for (const row of definitions.rows) await admin.query(`DROP INDEX ${row.indexname}`);

  let startedAt = process.hrtime.bigint();
  const half = Math.floor(DOCUMENTS / 2);
  await Promise.all(
    [
      [0, half - 1],
      [half, DOCUMENTS - 1],
    ].map(async ([from, to]) => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(insertDocuments(from!, to!));
      await client.end();
    }),
  );
  const loadSeconds = seconds(startedAt);
  console.log(
    `\n${DOCUMENTS.toLocaleString('en')} documents generated and inserted (with the stored search columns): ${loadSeconds.toFixed(1)} s`,
  );

  await admin.query(`SET maintenance_work_mem = '512MB'`);
  await admin.query('SET max_parallel_maintenance_workers = 2');
  for (const name of SEARCH_INDEXES) {
    const definition = definitions.rows.find((r) => r.indexname === name)!.indexdef;
    startedAt = process.hrtime.bigint();
    await admin.query(definition);
    console.log(`build ${name.padEnd(30)} ${seconds(startedAt).toFixed(1).padStart(6)} s`);
  }
  startedAt = process.hrtime.bigint();
  await admin.query('VACUUM ANALYZE document');
  console.log(`VACUUM ANALYZE document ${seconds(startedAt).toFixed(1).padStart(20)} s`);
}

const database = await benchDatabase(PG_SETTINGS);
const databaseUrl = database.url;
const { db, pool } = createDatabase(database.url, 4);
try {
  console.log(`machine: ${describeMachine()}`);
  console.log(`load average at start: ${loadAverage()}`);
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  admin.on('error', () => {}); // the database is dropped with FORCE at the end
  pool.on('error', () => {});
  const version = await admin.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
  const settings = await admin.query<{ name: string; setting: string }>(
    `SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY($1) ORDER BY name`,
    [SHOWN_SETTINGS],
  );
  console.log(
    `PostgreSQL ${version.rows[0]!.v} (${process.env.BENCH_DATABASE_URL ? 'external' : 'embedded'}); ${settings.rows.map((r) => `${r.name}=${r.setting}`).join(', ')}`,
  );
  const existing = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM document');
  if (database.reused && existing.rows[0]!.n > 0)
    console.log(
      `reusing ${existing.rows[0]!.n.toLocaleString('en')} documents of ${database.url.replace(/:[^:@/]*@/, ':***@')}`,
    );
  else await generate(admin);

  const sizes = await admin.query<{ name: string; bytes: string }>(`
    SELECT 'table document (heap + TOAST)' AS name, pg_table_size('document') AS bytes
    UNION ALL SELECT 'search_vector (stored tsvector, all rows)', sum(pg_column_size(search_vector)) FROM document
    UNION ALL SELECT 'search_exact (stored tsvector, all rows)', sum(pg_column_size(search_exact)) FROM document
    UNION ALL SELECT 'symbol_key (stored text, all rows)', sum(pg_column_size(symbol_key)) FROM document
    UNION ALL SELECT 'scope_unit_ids (uuid[], all rows)', sum(pg_column_size(scope_unit_ids)) FROM document
    UNION ALL SELECT indexrelid::regclass::text, pg_relation_size(indexrelid)
      FROM pg_index WHERE indrelid = 'document'::regclass ORDER BY 1`);
  console.log('\nsizes:');
  for (const row of sizes.rows) console.log(`  ${row.name.padEnd(45)} ${mb(Number(row.bytes)).padStart(8)}`);

  // A provincial leader: documents.read over the province's subtree (1 + 98 communes).
  const province = await admin.query<{ id: string; path: string; docs: number }>(`
    SELECT p.id, p.path::text AS path,
           (SELECT count(*)::int FROM document d JOIN unit u ON u.id = d.unit_id WHERE u.path <@ p.path) AS docs
      FROM unit p WHERE p.code = '000.00.00.H07'`);
  const { id: provinceId, path: provincePath, docs: provinceDocs } = province.rows[0]!;
  console.log(`\nscope: one province, ${provinceDocs.toLocaleString('en')} documents in its subtree`);
  const actor: Actor = {
    staffId: '00000000-0000-0000-0000-000000000001',
    username: 'bench.leader',
    fullName: 'Lãnh đạo tỉnh (bench)',
    via: 'session',
    mfaSatisfied: true,
    activeUnitId: provinceId,
    grants: [
      {
        roleId: 'leader',
        unitId: provinceId,
        unitPath: provincePath,
        permissions: new Set(['documents.read']),
      },
    ],
  };
  const filters: SearchFilters = { roots: [provincePath] };
  const page = { limit: 20, offset: 0 };

  const plan = async (label: string, query: ReturnType<typeof sql>) => {
    const result = await db.execute<{ 'QUERY PLAN': string }>(sql`EXPLAIN (ANALYZE, BUFFERS) ${query}`);
    const lines = result.rows.map((r) => r['QUERY PLAN']);
    console.log(`\nEXPLAIN ANALYZE — ${label}`);
    for (const line of lines) console.log(`  ${line}`);
    if (lines.some((l) => /Seq Scan on document/.test(l))) console.log('  !! sequential scan on document');
  };
  const symbolExample = await admin.query<{ symbol: string; key: string }>(
    `SELECT d.code_number || '/' || d.code_notation AS symbol, d.symbol_key AS key FROM document d
       JOIN unit u ON u.id = d.unit_id WHERE u.path <@ $1::ltree AND d.direction = 'incoming' AND d.code_notation IS NOT NULL
      ORDER BY md5(d.id::text) LIMIT 1`,
    [provincePath],
  );
  await plan('ranked top 20, "giám sát"', textSearchSql('giám sát', filters, page));
  await plan(
    `symbol ${symbolExample.rows[0]!.symbol} (exact: prefix index)`,
    symbolSearchSql(symbolExample.rows[0]!.symbol, filters, page),
  );
  await plan('symbol substring "QĐ-UBND"', symbolSearchSql('QĐ-UBND', filters, page));

  const service = createSearchService({ db });
  const measure = async (label: string, target: string, queries: string[]) => {
    for (const query of queries.slice(0, 10)) await service.search(actor, { q: query, limit: 20, offset: 0 }); // warm up
    const times: number[] = [];
    let found = 0;
    for (const query of queries) {
      const t0 = process.hrtime.bigint();
      const result = await service.search(actor, { q: query, limit: 20, offset: 0 });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      found += result.items.length;
    }
    times.sort((a, b) => a - b);
    const f = (p: number) => `${percentile(times, p).toFixed(1)} ms`;
    console.log(
      `${label.padEnd(52)} n=${times.length}  p50 ${f(50)}  p95 ${f(95)}  p99 ${f(99)}  (target ${target}; ${(found / times.length).toFixed(1)} hits/query; load ${loadAverage()})`,
    );
  };

  console.log(
    '\nlatency through the search service (SQL + ranking + highlighting), one connection at a time:',
  );
  const commonTerms = [
    'giám sát',
    'đại đoàn kết',
    'dan toc',
    'nông thôn mới',
    'người nghèo',
    'chuyển đổi số',
    'thuỷ lợi',
    '"ngày hội đại đoàn kết"',
    'Đề án 06',
    'bau cu dai bieu',
  ];
  const rotate = (items: string[]) => Array.from({ length: QUERIES }, (_, i) => items[i % items.length]!);
  await measure('ranked top 20, common terms (10 terms)', 'p95 ≤ 50 ms', rotate(commonTerms));
  await measure('ranked top 20, "giám sát" alone', 'p95 ≤ 50 ms', rotate(['giám sát']));
  const symbols = await admin.query<{ symbol: string }>(
    `SELECT d.code_number || '/' || d.code_notation AS symbol FROM document d JOIN unit u ON u.id = d.unit_id
      WHERE u.path <@ $1::ltree AND d.code_notation IS NOT NULL ORDER BY md5(d.id::text) LIMIT $2`,
    [provincePath, QUERIES],
  );
  await measure(
    'symbol lookup, exact (e.g. 123/QĐ-UBND)',
    'p95 ≤ 10 ms',
    symbols.rows.map((r) => r.symbol),
  );
  await measure(
    'symbol substring (QĐ-UBND, KH-MTTQ …)',
    'none',
    rotate(['QĐ-UBND', 'KH-MTTQ-BTT', 'BC-HĐND', 'TB-SNV']),
  );
  await admin.end();
} finally {
  await pool.end();
  // BENCH_KEEP=1 keeps the database to look at plans by hand (drop it afterwards).
  if (process.env.BENCH_KEEP === '1') console.log(`kept: ${database.url}`);
  else await database.drop();
}
