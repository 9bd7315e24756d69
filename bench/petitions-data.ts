/**
 * The generated petitions the issue-6 benchmarks share (bench/petitions-similar.ts,
 * bench/petitions-public.ts): one generator, so a database kept with BENCH_PG_DIR +
 * BENCH_DATABASE_NAME serves both.
 *
 * Petitions are generated in SQL from templates (30 issues over the 12 subjects) × places (hamlet
 * kinds and numbers, the commune's name) × named objects × years, spread over the country's
 * 1 + 34 + 3,321 units, two delegates' terms (2016-2021, 2021-2026) and the ten years up to
 * today (so Open311's default window, the last 90 days, holds ≈ 2.5 % of them). Status by i:
 * 20 % each received, forwarded, accepted, answered, closed; the answered and closed ones (40 %)
 * have a published answer. 95 % are public. Tracking codes have the real format (KN-XXXX-XXXX).
 * `addWorkflow` then gives the routed ones (80 %) their transfer (one hop to the competent
 * provincial agency, with deadline) and every petition its public timeline.
 */
import pg from 'pg';
import { seedCountryUnits } from './support.ts';

export const seconds = (startedAt: bigint) => Number(process.hrtime.bigint() - startedAt) / 1e9;
const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
const array = (items: readonly string[]) => `ARRAY[${items.map(q).join(', ')}]`;

/** Dropped during the load and rebuilt (timed) after it, as after a restore. */
export const LOAD_INDEXES = ['petition_similarity_terms_idx', 'petition_folded_trgm_idx'];
/** Rebuilt after the load; the trigram index is not used by the similarity search and is left out. */
export const REBUILT_INDEXES = ['petition_similarity_terms_idx'];

