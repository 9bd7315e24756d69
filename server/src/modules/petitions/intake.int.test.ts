import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUnit } from '../../../test/factories.ts';
import { createTestContext, type TestClient } from '../../../test/harness.ts';
import { systemAuditContext } from '../../platform/audit/index.ts';
import { signedInStaff } from '../messaging/test-support/people.ts';
import { createPetition } from './intake.ts';

const ctx = await createTestContext();
afterAll(() => ctx.close());
const db = ctx.platform.db;

let tree: Awaited<ReturnType<typeof buildTree>>;
let cadre: TestClient; // xã An Bình: read + intake
let officer: TestClient; // province A: read + intake + personal data
let officerId: string;
let reader: TestClient; // province A: read only
let outsider: TestClient; // province B: everything but elsewhere

const count = async (table: 'petition' | 'petition_person' | 'petition_event') =>
  (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`)).rows[0]!.n;

const intake = (client: TestClient, body: Record<string, unknown>) =>
  client.post('/api/petitions', {
    channel: 'session',
    subjectCode: 'giao-thong',
    description: 'Đường liên thôn 3 đi thôn 5 bị sạt lở sau mưa lớn, đề nghị làm kè chống sạt lở.',
    ...body,
  });

beforeAll(async () => {
  tree = await buildTree(db);
  ({ client: cadre } = await signedInStaff(ctx, tree.communeA.id, {
    permissions: ['petitions.read', 'petitions.intake'],
  }));
  const signedOfficer = await signedInStaff(ctx, tree.provinceA.id, {
    permissions: ['petitions.read', 'petitions.intake', 'petitions.personal_data'],
    fullName: 'Trần Thị Kiểm Tra',
  });
  officer = signedOfficer.client;
  officerId = signedOfficer.person.id;
  ({ client: reader } = await signedInStaff(ctx, tree.provinceA.id, { permissions: ['petitions.read'] }));
  ({ client: outsider } = await signedInStaff(ctx, tree.provinceB.id, {
    permissions: ['petitions.read', 'petitions.intake', 'petitions.personal_data', 'petitions.moderate'],
  }));
});

describe('assisted intake', () => {
  it('records a petition with the consented petitioner apart, never in the staff detail', async () => {
    const response = await intake(cadre, {
      channel: 'phone',
      petitioner: { name: 'Nguyễn Văn Hùng', phone: '0912 345 678', address: 'thôn 3', consent: true },
    });
    expect(response.statusCode, response.body).toBe(201);
    const { petition, petitionerStored } = response.json();
    expect(petitionerStored).toBe(true);
    expect(petition).toMatchObject({
      status: 'received',
      channel: 'phone',
      unitId: tree.communeA.id,
      subjectCode: 'giao-thong',
      subjectName: 'Giao thông, xây dựng',
      competenceLevel: 'commune',
      petitioner: { recorded: true, anonymised: false },
    });
    // The title comes from the description's first words.
    expect(petition.title).toBe(
      'Đường liên thôn 3 đi thôn 5 bị sạt lở sau mưa lớn, đề nghị làm kè chống sạt lở.',
    );
    expect(petition.trackingCode).toMatch(/^KN-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(petition.timeline).toEqual([
      expect.objectContaining({
        kind: 'received',
        status: 'received',
        publicNote: 'Đã tiếp nhận kiến nghị.',
      }),
    ]);
    expect(response.body).not.toContain('Nguyễn Văn Hùng');
    expect(response.body).not.toContain('0912 345 678');
    const detail = await officer.get(`/api/petitions/${petition.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).not.toContain('0912 345 678');

    const person = await db.execute<{ name: string; phone: string; consent_at: string | null }>(
      sql`SELECT name, phone, consent_at FROM petition_person WHERE petition_id = ${petition.id}`,
    );
    expect(person.rows[0]).toMatchObject({ name: 'Nguyễn Văn Hùng', phone: '0912 345 678' });
    expect(person.rows[0]!.consent_at).not.toBeNull();
  });

  it('keeps no identity without consent', async () => {
    const before = await count('petition_person');
    const response = await intake(cadre, {
      channel: 'walk_in',
      title: 'Đèn đường hỏng',
      description: 'Đèn đường trục chính thôn 4 hỏng nhiều bóng.',
      petitioner: { name: 'Lê Thị Không Đồng Ý', phone: '0900 000 111', consent: false },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().petitionerStored).toBe(false);
    expect(response.json().petition.petitioner).toEqual({ recorded: false, anonymised: false });
    expect(await count('petition_person')).toBe(before);
    const anywhere = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE after::text LIKE '%Không Đồng Ý%'`,
    );
    expect(anywhere.rows[0]!.n).toBe(0);
  });

  it('takes the area, session, term, addressee and location given, and the session’s term by default', async () => {
    const session = await db.execute<{ id: string }>(sql`
      INSERT INTO petition_session (unit_id, title, level, mode, place, starts_at, ends_at, term)
      VALUES (${tree.provinceA.id}, 'Hội nghị tiếp xúc cử tri thử nghiệm', 'province', 'onsite', 'Hội trường',
              now() - interval '3 days', now() - interval '3 days' + interval '2 hours', '2026-2031')
      RETURNING id`);
    const recipient = await db.execute<{ id: string }>(sql`
      INSERT INTO petition_recipient (kind, name, level, unit_id) VALUES ('agency', 'Sở Xây dựng', 'province', ${tree.provinceA.id})
      RETURNING id`);
    const response = await intake(officer, {
      unitId: tree.communeA.id,
      sessionId: session.rows[0]!.id,
      addressedToId: recipient.rows[0]!.id,
      competenceLevel: 'province',
      lat: 11.94,
      lng: 108.44,
      place: 'thôn 3',
      receivedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().petition).toMatchObject({
      unitId: tree.communeA.id,
      sessionId: session.rows[0]!.id,
      term: '2026-2031',
      competenceLevel: 'province',
      addressedTo: { id: recipient.rows[0]!.id, name: 'Sở Xây dựng', kind: 'agency' },
      lat: 11.94,
      lng: 108.44,
      place: 'thôn 3',
    });

    // A province officer's petition defaults to the province's own level.
    const own = await intake(officer, {});
    expect(own.json().petition).toMatchObject({ unitId: tree.provinceA.id, competenceLevel: 'province' });

    // A recipient of another province is not one this area may address.
    const elsewhere = await db.execute<{ id: string }>(sql`
      INSERT INTO petition_recipient (kind, name, level, unit_id) VALUES ('agency', 'Sở Y tế B', 'province', ${tree.provinceB.id})
      RETURNING id`);
    const refused = await intake(cadre, { addressedToId: elsewhere.rows[0]!.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('Không tìm thấy cơ quan hoặc đại biểu');
  });

  it('refuses an area outside the cadre’s subtree, and writes nothing', async () => {
    const before = await count('petition');
    const response = await intake(cadre, { unitId: tree.provinceA.id });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain('không thuộc phạm vi');
    const other = await intake(cadre, { unitId: tree.communeB.id });
    expect(other.statusCode).toBe(403);
    expect(await count('petition')).toBe(before);
  });

  it('is refused to staff without petitions.intake', async () => {
    expect((await intake(reader, {})).statusCode).toBe(403);
  });
});

describe('subject areas', () => {
  it('lists every subject, inactive ones last, and takes petitions only in active ones', async () => {
    await db.execute(sql`
      INSERT INTO petition_subject (code, name_vi, name_en, group_vi, sort_order, is_active)
      VALUES ('thu-nghiem-cu', 'Lĩnh vực cũ', 'Former area', 'Khác', 0, false)`);
    const response = await reader.get('/api/petition-subjects');
    expect(response.statusCode).toBe(200);
    const subjects: { code: string; nameVi: string; nameEn: string; isActive: boolean }[] = response.json();
    expect(subjects.find((s) => s.code === 'giao-thong')).toMatchObject({
      nameVi: 'Giao thông, xây dựng',
      isActive: true,
    });
    expect(subjects.at(-1)).toMatchObject({ code: 'thu-nghiem-cu', nameEn: 'Former area', isActive: false });
    expect(subjects.filter((s) => !s.isActive).map((s) => s.code)).toEqual(['thu-nghiem-cu']);

    const before = await count('petition');
    const refused = await intake(cadre, { subjectCode: 'thu-nghiem-cu' });
    expect(refused.statusCode).toBe(400);
    expect(await count('petition')).toBe(before);
  });
});

describe('bad input', () => {
  it('answers 400 in Vietnamese (English on request) and writes nothing', async () => {
    const before = { petitions: await count('petition'), events: await count('petition_event') };
    const empty = await intake(cadre, { description: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(empty.json().error.issues)).toContain('Chưa nhập nội dung kiến nghị');

    const huge = await intake(cadre, { description: 'Đường hỏng. '.repeat(4_300) }); // ≈ 51 kB
    expect(huge.statusCode).toBe(400);
    expect(JSON.stringify(huge.json().error.issues)).toContain('tối đa 10.000 ký tự');

    const unknown = await intake(cadre, { subjectCode: 'khong-co-linh-vuc' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('Lĩnh vực "khong-co-linh-vuc" không tồn tại');
    expect(unknown.json().error.issues).toEqual([
      { path: 'body.subjectCode', message: expect.stringContaining('không tồn tại') },
    ]);

    const halfLocation = await intake(cadre, { lat: 11.9 });
    expect(halfLocation.statusCode).toBe(400);
    expect(JSON.stringify(halfLocation.json().error.issues)).toContain('cả vĩ độ và kinh độ');

    const badChannel = await intake(cadre, { channel: 'open311' });
    expect(badChannel.statusCode).toBe(400);

    const future = await intake(cadre, { receivedAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toContain('tương lai');

    const noSession = await intake(cadre, { sessionId: '00000000-0000-4000-8000-000000000000' });
    expect(noSession.statusCode).toBe(400);
    expect(noSession.json().error.message).toContain('hội nghị tiếp xúc cử tri');

    cadre.language = 'en';
    const english = await intake(cadre, { subjectCode: 'nope' });
    cadre.language = 'vi';
    expect(english.json().error.message).toContain('Subject "nope" does not exist');

    expect(await count('petition')).toBe(before.petitions);
    expect(await count('petition_event')).toBe(before.events);
  });

  it('stores a script verbatim and returns it as JSON data', async () => {
    const text = '<script>alert("xss")</script> Đường <b>hỏng</b> & "ngập"';
    const response = await intake(cadre, { title: '<img src=x onerror=alert(1)>', description: text });
    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const { petition } = response.json();
    expect(petition.description).toBe(text);
    expect(petition.title).toBe('<img src=x onerror=alert(1)>');
    const stored = await db.execute<{ description: string }>(
      sql`SELECT description FROM petition WHERE id = ${petition.id}`,
    );
    expect(stored.rows[0]!.description).toBe(text);
  });
});

describe('scope and personal data', () => {
  let petitionId: string;
  beforeAll(async () => {
    const response = await intake(cadre, {
      petitioner: { name: 'Phạm Văn Đức', phone: '0905 111 222', email: 'duc@example.vn', consent: true },
    });
    petitionId = response.json().petition.id;
  });

  it('another province sees nothing: 404 for the petition, absent from its list', async () => {
    expect((await outsider.get(`/api/petitions/${petitionId}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/petitions/${petitionId}/petitioner`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/petitions/${petitionId}/hide`, { reason: 'thử' })).statusCode).toBe(
      404,
    );
    const list = (await outsider.get('/api/petitions?limit=200')).json();
    expect(list.items.map((p: { id: string }) => p.id)).not.toContain(petitionId);
  });

  it('the petitioner is shown only with petitions.personal_data, and every view is audited', async () => {
    const refused = await reader.get(`/api/petitions/${petitionId}/petitioner`);
    expect(refused.statusCode).toBe(403);
    const audited = async () =>
      (
        await db.execute<{ n: number }>(sql`
          SELECT count(*)::int AS n FROM audit_log
           WHERE action = 'petition.personal_data.view' AND entity_id = ${petitionId}`)
      ).rows[0]!.n;
    expect(await audited()).toBe(0);

    const shown = await officer.get(`/api/petitions/${petitionId}/petitioner`);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['cache-control']).toBe('private, no-store');
    expect(shown.json()).toMatchObject({
      petitionId,
      recorded: true,
      name: 'Phạm Văn Đức',
      phone: '0905 111 222',
      email: 'duc@example.vn',
      address: null,
      notifyByEmail: false,
      anonymisedAt: null,
    });
    await officer.get(`/api/petitions/${petitionId}/petitioner`);
    expect(await audited()).toBe(2);
    const entry = await db.execute<{ actor_id: string; unit_id: string; after: { fields: string[] } }>(sql`
      SELECT actor_id, unit_id, after FROM audit_log
       WHERE action = 'petition.personal_data.view' AND entity_id = ${petitionId} ORDER BY id DESC LIMIT 1`);
    expect(entry.rows[0]).toEqual({
      actor_id: officerId,
      unit_id: tree.communeA.id,
      after: { fields: ['name', 'phone', 'email'] },
    });
  });
});

