import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree, buildUnit } from '../../../../test/factories.ts';
import { createTestContext, type TestClient } from '../../../../test/harness.ts';
import { systemAuditContext } from '../../../platform/audit/index.ts';
import { signedInStaff } from '../../messaging/test-support/people.ts';
import { createPetition, petitionRecipient, petitionRecipientMember } from '../index.ts';
import { vietnamDay, workingDaysBefore } from './working-days.ts';

const run = promisify(execFile);
const ctx = await createTestContext();
afterAll(() => ctx.close());
const db = ctx.platform.db;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

let tree: Awaited<ReturnType<typeof buildTree>>;
let organiser: TestClient; // petitions.sessions + read + personal_data at province A
let reader: TestClient; // petitions.read only at province A
let outsider: TestClient; // petitions.sessions at province B
let leaderId: string; // leader of province A
let boardLeaderId: string; // leader of province A's standing board
let invitedStaffId: string;
let memberOfDelegateId: string;
let naDelegate: string;
let hdndDelegate: string;
let otherProvinceDelegate: string;
let workDir: string;

async function delegate(unitId: string, name: string, body: 'national_assembly' | 'peoples_council') {
  const [row] = await db
    .insert(petitionRecipient)
    .values({
      kind: 'delegate',
      name,
      level: body === 'national_assembly' ? 'central' : 'province',
      unitId,
      delegateBody: body,
      term: '2021-2026',
      constituency: 'Đơn vị bầu cử số 1',
      email: null,
    })
    .returning({ id: petitionRecipient.id });
  return row!.id;
}

const plan = (client: TestClient, body: Record<string, unknown> = {}) =>
  client.post('/api/voter-sessions', {
    title: 'Tiếp xúc cử tri trước Kỳ họp thứ 10, Quốc hội khóa XV',
    level: 'central',
    mode: 'hybrid',
    place: 'Hội trường UBND xã An Bình',
    onlineUrl: 'https://hop.lamdong.gov.vn/tiep-xuc-cu-tri',
    startsAt: at(20 * DAY),
    endsAt: at(20 * DAY + 3 * HOUR),
    term: '2021-2026',
    assemblySession: 'Kỳ họp thứ 10, Quốc hội khóa XV',
    delegateIds: [naDelegate, hdndDelegate],
    ...body,
  });

