import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { documentAssignment } from './documents.schema.ts';
import { samplePdf } from './test-support/sample-files.ts';
import { buildDocumentsWorld, uploadOk, vnDate } from './test-support/world.ts';

/**
 * What the staff app's pages read besides the documents themselves: who is assigned and who acted
 * (names, not ids), the work assigned to me or my unit by deadline, and the notifications' count,
 * pages and "mark all read".
 */
let ctx: TestContext;
let world: Awaited<ReturnType<typeof buildDocumentsWorld>>;
let serial = 0;

beforeAll(async () => {
  ctx = await createTestContext();
  world = await buildDocumentsWorld(ctx);
});
afterAll(() => ctx.close());

/** An incoming document registered by the clerk and submitted to the leader. */
async function submitted(subject: string, priority = 'normal') {
  serial += 1;
  const scan = await uploadOk(
    world.clerk.client,
    world.province.id,
    samplePdf(1, { marker: `wl-${serial}` }),
  );
  const created = await world.clerk.client.post('/api/documents/incoming', {
    unitId: world.province.id,
    codeNumber: String(700 + serial),
    codeNotation: 'UBND-VP',
    issuedDate: vnDate(-1),
    organName: 'Ủy ban nhân dân tỉnh Thử Nghiệm',
    subject,
    priority,
    uploadIds: [scan],
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  expect((await world.clerk.client.post(`/api/documents/${id}/submit`)).statusCode).toBe(200);
  return id;
}

async function direct(id: string, assignees: Array<Record<string, string>>) {
  const response = await world.leader.client.post(`/api/documents/${id}/direction`, {
    direction: 'Đề nghị chủ trì, phối hợp xử lý.',
    assignees,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe('names in a document', () => {
  it('names each assignee (unit and person) and who made each step of the history', async () => {
    const id = await submitted('V/v góp ý dự thảo quy chế phối hợp');
    await direct(id, [
      { role: 'lead', unitId: world.department.id, deadline: vnDate(5) },
      { role: 'coordinate', staffId: world.specialist.staff.id, deadline: vnDate(3) },
    ]);
    const doc = (await world.specialist.client.get(`/api/documents/${id}`)).json();
    expect(doc.assignments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          role: 'lead',
          assigneeUnitName: 'Ban Tuyên giáo',
          assigneeStaffId: null,
          assigneeStaffName: null,
        }),
        expect.objectContaining({
          role: 'coordinate',
          assigneeUnitName: 'Ủy ban MTTQ tỉnh Thử Nghiệm',
          assigneeStaffName: 'Lê Văn Chuyên Viên',
        }),
      ]),
    );
    const byStatus = Object.fromEntries(
      doc.history.map((h: { toStatus: string; actorName: string | null }) => [h.toStatus, h.actorName]),
    );
    expect(byStatus.submitted).toBe('Trần Thị Văn Thư');
    expect(byStatus.directed).toBe('Nguyễn Văn Lãnh Đạo');
  });
});

describe('work assigned to me or my unit', () => {
  it('lists my open assignments soonest deadline first, with days left and overdue flags', async () => {
    const later = await submitted('V/v chuẩn bị hội nghị sơ kết (hạn xa)');
    const sooner = await submitted('V/v báo cáo nhanh tình hình (hạn gần)', 'khan');
    const late = await submitted('V/v tổng hợp ý kiến cử tri (đã quá hạn)');
    await direct(later, [{ role: 'lead', staffId: world.deptSpecialist.staff.id, deadline: vnDate(9) }]);
    await direct(sooner, [{ role: 'lead', staffId: world.deptSpecialist.staff.id, deadline: vnDate(2) }]);
    const lateDoc = await direct(late, [
      { role: 'lead', staffId: world.deptSpecialist.staff.id, deadline: vnDate(4) },
    ]);
    // A deadline that has since passed (it cannot be set in the past through the API).
    await ctx.platform.db
      .update(documentAssignment)
      .set({ deadline: vnDate(-3) })
      .where(eq(documentAssignment.id, lateDoc.assignments[0].id));

    const response = await world.deptSpecialist.client.get('/api/document-assignments?scope=mine');
    expect(response.statusCode, response.body).toBe(200);
    const { items, total } = response.json();
    expect(total).toBe(3);
    expect(items.map((a: { documentId: string }) => a.documentId)).toEqual([late, sooner, later]);
    expect(items[0]).toMatchObject({
      subject: 'V/v tổng hợp ý kiến cử tri (đã quá hạn)',
      isOverdue: true,
      daysLeft: -3,
      assigneeStaffName: 'Phạm Thị Ban Tuyên Giáo',
      documentStatus: 'directed',
    });
    expect(items[1]).toMatchObject({ isOverdue: false, daysLeft: 2, priority: 'khan' });
    expect(items[2]).toMatchObject({ isOverdue: false, daysLeft: 9 });

    // Pages.
    const second = (
      await world.deptSpecialist.client.get('/api/document-assignments?limit=1&offset=1')
    ).json();
    expect(second.items.map((a: { documentId: string }) => a.documentId)).toEqual([sooner]);
    expect(second.total).toBe(3);

    // Done work leaves the open list and appears under "done".
    const accept = await world.deptSpecialist.client.post(`/api/document-assignments/${items[1].id}/accept`);
    expect(accept.statusCode, accept.body).toBe(200);
    const complete = await world.deptSpecialist.client.post(
      `/api/document-assignments/${items[1].id}/complete`,
      { result: 'Đã gửi báo cáo nhanh.', replyReference: '12/BC-MTTQ-BTG' },
    );
    expect(complete.statusCode, complete.body).toBe(200);
    const open = (await world.deptSpecialist.client.get('/api/document-assignments')).json();
    expect(open.items.map((a: { documentId: string }) => a.documentId)).toEqual([late, later]);
    const done = (await world.deptSpecialist.client.get('/api/document-assignments?state=done')).json();
    expect(done.items).toEqual([
      expect.objectContaining({ documentId: sooner, status: 'done', replyReference: '12/BC-MTTQ-BTG' }),
    ]);

    // Nobody else's work: another person of the province has none of it.
    const others = (await world.specialist.client.get('/api/document-assignments?scope=mine')).json();
    expect(others.items.map((a: { documentId: string }) => a.documentId)).not.toContain(late);
  });

  it("lists what is assigned to my active unit (the unit itself or its people), and not other units'", async () => {
    const id = await submitted('V/v tuyên truyền cuộc vận động (giao Ban)');
    await direct(id, [{ role: 'lead', unitId: world.department.id, deadline: vnDate(6) }]);
    const mine = (await world.deptSpecialist.client.get('/api/document-assignments?scope=unit')).json();
    expect(mine.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          documentId: id,
          assigneeUnitName: 'Ban Tuyên giáo',
          assigneeStaffId: null,
        }),
      ]),
    );
    const deadlines = mine.items.map((a: { deadline: string }) => a.deadline);
    expect(deadlines).toEqual([...deadlines].sort());
    const neighbour = (
      await world.neighbourSpecialist.client.get('/api/document-assignments?scope=unit')
    ).json();
    expect(neighbour).toEqual({ items: [], total: 0 });
    const wrong = await world.deptSpecialist.client.get('/api/document-assignments?scope=everyone');
    expect(wrong.statusCode).toBe(400);
  });

  it('asks to sign in', async () => {
    expect((await ctx.client().get('/api/document-assignments')).statusCode).toBe(401);
  });
});

