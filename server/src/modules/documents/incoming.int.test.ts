import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { auditLog } from '../../platform/audit/index.ts';
import {
  document,
  documentAssignment,
  documentUpload,
  notification,
  registerCounter,
} from './documents.schema.ts';
import { MAX_FILE_BYTES } from './file-check.ts';
import { sampleJpeg, samplePdf, samplePng } from './test-support/sample-files.ts';
import { buildDocumentsWorld, upload, uploadOk, vnDate } from './test-support/world.ts';

let ctx: TestContext;
let world: Awaited<ReturnType<typeof buildDocumentsWorld>>;
beforeAll(async () => {
  ctx = await createTestContext();
  world = await buildDocumentsWorld(ctx);
});
afterAll(() => ctx.close());

const counts = async () => {
  const db = ctx.platform.db;
  const [[docs], [uploads], [counters], [audits]] = await Promise.all([
    db.select({ n: count() }).from(document),
    db.select({ n: count() }).from(documentUpload),
    db.select({ n: count() }).from(registerCounter),
    db.select({ n: count() }).from(auditLog),
  ]);
  return { docs: docs!.n, uploads: uploads!.n, counters: counters!.n, audits: audits!.n };
};

let serial = 100;
function incomingBody(uploadIds: string[], overrides: Record<string, unknown> = {}) {
  serial += 1;
  return {
    unitId: world.province.id,
    codeNumber: String(serial),
    codeNotation: 'UBND-VX',
    issuedDate: vnDate(-2),
    organName: 'Ủy ban nhân dân tỉnh Thử Nghiệm',
    typeName: 'Công văn',
    subject: 'V/v phối hợp tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026',
    signerFullName: 'Nguyễn Văn Ký',
    signerPosition: 'Phó Chủ tịch',
    uploadIds,
    ...overrides,
  };
}

describe('uploading scans (checked by content)', () => {
  it('accepts a PDF with its page count, and phone photos (JPEG, PNG)', async () => {
    const pdf = await upload(world.clerk.client, { unitId: world.province.id }, samplePdf(3), 'cong-van.pdf');
    expect(pdf.statusCode).toBe(201);
    expect(pdf.json()).toMatchObject({
      contentType: 'application/pdf',
      pageCount: 3,
      fileName: 'cong-van.pdf',
    });
    const jpeg = await upload(world.clerk.client, { unitId: world.province.id }, sampleJpeg(), 'trang-1.jpg');
    expect(jpeg.json()).toMatchObject({ contentType: 'image/jpeg', pageCount: 1 });
    const png = await upload(world.clerk.client, { unitId: world.province.id }, samplePng(), 'trang-2.png');
    expect(png.json()).toMatchObject({ contentType: 'image/png' });
  });

  it('refuses wrong types whatever the name, encrypted, pageless, corrupt and oversized files — storing nothing', async () => {
    const before = await counts();
    const cases: Array<[Buffer, string, number, string]> = [
      [
        Buffer.from('MZ\x90\x00 chương trình'),
        'van-ban.pdf',
        415,
        'Tệp "van-ban.pdf" không phải PDF, JPEG hay PNG (kiểm tra theo nội dung tệp, không theo tên).',
      ],
      [
        samplePdf(2, { encrypted: true }),
        'mat-khau.pdf',
        400,
        'Tệp PDF "mat-khau.pdf" được đặt mật khẩu/mã hóa. Hãy gỡ mật khẩu rồi tải lên lại.',
      ],
      [samplePdf(0), 'trang-trang.pdf', 400, 'Tệp PDF "trang-trang.pdf" không có trang nào.'],
      [
        samplePdf(2).subarray(0, 120),
        'dang-do.pdf',
        400,
        'Tệp PDF "dang-do.pdf" bị hỏng hoặc không trọn vẹn. Hãy xuất hoặc quét lại.',
      ],
      [
        Buffer.concat([samplePdf(1), Buffer.alloc(MAX_FILE_BYTES)]),
        'qua-lon.pdf',
        413,
        'Tệp "qua-lon.pdf" vượt quá 10 MB. Hãy quét lại ở 200 dpi hoặc tách thành nhiều tệp.',
      ],
    ];
    for (const [bytes, name, status, message] of cases) {
      const response = await upload(world.clerk.client, { unitId: world.province.id }, bytes, name);
      expect(response.statusCode, name).toBe(status);
      expect(response.json().error.message, name).toBe(message);
    }
    expect(await counts()).toEqual(before);
  });

  it('lets only the registry upload scans, and only for units in its scope', async () => {
    const asSpecialist = await upload(world.specialist.client, { unitId: world.province.id }, samplePdf(1));
    expect(asSpecialist.statusCode).toBe(403);
    expect(asSpecialist.json().error.message).toBe(
      'Chỉ văn thư được tải lên bản quét văn bản của đơn vị này.',
    );
    const elsewhere = await upload(world.clerk.client, { unitId: world.neighbour.id }, samplePdf(1));
    expect(elsewhere.statusCode).toBe(404);
  });
});