/** [subject, title, description]: %1$s the place, %2$s a named object, %3$s a year. */
const templates: ReadonlyArray<readonly [string, string, string]> = [
  [
    'dat-dai',
    'Chậm chi trả tiền bồi thường giải phóng mặt bằng dự án đường %2$s',
    'Các hộ dân %1$s đã bàn giao mặt bằng cho dự án đường %2$s từ năm %3$s nhưng đến nay chưa nhận được tiền bồi thường, hỗ trợ. Đề nghị cơ quan chức năng sớm chi trả cho người dân.',
  ],
  [
    'dat-dai',
    'Giá bồi thường đất nông nghiệp thấp',
    'Cử tri %1$s phản ánh đơn giá bồi thường đất nông nghiệp khi thu hồi đất làm khu dân cư %2$s quá thấp so với giá thị trường, đề nghị UBND tỉnh xem xét điều chỉnh.',
  ],
  [
    'dat-dai',
    'Chậm cấp giấy chứng nhận quyền sử dụng đất',
    'Nhiều hộ dân %1$s nộp hồ sơ cấp giấy chứng nhận quyền sử dụng đất từ năm %3$s nhưng chưa được cấp, đề nghị đẩy nhanh tiến độ.',
  ],
  [
    'giao-thong',
    'Đường liên thôn %2$s xuống cấp',
    'Tuyến đường liên thôn %2$s qua %1$s xuống cấp nghiêm trọng, nhiều ổ gà, mùa mưa lầy lội, đề nghị đầu tư nâng cấp.',
  ],
  [
    'giao-thong',
    'Đèn chiếu sáng đường %2$s không hoạt động',
    'Hệ thống đèn chiếu sáng trên đường %2$s đoạn qua %1$s bị hỏng nhiều tháng, ban đêm tối, dễ xảy ra tai nạn, đề nghị sửa chữa.',
  ],
  [
    'giao-thong',
    'Xe quá tải làm hỏng đường',
    'Xe tải chở vật liệu quá tải chạy qua đường %2$s thuộc %1$s gây bụi, làm hỏng mặt đường, đề nghị kiểm tra xử lý.',
  ],
  [
    'giao-thong',
    'Cầu %2$s hư hỏng',
    'Cầu %2$s nối %1$s với trung tâm xã đã hư hỏng, mặt cầu sụt lún, nguy hiểm cho học sinh, đề nghị xây mới.',
  ],
  [
    'moi-truong',
    'Trại chăn nuôi gây ô nhiễm',
    'Trại chăn nuôi lợn tại %1$s xả nước thải ra kênh %2$s gây mùi hôi thối, đề nghị kiểm tra xử lý.',
  ],
  [
    'moi-truong',
    'Rác thải không được thu gom',
    'Điểm tập kết rác ở %1$s không được thu gom thường xuyên, rác tồn đọng bốc mùi, đề nghị tăng tần suất thu gom.',
  ],
  [
    'moi-truong',
    'Khai thác cát trái phép trên sông %2$s',
    'Tình trạng khai thác cát trái phép trên sông %2$s đoạn qua %1$s gây sạt lở bờ sông, đề nghị xử lý nghiêm.',
  ],
  [
    'nong-nghiep',
    'Kênh mương nội đồng bồi lấp',
    'Kênh mương nội đồng %1$s bị bồi lấp, không đủ nước tưới vụ đông xuân năm %3$s, đề nghị hỗ trợ kiên cố hóa kênh mương.',
  ],
  [
    'nong-nghiep',
    'Trạm bơm %2$s hỏng',
    'Trạm bơm %2$s phục vụ %1$s hỏng máy bơm, ruộng lúa bị ngập úng khi mưa lớn, đề nghị sửa chữa trước mùa mưa.',
  ],
  [
    'y-te',
    'Chậm cấp thẻ bảo hiểm y tế hộ cận nghèo',
    'Hộ cận nghèo ở %1$s chưa được cấp thẻ BHYT năm %3$s, đi khám bệnh phải tự chi trả, đề nghị sớm cấp thẻ.',
  ],
  [
    'y-te',
    'Trạm y tế thiếu bác sĩ',
    'Trạm y tế phục vụ %1$s không có bác sĩ, thiếu thuốc và trang thiết bị, đề nghị bố trí bác sĩ.',
  ],
  [
    'y-te',
    'Khám bảo hiểm y tế chờ lâu',
    'Người bệnh %1$s khám BHYT tại bệnh viện %2$s phải chờ rất lâu, thủ tục phức tạp, đề nghị cải tiến quy trình.',
  ],
  [
    'giao-duc',
    'Trường mầm non %2$s xuống cấp',
    'Điểm trường mầm non %2$s ở %1$s mái dột, tường nứt, không an toàn cho trẻ, đề nghị sửa chữa.',
  ],
  [
    'giao-duc',
    'Thu ngoài quy định ở trường %2$s',
    'Phụ huynh %1$s phản ánh trường %2$s thu nhiều khoản ngoài quy định đầu năm học %3$s, đề nghị kiểm tra.',
  ],
  [
    'an-sinh',
    'Chậm chi trả trợ cấp người cao tuổi',
    'Người cao tuổi %1$s chưa được nhận trợ cấp xã hội năm %3$s, đề nghị sớm chi trả.',
  ],
  [
    'an-sinh',
    'Nhận lương hưu qua thẻ ATM khó khăn',
    'Người hưởng lương hưu ở %1$s cao tuổi không biết dùng thẻ ATM, đề nghị cho nhận tiền mặt tại điểm chi trả.',
  ],
  [
    'an-sinh',
    'Hỗ trợ xóa nhà tạm cho hộ nghèo',
    'Nhiều hộ nghèo ở %1$s còn ở nhà tạm, dột nát, đề nghị hỗ trợ kinh phí xây nhà trước mùa mưa bão năm %3$s.',
  ],
  [
    'an-ninh',
    'Trộm cắp tài sản gia tăng',
    'Thời gian gần đây ở %1$s xảy ra nhiều vụ trộm cắp xe máy, gia súc, đề nghị công an tăng cường tuần tra.',
  ],
  [
    'an-ninh',
    'Đua xe trái phép ban đêm',
    'Thanh niên tụ tập đua xe trái phép trên đường %2$s qua %1$s vào ban đêm, đề nghị xử lý nghiêm.',
  ],
  [
    'hanh-chinh',
    'Dịch vụ công trực tuyến hay lỗi',
    'Người dân %1$s làm thủ tục trên Cổng dịch vụ công thường bị lỗi, hồ sơ bị trả về, đề nghị khắc phục.',
  ],
  [
    'hanh-chinh',
    'Hỗ trợ kích hoạt định danh điện tử',
    'Người cao tuổi ở %1$s khó kích hoạt tài khoản định danh điện tử VNeID, đề nghị công an hỗ trợ tận nơi.',
  ],
  [
    'tu-phap',
    'Chậm giải quyết đơn khiếu nại đất đai',
    'Đơn khiếu nại về tranh chấp đất đai của hộ dân %1$s gửi từ năm %3$s chưa được giải quyết, đề nghị xem xét.',
  ],
  [
    'dien-nuoc',
    'Thiếu nước sạch sinh hoạt',
    'Người dân %1$s chưa có nước sạch, phải dùng nước giếng nhiễm phèn, đề nghị đầu tư đường ống cấp nước từ nhà máy nước %2$s.',
  ],
  [
    'dien-nuoc',
    'Điện sinh hoạt yếu, chập chờn',
    'Điện ở %1$s sụt áp vào giờ cao điểm, đề nghị nâng cấp trạm biến áp %2$s.',
  ],
  [
    'dien-nuoc',
    'Chưa có sóng điện thoại',
    'Khu vực %1$s chưa có sóng điện thoại và internet, đề nghị các nhà mạng lắp trạm phát sóng.',
  ],
  [
    'khac',
    'Phụ cấp người hoạt động không chuyên trách thấp',
    'Đề nghị tăng phụ cấp cho trưởng thôn, tổ trưởng tổ dân phố ở %1$s sau khi sắp xếp đơn vị hành chính năm %3$s.',
  ],
  [
    'khac',
    'Trụ sở xã sau sáp nhập ở xa',
    'Sau sáp nhập, trụ sở xã cách %1$s hơn 20 km, đề nghị bố trí điểm tiếp nhận hồ sơ tại %2$s.',
  ],
];
const names = [
  'Đồng Tâm',
  'Tân Tiến',
  'Hòa Bình',
  'Quyết Thắng',
  'Thống Nhất',
  'Đoàn Kết',
  'Bình Minh',
  'Hưng Thịnh',
  'Phú Lộc',
  'An Khánh',
  'Vĩnh Phúc',
  'Ngọc Lâm',
  'Thanh Xuân',
  'Hồng Phong',
  'Minh Khai',
  'Cửa Đông',
  'Bến Ngự',
  'Suối Tiên',
  'Đá Bạc',
  'Sông Cầu',
];
const hamlets = ['thôn', 'xóm', 'tổ dân phố', 'ấp', 'bản'];
const extras = [
  '',
  ' Tình trạng này đã kéo dài nhiều năm.',
  ' Bà con đã nhiều lần phản ánh nhưng chưa được giải quyết dứt điểm.',
  ' Kính mong các cấp quan tâm.',
  '',
  ' Cử tri đề nghị trả lời bằng văn bản.',
  ' Việc này ảnh hưởng lớn đến đời sống của nhân dân.',
  '',
];
const statuses = [
  'received',
  'forwarded',
  'accepted',
  'answered',
  'closed',
  'received',
  'forwarded',
  'answered',
  'closed',
  'accepted',
];