describe('list', () => {
  let listUnit: { id: string };
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    listUnit = await buildUnit(db, {
      parentId: tree.provinceA.id,
      name: 'Ủy ban MTTQ xã Liệt Kê',
      levelId: 'commune',
    });
    const make = async (key: string, body: Record<string, unknown>) => {
      const response = await intake(officer, { unitId: listUnit.id, ...body });
      expect(response.statusCode, response.body).toBe(201);
      ids[key] = response.json().petition.id;
    };
    await make('road', {
      title: 'Sạt lở đường liên thôn',
      description: 'Đường liên thôn bị sạt lở.',
      receivedAt: new Date(Date.now() - 5 * 86_400_000).toISOString(),
    });
    await make('water', {
      subjectCode: 'dien-nuoc',
      channel: 'phone',
      title: 'Nước sinh hoạt nhiễm phèn',
      description: 'Nước giếng nhiễm phèn, đề nghị nước sạch.',
      term: '2021-2026',
      receivedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    });
    await make('late', {
      subjectCode: 'y-te',
      title: 'Trạm y tế thiếu bác sĩ',
      description: 'Trạm y tế xã thiếu bác sĩ.',
      receivedAt: new Date(Date.now() - 1 * 86_400_000).toISOString(),
    });
    await db.execute(sql`
      UPDATE petition SET status = 'forwarded', deadline_at = now() - interval '1 day' WHERE id = ${ids.late}`);
  });

  const listed = async (query: string) => {
    const response = await reader.get(`/api/petitions?unitId=${listUnit.id}&${query}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { items: Array<{ id: string; isOverdue: boolean }>; total: number };
    return { ids: body.items.map((p) => p.id), total: body.total, items: body.items };
  };

  it('filters by subtree, status, subject, channel, term and overdue, newest first', async () => {
    expect((await listed('')).ids).toEqual([ids.late, ids.water, ids.road]);
    expect((await listed('sort=received_asc')).ids).toEqual([ids.road, ids.water, ids.late]);
    expect((await listed('status=forwarded')).ids).toEqual([ids.late]);
    expect((await listed('status=received,forwarded')).total).toBe(3);
    expect((await listed('subjectCode=dien-nuoc')).ids).toEqual([ids.water]);
    expect((await listed('channel=phone')).ids).toEqual([ids.water]);
    expect((await listed('term=2021-2026')).ids).toEqual([ids.water]);
    const overdue = await listed('overdue=true');
    expect(overdue.ids).toEqual([ids.late]);
    expect(overdue.items[0]!.isOverdue).toBe(true);
    expect((await listed('overdue=false')).ids).toEqual([ids.water, ids.road]);
    const page = await listed('limit=1&offset=1');
    expect(page).toMatchObject({ ids: [ids.water], total: 3 });
  });

  it('finds words with or without diacritics, and tracking codes', async () => {
    expect((await listed('q=nhiem%20phen')).ids).toEqual([ids.water]);
    expect((await listed(`q=${encodeURIComponent('Sạt lở')}`)).ids).toEqual([ids.road]);
    const code = (await reader.get(`/api/petitions/${ids.road}`)).json().trackingCode as string;
    expect((await listed(`q=${encodeURIComponent(code.toLowerCase().replaceAll('-', ' '))}`)).ids).toEqual([
      ids.road,
    ]);
    expect((await listed('q=%25')).ids).toEqual([]);
  });

  it('rejects bad filters with 400', async () => {
    expect((await reader.get('/api/petitions?status=lost')).statusCode).toBe(400);
    expect((await reader.get('/api/petitions?limit=5000')).statusCode).toBe(400);
  });
});

describe('classification', () => {
  it('changes subject, level and area within scope, one event with before and after', async () => {
    const created = (await intake(officer, { unitId: tree.communeA.id })).json().petition;
    const other = await buildUnit(db, {
      parentId: tree.provinceA.id,
      name: 'Ủy ban MTTQ xã Phân Loại',
      levelId: 'commune',
    });
    const response = await officer.patch(`/api/petitions/${created.id}/classification`, {
      subjectCode: 'dat-dai',
      competenceLevel: 'province',
      unitId: other.id,
      note: 'Thuộc lĩnh vực đất đai.',
    });
    expect(response.statusCode, response.body).toBe(200);
    const detail = response.json();
    expect(detail).toMatchObject({ subjectCode: 'dat-dai', competenceLevel: 'province', unitId: other.id });
    expect(detail.timeline.at(-1)).toMatchObject({
      kind: 'classified',
      status: 'received',
      internalNote: 'Thuộc lĩnh vực đất đai.',
      actorName: 'Trần Thị Kiểm Tra',
    });
    // The commune cadre cannot move it out of their subtree (and no longer sees it).
    expect(
      (await cadre.patch(`/api/petitions/${created.id}/classification`, { subjectCode: 'y-te' })).statusCode,
    ).toBe(404);
    const outOfScope = await officer.patch(`/api/petitions/${created.id}/classification`, {
      unitId: tree.communeB.id,
    });
    expect(outOfScope.statusCode).toBe(403);
    const unknown = await officer.patch(`/api/petitions/${created.id}/classification`, {
      subjectCode: 'khong-co',
    });
    expect(unknown.statusCode).toBe(400);
    const nothing = await officer.patch(`/api/petitions/${created.id}/classification`, {});
    expect(nothing.statusCode).toBe(400);
    expect(JSON.stringify(nothing.json().error.issues)).toContain('Chưa có thay đổi');
    const after = (await officer.get(`/api/petitions/${created.id}`)).json();
    expect(after.timeline.filter((e: { kind: string }) => e.kind === 'classified')).toHaveLength(1);
  });
});

describe('drafts from e-mail intake', () => {
  const draft = async (title = 'Thư: đề nghị sửa cầu tràn') =>
    db.transaction(
      async (tx) =>
        (
          await createPetition(tx, systemAuditContext, {
            unitId: tree.communeA.id,
            subjectCode: 'khac',
            title,
            description: 'Cầu tràn thôn 2 bị cuốn trôi, đề nghị sửa chữa.',
            channel: 'email',
            status: 'draft',
            petitioner: { email: 'cutri@example.vn', consent: true },
          })
        ).id,
    );

  it('confirming makes a draft received, classified and possibly edited; only once', async () => {
    const id = await draft();
    const detail = (await cadre.get(`/api/petitions/${id}`)).json();
    expect(detail.status).toBe('draft');
    expect(detail.timeline[0]).toMatchObject({ kind: 'drafted', publicNote: null });
    const confirmed = await cadre.post(`/api/petitions/${id}/confirm`, {
      subjectCode: 'giao-thong',
      title: 'Cầu tràn thôn 2 bị cuốn trôi',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({
      status: 'received',
      subjectCode: 'giao-thong',
      title: 'Cầu tràn thôn 2 bị cuốn trôi',
    });
    expect(confirmed.json().timeline.at(-1)).toMatchObject({
      kind: 'received',
      publicNote: 'Đã tiếp nhận kiến nghị.',
    });
    const folded = await db.execute<{ folded: string }>(sql`SELECT folded FROM petition WHERE id = ${id}`);
    expect(folded.rows[0]!.folded).toContain('cau tran thon 2 bi cuon troi');
    const again = await cadre.post(`/api/petitions/${id}/confirm`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('không ở trạng thái chờ xác nhận');
  });

  it('rejecting needs a reason, shows it on the timeline, and settles the petition', async () => {
    const id = await draft('Quảng cáo');
    const noReason = await cadre.post(`/api/petitions/${id}/reject`, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    const rejected = await cadre.post(`/api/petitions/${id}/reject`, {
      reason: 'Thư quảng cáo, không phải kiến nghị.',
    });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({
      status: 'rejected',
      rejectReason: 'Thư quảng cáo, không phải kiến nghị.',
    });
    expect(rejected.json().closedAt).not.toBeNull();
    expect(rejected.json().timeline.at(-1)).toMatchObject({
      kind: 'rejected',
      publicNote: 'Kiến nghị không được tiếp nhận. Lý do: Thư quảng cáo, không phải kiến nghị.',
    });
    expect((await cadre.post(`/api/petitions/${id}/confirm`, {})).statusCode).toBe(409);
    expect((await cadre.post(`/api/petitions/${id}/reject`, { reason: 'Lần nữa' })).statusCode).toBe(409);
  });
});