describe('registering incoming documents (vào sổ văn bản đến)', () => {
  it('numbers per register and year from 01, with every register field and signature "not checked"', async () => {
    const first = await ctx.platform.db
      .select({ n: count() })
      .from(document)
      .where(eq(document.unitId, world.province.id));
    expect(first[0]!.n).toBe(0);
    const scanA = await uploadOk(world.clerk.client, world.province.id, samplePdf(2));
    const photo = await uploadOk(world.clerk.client, world.province.id, sampleJpeg());
    const a = await world.clerk.client.post(
      '/api/documents/incoming',
      incomingBody([scanA, photo], { priority: 'normal' }),
    );
    expect(a.statusCode).toBe(201);
    const docA = a.json();
    expect(docA).toMatchObject({
      direction: 'incoming',
      status: 'registered',
      arrivalNumber: 1,
      organName: 'Ủy ban nhân dân tỉnh Thử Nghiệm',
      codeNotation: 'UBND-VX',
      signatureStatus: 'not_checked',
      pageAmount: 3,
      secrecy: 'normal',
    });
    expect(docA.files).toHaveLength(2);
    expect(docA.history.map((h: { toStatus: string }) => h.toStatus)).toEqual(['registered']);

    const scanB = await uploadOk(world.clerk.client, world.province.id, samplePdf(1));
    const b = await world.clerk.client.post('/api/documents/incoming', incomingBody([scanB]));
    expect(b.json().arrivalNumber).toBe(2);
    expect(b.json().registerId).toBe(docA.registerId);

    const audit = await ctx.platform.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'document.register_incoming'), eq(auditLog.entityId, docA.id)));
    expect(audit).toHaveLength(1);
  });

  it('keeps confidential documents in their own series', async () => {
    const scan = await uploadOk(world.clerk.client, world.province.id, samplePdf(1));
    const secret = await world.clerk.client.post(
      '/api/documents/incoming',
      incomingBody([scan], { secrecy: 'mat' }),
    );
    expect(secret.statusCode).toBe(201);
    expect(secret.json().arrivalNumber).toBe(1);
    const registers = (
      await world.clerk.client.get(`/api/document-registers?unitId=${world.province.id}`)
    ).json();
    const confidential = registers.find((r: { kind: string }) => r.kind === 'incoming_confidential');
    expect(secret.json().registerId).toBe(confidential.id);
  });

  it('warns on a duplicate (same số, ký hiệu and issuing body) and registers it only when confirmed', async () => {
    const scan1 = await uploadOk(world.clerk.client, world.province.id, samplePdf(1));
    const original = await world.clerk.client.post(
      '/api/documents/incoming',
      incomingBody([scan1], { codeNumber: '77', documentIdentifier: 'H01.01,2026/01/05,77/UBND-VX' }),
    );
    expect(original.statusCode).toBe(201);
    const before = await counts();
    const scan2 = await uploadOk(world.clerk.client, world.province.id, samplePdf(1));
    // Same identity, issuing body written without diacritics: still the same document.
    const again = await world.clerk.client.post(
      '/api/documents/incoming',
      incomingBody([scan2], { codeNumber: '77', organName: 'Uy ban nhan dan tinh Thu Nghiem' }),
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(
      /^Văn bản số 77\/UBND-VX của Uy ban nhan dan tinh Thu Nghiem đã được vào sổ \(số đến \d+\/\d{4}\)\. Nếu đây là bản khác, hãy xác nhận vào sổ trùng\.$/,
    );
    const byIdentifier = await world.clerk.client.post(
      '/api/documents/incoming',
      incomingBody([scan2], { codeNumber: '78', documentIdentifier: 'H01.01,2026/01/05,77/UBND-VX' }),
    );
    expect(byIdentifier.statusCode).toBe(409);
    const after = await counts();
    expect(after.docs).toBe(before.docs);
    expect(after.audits).toBe(before.audits + 1); // the second upload only

    const confirmed = await world.clerk.client.post(
      '/api/documents/incoming',
      incomingBody([scan2], { codeNumber: '77', acknowledgeDuplicate: true }),
    );
    expect(confirmed.statusCode).toBe(201);
    expect(confirmed.json().duplicateOf).toEqual([original.json().id]);
  });

  it('refuses the same scan twice, by checksum, naming the registered document', async () => {
    const bytes = samplePdf(1, { marker: 'ban-quet-duy-nhat' });
    const id = await uploadOk(world.clerk.client, world.province.id, bytes);
    const registered = await world.clerk.client.post('/api/documents/incoming', incomingBody([id]));
    const { arrivalNumber, registerYear } = registered.json();
    const again = await upload(world.clerk.client, { unitId: world.province.id }, bytes, 'quet-lai.pdf');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain(
      `Tệp "quet-lai.pdf" trùng với bản quét của văn bản đến số ${String(arrivalNumber).padStart(2, '0')}/${registerYear}`,
    );
    // The same upload cannot be registered a second time either.
    const reuse = await world.clerk.client.post('/api/documents/incoming', incomingBody([id]));
    expect(reuse.statusCode).toBe(409);
    expect(reuse.json().error.message).toContain('đã được vào sổ với văn bản đến số');
  });

  it('answers bad input precisely and writes nothing', async () => {
    const before = await counts();
    const scan = await uploadOk(world.clerk.client, world.province.id, samplePdf(1));
    const mid = await counts();
    const tooLong = await world.clerk.client.post(
      '/api/documents/incoming',
      incomingBody([scan], { subject: 'x'.repeat(501) }),
    );
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.issues[0].path).toBe('body.subject');
    const future = await world.clerk.client.post(
      '/api/documents/incoming',
      incomingBody([scan], { issuedDate: vnDate(3) }),
    );
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toBe('Ngày ban hành không thể sau hôm nay.');
    const foreignUpload = await uploadOk(world.neighbourClerk.client, world.neighbour.id, samplePdf(1));
    const stolen = await world.clerk.client.post('/api/documents/incoming', incomingBody([foreignUpload]));
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().error.message).toBe(
      'Tệp đính kèm không tồn tại hoặc đã tải lên cho đơn vị khác. Hãy tải tệp lên lại.',
    );
    const notMine = await world.clerk.client.post(
      '/api/documents/incoming',
      incomingBody([scan], { unitId: world.neighbour.id }),
    );
    expect(notMine.statusCode).toBe(404);
    const after = await counts();
    expect(after.docs).toBe(before.docs);
    expect(after.counters).toBe(mid.counters);
  });

  it('notifies the leaders at once, in the app and by e-mail, when a document is urgent', async () => {
    const scan = await uploadOk(world.clerk.client, world.province.id, samplePdf(1));
    const urgent = await world.clerk.client.post(
      '/api/documents/incoming',
      incomingBody([scan], { priority: 'hoa_toc', subject: 'Về việc ứng phó khẩn cấp với bão số 3' }),
    );
    expect(urgent.statusCode).toBe(201);
    const notices = (await world.leader.client.get('/api/notifications')).json();
    expect(notices[0]).toMatchObject({
      isUrgent: true,
      documentId: urgent.json().id,
      kind: 'incoming.urgent',
    });
    expect(notices[0].title).toContain('Văn bản đến Hỏa tốc');
    await expect
      .poll(
        async () =>
          (await ctx.platform.mailer.listOutbox()).some(
            (m) => m.to === world.leader.staff.email && m.subject.startsWith('[KHẨN] Văn bản đến Hỏa tốc'),
          ),
        { timeout: 15_000 },
      )
      .toBe(true);
    // Urgent documents head the incoming list.
    const list = (await world.leader.client.get('/api/documents?direction=incoming')).json();
    expect(list.items[0].priority).toBe('hoa_toc');
  });
});