/** The alphabet of tracking-code.ts: codes are i·2654435761 mod 28⁸ in base 28, distinct for every i. */
const CODE_ALPHABET = '2345679ACDEFGHJKMNPQRTUVWXYZ';
const CODE_SPACE = 28 ** 8;

/**
 * Petitions [from, to]: unit i·7919 mod n (every unit), template by i, place by i and the unit;
 * received over the ten years up to today; routed ones name their (future) transfer row.
 */
function insertPetitions(from: number, to: number) {
  return `
    WITH u AS (SELECT array_agg(id ORDER BY node) AS ids,
                      array_agg(replace(name, 'Ủy ban MTTQ ', '') ORDER BY node) AS places FROM unit),
         v AS (SELECT ${array(templates.map((t) => t[0]))} AS subjects, ${array(templates.map((t) => t[1]))} AS titles,
                      ${array(templates.map((t) => t[2]))} AS bodies, ${array(names)} AS names,
                      ${array(hamlets)} AS hamlets, ${array(extras)} AS extras, ${array(statuses)} AS statuses),
         today AS (SELECT (date_trunc('day', now() AT TIME ZONE 'Asia/Ho_Chi_Minh') AT TIME ZONE 'Asia/Ho_Chi_Minh')
                          + interval '8 hours' - interval '3650 days' AS start)
    INSERT INTO petition (tracking_code, unit_id, subject_code, title, description, folded, channel, status, term,
                          received_at, answered_at, closed_at, deadline_at, current_forward_id, updated_at, is_public)
    SELECT 'KN-' || left(code.symbols, 4) || '-' || right(code.symbols, 4),
           u.ids[k], v.subjects[t], x.title, x.description,
           trim(regexp_replace(f_unaccent(x.title || ' ' || x.description), '[^[:alnum:]]+', ' ', 'g')),
           (ARRAY['session', 'web', 'phone', 'paper', 'open311'])[1 + i % 5], st.status,
           CASE WHEN y < 2021 THEN '2016-2021' ELSE '2021-2026' END,
           received, w.answered_at, w.closed_at, w.forwarded_at + interval '30 days',
           CASE WHEN st.routed THEN md5('forward-' || i)::uuid END,
           coalesce(w.closed_at, w.answered_at, w.forwarded_at, received),
           i % 20 <> 7
      FROM u, v, today, generate_series(${from}, ${to}) i,
           LATERAL (SELECT 1 + (i::bigint * 7919 % cardinality(u.ids))::int AS k,
                           1 + (i * 31 + i / 7) % ${templates.length} AS t,
                           1 + (i / 3) % ${statuses.length} AS s,
                           2016 + i % 10 AS y,
                           today.start + make_interval(days => i * 37 % 3650, mins => i % 600) AS received) c,
           LATERAL (SELECT v.statuses[s] AS status,
                           v.statuses[s] IN ('forwarded', 'accepted', 'answered', 'closed') AS routed) st,
           LATERAL (SELECT CASE WHEN st.routed THEN least(received + interval '3 days', now()) END AS forwarded_at,
                           CASE WHEN st.status IN ('answered', 'closed') THEN least(received + interval '40 days', now()) END AS answered_at,
                           CASE WHEN st.status = 'closed' THEN least(received + interval '50 days', now()) END AS closed_at) w,
           LATERAL (SELECT string_agg(substr('${CODE_ALPHABET}', 1 + (i::bigint * 2654435761 % ${CODE_SPACE} / power(28, d)::bigint % 28)::int, 1), '' ORDER BY d) AS symbols
                      FROM generate_series(0, 7) d) code,
           LATERAL (SELECT v.hamlets[1 + (i / 3) % 5] || ' ' || (1 + i % 15) || ', ' || u.places[k] AS place,
                           v.names[1 + (i / 5) % cardinality(v.names)] AS name) p,
           LATERAL (SELECT format(v.titles[t], p.place, p.name, c.y) AS title,
                           format(v.bodies[t], p.place, p.name, c.y) || v.extras[1 + (i / 11) % cardinality(v.extras)] AS description) x`;
}

