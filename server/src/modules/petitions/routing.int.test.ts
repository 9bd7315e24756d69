import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Permission } from '@mts/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree, buildUnit } from '../../../test/factories.ts';
import { createTestContext, type TestClient } from '../../../test/harness.ts';
import { systemAuditContext, verifyAuditChain } from '../../platform/audit/index.ts';
import type { Actor } from '../../platform/policy/index.ts';
import { document } from '../documents/index.ts';
import { signedInStaff } from '../messaging/test-support/people.ts';
import { createNotifier } from '../notifications/index.ts';
import { rateAnswer, reopenPetition } from './citizen.service.ts';
import { addDays, isWorkingDay, loadHolidays, vietnamDayOf } from './deadlines.ts';
import { createPetition } from './intake.ts';
import { createRoutingService } from './routing.service.ts';
import { scorecards } from './scorecards.ts';
import { sweepPetitions } from './sweep.ts';

const ctx = await createTestContext();
afterAll(() => ctx.close());
const db = ctx.platform.db;
const notifier = createNotifier(ctx.platform);

type Hop = {
  id: string;
  recipientId: string;
  state: string;
  forwardedAt: string;
  deadlineAt: string;
  deadlineRule: string;
  returnReason: string | null;
  isOverdue: boolean;
};
type Routing = {
  status: string;
  currentForwardId: string | null;
  deadlineAt: string | null;
  hops: Hop[];
  answers: Array<{
    id: string;
    summary: string;
    publishedAt: string | null;
    document: { id: string } | null;
  }>;
};

let tree: Awaited<ReturnType<typeof buildTree>>;
let nationalAdmin: TestClient; // central: petitions.configure (nationwide settings)
let admin: TestClient; // province A: petitions.read + configure
let leader: TestClient; // province A: read, intake, route
let leaderId: string;
let provinceLeaderId: string; // province A, built-in 'leader' role: escalations go to them
let reader: TestClient; // commune A: petitions.read only
let transportOfficer: TestClient; // acts for the transport department
let transportOfficerId: string;
let environmentOfficer: TestClient; // acts for the environment department; sees province A's documents
let environmentOfficerId: string;
let bystander: TestClient; // signed in, no membership, no permission
let transportId: string; // Sở Giao thông vận tải (province A)
let environmentId: string; // Sở Tài nguyên và Môi trường (province A)
let delegateId: string; // a National Assembly delegate of province A
let foreignId: string; // an agency of province B

async function petition(
  unitId: string,
  options: {
    level?: 'central' | 'province' | 'commune';
    title?: string;
    status?: 'draft' | 'received';
    email?: string;
  } = {},
) {
  return db.transaction(async (tx) => {
    const created = await createPetition(tx, systemAuditContext, {
      unitId,
      subjectCode: 'giao-thong',
      competenceLevel: options.level ?? 'province',
      title: options.title ?? 'Đường liên xã bị sạt lở sau mưa lũ',
      description: 'Đoạn đường liên xã qua thôn 3 bị sạt lở, xe máy đi lại nguy hiểm, đề nghị sớm sửa chữa.',
      channel: 'session',
      status: options.status ?? 'received',
      petitioner: options.email
        ? { name: 'Nguyễn Thị Cử Tri', email: options.email, consent: true, notifyByEmail: true }
        : null,
    });
    return created;
  });
}

const forward = (client: TestClient, petitionId: string, body: Record<string, unknown>) =>
  client.post(`/api/petitions/${petitionId}/forward`, body);

const statusOf = async (id: string) =>
  (await db.execute<{ status: string }>(sql`SELECT status FROM petition WHERE id = ${id}`)).rows[0]!.status;

const eventsOf = async (id: string) =>
  (
    await db.execute<{
      kind: string;
      status: string;
      public_note: string | null;
      internal_note: string | null;
    }>(
      sql`SELECT kind, status, public_note, internal_note FROM petition_event WHERE petition_id = ${id} ORDER BY id`,
    )
  ).rows;

const noticesOf = async (staffId: string, kind: string) =>
  (
    await db.execute<{ title: string; is_urgent: boolean }>(
      sql`SELECT title, is_urgent FROM notification WHERE staff_id = ${staffId} AND kind = ${kind} ORDER BY created_at`,
    )
  ).rows;

async function unitPath(unitId: string) {
  return (await db.execute<{ path: string }>(sql`SELECT path::text AS path FROM unit WHERE id = ${unitId}`))
    .rows[0]!.path;
}

/** An actor as the policy layer builds it, for calling the services at a chosen time. */
async function actorAt(staffId: string, unitId: string, permissions: Permission[]): Promise<Actor> {
  return {
    staffId,
    username: 'test',
    fullName: 'Cán bộ thử nghiệm',
    via: 'session',
    mfaSatisfied: true,
    activeUnitId: unitId,
    grants: [{ roleId: 'test', unitId, unitPath: await unitPath(unitId), permissions: new Set(permissions) }],
  };
}

