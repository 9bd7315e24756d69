import { and, count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../../test/harness.ts';
import { auditLog } from '../../../platform/audit/index.ts';
import { document } from '../documents.schema.ts';
import { samplePdf } from '../test-support/sample-files.ts';
import { buildDocumentsWorld, uploadOk, vnDate } from '../test-support/world.ts';
import { recordFile, recordFileDocument } from './files.schema.ts';

let ctx: TestContext;
let world: Awaited<ReturnType<typeof buildDocumentsWorld>>;
beforeAll(async () => {
  ctx = await createTestContext();
  world = await buildDocumentsWorld(ctx);
});
afterAll(() => ctx.close());

let serial = 0;
/** An incoming document registered through the API (a scan uploaded, then registered). */
async function registerIncoming(client: TestClient, unitId: string, subject: string) {
  serial += 1;
  const uploadId = await uploadOk(client, unitId, samplePdf(1, { marker: `hs-${serial}-${Math.random()}` }));
  const response = await client.post('/api/documents/incoming', {
    unitId,
    codeNumber: String(serial),
    codeNotation: 'UBND-VX',
    issuedDate: vnDate(-2),
    organName: 'Ủy ban nhân dân tỉnh Thử Nghiệm',
    typeName: 'Công văn',
    subject,
    uploadIds: [uploadId],
  });
  if (response.statusCode !== 201)
    throw new Error(`register failed: ${response.statusCode} ${response.body}`);
  return response.json().id as string;
}

const newFile = (client: TestClient, body: Record<string, unknown> = {}) =>
  client.post('/api/document-files', {
    unitId: world.province.id,
    year: 2026,
    title: 'Hồ sơ tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026',
    retention: 10,
    ...body,
  });

const filesOfProvince = async () =>
  (
    await ctx.platform.db
      .select({ n: count() })
      .from(recordFile)
      .where(eq(recordFile.unitId, world.province.id))
  )[0]!.n;

describe('the file list (danh mục hồ sơ)', () => {
  it('numbers files by the unit’s pattern, derives the archive due date, and refuses a duplicate code', async () => {
    const first = await newFile(world.clerk.client);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      code: '2026.MTTQ-BTT.01',
      index: 1,
      status: 'open',
      retention: 10,
      responsible: { id: world.clerk.staff.id, fullName: 'Trần Thị Văn Thư' },
      // Within one year after the file's year ends.
      archiveDueDate: '2027-12-31',
      archiveDueIsOverride: false,
    });
    const second = await newFile(world.clerk.client, {
      title: 'Hồ sơ Đại hội đại biểu MTTQ tỉnh',
      retention: 'permanent',
      responsibleStaffId: world.specialist.staff.id,
    });
    expect(second.json()).toMatchObject({
      code: '2026.MTTQ-BTT.02',
      retention: 'permanent',
      responsible: { fullName: 'Lê Văn Chuyên Viên' },
    });

    // The unit's own pattern.
    const settings = await world.clerk.client.put(`/api/document-files/settings/${world.province.id}`, {
      codeTemplate: '{n}/HS-{unit}',
    });
    expect(settings.json()).toMatchObject({ codeTemplate: '{n}/HS-{unit}', example: '01/HS-MTTQ-BTT' });
    const badPattern = await world.clerk.client.put(`/api/document-files/settings/${world.province.id}`, {
      codeTemplate: '{year}.{unit}',
    });
    expect(badPattern.statusCode).toBe(400);
    expect(JSON.stringify(badPattern.json().error.issues)).toContain(
      'Mẫu ký hiệu hồ sơ phải có đúng một {n}',
    );
    const third = await newFile(world.clerk.client, { title: 'Hồ sơ giám sát' });
    expect(third.json().code).toBe('03/HS-MTTQ-BTT');

    const before = await filesOfProvince();
    const duplicate = await newFile(world.clerk.client, { code: '03/HS-MTTQ-BTT' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.message).toBe(
      'Đơn vị đã có hồ sơ ký hiệu "03/HS-MTTQ-BTT". Hãy đặt ký hiệu khác.',
    );
    const outsider = await newFile(world.clerk.client, { responsibleStaffId: world.neighbourClerk.staff.id });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().error.message).toBe(
      'Người lập hồ sơ phải là cán bộ đang làm việc tại đơn vị (hoặc đơn vị trực thuộc).',
    );
    const reversed = await newFile(world.clerk.client, { startDate: '2026-05-01', endDate: '2026-04-01' });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.message).toBe('Ngày kết thúc hồ sơ không được trước ngày bắt đầu.');
    expect(await filesOfProvince()).toBe(before);

    // A code given by hand that the pattern would produce next is skipped by the pattern.
    expect((await newFile(world.clerk.client, { code: '05/HS-MTTQ-BTT' })).json().index).toBe(4);
    expect((await newFile(world.clerk.client)).json()).toMatchObject({ index: 6, code: '06/HS-MTTQ-BTT' });
  });

  it('is read by leaders, kept by clerks, and hidden from other provinces', async () => {
    const created = (await newFile(world.clerk.client, { title: 'Hồ sơ phân quyền' })).json();
    const list = (
      await world.leader.client.get(`/api/document-files?unitId=${world.province.id}&year=2026`)
    ).json();
    expect(list.map((f: { id: string }) => f.id)).toContain(created.id);
    expect((await newFile(world.leader.client)).statusCode).toBe(403);
    expect((await world.leader.client.post(`/api/document-files/${created.id}/close`)).statusCode).toBe(403);
    expect((await world.neighbourClerk.client.get(`/api/document-files/${created.id}`)).statusCode).toBe(404);
    expect((await newFile(world.neighbourClerk.client)).statusCode).toBe(404);
    const theirs = (await world.neighbourClerk.client.get('/api/document-files')).json();
    expect(theirs.map((f: { id: string }) => f.id)).not.toContain(created.id);
  });
});