describe('notifications', () => {
  it('counts the unread (and urgent) ones, pages them, and marks all read for me only', async () => {
    await submitted('V/v ứng phó khẩn cấp với mưa lũ', 'hoa_toc');
    await submitted('V/v kiểm tra công tác văn thư');
    const count = async (client = world.leader.client) =>
      (await client.get('/api/notifications/unread-count')).json() as { unread: number; urgent: number };
    const before = await count();
    expect(before.unread).toBeGreaterThanOrEqual(2);
    expect(before.urgent).toBeGreaterThanOrEqual(1);
    const all = (await world.leader.client.get('/api/notifications')).json();
    expect(all.filter((n: { readAt: string | null }) => !n.readAt)).toHaveLength(before.unread);
    expect(
      all.filter((n: { readAt: string | null; isUrgent: boolean }) => !n.readAt && n.isUrgent),
    ).toHaveLength(before.urgent);

    // Pages: two pages of one are the first two of the whole list, in order.
    const first = (await world.leader.client.get('/api/notifications?limit=1')).json();
    const second = (await world.leader.client.get('/api/notifications?limit=1&offset=1')).json();
    expect([first[0].id, second[0].id]).toEqual([all[0].id, all[1].id]);
    expect(first[0].isUrgent).toBe(true);

    // Reading one lowers the count; "unread" lists only the rest.
    expect((await world.leader.client.post(`/api/notifications/${all[0].id}/read`)).statusCode).toBe(200);
    expect((await count()).unread).toBe(before.unread - 1);
    const unread = (await world.leader.client.get('/api/notifications?unread=true')).json();
    expect(unread.map((n: { id: string }) => n.id)).not.toContain(all[0].id);
    expect(unread).toHaveLength(before.unread - 1);

    // Mark all read: mine are read, the neighbour's leader's are untouched.
    const neighbourBefore = await count(world.neighbourLeader.client);
    const readAll = await world.leader.client.post('/api/notifications/read-all');
    expect(readAll.statusCode).toBe(200);
    expect(readAll.json()).toEqual({ count: before.unread - 1 });
    expect(await count()).toEqual({ unread: 0, urgent: 0 });
    expect(await count(world.neighbourLeader.client)).toEqual(neighbourBefore);

    const bad = await world.leader.client.get('/api/notifications?limit=1000');
    expect(bad.statusCode).toBe(400);
    expect((await ctx.client().get('/api/notifications/unread-count')).statusCode).toBe(401);
  });
});