export const PG_SETTINGS = Object.fromEntries(
  (process.env.BENCH_PG_SETTINGS ?? 'shared_buffers=2GB,effective_cache_size=8GB,work_mem=16MB')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split('=') as [string, string]),
);
const SHOWN_SETTINGS = ['shared_buffers', 'effective_cache_size', 'work_mem', 'jit', 'io_method'];

/** "PostgreSQL 18.4 (embedded); shared_buffers=…": the line every issue-6 benchmark prints. */
export async function describePostgres(admin: pg.Client): Promise<string> {
  const version = await admin.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
  const settings = await admin.query<{ name: string; setting: string }>(
    `SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY($1) ORDER BY name`,
    [SHOWN_SETTINGS],
  );
  return `PostgreSQL ${version.rows[0]!.v} (${process.env.BENCH_DATABASE_URL ? 'external' : 'embedded'}); ${settings.rows.map((r) => `${r.name}=${r.setting}`).join(', ')}`;
}

/**
 * `count` petitions (country units first) in two parallel INSERTs, their published answers, the
 * similarity index rebuilt (timed) and VACUUM ANALYZE; each step's time is printed.
 */
export async function generatePetitions(admin: pg.Client, databaseUrl: string, count: number) {
  await seedCountryUnits(admin);
  const definitions = await admin.query<{ indexname: string; indexdef: string }>(
    'SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY($1)',
    [LOAD_INDEXES],
  );
  for (const row of definitions.rows) await admin.query(`DROP INDEX ${row.indexname}`);

  let startedAt = process.hrtime.bigint();
  const half = Math.floor(count / 2);
  await Promise.all(
    [
      [0, half - 1],
      [half, count - 1],
    ].map(async ([from, to]) => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(insertPetitions(from!, to!));
      await client.end();
    }),
  );
  console.log(
    `\n${count.toLocaleString('en')} petitions generated and inserted (folded text and the generated similarity_terms column): ${seconds(startedAt).toFixed(1)} s`,
  );
  startedAt = process.hrtime.bigint();
  await admin.query(`
    INSERT INTO petition_answer (petition_id, summary, answered_at, published_at)
    SELECT id, 'Đã đưa vào kế hoạch giải quyết năm ' || extract(year FROM answered_at)::int || '; kinh phí do ngân sách tỉnh bố trí.',
           answered_at, least(answered_at + interval '2 days', now())
      FROM petition WHERE answered_at IS NOT NULL`);
  console.log(`published answers inserted: ${seconds(startedAt).toFixed(1)} s`);

  await admin.query(`SET maintenance_work_mem = '512MB'`);
  await admin.query('SET max_parallel_maintenance_workers = 2');
  for (const name of REBUILT_INDEXES) {
    const definition = definitions.rows.find((r) => r.indexname === name)!.indexdef;
    startedAt = process.hrtime.bigint();
    await admin.query(definition);
    console.log(`build ${name.padEnd(32)} ${seconds(startedAt).toFixed(1).padStart(6)} s`);
  }
  console.log('(petition_folded_trgm_idx is not rebuilt: the similarity search does not use it)');
  startedAt = process.hrtime.bigint();
  await admin.query('VACUUM ANALYZE petition');
  await admin.query('VACUUM ANALYZE petition_answer');
  console.log(`VACUUM ANALYZE petition, petition_answer ${seconds(startedAt).toFixed(1).padStart(8)} s`);
}