describe('documents in a file', () => {
  it('are filed in order, reordered and removed; one file per document; closing freezes the file', async () => {
    const file = (await newFile(world.clerk.client, { title: 'Hồ sơ công tác dân vận 2026' })).json();
    const other = (await newFile(world.clerk.client, { title: 'Hồ sơ khác' })).json();
    const a = await registerIncoming(world.clerk.client, world.province.id, 'V/v hướng dẫn công tác dân vận');
    const b = await registerIncoming(world.clerk.client, world.province.id, 'V/v báo cáo kết quả quý I');
    const c = await registerIncoming(world.clerk.client, world.province.id, 'V/v kế hoạch giám sát');
    const add = (fileId: string, documentId: string) =>
      world.clerk.client.post(`/api/document-files/${fileId}/documents`, { documentId });

    for (const id of [a, b, c]) expect((await add(file.id, id)).statusCode).toBe(200);
    const detail = (await world.leader.client.get(`/api/document-files/${file.id}`)).json();
    expect(
      detail.documents.map((d: { documentId: string; docOrdinal: number }) => [d.docOrdinal, d.documentId]),
    ).toEqual([
      [1, a],
      [2, b],
      [3, c],
    ]);
    expect(detail.documentCount).toBe(3);

    // Bad input: precise messages, nothing written.
    const again = await add(file.id, a);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe(`Văn bản đã có trong hồ sơ "${file.code}".`);
    const elsewhere = await add(other.id, a);
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().error.message).toBe(
      `Văn bản đã nằm trong hồ sơ "${file.code}"; mỗi văn bản chỉ thuộc một hồ sơ. Hãy rút khỏi hồ sơ đó trước.`,
    );
    const unknown = await add(file.id, '00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe('Không tìm thấy văn bản (hoặc văn bản ngoài phạm vi của bạn).');
    const neighbours = await registerIncoming(
      world.neighbourClerk.client,
      world.neighbour.id,
      'V/v của tỉnh bạn',
    );
    expect((await add(file.id, neighbours)).statusCode).toBe(404);
    const [departmentDoc] = await ctx.platform.db
      .insert(document)
      .values({
        unitId: world.department.id,
        direction: 'incoming',
        status: 'registered',
        subject: 'Văn bản của Ban',
      })
      .returning();
    const ofDepartment = await add(file.id, departmentDoc!.id);
    expect(ofDepartment.statusCode).toBe(400);
    expect(ofDepartment.json().error.message).toBe(
      'Văn bản thuộc đơn vị khác: chỉ lập vào hồ sơ của đơn vị đã nhận hoặc ban hành văn bản.',
    );
    const [draft] = await ctx.platform.db
      .insert(document)
      .values({ unitId: world.province.id, direction: 'outgoing', status: 'draft', subject: 'Dự thảo' })
      .returning();
    const notIssued = await add(file.id, draft!.id);
    expect(notIssued.statusCode).toBe(409);
    expect(notIssued.json().error.message).toBe('Văn bản đi chưa được ban hành, chưa lập hồ sơ được.');
    const filed = await ctx.platform.db
      .select({ n: count() })
      .from(recordFileDocument)
      .where(eq(recordFileDocument.fileId, other.id));
    expect(filed[0]!.n).toBe(0);
    // Outgoing documents are filed once issued.
    const [issued] = await ctx.platform.db
      .insert(document)
      .values({
        unitId: world.province.id,
        direction: 'outgoing',
        status: 'issued',
        subject: 'Kế hoạch đã ban hành',
        codeNumber: '07',
        codeNotation: 'KH-MTTQ-BTT',
      })
      .returning();
    expect((await add(other.id, issued!.id)).json().documents).toMatchObject([
      { docOrdinal: 1, direction: 'outgoing' },
    ]);

    // Reorder (every document once), remove (the rest close up).
    const incomplete = await world.clerk.client.put(`/api/document-files/${file.id}/order`, {
      documentIds: [c, a],
    });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error.message).toBe(
      'Thứ tự mới phải liệt kê mỗi văn bản của hồ sơ đúng một lần (thiếu 1, thừa hoặc lặp 0).',
    );
    const reordered = await world.clerk.client.put(`/api/document-files/${file.id}/order`, {
      documentIds: [c, a, b],
    });
    expect(reordered.json().documents.map((d: { documentId: string }) => d.documentId)).toEqual([c, a, b]);
    const removed = await world.clerk.client.delete(`/api/document-files/${file.id}/documents/${a}`);
    expect(
      removed
        .json()
        .documents.map((d: { documentId: string; docOrdinal: number }) => [d.docOrdinal, d.documentId]),
    ).toEqual([
      [1, c],
      [2, b],
    ]);
    // Removed, it may go into another file.
    expect((await add(other.id, a)).statusCode).toBe(200);

    // The catalogue (mục lục văn bản trong hồ sơ) in Appendix VI tag names.
    const catalogue = (await world.leader.client.get(`/api/document-files/${file.id}/catalogue`)).json();
    expect(catalogue).toMatchObject({
      FileCode: { OrganId: world.province.code, FileCatalog: 2026, FileNotation: file.code },
      Title: 'Hồ sơ công tác dân vận 2026',
      Maintenance: '10 năm',
      TotalDoc: 2,
      Documents: [
        { DocOrdinal: 1, Subject: 'V/v kế hoạch giám sát', CodeNotation: 'UBND-VX', TypeName: 'Công văn' },
        { DocOrdinal: 2, Subject: 'V/v báo cáo kết quả quý I', OrganName: 'Ủy ban nhân dân tỉnh Thử Nghiệm' },
      ],
    });

    // Closing freezes the documents and the metadata; only the archive due date may still move.
    const closed = await world.clerk.client.post(`/api/document-files/${file.id}/close`);
    expect(closed.json()).toMatchObject({ status: 'closed', endDate: vnDate(0) });
    const frozen = await add(file.id, a);
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().error.message).toBe(
      `Hồ sơ "${file.code}" đã kết thúc: không thêm, bớt hay sắp xếp lại văn bản được nữa.`,
    );
    expect(
      (await world.clerk.client.delete(`/api/document-files/${file.id}/documents/${b}`)).statusCode,
    ).toBe(409);
    expect(
      (await world.clerk.client.put(`/api/document-files/${file.id}/order`, { documentIds: [b, c] }))
        .statusCode,
    ).toBe(409);
    const renamed = await world.clerk.client.patch(`/api/document-files/${file.id}`, { title: 'Tên mới' });
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json().error.message).toBe(
      `Hồ sơ "${file.code}" đã kết thúc: chỉ còn sửa được hạn nộp lưu.`,
    );
    const moved = await world.clerk.client.patch(`/api/document-files/${file.id}`, {
      archiveDueDate: '2027-06-30',
    });
    expect(moved.json()).toMatchObject({ archiveDueDate: '2027-06-30', archiveDueIsOverride: true });

    // Transfer to the archive: a closed file only.
    const early = await world.clerk.client.post(`/api/document-files/${other.id}/transfer`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toBe(`Hãy kết thúc hồ sơ "${other.code}" trước khi nộp lưu.`);
    const transferred = await world.clerk.client.post(`/api/document-files/${file.id}/transfer`);
    expect(transferred.json().status).toBe('transferred');
    expect(
      (await world.clerk.client.patch(`/api/document-files/${file.id}`, { archiveDueDate: null })).statusCode,
    ).toBe(409);

    // Every change is in the audit log.
    const audited = await ctx.platform.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, file.id), like(auditLog.action, 'document_file.%')));
    expect(audited.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'document_file.create',
        'document_file.add_document',
        'document_file.reorder',
        'document_file.remove_document',
        'document_file.close',
        'document_file.update',
        'document_file.transfer',
      ]),
    );
  });

  it('refuses to close an empty file', async () => {
    const empty = (await newFile(world.clerk.client, { title: 'Hồ sơ trống' })).json();
    const response = await world.clerk.client.post(`/api/document-files/${empty.id}/close`);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toBe(
      `Hồ sơ "${empty.code}" chưa có văn bản nào, chưa kết thúc được.`,
    );
  });
});