const sessionCount = async () =>
  (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM petition_session`)).rows[0]!.n;

/** The public holidays configured (migrations seed the official ones). */
const holidays = async () =>
  new Set(
    (await db.execute<{ day: string }>(sql`SELECT day::text AS day FROM petition_holiday`)).rows.map(
      (r) => r.day,
    ),
  );

const noticesOf = async (staffId: string, kind: string) =>
  (
    await db.execute<{ title: string; is_urgent: boolean; link: string }>(
      sql`SELECT title, is_urgent, link FROM notification WHERE staff_id = ${staffId} AND kind = ${kind} ORDER BY created_at`,
    )
  ).rows;

beforeAll(async () => {
  tree = await buildTree(db);
  workDir = await mkdtemp(path.join(tmpdir(), 'mts-sessions-'));
  ({ client: organiser } = await signedInStaff(ctx, tree.provinceA.id, {
    permissions: ['petitions.read', 'petitions.sessions', 'petitions.intake', 'petitions.personal_data'],
  }));
  ({ client: reader } = await signedInStaff(ctx, tree.provinceA.id, { permissions: ['petitions.read'] }));
  ({ client: outsider } = await signedInStaff(ctx, tree.provinceB.id, {
    permissions: ['petitions.read', 'petitions.sessions'],
  }));
  leaderId = (await buildStaff(db, { unitId: tree.provinceA.id, roles: [{ roleId: 'leader' }] })).id;
  const board = await buildUnit(db, {
    parentId: tree.provinceA.id,
    name: 'Ban Thường trực Ủy ban MTTQ tỉnh Thử Nghiệm A',
    levelId: 'province',
    kind: 'standing_board',
  });
  boardLeaderId = (await buildStaff(db, { unitId: board.id, roles: [{ roleId: 'leader' }] })).id;
  invitedStaffId = (await buildStaff(db, { unitId: tree.communeA.id, fullName: 'Trần Văn Mời' })).id;
  naDelegate = await delegate(tree.provinceA.id, 'Đại biểu Quốc hội Nguyễn Thị Thu', 'national_assembly');
  hdndDelegate = await delegate(tree.provinceA.id, 'Đại biểu HĐND tỉnh Lê Văn Bình', 'peoples_council');
  otherProvinceDelegate = await delegate(tree.provinceB.id, 'Đại biểu tỉnh khác', 'national_assembly');
  memberOfDelegateId = (await buildStaff(db, { unitId: tree.provinceA.id })).id;
  await db.insert(petitionRecipientMember).values({ recipientId: naDelegate, staffId: memberOfDelegateId });
});

afterAll(() => rm(workDir, { recursive: true, force: true }));

describe('planning a session', () => {
  it('three working days or more ahead: planned, the notice due date computed, no late warning', async () => {
    const response = await plan(organiser, {
      invitees: [
        { kind: 'staff', staffId: invitedStaffId },
        { kind: 'unit', unitId: tree.communeA.id },
        {
          kind: 'person',
          name: 'Chủ tịch UBND xã An Bình',
          organisation: 'UBND xã',
          email: 'ubnd.anbinh@example.vn',
        },
      ],
    });
    expect(response.statusCode).toBe(201);
    const detail = response.json();
    expect(detail.session).toMatchObject({ status: 'planned', unitId: tree.provinceA.id, notifiedAt: null });
    expect(detail.session.noticeDueBy).toBe(
      workingDaysBefore(vietnamDay(new Date(detail.session.startsAt)), 3, await holidays()),
    );
    expect(detail.warnings.map((w: { code: string }) => w.code)).toEqual(['NOT_NOTIFIED']);
    expect(detail.delegates.map((d: { name: string }) => d.name).sort()).toEqual([
      'Đại biểu HĐND tỉnh Lê Văn Bình',
      'Đại biểu Quốc hội Nguyễn Thị Thu',
    ]);
    expect(detail.invitees).toHaveLength(3);
    const audit = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'voter_session.create' AND entity_id = ${detail.session.id}`,
    );
    expect(audit.rows[0]!.n).toBe(1);
  });

  it('fewer than three working days ahead: planned anyway, with a Vietnamese warning', async () => {
    const response = await plan(organiser, { startsAt: at(DAY), endsAt: at(DAY + 2 * HOUR) });
    expect(response.statusCode).toBe(201);
    const [warning] = response.json().warnings;
    expect(warning.code).toBe('NOTICE_LATE');
    expect(warning.vi).toContain('chưa đầy 3 ngày làm việc');
  });

  it('a public holiday moves the notice due date back', async () => {
    const startsAt = new Date(Date.now() + 30 * DAY);
    const day = vietnamDay(startsAt);
    const known = await holidays();
    const before = workingDaysBefore(day, 1, known); // the working day just before the session
    await db.execute(
      sql`INSERT INTO petition_holiday (day, name) VALUES (${before}, 'Ngày nghỉ thử nghiệm')`,
    );
    const response = await plan(organiser, {
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
    });
    expect(response.json().session.noticeDueBy).toBe(workingDaysBefore(day, 3, new Set([...known, before])));
    expect(response.json().session.noticeDueBy < workingDaysBefore(day, 3, known)).toBe(true);
  });

  it('refuses bad input with Vietnamese messages and writes nothing', async () => {
    const before = await sessionCount();
    const endBeforeStart = await plan(organiser, { startsAt: at(10 * DAY), endsAt: at(10 * DAY - HOUR) });
    expect(endBeforeStart.statusCode).toBe(400);
    expect(endBeforeStart.json().error.issues).toContainEqual(
      expect.objectContaining({ path: 'body.endsAt', message: expect.stringContaining('kết thúc phải sau') }),
    );
    const unknownDelegate = await plan(organiser, { delegateIds: ['0b6f9d1e-3c1a-4b5e-9d7a-2f4c6e8a1b3c'] });
    expect(unknownDelegate.statusCode).toBe(400);
    expect(unknownDelegate.json().error.message).toContain('Không tìm thấy đại biểu');
    const elsewhere = await plan(organiser, { delegateIds: [otherProvinceDelegate] });
    expect(elsewhere.statusCode).toBe(400);
    const onlineWithoutLink = await plan(organiser, { mode: 'online', onlineUrl: null });
    expect(onlineWithoutLink.statusCode).toBe(400);
    expect(onlineWithoutLink.json().error.issues).toContainEqual(
      expect.objectContaining({ path: 'body.onlineUrl', message: expect.stringContaining('đường dẫn') }),
    );
    const onsiteWithoutPlace = await plan(organiser, { mode: 'onsite', place: '' });
    expect(onsiteWithoutPlace.statusCode).toBe(400);
    expect(onsiteWithoutPlace.json().error.issues[0].message).toContain('địa điểm');
    const noDelegates = await plan(organiser, { delegateIds: [] });
    expect(noDelegates.statusCode).toBe(400);
    const scriptLink = await plan(organiser, { onlineUrl: 'javascript:alert(1)' });
    expect(scriptLink.statusCode).toBe(400);
    const outOfScope = await plan(outsider, { unitId: tree.provinceA.id });
    expect(outOfScope.statusCode).toBe(403);
    expect(await sessionCount()).toBe(before);
  });

  it('staff outside the organising subtree neither see nor change the session', async () => {
    const id = (await plan(organiser)).json().session.id;
    expect((await outsider.get(`/api/voter-sessions/${id}`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/voter-sessions/${id}/notify`)).statusCode).toBe(404);
    const listed = (await outsider.get('/api/voter-sessions')).json();
    expect(listed.items.map((s: { id: string }) => s.id)).not.toContain(id);
    expect((await reader.get(`/api/voter-sessions/${id}`)).statusCode).toBe(200);
    expect((await reader.post(`/api/voter-sessions/${id}/notify`)).statusCode).toBe(403);
  });
});

describe('notifying the standing board', () => {
  it('on time: the leaders of the committee and its standing board, then the invitees; notified_at recorded', async () => {
    const planned = await plan(organiser, {
      invitees: [
        { kind: 'staff', staffId: invitedStaffId },
        { kind: 'recipient', recipientId: naDelegate },
        { kind: 'person', name: 'Bí thư Chi bộ thôn 3', email: 'bithu.thon3@example.vn' },
      ],
    });
    const id = planned.json().session.id;
    const response = await organiser.post(`/api/voter-sessions/${id}/notify`);
    expect(response.statusCode).toBe(200);
    const detail = response.json();
    expect(detail.session.notifiedAt).not.toBeNull();
    expect(detail.session.noticeLate).toBe(false);
    expect(detail.warnings).toEqual([]);
    for (const staffId of [leaderId, boardLeaderId]) {
      const [notice] = await noticesOf(staffId, 'voter_session.notice');
      expect(notice).toMatchObject({ is_urgent: false, link: `/voter-sessions/${id}` });
      expect(notice!.title).toContain('Tiếp xúc cử tri trước Kỳ họp thứ 10');
    }
    expect(await noticesOf(invitedStaffId, 'voter_session.invitation')).toHaveLength(1);
    expect(await noticesOf(memberOfDelegateId, 'voter_session.invitation')).toHaveLength(1);
    expect(detail.invitees.every((i: { invitedAt: string | null }) => i.invitedAt !== null)).toBe(true);
    // The outside guest gets the invitation by e-mail (the demo outbox: no SMTP configured).
    const outbox = path.join(ctx.dataDir, 'outbox');
    let mail: { to: string; subject: string; text: string } | undefined;
    for (let i = 0; i < 100 && !mail; i++) {
      const files = await readdir(outbox).catch(() => [] as string[]);
      for (const file of files.filter((f) => f.endsWith('.json'))) {
        const entry = JSON.parse(await readFile(path.join(outbox, file), 'utf8'));
        if (entry.to === 'bithu.thon3@example.vn') mail = entry;
      }
      if (!mail) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(mail?.subject).toContain('Giấy mời dự hội nghị tiếp xúc cử tri');
    expect(mail?.text).toContain('Hội trường UBND xã An Bình');

    // Notifying again sends the board notice again but no invitation twice.
    await organiser.post(`/api/voter-sessions/${id}/notify`);
    expect(await noticesOf(invitedStaffId, 'voter_session.invitation')).toHaveLength(1);

    // Moving the session clears the notice: the board and the invitees must hear of it again.
    const moved = await organiser.patch(`/api/voter-sessions/${id}`, {
      startsAt: at(21 * DAY),
      endsAt: at(21 * DAY + 2 * HOUR),
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().session.notifiedAt).toBeNull();
    expect(moved.json().warnings.map((w: { code: string }) => w.code)).toContain('NOT_NOTIFIED');
    expect(moved.json().invitees.every((i: { invitedAt: string | null }) => i.invitedAt === null)).toBe(true);
  });

  it('late: sent anyway, urgent, recorded as late with a warning', async () => {
    const id = (await plan(organiser, { startsAt: at(DAY), endsAt: at(DAY + 2 * HOUR) })).json().session.id;
    const before = (await noticesOf(leaderId, 'voter_session.notice')).length;
    const response = await organiser.post(`/api/voter-sessions/${id}/notify`);
    expect(response.statusCode).toBe(200);
    expect(response.json().session.noticeLate).toBe(true);
    expect(response.json().warnings[0]).toMatchObject({ code: 'NOTICE_LATE' });
    expect(response.json().warnings[0].vi).toContain('thông báo muộn');
    const notices = await noticesOf(leaderId, 'voter_session.notice');
    expect(notices).toHaveLength(before + 1);
    expect(notices.at(-1)!.is_urgent).toBe(true);
  });
});

describe('holding the session', () => {
  let sessionId: string;

  beforeAll(async () => {
    // Recorded after the fact: it started two hours ago.
    const response = await plan(organiser, {
      mode: 'onsite',
      onlineUrl: null,
      startsAt: at(-2 * HOUR),
      endsAt: at(HOUR),
    });
    sessionId = response.json().session.id;
  });

  it('attendance cannot be recorded before the session starts', async () => {
    const future = (await plan(organiser)).json().session.id;
    const response = await organiser.put(`/api/voter-sessions/${future}/attendance`, {
      voterCount: 120,
      delegatesPresent: [naDelegate],
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toContain('chưa bắt đầu');
  });

  it('minutes need the attendance first', async () => {
    const response = await organiser.put(`/api/voter-sessions/${sessionId}/minutes`, { summary: 'Tóm tắt' });
    expect(response.statusCode).toBe(409);
  });

  it('records attendance: voters, delegates present, named attendees for those allowed to see them', async () => {
    const stranger = await organiser.put(`/api/voter-sessions/${sessionId}/attendance`, {
      voterCount: 10,
      delegatesPresent: [otherProvinceDelegate],
    });
    expect(stranger.statusCode).toBe(400);
    const negative = await organiser.put(`/api/voter-sessions/${sessionId}/attendance`, {
      voterCount: -1,
      delegatesPresent: [],
    });
    expect(negative.statusCode).toBe(400);
    const response = await organiser.put(`/api/voter-sessions/${sessionId}/attendance`, {
      voterCount: 152,
      delegatesPresent: [naDelegate],
      attendees: [
        { name: 'Phạm Thị Hoa', note: 'Thôn 3' },
        { name: 'Đỗ Văn Nam', note: null },
      ],
    });
    expect(response.statusCode).toBe(200);
    const detail = response.json();
    expect(detail.session).toMatchObject({ status: 'held', voterCount: 152 });
    expect(
      Object.fromEntries(
        detail.delegates.map((d: { recipientId: string; present: boolean }) => [d.recipientId, d.present]),
      ),
    ).toEqual({ [naDelegate]: true, [hdndDelegate]: false });
    expect(detail.attendees).toEqual([
      { name: 'Phạm Thị Hoa', note: 'Thôn 3' },
      { name: 'Đỗ Văn Nam', note: null },
    ]);
    // Named voters are personal data: a reader without petitions.personal_data gets the count only.
    const seen = (await reader.get(`/api/voter-sessions/${sessionId}`)).json();
    expect(seen.attendees).toBeNull();
    expect(seen.session.voterCount).toBe(152);
  });

  it('writes the minutes: held → minutes_done', async () => {
    const empty = await organiser.put(`/api/voter-sessions/${sessionId}/minutes`, { summary: '   ' });
    expect(empty.statusCode).toBe(400);
    const response = await organiser.put(`/api/voter-sessions/${sessionId}/minutes`, {
      summary: 'Đại biểu thông báo kết quả Kỳ họp thứ 9 và dự kiến nội dung Kỳ họp thứ 10.',
      opinions: 'Cử tri phản ánh đường liên thôn xuống cấp; đề nghị nâng mức hỗ trợ hộ nghèo.',
      responses: 'Đại biểu Nguyễn Thị Thu tiếp thu, sẽ chuyển kiến nghị đến cơ quan có thẩm quyền.',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().session.status).toBe('minutes_done');
    expect(response.json().session.minutes.opinions).toContain('đường liên thôn');
    const audit = await db.execute<{ after: { sha256: string } }>(
      sql`SELECT after FROM audit_log WHERE action = 'voter_session.minutes' AND entity_id = ${sessionId}`,
    );
    expect(audit.rows[0]!.after.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records petitions raised at the session through the one intake path', async () => {
    const raise = (body: Record<string, unknown>) =>
      organiser.post(`/api/voter-sessions/${sessionId}/petitions`, {
        subjectCode: 'giao-thong',
        competenceLevel: 'province',
        title: 'Sửa đường liên thôn 3 – thôn 5',
        description: 'Đường liên thôn xuống cấp nghiêm trọng, mùa mưa không đi lại được.',
        ...body,
      });
    const first = await raise({
      unitId: tree.communeA.id,
      petitioner: { name: 'Phạm Thị Hoa', phone: '0912345678', consent: true },
    });
    expect(first.statusCode).toBe(201);
    expect(first.json().trackingCode).toMatch(/^KN-/);
    expect(
      (
        await raise({
          subjectCode: 'an-sinh',
          competenceLevel: 'central',
          title: 'Nâng mức chuẩn nghèo',
          description: 'Đề nghị nâng mức chuẩn nghèo phù hợp giá cả.',
        })
      ).statusCode,
    ).toBe(201);
    expect((await raise({ competenceLevel: 'commune', title: 'Lắp đèn đường thôn 3' })).statusCode).toBe(201);
    const unknownSubject = await raise({ subjectCode: 'khong-co' });
    expect(unknownSubject.statusCode).toBe(400);
    expect(unknownSubject.json().error.message).toContain('Lĩnh vực không tồn tại');
    const otherArea = await raise({ unitId: tree.communeB.id });
    expect(otherArea.statusCode).toBe(400);
    const tooLong = await raise({ description: 'x'.repeat(50_000) });
    expect(tooLong.statusCode).toBe(400);

    const stored = await db.execute<{
      channel: string;
      session_id: string;
      term: string;
      status: string;
      consent: boolean;
    }>(sql`
      SELECT p.channel, p.session_id, p.term, p.status, pp.consent_at IS NOT NULL AS consent
        FROM petition p LEFT JOIN petition_person pp ON pp.petition_id = p.id WHERE p.id = ${first.json().id}`);
    expect(stored.rows[0]).toEqual({
      channel: 'session',
      session_id: sessionId,
      term: '2021-2026',
      status: 'received',
      consent: true,
    });
    const list = (await reader.get(`/api/voter-sessions/${sessionId}/petitions`)).json();
    expect(list.total).toBe(3);
    // By subject (sort order: giao-thong 30 before an-sinh 70), then competence level.
    expect(
      list.items.map(
        (p: { subjectCode: string; competenceLevel: string }) => `${p.subjectCode}/${p.competenceLevel}`,
      ),
    ).toEqual(['giao-thong/province', 'giao-thong/commune', 'an-sinh/central']);
    expect(JSON.stringify(list)).not.toContain('0912345678');
  });

  it('links petitions recorded elsewhere, all or nothing', async () => {
    const own = await db.transaction((tx) =>
      createPetition(tx, systemAuditContext, {
        unitId: tree.communeA.id,
        subjectCode: 'y-te',
        title: 'Trạm y tế thiếu thuốc',
        description: 'Trạm y tế xã thường xuyên thiếu thuốc bảo hiểm.',
        channel: 'paper',
      }),
    );
    const foreign = await db.transaction((tx) =>
      createPetition(tx, systemAuditContext, {
        unitId: tree.communeB.id,
        subjectCode: 'y-te',
        title: 'Kiến nghị tỉnh khác',
        description: 'Nội dung.',
        channel: 'paper',
      }),
    );
    const refused = await organiser.post(`/api/voter-sessions/${sessionId}/petitions/link`, {
      petitionIds: [own.id, foreign.id],
    });
    expect(refused.statusCode).toBe(400);
    const unchanged = await db.execute<{ session_id: string | null }>(
      sql`SELECT session_id FROM petition WHERE id = ${own.id}`,
    );
    expect(unchanged.rows[0]!.session_id).toBeNull();
    const linked = await organiser.post(`/api/voter-sessions/${sessionId}/petitions/link`, {
      petitionIds: [own.id],
    });
    expect(linked.json()).toEqual({ linked: 1 });
    const events = await db.execute<{ kind: string }>(
      sql`SELECT kind FROM petition_event WHERE petition_id = ${own.id} ORDER BY id`,
    );
    expect(events.rows.map((e) => e.kind)).toEqual(['received', 'session_linked']);
  });

  it('exports the summary report as XLSX, PDF and DOCX that read back', async () => {
    const codes = (await reader.get(`/api/voter-sessions/${sessionId}/petitions`))
      .json()
      .items.map((p: { trackingCode: string }) => p.trackingCode);
    expect(codes).toHaveLength(4);

    const xlsx = await reader.get(`/api/voter-sessions/${sessionId}/report.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    workbook.worksheets[0]!.eachRow((row) => {
      row.eachCell((cell) => {
        cells.push(String(cell.value ?? ''));
      });
    });
    const sheetText = cells.join('\n');
    expect(sheetText).toContain('BÁO CÁO TỔNG HỢP KẾT QUẢ TIẾP XÚC CỬ TRI');
    expect(sheetText).toContain('Tiếp xúc cử tri trước Kỳ họp thứ 10');
    expect(sheetText).toContain('152');
    expect(sheetText).toContain('Giao thông, xây dựng — thẩm quyền cấp tỉnh (1)');
    expect(sheetText).toContain('Lao động, an sinh xã hội — thẩm quyền trung ương (1)');
    for (const code of codes) expect(sheetText).toContain(code);
    expect(sheetText).toContain('Đã tiếp nhận');
    expect(sheetText).not.toContain('Phạm Thị Hoa'); // named voters stay out of the report

    const pdf = await reader.get(`/api/voter-sessions/${sessionId}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const pdfFile = path.join(workDir, 'report.pdf');
    await writeFile(pdfFile, pdf.rawPayload);
    const { stdout: pdfText } = await run('pdftotext', ['-layout', pdfFile, '-']);
    expect(pdfText).toContain('BÁO CÁO TỔNG HỢP KẾT QUẢ TIẾP XÚC CỬ TRI');
    expect(pdfText).toContain('Y tế, bảo hiểm y tế');
    expect(pdfText).toContain('Đại biểu Quốc hội Nguyễn Thị Thu');
    for (const code of codes) expect(pdfText).toContain(code);

    const docx = await reader.get(`/api/voter-sessions/${sessionId}/report.docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const docxFile = path.join(workDir, 'report.docx');
    await writeFile(docxFile, docx.rawPayload);
    const { stdout: xml } = await run('unzip', ['-p', docxFile, 'word/document.xml'], {
      maxBuffer: 10_000_000,
    });
    const docText = xml.replace(/<[^>]+>/g, '');
    expect(docText).toContain('BÁO CÁO TỔNG HỢP KẾT QUẢ TIẾP XÚC CỬ TRI');
    expect(docText).toContain('Cử tri phản ánh đường liên thôn xuống cấp');
    expect(docText).toContain('Lắp đèn đường thôn 3');
    for (const code of codes) expect(docText).toContain(code);

    const exports = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'voter_session.export' AND entity_id = ${sessionId}`,
    );
    expect(exports.rows[0]!.n).toBe(3);
  });

  it('serves the calendar event', async () => {
    const response = await reader.get(`/api/voter-sessions/${sessionId}/invitation.ics`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/calendar');
    expect(response.body).toContain('BEGIN:VEVENT');
    expect(response.body).toContain(`UID:voter-session-${sessionId}@`);
  });

  it('a held session cannot be cancelled, changed or deleted', async () => {
    expect(
      (await organiser.post(`/api/voter-sessions/${sessionId}/cancel`, { reason: 'Thử' })).statusCode,
    ).toBe(409);
    expect((await organiser.patch(`/api/voter-sessions/${sessionId}`, { title: 'Khác' })).statusCode).toBe(
      409,
    );
    expect((await organiser.delete(`/api/voter-sessions/${sessionId}`)).statusCode).toBe(409);
  });
});

describe('cancelling and deleting', () => {
  it('cancels a notified session with a reason and tells the board', async () => {
    const id = (await plan(organiser)).json().session.id;
    await organiser.post(`/api/voter-sessions/${id}/notify`);
    const noReason = await organiser.post(`/api/voter-sessions/${id}/cancel`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    const response = await organiser.post(`/api/voter-sessions/${id}/cancel`, {
      reason: 'Trùng lịch Kỳ họp bất thường của HĐND tỉnh',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().session).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Trùng lịch Kỳ họp bất thường của HĐND tỉnh',
    });
    const notices = await noticesOf(leaderId, 'voter_session.cancelled');
    expect(notices.some((n) => n.link === `/voter-sessions/${id}`)).toBe(true);
    expect((await organiser.post(`/api/voter-sessions/${id}/notify`)).statusCode).toBe(409);
  });

  it('deletes a session planned by mistake, never one already announced', async () => {
    const fresh = (await plan(organiser)).json().session.id;
    expect((await organiser.delete(`/api/voter-sessions/${fresh}`)).statusCode).toBe(204);
    expect((await organiser.get(`/api/voter-sessions/${fresh}`)).statusCode).toBe(404);
    const announced = (await plan(organiser)).json().session.id;
    await organiser.post(`/api/voter-sessions/${announced}/notify`);
    const refused = await organiser.delete(`/api/voter-sessions/${announced}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('hãy hủy');
  });

  it('lists the sessions of the subtree with filters', async () => {
    const all = (await reader.get('/api/voter-sessions?limit=200')).json();
    expect(all.total).toBeGreaterThan(5);
    const cancelled = (await reader.get('/api/voter-sessions?status=cancelled')).json();
    expect(cancelled.items.every((s: { status: string }) => s.status === 'cancelled')).toBe(true);
    expect(cancelled.total).toBe(1);
    const badDate = await reader.get('/api/voter-sessions?from=01-12-2026');
    expect(badDate.statusCode).toBe(400);
  });
});
