import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree } from '../../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { systemAuditContext } from '../../../platform/audit/index.ts';
import { signedInStaff } from '../../messaging/test-support/people.ts';
import { createPetition, DEMO_OPEN311_API_KEY, seedDemoOpen311Key } from '../index.ts';
import { ClientError, open311Client } from './test-support/open311-client.ts';
import { schemaProblems } from './test-support/schemas.ts';
import { readXml, sameDocument } from './test-support/spark.ts';

/**
 * The Open311 GeoReport v2 API on a real listening server and a real PostgreSQL, driven by the
 * npm `open311` client (a black box none of us wrote) and by plain HTTP; every answer, in both
 * formats, is validated against the JSON Schemas written from the specification (schemas/*.json),
 * the XML read by the Spark convention and required to hold the same document as the JSON.
 */

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const endpoint = `${base}/open311/v2/`;
let ctx: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let provinceKey: string;

/** Every body the API sent in this file: none may carry a petitioner's personal data. */
const bodies: string[] = [];

// The petitioners' personal data, sent with POST requests: never to be seen in any answer.
const PERSON = {
  first_name: 'Thị Bích',
  last_name: 'Lương',
  email: 'luong.bich.kiennghi@example.vn',
  phone: '0912 345 678',
  address_string: 'Số 17 ngõ 42 đường Lê Lợi, tổ 5',
};
const PERSONAL_VALUES = [
  'Lương Thị Bích',
  'Thị Bích',
  'luong.bich.kiennghi',
  '0912 345 678',
  '0912345678',
  'ngõ 42',
  // The petitioner of the petitions made directly in the database below.
  'Phạm Văn Cử',
  '0987 000 111',
];

type Format = 'xml' | 'json';

interface Answer {
  status: number;
  contentType: string;
  text: string;
  /** JSON parsed, or XML read by the Spark convention. */
  value: unknown;
}

async function call(
  method: 'GET' | 'POST',
  path: string,
  form?: Record<string, string | string[]>,
  headers = {},
) {
  let body: string | undefined;
  if (form) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(form))
      for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
    body = params.toString();
  }
  const response = await fetch(`${base}/open311/v2/${path}`, {
    method,
    body,
    headers: {
      ...(body ? { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } : {}),
      ...headers,
    },
  });
  const text = await response.text();
  bodies.push(text);
  const contentType = response.headers.get('content-type') ?? '';
  let value: unknown = null;
  if (contentType.startsWith('application/json')) value = JSON.parse(text);
  else if (contentType.startsWith('text/xml')) {
    const document = readXml(text);
    expect(document.declaration).toBe('<?xml version="1.0" encoding="utf-8"?>');
    value = document.value;
  }
  return { status: response.status, contentType, text, value } satisfies Answer;
}

/** The answer in its format is valid by `schema`, with the specification's content type. */
function expectValid(answer: Answer, format: Format, schema: string) {
  expect(answer.contentType).toBe(
    format === 'xml' ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8',
  );
  expect(
    schemaProblems(schema, answer.value, format),
    `${schema} (${format}): ${answer.text.slice(0, 400)}`,
  ).toEqual([]);
}

/** The same call in XML and JSON: both valid, the same document; returns the JSON value. */
async function both(
  method: 'GET' | 'POST',
  path: string,
  schema: string,
  expected: number,
  form?: Record<string, string | string[]>,
) {
  const [name, query] = path.split('?') as [string, string | undefined];
  const url = (format: Format) => `${name}.${format}${query ? `?${query}` : ''}`;
  const xml = await call(method, url('xml'), form);
  const json = await call(method, url('json'), form);
  expect(xml.status, xml.text).toBe(expected);
  expect(json.status, json.text).toBe(expected);
  expectValid(xml, 'xml', schema);
  expectValid(json, 'json', schema);
  if (method === 'GET') expect(sameDocument(xml.value, json.value)).toEqual([]);
  return json.value as Array<Record<string, unknown>> & Record<string, unknown>;
}

/** An error in both formats: the status, the errors document, and the description's words. */
async function expectError(
  method: 'GET' | 'POST',
  path: string,
  status: number,
  words: RegExp,
  form?: Record<string, string | string[]>,
) {
  const errors = await both(method, path, 'errors', status, form);
  expect(errors.map((e) => e.code)).toContain(status);
  expect(errors.map((e) => e.description).join(' | ')).toMatch(words);
  return errors;
}