describe('submission, direction and processing', () => {
  async function registered(overrides: Record<string, unknown> = {}) {
    const scan = await uploadOk(world.clerk.client, world.province.id, samplePdf(1));
    const response = await world.clerk.client.post(
      '/api/documents/incoming',
      incomingBody([scan], overrides),
    );
    return response.json().id as string;
  }

  it('takes a document from submission to completion with a reply reference', async () => {
    const id = await registered();
    const submitted = await world.clerk.client.post(`/api/documents/${id}/submit`);
    expect(submitted.json().status).toBe('submitted');
    expect(
      (await world.leader.client.get('/api/notifications'))
        .json()
        .some(
          (n: { kind: string; documentId: string }) => n.kind === 'incoming.submitted' && n.documentId === id,
        ),
    ).toBe(true);

    const directed = await world.leader.client.post(`/api/documents/${id}/direction`, {
      direction: 'Giao Ban Tuyên giáo chủ trì, đồng chí Lê Văn Chuyên Viên phối hợp; báo cáo trước hạn.',
      assignees: [
        { role: 'lead', unitId: world.department.id, deadline: vnDate(5) },
        { role: 'coordinate', staffId: world.specialist.staff.id, deadline: vnDate(3) },
      ],
    });
    expect(directed.statusCode).toBe(200);
    const doc = directed.json();
    expect(doc.status).toBe('directed');
    const lead = doc.assignments.find((a: { role: string }) => a.role === 'lead');
    const coordinate = doc.assignments.find((a: { role: string }) => a.role === 'coordinate');
    expect(lead).toMatchObject({
      assigneeUnitId: world.department.id,
      deadline: vnDate(5),
      status: 'assigned',
      isOverdue: false,
    });
    expect(coordinate).toMatchObject({
      assigneeUnitId: world.province.id,
      assigneeStaffId: world.specialist.staff.id,
    });

    // A person-assigned task is that person's: a colleague cannot accept it.
    const colleague = await world.deptSpecialist.client.post(
      `/api/document-assignments/${coordinate.id}/accept`,
    );
    expect(colleague.statusCode).toBe(404); // outside the department specialist's subtree
    const early = await world.deptSpecialist.client.post(`/api/document-assignments/${lead.id}/complete`, {
      result: 'Xong',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toBe('Hãy nhận việc trước khi báo hoàn thành.');

    expect(
      (await world.deptSpecialist.client.post(`/api/document-assignments/${lead.id}/accept`)).statusCode,
    ).toBe(200);
    expect(
      (await world.specialist.client.post(`/api/document-assignments/${coordinate.id}/accept`)).statusCode,
    ).toBe(200);
    const comment = await world.specialist.client.post(`/api/documents/${id}/comments`, {
      body: 'Đã gửi số liệu cho Ban Tuyên giáo.',
      assignmentId: coordinate.id,
    });
    expect(comment.statusCode).toBe(201);
    const complete = await world.deptSpecialist.client.post(`/api/document-assignments/${lead.id}/complete`, {
      result: 'Đã tham mưu văn bản trả lời.',
      replyReference: '15/MTTQ-BTT',
    });
    expect(complete.statusCode).toBe(200);
    const final = (await world.leader.client.get(`/api/documents/${id}`)).json();
    expect(final.status).toBe('done');
    expect(final.assignments.find((a: { id: string }) => a.id === lead.id)).toMatchObject({
      status: 'done',
      replyReference: '15/MTTQ-BTT',
    });
    expect(final.history.map((h: { toStatus: string }) => h.toStatus)).toEqual([
      'registered',
      'submitted',
      'directed',
      'processing',
      'done',
    ]);
    expect(final.comments.map((c: { body: string }) => c.body)).toContain(
      'Đã gửi số liệu cho Ban Tuyên giáo.',
    );
  });

  it('refuses a deadline in the past, an assignee outside the unit, and two leads — assigning nothing', async () => {
    const id = await registered();
    const before = await ctx.platform.db.select({ n: count() }).from(documentAssignment);
    const past = await world.leader.client.post(`/api/documents/${id}/direction`, {
      direction: 'Xử lý',
      assignees: [{ role: 'lead', unitId: world.department.id, deadline: vnDate(-1) }],
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.message).toBe('Hạn xử lý không thể là ngày đã qua.');
    expect(past.json().error.issues[0]).toEqual({
      path: 'assignees.0.deadline',
      message: `Hạn ${vnDate(-1)} đã qua.`,
    });

    const outsider = await world.leader.client.post(`/api/documents/${id}/direction`, {
      direction: 'Xử lý',
      assignees: [
        { role: 'lead', unitId: world.department.id, deadline: vnDate(2) },
        { role: 'coordinate', staffId: world.neighbourSpecialist.staff.id, deadline: vnDate(2) },
      ],
    });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().error.message).toBe('Cán bộ được giao không thuộc đơn vị xử lý văn bản.');
    const outsideUnit = await world.leader.client.post(`/api/documents/${id}/direction`, {
      direction: 'Xử lý',
      assignees: [{ role: 'lead', unitId: world.neighbour.id, deadline: vnDate(2) }],
    });
    expect(outsideUnit.json().error.message).toBe('Đơn vị được giao không thuộc đơn vị xử lý văn bản.');

    const twoLeads = await world.leader.client.post(`/api/documents/${id}/direction`, {
      direction: 'Xử lý',
      assignees: [
        { role: 'lead', unitId: world.department.id, deadline: vnDate(2) },
        { role: 'lead', unitId: world.province.id, deadline: vnDate(2) },
      ],
    });
    expect(twoLeads.statusCode).toBe(400);
    expect(twoLeads.json().error.issues[0].message).toBe('Phải có đúng một đơn vị hoặc cán bộ chủ trì.');

    const specialist = await world.specialist.client.post(`/api/documents/${id}/direction`, {
      direction: 'Xử lý',
      assignees: [{ role: 'lead', unitId: world.department.id, deadline: vnDate(2) }],
    });
    expect(specialist.statusCode).toBe(403);
    const after = await ctx.platform.db.select({ n: count() }).from(documentAssignment);
    expect(after[0]!.n).toBe(before[0]!.n);
    expect((await world.leader.client.get(`/api/documents/${id}`)).json().status).toBe('registered');
  });

  it('returns a misaddressed document with its reason, and keeps it out of further work', async () => {
    const id = await registered();
    const noReason = await world.clerk.client.post(`/api/documents/${id}/return`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    const returned = await world.clerk.client.post(`/api/documents/${id}/return`, {
      reason: 'Gửi nhầm: văn bản dành cho Ủy ban MTTQ tỉnh Láng Giềng.',
    });
    expect(returned.json()).toMatchObject({
      status: 'returned',
      returnReason: 'Gửi nhầm: văn bản dành cho Ủy ban MTTQ tỉnh Láng Giềng.',
    });
    const submit = await world.clerk.client.post(`/api/documents/${id}/submit`);
    expect(submit.statusCode).toBe(409);
    expect(submit.json().error.message).toBe(
      'Không thể trình lãnh đạo: văn bản đang ở trạng thái "đã trả lại".',
    );
  });

  it('reminds before the deadline, escalates to the leader when overdue, and lists overdue work per unit and person', async () => {
    const id = await registered({ subject: 'Báo cáo kết quả giám sát năm 2026' });
    const directed = await world.leader.client.post(`/api/documents/${id}/direction`, {
      direction: 'Đề nghị báo cáo đúng hạn.',
      assignees: [{ role: 'lead', staffId: world.specialist.staff.id, deadline: vnDate(1) }],
    });
    const assignment = directed.json().assignments[0];
    const jobs = ctx.platform.jobs;
    // The reminder is due from the day before the deadline: tomorrow's deadline is due now.
    await jobs.send('documents.deadline-check', { assignmentId: assignment.id });
    await expect
      .poll(
        async () =>
          (await world.specialist.client.get('/api/notifications'))
            .json()
            .some(
              (n: { kind: string; documentId: string }) =>
                n.kind === 'assignment.reminder' && n.documentId === id,
            ),
        { timeout: 15_000 },
      )
      .toBe(true);

    // Time passes: the deadline is now two days ago.
    await ctx.platform.db
      .update(documentAssignment)
      .set({ deadline: vnDate(-2) })
      .where(eq(documentAssignment.id, assignment.id));
    await jobs.send('documents.deadline-check', { assignmentId: assignment.id });
    await expect
      .poll(
        async () =>
          (await world.leader.client.get('/api/notifications'))
            .json()
            .find(
              (n: { kind: string; documentId: string }) =>
                n.kind === 'assignment.overdue' && n.documentId === id,
            ),
        { timeout: 15_000 },
      )
      .toMatchObject({ isUrgent: true });
    // Escalation happens once.
    await jobs.send('documents.deadline-check', { assignmentId: assignment.id });
    await new Promise((r) => setTimeout(r, 2500));
    const escalations = await ctx.platform.db
      .select({ n: count() })
      .from(notification)
      .where(and(eq(notification.kind, 'assignment.overdue'), eq(notification.documentId, id)));
    expect(escalations[0]!.n).toBe(
      (await world.leader.client.get('/api/notifications'))
        .json()
        .filter(
          (n: { kind: string; documentId: string }) => n.kind === 'assignment.overdue' && n.documentId === id,
        ).length,
    );
    expect(escalations[0]!.n).toBe(1);

    const unitList = (await world.leader.client.get('/api/documents/overdue?scope=unit')).json();
    expect(unitList.find((a: { id: string }) => a.id === assignment.id)).toMatchObject({
      daysOverdue: 2,
      subject: 'Báo cáo kết quả giám sát năm 2026',
      isOverdue: true,
    });
    const mine = (await world.specialist.client.get('/api/documents/overdue?scope=mine')).json();
    expect(mine.map((a: { id: string }) => a.id)).toContain(assignment.id);
    expect((await world.deptSpecialist.client.get('/api/documents/overdue?scope=mine')).json()).toEqual([]);
    expect((await world.neighbourClerk.client.get('/api/documents/overdue?scope=unit')).json()).toEqual([]);
  });

  it('shows a document only inside its unit subtree, and records who opened it', async () => {
    const id = await registered();
    expect((await world.leader.client.get(`/api/documents/${id}`)).statusCode).toBe(200);
    const views = await ctx.platform.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'document.view'), eq(auditLog.entityId, id)));
    expect(views.map((v) => v.actorId)).toEqual([world.leader.staff.id]);
    expect((await world.neighbourClerk.client.get(`/api/documents/${id}`)).statusCode).toBe(404);
    const theirs = (await world.neighbourClerk.client.get('/api/documents?direction=incoming')).json();
    expect(theirs.items.map((d: { id: string }) => d.id)).not.toContain(id);
  });
});
