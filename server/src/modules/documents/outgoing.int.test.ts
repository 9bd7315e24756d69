import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUnit } from '../../../test/factories.ts';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness.ts';
import {
  document,
  documentRecipient,
  documentRegister,
  documentType,
  notification,
  registerCounter,
} from './documents.schema.ts';
import { sampleJpeg, samplePdf } from './test-support/sample-files.ts';
import { buildDocumentsWorld, sampleDocx, upload, uploadOk, vnDate } from './test-support/world.ts';

let ctx: TestContext;
let world: Awaited<ReturnType<typeof buildDocumentsWorld>>;
let typeQD: string;
let typeCongVan: string;
beforeAll(async () => {
  ctx = await createTestContext();
  world = await buildDocumentsWorld(ctx);
  const types = await ctx.platform.db.select().from(documentType);
  typeQD = types.find((t) => t.code === 'QĐ' && !t.unitId)!.id;
  typeCongVan = types.find((t) => t.name === 'Công văn' && !t.unitId)!.id;
});
afterAll(() => ctx.close());

async function draft(overrides: Record<string, unknown> = {}, by: TestClient = world.specialist.client) {
  const draftUploadId = await uploadOk(by, world.province.id, sampleDocx(), 'draft');
  const response = await by.post('/api/documents/outgoing', {
    unitId: world.province.id,
    typeId: typeQD,
    subject: 'Quyết định thành lập Tổ giúp việc tổ chức Ngày hội Đại đoàn kết',
    priority: 'normal',
    dueDate: vnDate(10),
    draftUploadId,
    ...overrides,
  });
  if (response.statusCode !== 201) throw new Error(`draft failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** The province's outgoing register counter for this year. */
async function outgoingCounter() {
  const [row] = await ctx.platform.db
    .select({ last: registerCounter.lastNumber })
    .from(registerCounter)
    .innerJoin(documentRegister, eq(documentRegister.id, registerCounter.registerId))
    .where(and(eq(documentRegister.unitId, world.province.id), eq(documentRegister.kind, 'outgoing')));
  return row?.last ?? 0;
}

const act = (client: TestClient, id: string, action: string, note?: string) =>
  client.post(`/api/documents/${id}/actions`, note ? { action, note } : { action });

/** Through review, content and format checks, approval and a paper signature. */
async function toSigned(id: string) {
  for (const [client, action] of [
    [world.specialist.client, 'submit_for_review'],
    [world.leader.client, 'check_content'],
    [world.clerk.client, 'check_format'],
    [world.leader.client, 'approve'],
  ] as const) {
    const response = await act(client, id, action);
    if (response.statusCode !== 200) throw new Error(`${action}: ${response.statusCode} ${response.body}`);
  }
  const scanUploadId = await uploadOk(world.clerk.client, world.province.id, samplePdf(2));
  const signed = await world.clerk.client.post(`/api/documents/${id}/sign-on-paper`, {
    scanUploadId,
    signerFullName: 'Nguyễn Văn Lãnh Đạo',
    signerPosition: 'Chủ tịch',
  });
  if (signed.statusCode !== 200) throw new Error(`sign: ${signed.statusCode} ${signed.body}`);
  return signed.json();
}

describe('drafting and review (văn bản đi)', () => {
  it('keeps every draft version while a draft, and none after it is submitted', async () => {
    const doc = await draft();
    expect(doc).toMatchObject({
      status: 'draft',
      direction: 'outgoing',
      codeNumber: null,
      typeName: 'Quyết định',
    });
    const v2 = await uploadOk(world.specialist.client, world.province.id, sampleDocx(), 'draft');
    expect(
      (await world.specialist.client.post(`/api/documents/${doc.id}/versions`, { draftUploadId: v2 })).json(),
    ).toEqual({ version: 2 });
    const files = (await world.specialist.client.get(`/api/documents/${doc.id}`)).json().files;
    expect(
      files.filter((f: { role: string }) => f.role === 'draft').map((f: { version: number }) => f.version),
    ).toEqual([1, 2]);
    await act(world.specialist.client, doc.id, 'submit_for_review');
    const v3 = await uploadOk(world.specialist.client, world.province.id, sampleDocx(), 'draft');
    const late = await world.specialist.client.post(`/api/documents/${doc.id}/versions`, {
      draftUploadId: v3,
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe('Không thể sửa dự thảo: văn bản đang ở trạng thái "đang góp ý".');
  });

  it('enforces the order of steps and who may take each', async () => {
    const doc = await draft();
    const skip = await act(world.leader.client, doc.id, 'approve');
    expect(skip.statusCode).toBe(409);
    expect(skip.json().error.message).toBe('Không thể duyệt: văn bản đang ở trạng thái "dự thảo".');
    await act(world.specialist.client, doc.id, 'submit_for_review');
    const specialistChecks = await act(world.specialist.client, doc.id, 'check_content');
    expect(specialistChecks.statusCode).toBe(403);
    expect(specialistChecks.json().error.message).toBe('Bạn không có quyền kiểm tra nội dung văn bản này.');
    const noReason = await act(world.leader.client, doc.id, 'send_back');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toBe('Hãy ghi lý do trả lại dự thảo.');
    const back = await act(world.leader.client, doc.id, 'send_back', 'Bổ sung căn cứ pháp lý ở phần mở đầu.');
    expect(back.json().status).toBe('draft');
    expect(back.json().comments.map((c: { body: string }) => c.body)).toEqual([
      'Bổ sung căn cứ pháp lý ở phần mở đầu.',
    ]);
    const notSigned = await world.clerk.client.post(`/api/documents/${doc.id}/issue`);
    expect(notSigned.statusCode).toBe(409);
    expect(notSigned.json().error.message).toBe('Không thể ban hành: văn bản đang ở trạng thái "dự thảo".');
    const neighbour = await act(world.neighbourLeader.client, doc.id, 'check_content');
    expect(neighbour.statusCode).toBe(404);
  });

  it('accepts only DOCX or PDF drafts and known recipients, writing nothing otherwise', async () => {
    const [before] = await ctx.platform.db.select({ n: count() }).from(document);
    const photo = await uploadOk(world.clerk.client, world.province.id, sampleJpeg());
    const clerkDraft = await world.clerk.client.post('/api/documents/outgoing', {
      unitId: world.province.id,
      typeId: typeQD,
      subject: 'Thử',
      draftUploadId: photo,
    });
    expect(clerkDraft.statusCode).toBe(415);
    expect(clerkDraft.json().error.message).toBe('Tệp dự thảo "ban-quet.pdf" phải là DOCX hoặc PDF.');
    const docx = await uploadOk(world.specialist.client, world.province.id, sampleDocx(), 'draft');
    const ghost = await world.specialist.client.post('/api/documents/outgoing', {
      unitId: world.province.id,
      typeId: typeQD,
      subject: 'Thử',
      draftUploadId: docx,
      recipientUnitIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(ghost.statusCode).toBe(400);
    expect(ghost.json().error.message).toBe('Có nơi nhận không phải đơn vị đang hoạt động.');
    const textAsDocx = await upload(
      world.specialist.client,
      { unitId: world.province.id, purpose: 'draft' },
      Buffer.from('văn bản thô'),
      'du-thao.docx',
    );
    expect(textAsDocx.statusCode).toBe(415);
    const [after] = await ctx.platform.db.select({ n: count() }).from(document);
    expect(after!.n).toBe(before!.n);
  });
});

describe('issuing, internal exchange and recall', () => {
  let issued: {
    id: string;
    recipients: Array<{
      recipientUnitId: string | null;
      incomingDocumentId: string;
      statusCode: string | null;
      organName: string;
    }>;
  };
  let otherUnit: Awaited<ReturnType<typeof buildUnit>>;
  let otherClerk: Awaited<ReturnType<typeof world.person>>;

  it('numbers at issue (01/QĐ-MTTQ-BTT, today) and delivers into each internal recipient’s queue', async () => {
    otherUnit = await buildUnit(ctx.platform.db, {
      parentId: world.central.id,
      name: 'Ủy ban MTTQ tỉnh Thứ Ba',
      levelId: 'province',
    });
    otherClerk = await world.person(otherUnit.id, 'clerk', 'Văn thư tỉnh Thứ Ba');
    const doc = await draft({
      recipientUnitIds: [world.neighbour.id, otherUnit.id],
      externalRecipients: [{ organName: 'Ủy ban nhân dân tỉnh Thử Nghiệm', organId: 'H99' }],
      priority: 'khan',
    });
    await toSigned(doc.id);
    const response = await world.clerk.client.post(`/api/documents/${doc.id}/issue`);
    expect(response.statusCode).toBe(200);
    issued = response.json();
    const [year, today] = [Number(vnDate().slice(0, 4)), vnDate()];
    expect(issued).toMatchObject({
      status: 'issued',
      codeNumber: '01',
      codeNotation: 'QĐ-MTTQ-BTT',
      issuedDate: today,
      organName: 'Ủy ban MTTQ tỉnh Thử Nghiệm',
      registerYear: year,
    });
    expect((issued as unknown as { documentIdentifier: string }).documentIdentifier).toMatch(
      new RegExp(`,${today.replaceAll('-', '/')},01/QĐ-MTTQ-BTT$`),
    );
    const internal = issued.recipients.filter((r) => r.recipientUnitId);
    expect(internal.map((r) => r.statusCode)).toEqual(['01', '01']);
    expect(issued.recipients.find((r) => !r.recipientUnitId)).toMatchObject({
      statusCode: null,
      organName: 'Ủy ban nhân dân tỉnh Thử Nghiệm',
    });

    const queue = (
      await world.neighbourClerk.client.get('/api/documents?direction=incoming&status=arrived')
    ).json();
    expect(queue.items).toHaveLength(1);
    expect(queue.items[0]).toMatchObject({
      codeNumber: '01',
      codeNotation: 'QĐ-MTTQ-BTT',
      organName: 'Ủy ban MTTQ tỉnh Thử Nghiệm',
      priority: 'khan',
      arrivalNumber: null,
    });
    const copy = (await world.neighbourClerk.client.get(`/api/documents/${queue.items[0].id}`)).json();
    expect(copy.files.map((f: { role: string }) => f.role)).toEqual(['scan']);
    expect(copy.sourceDocumentId).toBe(issued.id);
    const notices = (await world.neighbourClerk.client.get('/api/notifications')).json();
    expect(notices.find((n: { documentId: string }) => n.documentId === copy.id)).toMatchObject({
      kind: 'incoming.arrived',
      isUrgent: true,
    });

    // The next document of the register, a công văn, takes 02 with the no-type grammar.
    const cv = await draft({ typeId: typeCongVan, subject: 'V/v góp ý dự thảo Chương trình phối hợp' });
    await toSigned(cv.id);
    const second = (await world.clerk.client.post(`/api/documents/${cv.id}/issue`)).json();
    expect(`${second.codeNumber}/${second.codeNotation}`).toBe('02/MTTQ-BTT');
  });

  it('lets the sender follow each recipient: accepted, assigned, processing, done — or returned with a reason', async () => {
    const copyId = issued.recipients.find(
      (r) => r.recipientUnitId === world.neighbour.id,
    )!.incomingDocumentId;
    const statusAt = async (unitId: string) =>
      (await world.clerk.client.get(`/api/documents/${issued.id}`))
        .json()
        .recipients.find((r: { recipientUnitId: string }) => r.recipientUnitId === unitId);

    const received = await world.neighbourClerk.client.post(`/api/documents/${copyId}/receive`);
    expect(received.json()).toMatchObject({ status: 'registered', arrivalNumber: 1 });
    expect(await statusAt(world.neighbour.id)).toMatchObject({
      statusCode: '03',
      statusLabel: 'Đã tiếp nhận',
    });
    await world.neighbourClerk.client.post(`/api/documents/${copyId}/submit`);
    const directed = await world.neighbourLeader.client.post(`/api/documents/${copyId}/direction`, {
      direction: 'Chuyên viên nghiên cứu, tham mưu triển khai.',
      assignees: [{ role: 'lead', staffId: world.neighbourSpecialist.staff.id, deadline: vnDate(7) }],
    });
    expect((await statusAt(world.neighbour.id)).statusCode).toBe('04');
    const assignmentId = directed.json().assignments[0].id;
    await world.neighbourSpecialist.client.post(`/api/document-assignments/${assignmentId}/accept`);
    expect((await statusAt(world.neighbour.id)).statusCode).toBe('05');
    await world.neighbourSpecialist.client.post(`/api/document-assignments/${assignmentId}/complete`, {
      result: 'Đã triển khai.',
    });
    expect(await statusAt(world.neighbour.id)).toMatchObject({ statusCode: '06', statusLabel: 'Hoàn thành' });

    const otherCopy = issued.recipients.find((r) => r.recipientUnitId === otherUnit.id)!.incomingDocumentId;
    await otherClerk.client.post(`/api/documents/${otherCopy}/return`, {
      reason: 'Không thuộc thẩm quyền của đơn vị.',
    });
    expect(await statusAt(otherUnit.id)).toMatchObject({
      statusCode: '02',
      statusLabel: 'Từ chối tiếp nhận',
      statusReason: 'Không thuộc thẩm quyền của đơn vị.',
    });
  });

  it('recalls: recipients’ copies are withdrawn with a notice, the sender’s copy is frozen, all logged', async () => {
    const noReason = await world.clerk.client.post(`/api/documents/${issued.id}/recall`, {});
    expect(noReason.statusCode).toBe(400);
    const recalled = await world.clerk.client.post(`/api/documents/${issued.id}/recall`, {
      reason: 'Ban hành nhầm đối tượng; sẽ ban hành văn bản thay thế.',
    });
    expect(recalled.statusCode).toBe(200);
    expect(recalled.json()).toMatchObject({
      status: 'recalled',
      recallReason: 'Ban hành nhầm đối tượng; sẽ ban hành văn bản thay thế.',
    });
    const copyId = issued.recipients.find(
      (r) => r.recipientUnitId === world.neighbour.id,
    )!.incomingDocumentId;
    const copy = (await world.neighbourClerk.client.get(`/api/documents/${copyId}`)).json();
    expect(copy.status).toBe('recalled');
    const file = await world.neighbourClerk.client.get(`/api/documents/${copyId}/files/${copy.files[0].id}`);
    expect(file.statusCode).toBe(409);
    expect(file.json().error.message).toBe('Văn bản đã bị thu hồi; tệp không còn được xem.');
    const notices = (await world.neighbourClerk.client.get('/api/notifications')).json();
    expect(
      notices.find(
        (n: { kind: string; documentId: string }) =>
          n.kind === 'incoming.recalled' && n.documentId === copyId,
      ).title,
    ).toContain('đã bị thu hồi');
    const sender = (await world.clerk.client.get(`/api/documents/${issued.id}`)).json();
    expect(
      sender.recipients
        .filter((r: { recipientUnitId: string | null }) => r.recipientUnitId)
        .map((r: { statusCode: string }) => r.statusCode),
    ).toEqual(['15', '15']);
    // Work on a recalled copy stops.
    const assignment = (await world.neighbourLeader.client.get(`/api/documents/${copyId}`)).json()
      .assignments[0];
    const late = await world.neighbourSpecialist.client.post(
      `/api/document-assignments/${assignment.id}/accept`,
    );
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe(
      'Không thể nhận xử lý: văn bản đang ở trạng thái "đã bị thu hồi".',
    );
    const frozen = await act(world.clerk.client, issued.id, 'archive');
    expect(frozen.statusCode).toBe(409);
    const again = await world.clerk.client.post(`/api/documents/${issued.id}/recall`, { reason: 'Lần hai' });
    expect(again.statusCode).toBe(409);
  });

  it('warns when an arriving document was already registered from paper, and registers it once confirmed', async () => {
    const doc = await draft({
      recipientUnitIds: [world.neighbour.id],
      subject: 'Kế hoạch giám sát năm 2026',
    });
    await toSigned(doc.id);
    const sent = (await world.clerk.client.post(`/api/documents/${doc.id}/issue`)).json();
    // The paper original reached the neighbour first and was registered from a scan.
    const scan = await uploadOk(world.neighbourClerk.client, world.neighbour.id, samplePdf(1));
    const paper = await world.neighbourClerk.client.post('/api/documents/incoming', {
      unitId: world.neighbour.id,
      codeNumber: sent.codeNumber,
      codeNotation: sent.codeNotation,
      issuedDate: sent.issuedDate,
      organName: sent.organName,
      subject: 'Kế hoạch giám sát năm 2026',
      uploadIds: [scan],
    });
    expect(paper.statusCode).toBe(201);
    const copyId = sent.recipients[0].incomingDocumentId;
    const warned = await world.neighbourClerk.client.post(`/api/documents/${copyId}/receive`);
    expect(warned.statusCode).toBe(409);
    expect(warned.json().error.message).toBe(
      `Văn bản số ${sent.codeNumber}/${sent.codeNotation} của ${sent.organName} đã được vào sổ (số đến ${String(paper.json().arrivalNumber).padStart(2, '0')}/${paper.json().registerYear}). Nếu đây là bản khác, hãy xác nhận vào sổ trùng.`,
    );
    expect((await world.neighbourClerk.client.get(`/api/documents/${copyId}`)).json()).toMatchObject({
      status: 'arrived',
      arrivalNumber: null,
    });
    const confirmed = await world.neighbourClerk.client.post(
      `/api/documents/${copyId}/receive?acknowledgeDuplicate=true`,
    );
    expect(confirmed.json()).toMatchObject({
      status: 'registered',
      arrivalNumber: paper.json().arrivalNumber + 1,
    });
  });

  it('links a replacing document and a correcting công văn to the original', async () => {
    const replacing = await draft({ relatedDocumentId: issued.id, relation: 'replaces' });
    expect(replacing).toMatchObject({ relatedDocumentId: issued.id, relation: 'replaces' });
    const wrongType = await world.specialist.client.post('/api/documents/outgoing', {
      unitId: world.province.id,
      typeId: typeQD,
      subject: 'Đính chính',
      draftUploadId: await uploadOk(world.specialist.client, world.province.id, sampleDocx(), 'draft'),
      relatedDocumentId: issued.id,
      relation: 'corrects',
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.message).toBe('Đính chính sai sót thể thức bằng công văn.');
    const correcting = await draft({
      typeId: typeCongVan,
      subject: 'V/v đính chính thể thức',
      relatedDocumentId: issued.id,
      relation: 'corrects',
    });
    expect(correcting.relation).toBe('corrects');
    const notIssued = await world.specialist.client.post('/api/documents/outgoing', {
      unitId: world.province.id,
      typeId: typeQD,
      subject: 'Thay thế',
      draftUploadId: await uploadOk(world.specialist.client, world.province.id, sampleDocx(), 'draft'),
      relatedDocumentId: correcting.id,
      relation: 'replaces',
    });
    expect(notIssued.statusCode).toBe(400);
  });

  it('refuses to issue for a unit without a symbol, and the number is not used up', async () => {
    await ctx.platform.db.execute(sql`UPDATE unit SET symbol = NULL WHERE id = ${world.province.id}`);
    try {
      const doc = await draft();
      await toSigned(doc.id);
      const before = await outgoingCounter();
      const refused = await world.clerk.client.post(`/api/documents/${doc.id}/issue`);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.message).toContain('Đơn vị chưa có ký hiệu dùng trong số văn bản');
      const after = await outgoingCounter();
      expect(after).toBe(before);
      expect((await world.clerk.client.get(`/api/documents/${doc.id}`)).json().status).toBe('signed');
    } finally {
      await ctx.platform.db.execute(sql`UPDATE unit SET symbol = 'MTTQ-BTT' WHERE id = ${world.province.id}`);
    }
  });
});

describe('issuing to every unit of the country', () => {
  it('puts one document into 3,355 incoming queues with a notice each, in one transaction', async () => {
    const db = ctx.platform.db;
    const created = await db.execute<{ id: string }>(sql`
      INSERT INTO unit (parent_id, level_id, kind, name, symbol)
      SELECT ${world.central.id}, 'commune', 'committee', 'Ủy ban MTTQ xã số ' || g, 'MTTQ-BTT' FROM generate_series(1, 3355) g
      RETURNING id`);
    const recipientUnitIds = created.rows.map((r) => r.id);
    const doc = await draft(
      { recipientUnitIds, subject: 'Thông tri về tổ chức Ngày hội Đại đoàn kết toàn dân tộc' },
      world.specialist.client,
    );
    await toSigned(doc.id);
    const started = performance.now();
    const response = await world.clerk.client.post(`/api/documents/${doc.id}/issue`);
    const elapsed = performance.now() - started;
    expect(response.statusCode).toBe(200);
    console.info(
      `issue to ${recipientUnitIds.length} units: ${elapsed.toFixed(0)} ms end to end (HTTP, including the detail answer)`,
    );
    const [copies] = await db
      .select({ n: count() })
      .from(document)
      .where(and(eq(document.sourceDocumentId, doc.id), eq(document.status, 'arrived')));
    expect(copies!.n).toBe(3355);
    const [notices] = await db
      .select({ n: count() })
      .from(notification)
      .where(
        sql`${notification.documentId} IN (SELECT id FROM document WHERE source_document_id = ${doc.id})`,
      );
    expect(notices!.n).toBe(3355);
    const [linked] = await db
      .select({ n: count() })
      .from(documentRecipient)
      .where(and(eq(documentRecipient.documentId, doc.id), eq(documentRecipient.statusCode, '01')));
    expect(linked!.n).toBe(3355);
    // The copies' search scope was computed by the fan-out, set-wise: it must equal what the row
    // trigger computes (the unit and its ancestors, root first), or scoped searches miss them.
    const scopes = await db.execute<{ wrong: number; sample: string[] }>(sql`
      SELECT count(*) FILTER (WHERE scope_unit_ids IS DISTINCT FROM unit_scope_ids(unit_id))::int AS wrong,
             (SELECT scope_unit_ids::text[] FROM document WHERE unit_id = ${recipientUnitIds[0]}) AS sample
        FROM document WHERE source_document_id = ${doc.id}`);
    expect(scopes.rows[0]!.wrong).toBe(0);
    expect(scopes.rows[0]!.sample).toEqual([world.central.id, recipientUnitIds[0]]);
  });
});