const petitionCount = async () =>
  (await ctx.platform.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM petition`)).rows[0]!.n;

let requestNumber = 0;
/** A valid POST (its own text each time: an identical POST is taken for a retry of the first). */
const validRequest = (extra: Record<string, string | string[]> = {}) => ({
  api_key: provinceKey,
  jurisdiction_id: tree.provinceA.code!,
  service_code: 'giao-thong',
  lat: '11.94643',
  long: '108.44189',
  description: `Đường liên thôn 3 – thôn 5 bị sạt lở sau mưa lớn (đoạn ${++requestNumber}), xe máy không qua được.`,
  'attribute[DA_KIEN_NGHI_TRUOC]': 'chua',
  ...extra,
});

beforeAll(async () => {
  ctx = await createTestContext({ PUBLIC_URL: base });
  await ctx.app.listen({ port, host: '127.0.0.1' });
  tree = await buildTree(ctx.platform.db);
  const admin = await signedInStaff(ctx, tree.provinceA.id, { permissions: ['petitions.configure'] });
  const created = await admin.client.post('/api/open311-keys', {
    name: 'Ứng dụng Công dân số tỉnh Thử Nghiệm A',
    unitId: tree.provinceA.id,
  });
  expect(created.statusCode).toBe(201);
  provinceKey = created.json().key;
});

afterAll(async () => {
  await ctx?.close();
});

describe('discovery', () => {
  it('is served in XML and JSON, valid, and leads the npm client to the endpoint', async () => {
    const discovery = await both('GET', 'discovery', 'discovery', 200);
    const endpoints = discovery.endpoints as Array<Record<string, unknown>>;
    expect(endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: `${base}/open311/v2`,
      type: 'production',
      formats: ['text/xml', 'application/json'],
    });
    expect(discovery.changeset).toMatch(/\+07:00$/);

    for (const format of ['xml', 'json'] as const) {
      const client = open311Client({ discovery: `${base}/open311/v2/discovery.${format}`, format });
      const found = await client.discover(true);
      expect((found.endpoints as unknown[]).length).toBe(1);
      expect(client.raw.endpoint).toBe(endpoint);
      const services = await client.services();
      expect(services.length).toBeGreaterThan(5);
    }
  });
});

describe('services and service definitions', () => {
  it('lists the subject areas as realtime services with metadata, in both formats', async () => {
    const services = await both('GET', 'services', 'services', 200);
    const land = services.find((s) => s.service_code === 'dat-dai');
    expect(land).toMatchObject({
      service_name: 'Đất đai, nhà ở',
      group: 'Kinh tế',
      metadata: true,
      type: 'realtime',
    });
    expect(land?.keywords).toContain('dat dai');

    for (const format of ['xml', 'json'] as const) {
      const viaClient = await open311Client({ endpoint, format }).services();
      expect(viaClient.map((s) => s.service_code)).toEqual(services.map((s) => s.service_code));
      expect(viaClient.find((s) => s.service_code === 'dat-dai')?.metadata).toBe(true);
    }
  });

  it('defines the attributes of a service, lists included, in both formats and through the client', async () => {
    const definition = await both('GET', 'services/giao-thong', 'service-definition', 200);
    expect(definition.service_code).toBe('giao-thong');
    const attributes = definition.attributes as Array<Record<string, unknown>>;
    expect(attributes.map((a) => a.order)).toEqual(attributes.map((_, i) => i + 1));
    const previously = attributes.find((a) => a.code === 'DA_KIEN_NGHI_TRUOC');
    expect(previously).toMatchObject({ datatype: 'singlevaluelist', required: true, variable: true });
    expect(previously?.values).toHaveLength(3);
    expect(attributes.find((a) => a.code === 'SO_HO_ANH_HUONG')).toMatchObject({ datatype: 'number' });
    expect(attributes.find((a) => a.code === 'HANG_MUC')).toMatchObject({ datatype: 'multivaluelist' });
    expect(attributes.find((a) => a.code === 'LUU_Y_BAO_MAT')).toMatchObject({ variable: false });

    const viaXml = await open311Client({ endpoint, format: 'xml' }).serviceDefinition('dat-dai');
    const xmlAttributes = viaXml.attributes as Array<Record<string, unknown>>;
    expect(xmlAttributes.find((a) => a.code === 'NGAY_QUYET_DINH')).toMatchObject({ datatype: 'datetime' });
  });

  it('answers 404 for an unknown service and an unknown jurisdiction, in the format asked', async () => {
    await expectError('GET', 'services/khong-co-linh-vuc', 404, /khong-co-linh-vuc/);
    await expectError('GET', 'services?jurisdiction_id=999.KHONG.CO', 404, /jurisdiction_id/);
    await expectError('GET', 'khong-co-tai-nguyen', 404, /discovery/);
    const client = open311Client({ endpoint, format: 'json' });
    await expect(client.serviceDefinition('khong-co-linh-vuc')).rejects.toBeInstanceOf(ClientError);
  });
});

describe('POST requests', () => {
  it('creates a petition through the npm client, in JSON and in XML, with personal data kept apart', async () => {
    for (const format of ['json', 'xml'] as const) {
      const client = open311Client({
        endpoint,
        format,
        apiKey: provinceKey,
        jurisdiction: tree.provinceA.code!,
      });
      const answer = await client.submit({
        service_code: 'moi-truong',
        lat: 11.94643,
        long: 108.44189,
        description: `Bãi rác tự phát cạnh trường tiểu học (${format}): mùi hôi, ruồi nhặng.\nĐề nghị xử lý dứt điểm.`,
        ...PERSON,
        device_id: 'device-xyz-123',
        account_id: 'account-42',
        attributes: { DA_KIEN_NGHI_TRUOC: 'chua-tra-loi', SO_HO_ANH_HUONG: 35 },
      });
      bodies.push(JSON.stringify(answer));
      expect(answer).toHaveLength(1);
      const id = String(answer[0]!.service_request_id);
      expect(id).toMatch(/^\d+$/);
      expect(String(answer[0]!.service_notice)).toMatch(/Mã tra cứu: KN-[0-9A-Z]{4}-[0-9A-Z]{4}/);

      const stored = await ctx.platform.db.execute<Record<string, unknown>>(sql`
        SELECT p.channel, p.unit_id, p.subject_code, p.status, p.lat, p.title, p.description,
               pp.name, pp.email, pp.phone, pp.address, pp.consent_at IS NOT NULL AS consented,
               o.attributes, k.name AS key_name
          FROM petition p JOIN petition_person pp ON pp.petition_id = p.id
          JOIN open311_submission o ON o.petition_id = p.id JOIN open311_api_key k ON k.id = o.api_key_id
         WHERE p.serial = ${Number(id)}`);
      expect(stored.rows[0]).toMatchObject({
        channel: 'open311',
        unit_id: tree.provinceA.id,
        subject_code: 'moi-truong',
        status: 'received',
        lat: 11.94643,
        title: `Bãi rác tự phát cạnh trường tiểu học (${format}): mùi hôi, ruồi nhặng.`,
        name: 'Lương Thị Bích',
        email: PERSON.email,
        phone: PERSON.phone,
        address: PERSON.address_string,
        consented: true,
        attributes: { DA_KIEN_NGHI_TRUOC: 'chua-tra-loi', SO_HO_ANH_HUONG: '35' },
        key_name: 'Ứng dụng Công dân số tỉnh Thử Nghiệm A',
      });
      // device_id and account_id identify a person and are not kept anywhere.
      const everything = await ctx.platform.db.execute(
        sql`SELECT row_to_json(o)::text AS o FROM open311_submission o WHERE o.petition_id IN
              (SELECT id FROM petition WHERE serial = ${Number(id)})`,
      );
      expect(JSON.stringify(everything.rows)).not.toMatch(/device-xyz|account-42/);

      const [read] = await client.request(id);
      expect(read).toMatchObject({ service_request_id: format === 'xml' ? Number(id) : id, status: 'open' });
    }
  });

  it('accepts multi-value attributes, address_id and the demo key anywhere in the tree', async () => {
    await seedDemoOpen311Key(ctx.platform.db);
    const created = await both('POST', 'requests', 'post-request-response', 200, {
      ...validRequest(),
      api_key: DEMO_OPEN311_API_KEY,
      jurisdiction_id: tree.provinceB.code!,
      address_id: tree.communeB.code!,
      lat: '',
      long: '',
      'attribute[HANG_MUC][]': ['duong', 'cau-cong'],
      'attribute[CAP_GIAI_QUYET]': 'province',
    });
    const serial = Number(created[0]!.service_request_id);
    const row = await ctx.platform.db.execute<Record<string, unknown>>(sql`
      SELECT p.unit_id, p.competence_level, p.lat, o.attributes FROM petition p
        JOIN open311_submission o ON o.petition_id = p.id WHERE p.serial = ${serial}`);
    expect(row.rows[0]).toMatchObject({
      unit_id: tree.communeB.id,
      competence_level: 'province',
      lat: null,
      attributes: { HANG_MUC: ['duong', 'cau-cong'], CAP_GIAI_QUYET: 'province', DA_KIEN_NGHI_TRUOC: 'chua' },
    });
  });

  it('refuses a missing or wrong api_key with 403, and a jurisdiction outside the key with 403', async () => {
    const before = await petitionCount();
    await expectError('POST', 'requests', 403, /api_key/, validRequest({ api_key: '' }));
    await expectError('POST', 'requests', 403, /api_key/, validRequest({ api_key: 'o311_sai_khoa' }));
    await expectError(
      'POST',
      'requests',
      403,
      /jurisdiction_id/,
      validRequest({ jurisdiction_id: tree.provinceB.code! }),
    );
    const english = await call('POST', 'requests.json', validRequest({ api_key: 'o311_sai_khoa' }), {
      'accept-language': 'en',
    });
    expect((english.value as Array<{ description: string }>)[0]!.description).toBe(
      "Invalid api_key received -- can't proceed with create_request.",
    );
    expect(await petitionCount()).toBe(before);
  });

  it('answers bad input with 400 (404 for an unknown service) and writes nothing', async () => {
    const before = await petitionCount();
    await expectError('POST', 'requests', 404, /khong-co/, validRequest({ service_code: 'khong-co' }));
    await expectError('POST', 'requests', 400, /service_code/, validRequest({ service_code: '' }));
    await expectError('POST', 'requests', 400, /Tọa độ không hợp lệ/, validRequest({ lat: '200' }));
    await expectError('POST', 'requests', 400, /Tọa độ không hợp lệ/, validRequest({ lat: 'mười một' }));
    await expectError('POST', 'requests', 400, /cả lat và long/, validRequest({ long: '' }));
    await expectError(
      'POST',
      'requests',
      400,
      /ngoài lãnh thổ Việt Nam/,
      validRequest({ lat: '48.85', long: '2.35' }),
    );
    await expectError(
      'POST',
      'requests',
      400,
      /4\.000 ký tự \(hiện có 4\.001\)/,
      validRequest({ description: 'á'.repeat(4001) }),
    );
    await expectError('POST', 'requests', 400, /nội dung kiến nghị/, validRequest({ description: '   ' }));
    await expectError(
      'POST',
      'requests',
      400,
      /DA_KIEN_NGHI_TRUOC/,
      validRequest({ 'attribute[DA_KIEN_NGHI_TRUOC]': '' }),
    );
    await expectError(
      'POST',
      'requests',
      400,
      /SO_HO_ANH_HUONG/,
      validRequest({ 'attribute[SO_HO_ANH_HUONG]': '-3' }),
    );
    await expectError('POST', 'requests', 400, /KHONG_CO/, validRequest({ 'attribute[KHONG_CO]': 'x' }));
    await expectError('POST', 'requests', 400, /email/, validRequest({ email: 'khong-phai-email' }));
    await expectError(
      'POST',
      'requests',
      400,
      /media_url/,
      validRequest({ media_url: 'javascript:alert(1)' }),
    );
    // Several problems at once: every one is listed.
    const errors = await expectError(
      'POST',
      'requests',
      400,
      /vị trí/,
      validRequest({ lat: '', long: '', description: '', 'attribute[DA_KIEN_NGHI_TRUOC]': 'sai' }),
    );
    expect(errors.length).toBe(3);
    expect(await petitionCount()).toBe(before);

    // Exactly 4,000 characters is accepted.
    await both(
      'POST',
      'requests',
      'post-request-response',
      200,
      validRequest({ description: 'ạ'.repeat(4000) }),
    );
  });

  it('answers a retried POST with the petition it already created', async () => {
    const before = await petitionCount();
    const form = validRequest({ description: 'Cống thoát nước ở chợ bị tắc, nước tràn vào nhà dân.' });
    const idOf = (answer: Answer) => (answer.value as Array<Record<string, unknown>>)[0]!.service_request_id;
    const first = await call('POST', 'requests.json', form);
    const again = await call('POST', 'requests.xml', form);
    expect(first.status).toBe(200);
    expect(idOf(again)).toBe(idOf(first));
    expect(await petitionCount()).toBe(before + 1);
    const elsewhere = await call('POST', 'requests.json', { ...form, lat: '11.95' });
    expect(idOf(elsewhere)).not.toBe(idOf(first));
    expect(await petitionCount()).toBe(before + 2);
  });

  it('treats empty optional parameters as missing', async () => {
    const created = await both('POST', 'requests', 'post-request-response', 200, {
      ...validRequest(),
      email: '',
      first_name: '',
      phone: ' ',
      media_url: '',
      address_string: '',
      device_id: '',
    });
    const serial = Number(created[0]!.service_request_id);
    const person = await ctx.platform.db.execute(
      sql`SELECT 1 FROM petition_person pp JOIN petition p ON p.id = pp.petition_id WHERE p.serial = ${serial}`,
    );
    expect(person.rows).toHaveLength(0);
  });

  it('keeps scripts and markup as text, escaped in XML', async () => {
    const description = 'Đèn đường hỏng <script>alert("x")</script> & cống "tắc" — \'khẩn\'';
    const created = await both(
      'POST',
      'requests',
      'post-request-response',
      200,
      validRequest({ description }),
    );
    const id = String(created[0]!.service_request_id);
    const xml = await call('GET', `requests/${id}.xml`);
    expect(xml.text).not.toContain('<script>');
    expect(xml.text).toContain('&lt;script&gt;');
    expect((xml.value as Array<Record<string, unknown>>)[0]!.description).toBe(description);
    const json = await call('GET', `requests/${id}.json`);
    expect((json.value as Array<Record<string, unknown>>)[0]!.description).toBe(description);
  });
});

describe('GET requests', () => {
  let forwarded: { id: string; serial: number };
  let answered: { id: string; serial: number };
  let draftSerial: number;
  let hiddenSerial: number;
  let oldSerial: number;

  const make = async (overrides: Partial<Parameters<typeof createPetition>[2]> = {}) =>
    ctx.platform.db.transaction((tx) =>
      createPetition(tx, systemAuditContext, {
        unitId: tree.communeA.id,
        subjectCode: 'y-te',
        title: 'Trạm y tế xã thiếu thuốc',
        description: 'Trạm y tế xã An Bình thường xuyên thiếu thuốc điều trị cao huyết áp.',
        channel: 'session',
        lat: 11.9404,
        lng: 108.4583,
        place: 'xã An Bình',
        petitioner: { name: 'Phạm Văn Cử', phone: '0987 000 111', consent: true },
        ...overrides,
      }),
    );

  beforeAll(async () => {
    const db = ctx.platform.db;
    forwarded = await make();
    const [recipient] = (
      await db.execute<{ id: string }>(sql`
        INSERT INTO petition_recipient (kind, name, level, unit_id)
        VALUES ('agency', 'Sở Y tế tỉnh Thử Nghiệm A', 'province', ${tree.provinceA.id}) RETURNING id`)
    ).rows;
    const [forward] = (
      await db.execute<{ id: string }>(sql`
        INSERT INTO petition_forward (petition_id, recipient_id, deadline_at, deadline_rule)
        VALUES (${forwarded.id}, ${recipient!.id}, now() - interval '2 days', 'Mặc định: 60 ngày') RETURNING id`)
    ).rows;
    await db.execute(sql`
      UPDATE petition SET status = 'forwarded', current_forward_id = ${forward!.id},
             deadline_at = now() - interval '2 days' WHERE id = ${forwarded.id}`);

    answered = await make({
      subjectCode: 'giao-duc',
      title: 'Trường học xuống cấp',
      description: 'Phòng học dột.',
    });
    await db.execute(sql`UPDATE petition SET status = 'answered' WHERE id = ${answered.id}`);
    await db.execute(sql`
      INSERT INTO petition_answer (petition_id, summary, published_at)
      VALUES (${answered.id}, 'UBND xã đã bố trí kinh phí sửa chữa trong quý I.', now())`);

    const draft = await make({ status: 'draft' });
    draftSerial = draft.serial;
    const hidden = await make();
    hiddenSerial = hidden.serial;
    await db.execute(
      sql`UPDATE petition SET hidden_at = now(), hidden_reason = 'spam' WHERE id = ${hidden.id}`,
    );
    const old = await make({ receivedAt: new Date(Date.now() - 200 * 86_400_000) });
    oldSerial = old.serial;
  });

  it('lists recent public requests through the npm client in both formats, never drafts or hidden ones', async () => {
    for (const format of ['xml', 'json'] as const) {
      const requests = await open311Client({ endpoint, format }).requests();
      bodies.push(JSON.stringify(requests));
      const ids = requests.map((r) => Number(r.service_request_id));
      expect(ids).toContain(forwarded.serial);
      expect(ids).toContain(answered.serial);
      expect(ids).not.toContain(draftSerial);
      expect(ids).not.toContain(hiddenSerial);
      expect(ids).not.toContain(oldSerial); // outside the default 90 days
      expect(requests[0]!.requested_datetime).toBeInstanceOf(Date); // the client parsed our dates
    }
    await expectError('GET', `requests/${draftSerial}`, 404, new RegExp(String(draftSerial)));
    await expectError('GET', `requests/${hiddenSerial}`, 404, new RegExp(String(hiddenSerial)));
  });

  it('maps the workflow onto open/closed, agency, deadline, status notes; rounds coordinates', async () => {
    const [one] = await both('GET', `requests/${forwarded.serial}`, 'requests', 200);
    expect(one).toMatchObject({
      service_request_id: String(forwarded.serial),
      status: 'open',
      service_code: 'y-te',
      service_name: 'Y tế, bảo hiểm y tế',
      agency_responsible: 'Sở Y tế tỉnh Thử Nghiệm A',
      address: 'xã An Bình',
      address_id: tree.communeA.code,
      lat: 11.94,
      long: 108.458,
      status_notes: 'Đã tiếp nhận kiến nghị.',
    });
    expect(one!.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect(one!.expected_datetime).toMatch(/\+07:00$/);

    const [done] = await both('GET', `requests/${answered.serial}`, 'requests', 200);
    expect(done).toMatchObject({
      status: 'closed',
      status_notes: 'UBND xã đã bố trí kinh phí sửa chữa trong quý I.',
    });
  });

  it('filters by status, service_code, dates and ids; the ids override everything else', async () => {
    const closed = await both('GET', 'requests?status=closed', 'requests', 200);
    expect(closed.map((r) => r.service_request_id)).toContain(String(answered.serial));
    expect(closed.every((r) => r.status === 'closed')).toBe(true);
    const open = await both('GET', 'requests?status=open&service_code=y-te', 'requests', 200);
    expect(open.map((r) => r.service_request_id)).toContain(String(forwarded.serial));
    expect(open.every((r) => r.status === 'open' && r.service_code === 'y-te')).toBe(true);
    const either = await both(
      'GET',
      'requests?status=open,closed&service_code=y-te,giao-duc',
      'requests',
      200,
    );
    expect(either.length).toBeGreaterThanOrEqual(2);

    const then = new Date(Date.now() - 205 * 86_400_000).toISOString();
    const until = new Date(Date.now() - 195 * 86_400_000).toISOString();
    const window = await both(
      'GET',
      `requests?start_date=${encodeURIComponent(then)}&end_date=${encodeURIComponent(until)}`,
      'requests',
      200,
    );
    expect(window.map((r) => r.service_request_id)).toEqual([String(oldSerial)]);

    const ids = await both(
      'GET',
      `requests?service_request_id=${oldSerial},${answered.serial}&status=open&service_code=an-ninh`,
      'requests',
      200,
    );
    expect(ids.map((r) => r.service_request_id).sort()).toEqual(
      [String(oldSerial), String(answered.serial)].sort(),
    );

    const viaClient = await open311Client({ endpoint, format: 'xml' }).requestsById([String(oldSerial)]);
    expect(viaClient.map((r) => r.service_request_id)).toEqual([oldSerial]);
    const byCode = await open311Client({ endpoint, format: 'json' }).requests({ service_code: 'giao-duc' });
    expect(byCode.map((r) => r.service_request_id)).toEqual([String(answered.serial)]);
  });

  it('filters by jurisdiction (the subtree of a committee)', async () => {
    const inA = await both('GET', `requests?jurisdiction_id=${tree.provinceA.code}`, 'requests', 200);
    const inB = await both('GET', `requests?jurisdiction_id=${tree.provinceB.code}`, 'requests', 200);
    expect(inA.map((r) => r.service_request_id)).toContain(String(forwarded.serial));
    expect(inB.map((r) => r.service_request_id)).not.toContain(String(forwarded.serial));
    const client = open311Client({ endpoint, format: 'json', jurisdiction: tree.provinceB.code! });
    expect((await client.requests()).map((r) => r.service_request_id)).toEqual(
      inB.map((r) => r.service_request_id),
    );
    await expectError('GET', 'requests?jurisdiction_id=000.KHONGCO', 404, /jurisdiction_id/);
  });

  it('treats empty parameters as missing', async () => {
    const plain = await both('GET', 'requests', 'requests', 200);
    const empty = await both(
      'GET',
      'requests?service_code=&status=&start_date=&end_date=&jurisdiction_id=&page=&page_size=&service_request_id=&extensions=',
      'requests',
      200,
    );
    expect(empty).toEqual(plain);
  });

  it('pages with page and page_size, newest first', async () => {
    const all = await both('GET', 'requests', 'requests', 200);
    const second = await both('GET', 'requests?page=2&page_size=2', 'requests', 200);
    expect(second).toEqual(all.slice(2, 4));
    await expectError('GET', 'requests?page_size=1001', 400, /page_size/);
    await expectError('GET', 'requests?page=0', 400, /page/);
  });

  it('filters on updates with updated_after / updated_before', async () => {
    const db = ctx.platform.db;
    await db.execute(sql`UPDATE petition SET updated_at = now() - interval '10 days'`);
    await db.execute(sql`UPDATE petition SET updated_at = now() WHERE id = ${forwarded.id}`);
    const hourAgo = encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString());
    const recent = await both('GET', `requests?updated_after=${hourAgo}`, 'requests', 200);
    expect(recent.map((r) => r.service_request_id)).toEqual([String(forwarded.serial)]);
    const before = await both('GET', `requests?updated_before=${hourAgo}`, 'requests', 200);
    expect(before.map((r) => r.service_request_id)).not.toContain(String(forwarded.serial));
    expect(before.length).toBeGreaterThan(0);
  });

  it('refuses bad windows and filters with 400 in both formats', async () => {
    await expectError(
      'GET',
      'requests?start_date=2026-03-01T00:00:00Z&end_date=2026-02-01T00:00:00Z',
      400,
      /end_date/,
    );
    await expectError(
      'GET',
      'requests?start_date=2025-01-01T00:00:00Z&end_date=2025-06-01T00:00:00Z',
      400,
      /90 ngày/,
    );
    await expectError('GET', 'requests?start_date=2025-01-01T08:00:00', 400, /múi giờ/);
    await expectError('GET', 'requests?start_date=hôm-qua', 400, /start_date/);
    await expectError('GET', 'requests?status=pending', 400, /status/);
    await expectError('GET', 'requests?service_code=khong-co', 400, /khong-co/);
    await expectError('GET', 'requests?service_request_id=1,abc', 400, /service_request_id/);
    await expectError('GET', 'requests/abc', 404, /abc/);
    // A date alone is a day in Vietnam; a '+' sent unencoded (read as a space) is understood.
    await both('GET', 'requests?start_date=2026-01-01&end_date=2026-03-01T00:00:00+07:00', 'requests', 200);
  });

  it('adds the extended status, attributes and the public timeline with extensions=true', async () => {
    const [plain] = await both('GET', `requests/${forwarded.serial}`, 'requests', 200);
    expect(plain).not.toHaveProperty('extended_attributes');
    expect(plain).not.toHaveProperty('notes');
    const [extended] = await both('GET', `requests/${forwarded.serial}?extensions=true`, 'requests', 200);
    expect(extended!.extended_attributes).toMatchObject({
      status: 'ACTION_SCHEDULED',
      status_code: 'forwarded',
      title: 'Trạm y tế xã thiếu thuốc',
      jurisdiction_id: tree.communeA.code,
      channel: 'session',
      overdue: true,
    });
    expect(extended!.extended_attributes).not.toHaveProperty('tracking_code');
    expect(extended!.notes).toEqual([
      {
        datetime: expect.stringMatching(/\+07:00$/),
        description: 'Đã tiếp nhận kiến nghị.',
        type: 'received',
      },
    ]);
  });

  it('shows the tracking code only to the key that submitted the petition', async () => {
    const [created] = await both('POST', 'requests', 'post-request-response', 200, validRequest());
    const id = String(created!.service_request_id);
    const code = /KN-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(String(created!.service_notice))![0];
    const mine = await both('GET', `requests/${id}?extensions=true&api_key=${provinceKey}`, 'requests', 200);
    expect((mine[0]!.extended_attributes as Record<string, unknown>).tracking_code).toBe(code);
    expect(mine[0]!.attributes).toEqual([
      {
        code: 'DA_KIEN_NGHI_TRUOC',
        label: expect.any(String),
        value: 'chua',
        name: 'Chưa kiến nghị lần nào',
      },
    ]);
    const other = await both(
      'GET',
      `requests/${id}?extensions=true&api_key=${DEMO_OPEN311_API_KEY}`,
      'requests',
      200,
    );
    expect(other[0]!.extended_attributes).not.toHaveProperty('tracking_code');

    // The token is the tracking code: it leads to the service_request_id.
    const token = await both('GET', `tokens/${code}`, 'tokens', 200);
    expect(token).toEqual([{ service_request_id: id, token: code }]);
    const viaClient = await open311Client({ endpoint, format: 'xml' }).token(code.toLowerCase());
    expect(viaClient[0]).toMatchObject({ service_request_id: Number(id), token: code });
    await expectError('GET', 'tokens/KN-2222-2222', 404, /token/);
  });
});

describe('service request updates (mySociety)', () => {
  it('lists public timeline entries and accepts comments and one reopen from key holders', async () => {
    const [created] = await both('POST', 'requests', 'post-request-response', 200, validRequest());
    const id = String(created!.service_request_id);
    const updates = await both(
      'GET',
      `servicerequestupdates?service_request_id=${id}`,
      'service-request-updates',
      200,
    );
    expect(updates).toEqual([
      expect.objectContaining({
        service_request_id: id,
        status: 'FOR_TRIAGE',
        description: 'Đã tiếp nhận kiến nghị.',
        external_status_code: 'received',
      }),
    ]);

    const comment = {
      api_key: provinceKey,
      service_request_id: id,
      status: 'OPEN',
      description: `Bổ sung: đoạn sạt lở dài khoảng 30 m. Liên hệ ${PERSON.phone}.`,
      update_id: 'client-77',
    };
    const posted = await both('POST', 'servicerequestupdates', 'post-update-response', 200, comment);
    expect(posted[0]!.update_id).toMatch(/^\d+$/);
    // The comment is for the staff: not published (it may carry personal data).
    const after = await both(
      'GET',
      `servicerequestupdates?service_request_id=${id}`,
      'service-request-updates',
      200,
    );
    expect(after).toHaveLength(1);

    await expectError('POST', 'servicerequestupdates', 400, /sau khi kiến nghị có câu trả lời được công bố/, {
      ...comment,
      status: 'REOPEN',
    });
    await ctx.platform.db.execute(sql`UPDATE petition SET status = 'answered' WHERE serial = ${Number(id)}`);
    await ctx.platform.db.execute(sql`
      INSERT INTO petition_answer (petition_id, summary, published_at)
      SELECT id, 'Đã giao UBND xã khảo sát, khắc phục.', now() FROM petition WHERE serial = ${Number(id)}`);
    const reopen = { ...comment, status: 'REOPEN', description: 'Câu trả lời chưa nêu thời gian khắc phục.' };
    const accepted = await call('POST', 'servicerequestupdates.xml', reopen);
    expect(accepted.status, accepted.text).toBe(200);
    expectValid(accepted, 'xml', 'post-update-response');
    const stored = await ctx.platform.db.execute<{ status: string; reopen_reason: string }>(
      sql`SELECT status, reopen_reason FROM petition WHERE serial = ${Number(id)}`,
    );
    expect(stored.rows[0]).toEqual({ status: 'reopened', reopen_reason: reopen.description });
    const [reopened] = await both('GET', `requests/${id}?extensions=true`, 'requests', 200);
    expect(reopened).toMatchObject({
      status: 'open',
      extended_attributes: expect.objectContaining({ status: 'REOPEN' }),
    });
    await expectError('POST', 'servicerequestupdates', 400, /một lần/, { ...comment, status: 'REOPEN' });
    await expectError('POST', 'servicerequestupdates', 403, /api_key/, { ...comment, api_key: 'sai' });
    await expectError('POST', 'servicerequestupdates', 400, /status/, { ...comment, status: 'CLOSED' });
    await expectError('POST', 'servicerequestupdates', 404, /999999/, {
      ...comment,
      service_request_id: '999999',
    });
  });
});

describe('API keys (staff API)', () => {
  it('shows a key once, stores only its SHA-256, scopes the list, and revokes it', async () => {
    const admin = await signedInStaff(ctx, tree.provinceB.id, { permissions: ['petitions.configure'] });
    const created = await admin.client.post('/api/open311-keys', {
      name: 'Tổng đài 1022 tỉnh B',
      unitId: tree.provinceB.id,
    });
    expect(created.statusCode).toBe(201);
    const { key, id, prefix } = created.json();
    expect(key.startsWith(prefix)).toBe(true);
    const stored = await ctx.platform.db.execute<{ key_hash: string }>(
      sql`SELECT key_hash FROM open311_api_key WHERE id = ${id}`,
    );
    expect(stored.rows[0]!.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
    const listed = await admin.client.get('/api/open311-keys');
    expect(listed.body).not.toContain(key);
    expect(listed.json().map((k: { id: string }) => k.id)).toContain(id);
    expect(listed.json().map((k: { unit: { id: string } }) => k.unit.id)).not.toContain(tree.provinceA.id);

    const outsider = await admin.client.post('/api/open311-keys', {
      name: 'Ngoài phạm vi',
      unitId: tree.provinceA.id,
    });
    expect(outsider.statusCode).toBe(404);
    const stranger = await signedInStaff(ctx, tree.provinceA.id, { permissions: ['petitions.configure'] });
    expect((await stranger.client.delete(`/api/open311-keys/${id}`)).statusCode).toBe(404);
    const reader = await signedInStaff(ctx, tree.provinceB.id, { permissions: ['petitions.read'] });
    expect((await reader.client.get('/api/open311-keys')).statusCode).toBe(403);

    const works = validRequest({ api_key: key, jurisdiction_id: tree.provinceB.code! });
    await both('POST', 'requests', 'post-request-response', 200, works);
    expect((await admin.client.delete(`/api/open311-keys/${id}`)).statusCode).toBe(204);
    await expectError('POST', 'requests', 403, /api_key/, works);
    const audit = await ctx.platform.db.execute<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE entity_id = ${id} ORDER BY id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['open311_api_key.create', 'open311_api_key.revoke']);
  });
});

describe('floods', () => {
  // Last of the file: it spends this address's allowance of POST servicerequestupdates.json.
  it("answer 429 in the specification's error format, in Vietnamese, with Retry-After", async () => {
    const form = { api_key: 'o311_sai', service_request_id: '1', status: 'OPEN', description: 'x' };
    let limited: Answer | undefined;
    let retryAfter: string | null = null;
    for (let i = 0; i < 130 && !limited; i++) {
      const response = await fetch(`${base}/open311/v2/servicerequestupdates.json`, {
        method: 'POST',
        body: new URLSearchParams(form).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      const text = await response.text();
      if (response.status === 429) {
        retryAfter = response.headers.get('retry-after');
        limited = {
          status: 429,
          contentType: response.headers.get('content-type') ?? '',
          text,
          value: JSON.parse(text),
        };
      } else expect(response.status).toBe(403);
    }
    expect(limited, 'no 429 after 130 posts').toBeDefined();
    expectValid(limited!, 'json', 'errors');
    expect(limited!.value).toEqual([
      { code: 429, description: 'Gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.' },
    ]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});

describe('privacy', () => {
  it('never sends a petitioner’s name, phone, e-mail or exact address in any answer', () => {
    expect(bodies.length).toBeGreaterThan(50);
    for (const body of bodies) for (const value of PERSONAL_VALUES) expect(body).not.toContain(value);
  });
});