/** [subject, provincial agency, ministry]: who answers a petition of the subject. */
const AGENCIES: ReadonlyArray<readonly [string, string, string]> = [
  ['dat-dai', 'Sở Nông nghiệp và Môi trường', 'Bộ Nông nghiệp và Môi trường'],
  ['giao-thong', 'Sở Xây dựng', 'Bộ Xây dựng'],
  ['moi-truong', 'Sở Nông nghiệp và Môi trường', 'Bộ Nông nghiệp và Môi trường'],
  ['nong-nghiep', 'Sở Nông nghiệp và Môi trường', 'Bộ Nông nghiệp và Môi trường'],
  ['y-te', 'Sở Y tế', 'Bộ Y tế'],
  ['giao-duc', 'Sở Giáo dục và Đào tạo', 'Bộ Giáo dục và Đào tạo'],
  ['an-sinh', 'Sở Nội vụ', 'Bộ Nội vụ'],
  ['an-ninh', 'Công an', 'Bộ Công an'],
  ['hanh-chinh', 'Văn phòng Ủy ban nhân dân', 'Văn phòng Chính phủ'],
  ['tu-phap', 'Thanh tra', 'Thanh tra Chính phủ'],
  ['dien-nuoc', 'Sở Công Thương', 'Bộ Công Thương'],
  ['khac', 'Ủy ban nhân dân', 'Văn phòng Chính phủ'],
];

/**
 * The routing the public pages and Open311 show: per subject a recipient agency in every province
 * (a ministry at the centre); each routed petition's transfer to its province's agency (state by
 * status, 30-day deadline; the answer linked to it); and the public timeline — received,
 * forwarded, accepted, answered, closed as far as the status goes (≈ 3 events per petition).
 * Skipped when transfers exist already (a kept database).
 */