async function issuedDocument(unitId: string, status = 'issued') {
  const [row] = await db
    .insert(document)
    .values({
      unitId,
      direction: 'outgoing',
      status,
      subject: 'V/v trả lời kiến nghị cử tri về sạt lở đường liên xã',
      codeNumber: '125',
      codeNotation: 'STNMT-QLĐĐ',
      issuedDate: '2026-11-20',
    })
    .returning({ id: document.id });
  return row!.id;
}

beforeAll(async () => {
  tree = await buildTree(db);
  ({ client: nationalAdmin } = await signedInStaff(ctx, tree.central.id, {
    permissions: ['petitions.read', 'petitions.configure'],
  }));
  ({ client: admin } = await signedInStaff(ctx, tree.provinceA.id, {
    permissions: ['petitions.read', 'petitions.configure'],
  }));
  let person: { id: string };
  ({ client: leader, person } = await signedInStaff(ctx, tree.provinceA.id, {
    permissions: ['petitions.read', 'petitions.intake', 'petitions.route'],
    fullName: 'Trần Văn Điều Phối',
  }));
  leaderId = person.id;
  provinceLeaderId = (await buildStaff(db, { unitId: tree.provinceA.id, roles: [{ roleId: 'leader' }] })).id;
  ({ client: reader } = await signedInStaff(ctx, tree.communeA.id, { permissions: ['petitions.read'] }));
  ({ client: transportOfficer, person } = await signedInStaff(ctx, tree.provinceA.id, { permissions: [] }));
  transportOfficerId = person.id;
  ({ client: environmentOfficer, person } = await signedInStaff(ctx, tree.provinceA.id, {
    permissions: ['documents.read'],
  }));
  environmentOfficerId = person.id;
  ({ client: bystander } = await signedInStaff(ctx, tree.provinceA.id, { permissions: [] }));

  const create = async (client: TestClient, body: Record<string, unknown>) => {
    const response = await client.post('/api/petition-recipients', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  transportId = await create(admin, {
    kind: 'agency',
    name: 'Sở Giao thông vận tải tỉnh Thử Nghiệm A',
    level: 'province',
    unitId: tree.provinceA.id,
  });
  environmentId = await create(admin, {
    kind: 'agency',
    name: 'Sở Tài nguyên và Môi trường tỉnh Thử Nghiệm A',
    level: 'province',
    unitId: tree.provinceA.id,
  });
  delegateId = await create(admin, {
    kind: 'delegate',
    name: 'Phạm Thị Đại Biểu',
    level: 'central',
    unitId: tree.provinceA.id,
    delegateBody: 'national_assembly',
    term: '2026-2031',
    constituency: 'Đơn vị bầu cử số 1 tỉnh Thử Nghiệm A',
  });
  foreignId = (
    await db.execute<{ id: string }>(sql`
      INSERT INTO petition_recipient (kind, name, level, unit_id)
      VALUES ('agency', 'Sở Giao thông vận tải tỉnh Thử Nghiệm B', 'province', ${tree.provinceB.id}) RETURNING id`)
  ).rows[0]!.id;
  for (const [recipientId, staffId] of [
    [transportId, transportOfficerId],
    [environmentId, environmentOfficerId],
  ] as const) {
    const added = await admin.post(`/api/petition-recipients/${recipientId}/members`, { staffId });
    expect(added.statusCode, added.body).toBe(200);
  }
});

describe('recipients', () => {
  it('are agencies and delegates with their body, term and constituency, named as the public sees them', async () => {
    const response = await admin.get(`/api/petition-recipients/${delegateId}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      kind: 'delegate',
      delegateBody: 'national_assembly',
      term: '2026-2031',
      constituency: 'Đơn vị bầu cử số 1 tỉnh Thử Nghiệm A',
      label: 'Đại biểu Quốc hội Phạm Thị Đại Biểu',
      memberCount: 0,
    });
    const members = (await admin.get(`/api/petition-recipients/${transportId}/members`)).json();
    expect(members.items.map((m: { staffId: string }) => m.staffId)).toEqual([transportOfficerId]);
  });

  it('refuse a delegate without its body, or an agency with one, in Vietnamese', async () => {
    const delegate = await admin.post('/api/petition-recipients', {
      kind: 'delegate',
      name: 'Lê Văn Thiếu',
      level: 'province',
      unitId: tree.provinceA.id,
    });
    expect(delegate.statusCode).toBe(400);
    expect(JSON.stringify(delegate.json().error.issues)).toContain('Đại biểu cần nêu cơ quan dân cử');
    const agency = await admin.post('/api/petition-recipients', {
      kind: 'agency',
      name: 'Sở Y tế',
      level: 'province',
      unitId: tree.provinceA.id,
      delegateBody: 'peoples_council',
    });
    expect(agency.statusCode).toBe(400);
  });

  it('are created only inside the configure scope, and listed to those who may route to them', async () => {
    const outside = await admin.post('/api/petition-recipients', {
      kind: 'agency',
      name: 'Sở Xây dựng tỉnh B',
      level: 'province',
      unitId: tree.provinceB.id,
    });
    expect(outside.statusCode).toBe(403);
    // A commune cadre sees the province's departments (above the commune), not province B's.
    const listed = (await reader.get('/api/petition-recipients')).json();
    const ids = listed.items.map((r: { id: string }) => r.id);
    expect(ids).toEqual(expect.arrayContaining([transportId, environmentId, delegateId]));
    expect(ids).not.toContain(foreignId);
    const folded = (
      await reader.get(`/api/petition-recipients?q=${encodeURIComponent('tai nguyen')}`)
    ).json();
    expect(folded.items.map((r: { id: string }) => r.id)).toEqual([environmentId]);
    expect((await reader.get(`/api/petition-recipients/${foreignId}`)).statusCode).toBe(404);
    expect((await admin.patch(`/api/petition-recipients/${foreignId}`, { name: 'X' })).statusCode).toBe(404);
  });

  it('give membership only to staff the administrator answers for', async () => {
    const stranger = await buildStaff(db, { unitId: tree.provinceB.id });
    const response = await admin.post(`/api/petition-recipients/${transportId}/members`, {
      staffId: stranger.id,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('Không tìm thấy cán bộ');
  });

  it('are deleted only when never used; otherwise retired', async () => {
    const spare = await admin.post('/api/petition-recipients', {
      kind: 'agency',
      name: 'Sở Thông tin và Truyền thông (thử)',
      level: 'province',
      unitId: tree.provinceA.id,
    });
    expect((await admin.delete(`/api/petition-recipients/${spare.json().id}`)).statusCode).toBe(204);
    const patched = await admin.patch(`/api/petition-recipients/${delegateId}`, { term: '2021-2026' });
    expect(patched.json().term).toBe('2021-2026');
    await admin.patch(`/api/petition-recipients/${delegateId}`, { term: '2026-2031' });
  });
});

describe('deadlines', () => {
  it('give 60 calendar days for a petition forwarded by the National Assembly, ending on a working day', async () => {
    const preview = await reader.get(
      `/api/petition-deadline-preview?level=central&channel=session&forwardedBy=national_assembly&at=${encodeURIComponent('2026-03-02T09:00:00+07:00')}`,
    );
    expect(preview.statusCode, preview.body).toBe(200);
    // Day 60 is Friday 1 May (a holiday); the period ends on Monday 4 May at midnight, Hà Nội time.
    expect(preview.json()).toMatchObject({ lastDay: '2026-05-04', deadlineAt: '2026-05-04T16:59:59.999Z' });
    expect(preview.json().rule).toContain('Quốc hội');

    // Forwarded now to a National Assembly delegate: the body defaults to the delegate's.
    const { id } = await petition(tree.communeA.id, { level: 'central' });
    const response = await forward(leader, id, { recipientId: delegateId });
    expect(response.statusCode, response.body).toBe(200);
    const hop = (response.json() as Routing).hops[0]!;
    expect(hop.deadlineRule).toContain('60 ngày');
    const start = vietnamDayOf(new Date(hop.forwardedAt));
    const last = vietnamDayOf(new Date(hop.deadlineAt));
    const holidays = await loadHolidays(db, start, addDays(start, 90));
    expect(last >= addDays(start, 60) && last <= addDays(start, 66)).toBe(true);
    expect(isWorkingDay(last, holidays)).toBe(true);
    expect(hop.deadlineAt.endsWith('T16:59:59.999Z')).toBe(true);
  });

  it('count working days past the seeded holidays, and follow holidays added through the API', async () => {
    const at = encodeURIComponent('2026-04-24T10:00:00+07:00');
    const url = `/api/petition-deadline-preview?level=commune&channel=web&at=${at}`;
    const before = (await reader.get(url)).json();
    // Friday 24 April + 15 working days, skipping Giỗ Tổ (27/4), 30/4 and 1/5: Wednesday 20 May.
    expect(before.lastDay).toBe('2026-05-20');
    expect(before.rule).toContain('cấp xã');

    expect((await admin.put('/api/petition-holidays/2026-05-15', { name: 'Ngày nghỉ thử' })).statusCode).toBe(
      403,
    );
    const added = await nationalAdmin.put('/api/petition-holidays/2026-05-15', { name: 'Ngày nghỉ thử' });
    expect(added.statusCode, added.body).toBe(200);
    expect((await reader.get(url)).json().lastDay).toBe('2026-05-21');
    expect((await nationalAdmin.delete('/api/petition-holidays/2026-05-15')).statusCode).toBe(204);
    expect((await reader.get(url)).json().lastDay).toBe('2026-05-20');
    expect(
      (await nationalAdmin.put('/api/petition-holidays/2026-02-30', { name: 'Không có' })).statusCode,
    ).toBe(400);
    const listed = (await reader.get('/api/petition-holidays?year=2027')).json();
    expect(listed.items.map((h: { day: string }) => h.day)).toContain('2027-04-16');
  });

  it('let the most specific rule win, and keep a default rule', async () => {
    const created = await nationalAdmin.post('/api/petition-deadline-rules', {
      name: 'Cấp xã, qua điện thoại: 5 ngày làm việc',
      level: 'commune',
      channel: 'phone',
      days: 5,
      workingDays: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const at = encodeURIComponent('2026-04-24T10:00:00+07:00');
    const phone = (
      await reader.get(`/api/petition-deadline-preview?level=commune&channel=phone&at=${at}`)
    ).json();
    // Friday 24 April + 5 working days: 28, 29 April, 4, 5, 6 May.
    expect(phone).toMatchObject({ lastDay: '2026-05-06', ruleId: created.json().id });
    expect((await nationalAdmin.delete(`/api/petition-deadline-rules/${created.json().id}`)).statusCode).toBe(
      204,
    );

    const rules = (await reader.get('/api/petition-deadline-rules')).json().items as Array<{
      id: string;
      level: string | null;
      channel: string | null;
      forwardedBy: string | null;
    }>;
    const fallback = rules.find((r) => !r.level && !r.channel && !r.forwardedBy)!;
    const refused = await nationalAdmin.delete(`/api/petition-deadline-rules/${fallback.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('quy tắc mặc định');
    expect((await admin.post('/api/petition-deadline-rules', { name: 'Thử', days: 3 })).statusCode).toBe(403);
  });
});

describe('the transfer chain', () => {
  it('forward → return with reason → re-route → accept → answer with a document → publish', async () => {
    const { id, serial, trackingCode } = await petition(tree.communeA.id);
    const first = await forward(leader, id, {
      recipientId: transportId,
      note: 'Đề nghị Sở xem xét, trả lời cử tri.',
    });
    expect(first.statusCode, first.body).toBe(200);
    let routing = first.json() as Routing;
    expect(routing.status).toBe('forwarded');
    expect(routing.hops).toHaveLength(1);
    expect(routing.hops[0]!.deadlineRule).toContain('cấp tỉnh: 30 ngày làm việc');
    expect(routing.deadlineAt).toBe(routing.hops[0]!.deadlineAt);
    const firstHop = routing.hops[0]!.id;
    expect(await noticesOf(transportOfficerId, 'petition.forwarded')).toHaveLength(1);

    // The transport department sees it in its inbox; nobody else does.
    const inbox = (await transportOfficer.get('/api/petition-inbox')).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).toContain(firstHop);
    const item = inbox.items.find((i: { id: string }) => i.id === firstHop);
    expect(item).toMatchObject({ note: 'Đề nghị Sở xem xét, trả lời cử tri.', contributorCount: 1 });
    expect(JSON.stringify(item)).not.toContain('Nguyễn Thị Cử Tri');
    expect((await bystander.get('/api/petition-inbox')).json().items).toHaveLength(0);
    expect((await environmentOfficer.post(`/api/petition-forwards/${firstHop}/accept`)).statusCode).toBe(404);
    expect(
      (
        await bystander.post(`/api/petition-forwards/${firstHop}/return`, {
          reason: 'Không phải việc của tôi',
        })
      ).statusCode,
    ).toBe(404);

    // Returning needs a reason: 400 and nothing changes.
    const noReason = await transportOfficer.post(`/api/petition-forwards/${firstHop}/return`, {});
    expect(noReason.statusCode).toBe(400);
    expect(JSON.stringify(noReason.json().error)).toContain('Cần nêu lý do trả lại');
    const blank = await transportOfficer.post(`/api/petition-forwards/${firstHop}/return`, { reason: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(await statusOf(id)).toBe('forwarded');

    const reason = 'Sạt lở do khai thác cát trái phép, thuộc lĩnh vực tài nguyên, môi trường.';
    const returned = await transportOfficer.post(`/api/petition-forwards/${firstHop}/return`, { reason });
    expect(returned.statusCode, returned.body).toBe(200);
    routing = returned.json();
    expect(routing).toMatchObject({ status: 'returned', currentForwardId: null, deadlineAt: null });
    expect(routing.hops[0]).toMatchObject({ state: 'returned', returnReason: reason });
    expect(await noticesOf(leaderId, 'petition.returned')).toHaveLength(1);
    expect((await transportOfficer.post(`/api/petition-forwards/${firstHop}/accept`)).statusCode).toBe(409);

    // Re-routed: a new hop; the chain keeps both.
    const second = await forward(leader, id, { recipientId: environmentId });
    expect(second.statusCode, second.body).toBe(200);
    routing = second.json();
    expect(routing.hops.map((h) => [h.recipientId, h.state])).toEqual([
      [transportId, 'returned'],
      [environmentId, 'forwarded'],
    ]);
    const secondHop = routing.hops[1]!.id;
    expect((await transportOfficer.post(`/api/petition-forwards/${secondHop}/accept`)).statusCode).toBe(404);
    const accepted = await environmentOfficer.post(`/api/petition-forwards/${secondHop}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().status).toBe('accepted');
    expect((await environmentOfficer.post(`/api/petition-forwards/${secondHop}/accept`)).statusCode).toBe(
      409,
    );

    // The answer: a bystander or the department that returned it may not record it.
    const summary =
      'Sở đã kiểm tra hiện trường, đình chỉ điểm khai thác cát và giao UBND xã khắc phục đoạn sạt lở trước 30/12.';
    expect((await bystander.post(`/api/petitions/${id}/answer`, { summary })).statusCode).toBe(404);
    expect((await transportOfficer.post(`/api/petitions/${id}/answer`, { summary })).statusCode).toBe(404);
    const draft = await issuedDocument(tree.provinceA.id, 'draft');
    const notAnAnswer = await environmentOfficer.post(`/api/petitions/${id}/answer`, {
      summary,
      documentId: draft,
    });
    expect(notAnAnswer.statusCode).toBe(400);
    expect(notAnAnswer.json().error.message).toContain('chưa ban hành');
    const foreignDoc = await issuedDocument(tree.provinceB.id);
    const unseen = await environmentOfficer.post(`/api/petitions/${id}/answer`, {
      summary,
      documentId: foreignDoc,
    });
    expect(unseen.statusCode).toBe(400);
    expect(
      (await environmentOfficer.post(`/api/petitions/${id}/answer`, { summary: 'Ngắn' })).statusCode,
    ).toBe(400);
    expect(await statusOf(id)).toBe('accepted');

    const documentId = await issuedDocument(tree.provinceA.id);
    const answered = await environmentOfficer.post(`/api/petitions/${id}/answer`, { summary, documentId });
    expect(answered.statusCode, answered.body).toBe(200);
    routing = answered.json();
    expect(routing.status).toBe('answered');
    expect(routing.hops[1]!.state).toBe('answered');
    expect(routing.answers).toHaveLength(1);
    expect(routing.answers[0]).toMatchObject({ summary, publishedAt: null, document: { id: documentId } });

    // Answering twice: 409, one answer stays.
    const again = await environmentOfficer.post(`/api/petitions/${id}/answer`, {
      summary: `${summary} Bổ sung.`,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('đã được trả lời');
    const onBehalf = await leader.post(`/api/petitions/${id}/answer`, { summary });
    expect(onBehalf.statusCode).toBe(409);

    // Publishing is the Front's (petitions.route); once.
    expect((await environmentOfficer.post(`/api/petitions/${id}/answer/publish`)).statusCode).toBe(403);
    const published = await leader.post(`/api/petitions/${id}/answer/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().answers[0].publishedAt).not.toBeNull();
    expect((await leader.post(`/api/petitions/${id}/answer/publish`)).statusCode).toBe(409);

    // The timeline, in order; public notes name the bodies, never the petitioner or the tracking code.
    const events = await eventsOf(id);
    expect(events.map((e) => e.kind)).toEqual([
      'received',
      'forwarded',
      'returned',
      'rerouted',
      'accepted',
      'answered',
      'answer_published',
    ]);
    expect(events[2]!.public_note).toContain(
      `Sở Giao thông vận tải tỉnh Thử Nghiệm A trả lại kiến nghị vì không thuộc thẩm quyền: ${reason}`,
    );
    expect(events[3]!.public_note).toContain('Chuyển lại đến Sở Tài nguyên và Môi trường');
    expect(events[6]!.public_note).toContain(summary);
    for (const event of events) expect(event.public_note ?? '').not.toContain(trackingCode);
    expect(serial).toBeGreaterThan(0);

    const staffView = (await reader.get(`/api/petitions/${id}/routing`)).json() as Routing;
    expect(staffView.hops).toHaveLength(2);
    const audited = await db.execute<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE entity_type = 'petition' AND entity_id = ${id} ORDER BY id`,
    );
    expect(audited.rows.map((r) => r.action)).toEqual(events.map((e) => `petition.${e.kind}`));
    expect((await verifyAuditChain(db)).firstBrokenId).toBeNull();
  });

  it('refuses recipients outside the area, drafts, and staff without petitions.route', async () => {
    const { id } = await petition(tree.communeA.id);
    const foreign = await forward(leader, id, { recipientId: foreignId });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.message).toContain('Không tìm thấy cơ quan hoặc đại biểu');
    expect((await forward(reader, id, { recipientId: transportId })).statusCode).toBe(403);
    const draft = await petition(tree.communeA.id, { status: 'draft' });
    const refused = await forward(leader, draft.id, { recipientId: transportId });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('chờ xác nhận');
    const elsewhere = await petition(tree.communeB.id);
    expect((await forward(leader, elsewhere.id, { recipientId: transportId })).statusCode).toBe(404);
    expect(await statusOf(id)).toBe('received');
  });

  it('re-routes a petition still with a recipient (the hop is withdrawn) and withdraws it back', async () => {
    const { id } = await petition(tree.communeA.id);
    await forward(leader, id, { recipientId: transportId });
    const same = await forward(leader, id, { recipientId: transportId });
    expect(same.statusCode).toBe(409);
    const moved = (await forward(leader, id, { recipientId: environmentId })).json() as Routing;
    expect(moved.hops.map((h) => h.state)).toEqual(['withdrawn', 'forwarded']);
    const back = await leader.post(`/api/petitions/${id}/withdraw`, {
      reason: 'Chuyển nhầm, cần tổng hợp trước.',
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ status: 'received', currentForwardId: null });
    expect((await leader.post(`/api/petitions/${id}/withdraw`, { reason: 'Lần nữa' })).statusCode).toBe(409);
  });

  it('answers a consolidated petition once and fans the answer out to every contributor', async () => {
    const primary = await petition(tree.communeA.id);
    const member = await petition(tree.communeA.id, { email: 'cu.tri.thu.nghiem@example.vn' });
    const merged = await leader.post(`/api/petitions/${primary.id}/merge`, { memberIds: [member.id] });
    expect(merged.statusCode, merged.body).toBe(200);
    const memberForward = await forward(leader, member.id, { recipientId: transportId });
    expect(memberForward.statusCode).toBe(409);
    expect(memberForward.json().error.message).toContain('tổng hợp');

    const hop = (await forward(leader, primary.id, { recipientId: transportId })).json().hops[0].id;
    const inbox = (await transportOfficer.get('/api/petition-inbox')).json();
    expect(inbox.items.find((i: { id: string }) => i.id === hop).contributorCount).toBe(2);
    const summary = 'Sở đã bố trí kinh phí sửa chữa đoạn đường trong quý I năm 2027.';
    expect((await transportOfficer.post(`/api/petitions/${member.id}/answer`, { summary })).statusCode).toBe(
      404,
    );
    expect((await leader.post(`/api/petitions/${member.id}/answer`, { summary })).statusCode).toBe(409);
    expect((await transportOfficer.post(`/api/petitions/${primary.id}/answer`, { summary })).statusCode).toBe(
      200,
    );
    expect((await leader.post(`/api/petitions/${primary.id}/answer/publish`)).statusCode).toBe(200);

    const memberEvents = await eventsOf(member.id);
    const answered = memberEvents.find((e) => e.kind === 'answered')!;
    expect(answered.status).toBe('merged');
    expect(answered.public_note).toContain(`số ${primary.serial}`);
    expect(answered.public_note).not.toContain(primary.trackingCode);
    expect(memberEvents.find((e) => e.kind === 'answer_published')!.public_note).toContain(summary);
    expect(await statusOf(member.id)).toBe('merged');

    // The member's petitioner asked to follow by e-mail: the answer reaches them.
    const outbox = path.join(ctx.dataDir, 'outbox');
    await expect
      .poll(
        async () => {
          const files = await readdir(outbox).catch(() => [] as string[]);
          for (const file of files.filter((f) => f.endsWith('.json'))) {
            const entry = JSON.parse(await readFile(path.join(outbox, file), 'utf8'));
            if (entry.to === 'cu.tri.thu.nghiem@example.vn') return entry.text as string;
          }
          return '';
        },
        { timeout: 20_000, interval: 250 },
      )
      .toContain(summary);

    // Each contributor rates the answer from their own petition.
    await db.transaction((tx) => rateAnswer(tx, systemAuditContext, member.id, true));
    expect(await statusOf(member.id)).toBe('merged');
    const ratings = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM petition_rating WHERE petition_id = ${member.id}`,
    );
    expect(ratings.rows[0]!.n).toBe(1);
  });
});

describe('citizens rate and reopen', () => {
  it('rate once per answer, reopen once with a reason, and the petition is routed and answered again', async () => {
    const { id } = await petition(tree.communeA.id);
    const hop = (await forward(leader, id, { recipientId: transportId })).json().hops[0].id;
    await transportOfficer.post(`/api/petition-forwards/${hop}/accept`);
    const summary = 'Đường đã được san lấp tạm thời; sẽ sửa chữa hoàn chỉnh trong năm 2027.';
    expect((await transportOfficer.post(`/api/petitions/${id}/answer`, { summary })).statusCode).toBe(200);

    const rate = (satisfied: boolean, comment?: string) =>
      db.transaction((tx) => rateAnswer(tx, systemAuditContext, id, satisfied, comment));
    const reopen = (reason: string) =>
      db.transaction((tx) => reopenPetition(tx, systemAuditContext, id, reason));

    await expect(rate(false)).rejects.toMatchObject({ code: 'CONFLICT' }); // not published yet
    await expect(reopen('Chưa sửa đường, vẫn sạt lở.')).rejects.toMatchObject({ code: 'CONFLICT' });
    await leader.post(`/api/petitions/${id}/answer/publish`);

    expect(await rate(false, 'Mới san lấp tạm, mưa lại sạt.')).toEqual({
      status: 'answered',
      satisfied: false,
      canReopen: true,
    });
    await expect(rate(true)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(reopen('Ngắn')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await reopen('Đường vẫn sạt lở sau mưa, chưa được sửa chữa.')).toMatchObject({
      status: 'reopened',
    });
    await expect(reopen('Mở lại lần thứ hai thì không được.')).rejects.toMatchObject({ code: 'CONFLICT' });
    const reopened = (await leader.get(`/api/petitions/${id}/routing`)).json() as Routing;
    expect(reopened).toMatchObject({ status: 'reopened', currentForwardId: null });

    // Re-routable: a new hop, a new answer.
    const again = await forward(leader, id, { recipientId: environmentId });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().hops).toHaveLength(2);
    const second = 'Sở đã xử phạt điểm khai thác cát và sửa chữa xong đoạn đường ngày 15/12.';
    expect(
      (await environmentOfficer.post(`/api/petitions/${id}/answer`, { summary: second })).statusCode,
    ).toBe(200);
    await leader.post(`/api/petitions/${id}/answer/publish`);
    // Not satisfied again: the one reopen is used, so the petition closes.
    expect(await rate(false)).toEqual({ status: 'closed', satisfied: false, canReopen: false });

    const events = await eventsOf(id);
    expect(events.filter((e) => e.kind === 'rated')).toHaveLength(2);
    const reopenedEvent = events.find((e) => e.kind === 'reopened')!;
    expect(reopenedEvent.internal_note).toContain('Đường vẫn sạt lở');
    expect(reopenedEvent.public_note).not.toContain('Đường vẫn sạt lở');
  });

  it('close the petition when the voter is satisfied', async () => {
    const { id } = await petition(tree.communeA.id);
    await forward(leader, id, { recipientId: transportId });
    await leader.post(`/api/petitions/${id}/answer`, { summary: 'Đã sửa chữa xong đoạn đường sạt lở.' });
    await leader.post(`/api/petitions/${id}/answer/publish`);
    const result = await db.transaction((tx) => rateAnswer(tx, systemAuditContext, id, true));
    expect(result).toEqual({ status: 'closed', satisfied: true, canReopen: false });
    const row = await db.execute<{ satisfied: boolean; closed_at: Date | null }>(
      sql`SELECT satisfied, closed_at FROM petition WHERE id = ${id}`,
    );
    expect(row.rows[0]).toMatchObject({ satisfied: true });
    expect(row.rows[0]!.closed_at).not.toBeNull();
  });
});

describe('reminders and escalation', () => {
  it('remind the recipient before the deadline and escalate to the forwarding unit once overdue, each once', async () => {
    const { id } = await petition(tree.communeA.id, { title: 'Cầu treo thôn 5 xuống cấp' });
    const hop = ((await forward(leader, id, { recipientId: environmentId })).json() as Routing).hops[0]!;
    const deadline = new Date(hop.deadlineAt).getTime();
    const DAY = 86_400_000;
    const stamps = async () => {
      const row = (
        await db.execute<{ reminded_at: Date | string | null; escalated_at: Date | string | null }>(
          sql`SELECT reminded_at, escalated_at FROM petition_forward WHERE id = ${hop.id}`,
        )
      ).rows[0]!;
      const iso = (v: Date | string | null) => (v ? new Date(v).toISOString() : null);
      return { reminded_at: iso(row.reminded_at), escalated_at: iso(row.escalated_at) };
    };

    await sweepPetitions(db, notifier, new Date(deadline - 8 * DAY));
    expect((await stamps()).reminded_at).toBeNull();
    const remindAt = new Date(deadline - 6 * DAY);
    const run = await sweepPetitions(db, notifier, remindAt);
    expect(run.reminded).toBeGreaterThanOrEqual(1);
    expect((await stamps()).reminded_at).toBe(remindAt.toISOString());
    await sweepPetitions(db, notifier, new Date(deadline - 5 * DAY));
    expect((await stamps()).reminded_at).toBe(remindAt.toISOString());
    const reminders = await noticesOf(environmentOfficerId, 'petition.reminder');
    expect(reminders.filter((n) => n.title.includes('Cầu treo thôn 5'))).toHaveLength(1);

    const late = new Date(deadline + 3_600_000);
    await sweepPetitions(db, notifier, late);
    expect((await stamps()).escalated_at).toBe(late.toISOString());
    await sweepPetitions(db, notifier, new Date(deadline + 2 * DAY));
    expect((await stamps()).escalated_at).toBe(late.toISOString());
    const escalations = (await noticesOf(provinceLeaderId, 'petition.escalation')).filter((n) =>
      n.title.includes('Cầu treo thôn 5'),
    );
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.is_urgent).toBe(true);
    expect(
      (await noticesOf(leaderId, 'petition.escalation')).some((n) => n.title.includes('Cầu treo thôn 5')),
    ).toBe(true);
    expect(
      (await noticesOf(environmentOfficerId, 'petition.overdue')).filter((n) =>
        n.title.includes('Cầu treo thôn 5'),
      ),
    ).toHaveLength(1);
    const overdue = (await eventsOf(id)).filter((e) => e.kind === 'overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.public_note).toContain('quá hạn');
  });
});

describe('scorecards', () => {
  it('count received, returned, on time, median days, repeats and satisfaction per recipient', async () => {
    const province = await buildUnit(db, {
      parentId: tree.central.id,
      name: 'Ủy ban MTTQ tỉnh Thử Nghiệm C',
      levelId: 'province',
    });
    const [agency, delegate] = (
      await db.execute<{ id: string }>(sql`
        INSERT INTO petition_recipient (kind, name, level, unit_id, delegate_body, term)
        VALUES ('agency', 'Sở Xây dựng tỉnh Thử Nghiệm C', 'province', ${province.id}, NULL, NULL),
               ('delegate', 'Hoàng Văn Đại Biểu', 'province', ${province.id}, 'peoples_council', '2026-2031')
        RETURNING id`)
    ).rows.map((r) => r.id);
    const officer = await buildStaff(db, { unitId: province.id });
    await db.execute(
      sql`INSERT INTO petition_recipient_member (recipient_id, staff_id) VALUES (${agency!}, ${officer.id})`,
    );
    const cadre = await buildStaff(db, { unitId: province.id });
    const front = await actorAt(cadre.id, province.id, ['petitions.read', 'petitions.route']);
    const member = await actorAt(officer.id, province.id, []);
    const service = createRoutingService({
      db,
      notifier,
      mailer: { send: async () => undefined },
      publicUrl: '',
    });
    const at = (iso: string) => new Date(iso);

    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await petition(province.id)).id);
    const [one, two, three, four, repeat] = ids as [string, string, string, string, string];
    // `one` consolidates a repeat raised elsewhere.
    await db.execute(
      sql`UPDATE petition SET status = 'merged', merged_into_id = ${one} WHERE id = ${repeat}`,
    );
    await db.execute(
      sql`INSERT INTO petition_merge (primary_id, member_id, member_status) VALUES (${one}, ${repeat}, 'received')`,
    );
    const audit = systemAuditContext;
    const summary = 'Đã kiểm tra và xử lý theo thẩm quyền, thông báo kết quả đến cử tri.';
    await service.forward(front, one, { recipientId: agency! }, audit, at('2026-01-05T02:00:00Z'));
    await service.answer(front, one, { summary }, audit, at('2026-01-10T02:00:00Z')); // 5 days, on time
    await service.publish(front, one, audit, at('2026-01-11T02:00:00Z'));
    await service.forward(front, two, { recipientId: agency! }, audit, at('2026-01-06T02:00:00Z'));
    await service.answer(front, two, { summary }, audit, at('2026-04-06T02:00:00Z')); // 90 days, late
    await service.publish(front, two, audit, at('2026-04-07T02:00:00Z'));
    await service.forward(front, three, { recipientId: agency! }, audit, at('2026-01-07T02:00:00Z')); // left open
    const fourth = await service.forward(
      front,
      four,
      { recipientId: agency! },
      audit,
      at('2026-01-08T02:00:00Z'),
    );
    await service.returnToSender(
      member,
      fourth.hops[0]!.id,
      'Không thuộc thẩm quyền của Sở.',
      audit,
      at('2026-01-09T02:00:00Z'),
    );
    await db.transaction(async (tx) => {
      await rateAnswer(tx, audit, one, true);
      await rateAnswer(tx, audit, repeat, true);
      await rateAnswer(tx, audit, two, false);
    });

    const window = { unitId: province.id, from: at('2026-01-01T00:00:00Z'), to: at('2026-02-01T00:00:00Z') };
    const result = await scorecards(db, { ...window, now: at('2026-06-01T00:00:00Z') });
    expect(result.items.map((i) => i.recipientId)).toEqual([agency, delegate]);
    expect(result.items[0]).toMatchObject({
      kind: 'agency',
      label: 'Sở Xây dựng tỉnh Thử Nghiệm C',
      received: 4,
      returned: 1,
      answered: 2,
      answeredOnTime: 1,
      overdue: 1,
      onTimeRate: 0.333,
      medianDays: 47.5,
      repeats: 1,
      repeatRate: 0.25,
      rated: 3,
      satisfied: 2,
      satisfactionRate: 0.667,
    });
    expect(result.items[1]).toMatchObject({
      kind: 'delegate',
      label: 'Đại biểu Hội đồng nhân dân Hoàng Văn Đại Biểu',
      received: 0,
      onTimeRate: null,
      medianDays: null,
      repeatRate: null,
      satisfactionRate: null,
    });
    const later = await scorecards(db, {
      unitId: province.id,
      from: at('2026-02-01T00:00:00Z'),
      to: at('2026-12-01T00:00:00Z'),
    });
    expect(later.items[0]).toMatchObject({ received: 0, answered: 0 });
    const elsewhere = await scorecards(db, { ...window, unitId: tree.provinceA.id });
    expect(elsewhere.items.map((i) => i.recipientId)).not.toContain(agency);

    // The staff route: same figures for a reader of that province; 404 for a unit outside the scope.
    const { client } = await signedInStaff(ctx, province.id, { permissions: ['petitions.read'] });
    const query = `unitId=${province.id}&from=${encodeURIComponent(window.from.toISOString())}&to=${encodeURIComponent(window.to.toISOString())}`;
    const response = await client.get(`/api/petition-scorecards?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items[0]).toMatchObject({
      received: 4,
      answeredOnTime: 1,
      overdue: 1,
      medianDays: 47.5,
    });
    expect((await client.get(`/api/petition-scorecards?unitId=${tree.provinceA.id}`)).statusCode).toBe(404);
  });
});