export async function addWorkflow(admin: pg.Client) {
  const existing = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM petition_forward');
  if (existing.rows[0]!.n > 0) {
    console.log(`reusing ${existing.rows[0]!.n.toLocaleString('en')} transfers and their timeline`);
    return;
  }
  const agencies = AGENCIES.map(
    ([code, agency, ministry]) => `(${q(code)}, ${q(agency)}, ${q(ministry)})`,
  ).join(', ');
  let startedAt = process.hrtime.bigint();
  await admin.query(`
    INSERT INTO petition_recipient (id, kind, name, level, unit_id)
    SELECT md5('recipient-' || u.id || '-' || a.code)::uuid, 'agency',
           CASE WHEN u.level_id = 'central' THEN a.ministry ELSE a.agency || ' ' || replace(u.name, 'Ủy ban MTTQ ', '') END,
           CASE WHEN u.level_id = 'central' THEN 'central' ELSE 'province' END, u.id
      FROM unit u, (VALUES ${agencies}) a(code, agency, ministry)
     WHERE u.level_id IN ('central', 'province')`);
  await admin.query(`
    INSERT INTO petition_forward (id, petition_id, recipient_id, state, forwarded_at, deadline_at, deadline_rule,
                                  accepted_at, answered_at)
    SELECT p.current_forward_id, p.id,
           md5('recipient-' || CASE WHEN u.level_id = 'commune' THEN u.parent_id ELSE u.id END || '-' || p.subject_code)::uuid,
           CASE p.status WHEN 'forwarded' THEN 'forwarded' WHEN 'accepted' THEN 'accepted' ELSE 'answered' END,
           p.deadline_at - interval '30 days', p.deadline_at, 'benchmark: 30 days',
           CASE WHEN p.status <> 'forwarded' THEN least(p.received_at + interval '5 days', now()) END,
           p.answered_at
      FROM petition p JOIN unit u ON u.id = p.unit_id
     WHERE p.current_forward_id IS NOT NULL`);
  console.log(`recipients and transfers inserted: ${seconds(startedAt).toFixed(1)} s`);

  startedAt = process.hrtime.bigint();
  await admin.query(`
    UPDATE petition_answer a SET forward_id = f.id, recipient_id = f.recipient_id
      FROM petition p JOIN petition_forward f ON f.id = p.current_forward_id
     WHERE a.petition_id = p.id`);
  console.log(`answers linked to their transfer: ${seconds(startedAt).toFixed(1)} s`);

  startedAt = process.hrtime.bigint();
  await admin.query(`
    INSERT INTO petition_event (petition_id, kind, status, public_note, at)
    SELECT p.id, e.kind, e.kind, e.note, e.at
      FROM petition p
      LEFT JOIN petition_forward f ON f.id = p.current_forward_id
      LEFT JOIN petition_recipient r ON r.id = f.recipient_id,
           LATERAL (VALUES
             (1, 'received', 'Đã tiếp nhận kiến nghị.', p.received_at),
             (2, 'forwarded', 'Đã chuyển ' || r.name || ' xem xét, giải quyết.', f.forwarded_at),
             (3, 'accepted', r.name || ' đã nhận và đang giải quyết kiến nghị.', f.accepted_at),
             (4, 'answered', 'Đã có văn bản trả lời của ' || r.name || '.', p.answered_at),
             (5, 'closed', 'Kiến nghị đã được giải quyết xong.', p.closed_at)) e(n, kind, note, at)
     WHERE e.at IS NOT NULL AND (e.n = 1 OR r.id IS NOT NULL)
     ORDER BY p.serial, e.n`);
  console.log(`timeline events inserted: ${seconds(startedAt).toFixed(1)} s`);

  startedAt = process.hrtime.bigint();
  for (const table of ['petition_recipient', 'petition_forward', 'petition_answer', 'petition_event'])
    await admin.query(`VACUUM ANALYZE ${table}`);
  console.log(`VACUUM ANALYZE of the workflow tables: ${seconds(startedAt).toFixed(1)} s`);
}
