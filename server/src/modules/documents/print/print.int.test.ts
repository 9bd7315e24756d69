import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { auditLog } from '../../../platform/audit/index.ts';
import { documentAssignment } from '../documents.schema.ts';
import { vietnamToday } from '../symbol.ts';
import { samplePdf } from '../test-support/sample-files.ts';
import { buildDocumentsWorld, uploadOk, vnDate } from '../test-support/world.ts';

let ctx: TestContext;
let world: Awaited<ReturnType<typeof buildDocumentsWorld>>;
const dir = mkdtempSync(join(tmpdir(), 'mts-print-'));
const year = vietnamToday().year;
const dmy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

/** poppler's view of a PDF: page count and size, and the text (all pages or one), whitespace folded. */
function poppler(bytes: Buffer) {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const text = (page?: number) =>
    execFileSync(
      'pdftotext',
      ['-raw', ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'],
      {
        encoding: 'utf8',
      },
    ).replace(/\s+/g, ' ');
  const size = /^Page size:\s+([\d.]+) x ([\d.]+)/m.exec(info)!;
  return {
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)![1]),
    width: Number(size[1]),
    height: Number(size[2]),
    text,
  };
}

async function workbook(bytes: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book.worksheets[0]!;
}

const SUBJECT = 'Về việc phối hợp tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026 ở khu dân cư';
const DIRECTION =
  'Giao Ban Tuyên giáo chủ trì, đồng chí Lê Văn Chuyên Viên phối hợp; báo cáo kết quả trước hạn.';
let incomingRegisterId: string;
let directedId: string;
let bigRegisterId: string;
let outgoingRegisterId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  world = await buildDocumentsWorld(ctx);
  const db = ctx.platform.db;
  // Three incoming documents registered by the clerk; the second directed by the leader.
  const ids: string[] = [];
  for (const [index, subject] of [
    SUBJECT,
    'Kế hoạch tuyên truyền bầu cử đại biểu Quốc hội',
    'Thông báo lịch họp',
  ].entries()) {
    const scan = await uploadOk(world.clerk.client, world.province.id, samplePdf(1));
    const response = await world.clerk.client.post('/api/documents/incoming', {
      unitId: world.province.id,
      codeNumber: String(120 + index),
      codeNotation: 'UBND-VX',
      issuedDate: vnDate(-3),
      organName: 'Ủy ban nhân dân tỉnh Thử Nghiệm',
      typeName: 'Công văn',
      subject,
      uploadIds: [scan],
    });
    expect(response.statusCode, response.body).toBe(201);
    ids.push(response.json().id);
    incomingRegisterId = response.json().registerId;
  }
  directedId = ids[1]!;
  expect((await world.clerk.client.post(`/api/documents/${directedId}/submit`)).statusCode).toBe(200);
  const directed = await world.leader.client.post(`/api/documents/${directedId}/direction`, {
    direction: DIRECTION,
    assignees: [
      { role: 'lead', unitId: world.department.id, deadline: vnDate(5) },
      { role: 'coordinate', staffId: world.specialist.staff.id, deadline: vnDate(3) },
    ],
  });
  expect(directed.statusCode, directed.body).toBe(200);
  // The co-ordinating task's deadline passes (as if days went by).
  await db
    .update(documentAssignment)
    .set({ deadline: vnDate(-2) })
    .where(and(eq(documentAssignment.documentId, directedId), eq(documentAssignment.role, 'coordinate')));

  // A register of 400 incoming documents, generated in SQL.
  const big = await world.clerk.client.post('/api/document-registers', {
    unitId: world.province.id,
    kind: 'incoming',
    name: 'Sổ văn bản đến (in thử)',
  });
  expect(big.statusCode, big.body).toBe(201);
  bigRegisterId = big.json().id;
  await db.execute(sql`
    WITH docs AS (
      INSERT INTO document (unit_id, direction, status, register_id, register_year, type_name, code_number,
        code_notation, issued_date, organ_name, subject, arrival_number, arrival_date)
      SELECT ${world.province.id}, 'incoming', 'registered', ${bigRegisterId}, ${year}, 'Công văn', n::text,
        'UBND-VX', make_date(${year}, 1, 1) + (n % 300), 'Ủy ban nhân dân huyện Thử Nghiệm số ' || n,
        'Về việc triển khai cuộc vận động "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh" đợt ' || n,
        n, make_timestamptz(${year}, 1, 1, 9, 0, 0, 'Asia/Ho_Chi_Minh') + make_interval(days => n % 300)
      FROM generate_series(1, 400) n
      RETURNING id, arrival_number)
    INSERT INTO register_number (register_id, year, number, status, document_id)
    SELECT ${bigRegisterId}, ${year}, arrival_number, 'issued', id FROM docs`);

  // An outgoing register: two issued documents (one to many recipients) and a number reserved for paper.
  const out = await world.clerk.client.post('/api/document-registers', {
    unitId: world.province.id,
    kind: 'outgoing',
    name: 'Sổ văn bản đi (in thử)',
  });
  outgoingRegisterId = out.json().id;
  await db.execute(sql`
    WITH docs AS (
      INSERT INTO document (unit_id, direction, status, register_id, register_year, type_name, code_number,
        code_notation, issued_date, organ_name, subject, signer_position, signer_full_name, issued_amount, created_by)
      VALUES
        (${world.province.id}, 'outgoing', 'issued', ${outgoingRegisterId}, ${year}, 'Kế hoạch', '01', 'KH-MTTQ-BTT',
         ${vnDate(-1)}::date, 'Ủy ban MTTQ tỉnh Thử Nghiệm', 'Kế hoạch giám sát năm', 'Phó Chủ tịch', 'Nguyễn Văn Ký', 5,
         ${world.clerk.staff.id}),
        (${world.province.id}, 'outgoing', 'issued', ${outgoingRegisterId}, ${year}, 'Công văn', '03', 'MTTQ-BTT',
         ${vnDate(0)}::date, 'Ủy ban MTTQ tỉnh Thử Nghiệm', 'V/v góp ý dự thảo luật', 'Chủ tịch', 'Trần Thị Ký', NULL,
         ${world.clerk.staff.id})
      RETURNING id, code_number),
    recipients AS (
      INSERT INTO document_recipient (document_id, organ_name)
      SELECT docs.id, 'Ủy ban MTTQ huyện ' || lpad(n::text, 2, '0') FROM docs, generate_series(1, 14) n
      WHERE docs.code_number = '03')
    INSERT INTO register_number (register_id, year, number, status, document_id, note)
    SELECT ${outgoingRegisterId}::uuid, ${year}::int, code_number::int, 'issued', id, NULL::text FROM docs
    UNION ALL SELECT ${outgoingRegisterId}::uuid, ${year}::int, 2, 'reserved', NULL, 'Giấy mời hội nghị (bản giấy)'`);
});
afterAll(async () => {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('printable incoming register (sổ đăng ký văn bản đến, Appendix IV)', () => {
  it('prints a cover page and the Appendix IV columns with Vietnamese text intact (PDF)', async () => {
    const response = await world.clerk.client.get(
      `/api/document-registers/${incomingRegisterId}/print?year=${year}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = poppler(response.rawPayload);
    expect(pdf.pages).toBe(2); // cover + one page of entries
    expect([pdf.width, pdf.height]).toEqual([841.89, 595.28]);
    const cover = pdf.text(1);
    expect(cover).toContain('ỦY BAN MTTQ TỈNH THỬ NGHIỆM');
    expect(cover).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐẾN');
    expect(cover).toContain(`Năm: ${year}`);
    expect(cover).toContain('Từ số: 01 đến số: 03');
    const table = pdf.text(2);
    for (const header of [
      'Ngày đến',
      'Số đến',
      'Tác giả (cơ quan ban hành)',
      'Số, ký hiệu',
      'Tên loại và trích yếu nội dung',
      'Đơn vị hoặc người nhận',
      'Ngày chuyển',
      'Ký nhận',
      'Ghi chú',
    ])
      expect(table).toContain(header);
    expect(table.indexOf('Ngày đến')).toBeLessThan(table.indexOf('Tác giả'));
    expect(table.indexOf('Tác giả')).toBeLessThan(table.indexOf('Tên loại và trích yếu'));
    expect(table).toContain(`Công văn: ${SUBJECT}`);
    expect(table).toContain('120/UBND-VX');
    expect(table).toContain('Ban Tuyên giáo'); // the lead of the directed document
    expect(table).toContain(vnDate(0).slice(8, 10)); // dates printed dd/mm/yyyy
    expect(table).toContain(dmy(vnDate(-3)));

    const [audit] = await ctx.platform.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'document_register.print'), eq(auditLog.entityId, incomingRegisterId)));
    expect(audit).toMatchObject({ actorId: world.clerk.staff.id, unitId: world.province.id });
  });

  it('writes XLSX rows in number order, numbers as text "01", dates as real dates, header styled', async () => {
    const response = await world.clerk.client.get(
      `/api/document-registers/${incomingRegisterId}/print?year=${year}&format=xlsx`,
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const sheet = await workbook(response.rawPayload);
    expect(sheet.getCell('A1').value).toBe(`SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM ${year}`);
    const header = sheet.getRow(5);
    expect(header.getCell(1).value).toBe('Ngày đến');
    expect(header.getCell(6).value).toBe('Tên loại và trích yếu nội dung');
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.getColumn(6).width).toBeGreaterThan(sheet.getColumn(2).width!);
    const rows = [6, 7, 8].map((n) => sheet.getRow(n));
    expect(rows.map((r) => r.getCell(2).value)).toEqual(['01', '02', '03']);
    expect(rows[0]!.getCell(2).numFmt).toBe('@');
    expect(rows[0]!.getCell(1).value).toBeInstanceOf(Date);
    expect((rows[0]!.getCell(1).value as Date).toISOString().slice(0, 10)).toBe(vnDate(0));
    expect(rows[0]!.getCell(5).value).toBeInstanceOf(Date);
    expect(rows[0]!.getCell(6).value).toBe(`Công văn: ${SUBJECT}`);
    expect(sheet.rowCount).toBe(8);
  });

  it('grows to many pages for 400 entries with the header on every page, and prints a chosen range', async () => {
    const whole = await world.clerk.client.get(`/api/document-registers/${bigRegisterId}/print?year=${year}`);
    expect(whole.statusCode, whole.body).toBe(200);
    const pdf = poppler(whole.rawPayload);
    expect(pdf.pages).toBeGreaterThan(20);
    expect(pdf.text(1)).toContain('Từ số: 01 đến số: 400');
    for (let page = 2; page <= pdf.pages; page += 1) {
      const text = pdf.text(page);
      expect(text, `page ${page}`).toContain('Tên loại và trích yếu nội dung');
      expect(text, `page ${page}`).toContain(String(page)); // page number
    }
    const last = pdf.text(pdf.pages);
    expect(last).toContain('Ủy ban nhân dân huyện Thử Nghiệm số 400');
    expect(last).toContain('"Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh" đợt 400');

    const part = await world.clerk.client.get(
      `/api/document-registers/${bigRegisterId}/print?year=${year}&from=101&to=150`,
    );
    const partPdf = poppler(part.rawPayload);
    expect(partPdf.pages).toBeLessThan(pdf.pages / 4);
    expect(partPdf.text(1)).toContain('Từ số: 101 đến số: 150');
    const partText = partPdf.text();
    expect(partText).toContain('Thử Nghiệm số 101');
    expect(partText).toContain('Thử Nghiệm số 150');
    expect(partText).not.toContain('Thử Nghiệm số 151 ');

    const xlsx = await world.clerk.client.get(
      `/api/document-registers/${bigRegisterId}/print?year=${year}&format=xlsx`,
    );
    const sheet = await workbook(xlsx.rawPayload);
    const numbers: unknown[] = [];
    sheet.eachRow((row, n) => {
      if (n > 5) numbers.push(row.getCell(2).value);
    });
    expect(numbers).toHaveLength(400);
    expect(numbers.slice(0, 3)).toEqual(['01', '02', '03']);
    expect(numbers.at(-1)).toBe('400');
    expect(numbers).toEqual([...numbers].sort((a, b) => Number(a) - Number(b)));
  });
});

describe('processing-tracking register (sổ theo dõi giải quyết văn bản đến)', () => {
  it('lists directed documents with lead, deadline and progress, and flags overdue work', async () => {
    const response = await world.leader.client.get(
      `/api/document-registers/${incomingRegisterId}/print?year=${year}&report=tracking`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const pdf = poppler(response.rawPayload);
    expect(pdf.text(1)).toContain('SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN');
    const text = pdf.text(2);
    for (const header of [
      'Số đến',
      'Đơn vị, người giải quyết',
      'Thời hạn giải quyết',
      'Tiến độ giải quyết',
      'Số, ký hiệu văn bản trả lời',
    ])
      expect(text).toContain(header);
    expect(text).toContain('Chủ trì: Ban Tuyên giáo');
    expect(text).toContain('Phối hợp: Lê Văn Chuyên Viên');
    expect(text).toContain(dmy(vnDate(5)));
    expect(text).toContain('QUÁ HẠN');
    expect(text).toContain('Quá hạn 2 ngày');
    expect(text).not.toContain(SUBJECT); // not directed: nothing to track

    const xlsx = await world.leader.client.get(
      `/api/document-registers/${incomingRegisterId}/print?year=${year}&report=tracking&format=xlsx`,
    );
    const sheet = await workbook(xlsx.rawPayload);
    expect(sheet.rowCount).toBe(6);
    const row = sheet.getRow(6);
    expect(row.getCell(1).value).toBe('02');
    expect(row.getCell(4).value).toBeInstanceOf(Date);
    expect(String(row.getCell(5).value)).toContain('Phối hợp: Chưa nhận — QUÁ HẠN');
    expect(row.getCell(5).font).toMatchObject({ bold: true, color: { argb: 'FFC00000' } });
  });

  it('is refused for an outgoing register, with the reason', async () => {
    const response = await world.clerk.client.get(
      `/api/document-registers/${outgoingRegisterId}/print?report=tracking`,
    );
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toBe(
      'Sổ theo dõi giải quyết văn bản chỉ in từ sổ văn bản đến. Hãy chọn một sổ văn bản đến.',
    );
  });
});

describe('Appendix VI reports on processing (report=summary)', () => {
  it('counts, per handler, work done on time, late, open and overdue, with totals (PDF and XLSX)', async () => {
    const lead = (
      await ctx.platform.db
        .select()
        .from(documentAssignment)
        .where(and(eq(documentAssignment.documentId, directedId), eq(documentAssignment.role, 'lead')))
    )[0]!;
    expect(
      (await world.deptSpecialist.client.post(`/api/document-assignments/${lead.id}/accept`)).statusCode,
    ).toBe(200);
    const completed = await world.deptSpecialist.client.post(
      `/api/document-assignments/${lead.id}/complete`,
      {
        result: 'Đã tham mưu văn bản trả lời.',
        replyReference: '15/MTTQ-BTT',
      },
    );
    expect(completed.statusCode, completed.body).toBe(200);

    const response = await world.leader.client.get(
      `/api/document-registers/${incomingRegisterId}/print?year=${year}&report=summary`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const pdf = poppler(response.rawPayload);
    expect(pdf.pages).toBe(1);
    const text = pdf.text();
    expect(text).toContain('BÁO CÁO TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐẾN');
    expect(text).toContain('Từ số 01 đến số 03: 3 văn bản.');
    expect(text).toContain('Đã vào sổ 2');
    // The department's specialist accepted the department's task: it is theirs now.
    expect(text).toContain('Phạm Thị Ban Tuyên Giáo (Ban Tuyên giáo) 1 1 0 0 0');
    expect(text).toContain('Lê Văn Chuyên Viên (Ủy ban MTTQ tỉnh Thử Nghiệm) 1 0 0 0 1');
    expect(text).toContain('Tổng cộng 2 1 0 0 1');

    const xlsx = await world.leader.client.get(
      `/api/document-registers/${incomingRegisterId}/print?year=${year}&report=summary&format=xlsx`,
    );
    const sheet = await workbook(xlsx.rawPayload);
    let totals: unknown[] = [];
    sheet.eachRow((row) => {
      if (row.getCell(1).value === 'Tổng cộng') totals = (row.values as unknown[]).slice(1);
    });
    expect(totals).toEqual(['Tổng cộng', 2, 1, 0, 0, 1]);

    const tracking = poppler(
      (
        await world.leader.client.get(
          `/api/document-registers/${incomingRegisterId}/print?year=${year}&report=tracking`,
        )
      ).rawPayload,
    ).text(2);
    expect(tracking).toContain('Chủ trì: Đã hoàn thành: Đã tham mưu văn bản trả lời.');
    expect(tracking).toContain('15/MTTQ-BTT');
  });

  it('counts an outgoing register’s documents by state and recipients by edXML status', async () => {
    const response = await world.clerk.client.get(
      `/api/document-registers/${outgoingRegisterId}/print?year=${year}&report=summary`,
    );
    const text = poppler(response.rawPayload).text();
    expect(text).toContain('BÁO CÁO TÌNH HÌNH VĂN BẢN ĐI');
    expect(text).toContain('Từ số 01 đến số 03: 2 văn bản, 1 số giữ trước hoặc đã hủy.');
    expect(text).toContain('Đã ban hành 2');
    expect(text).toContain('Gửi ngoài hệ thống (chưa có trạng thái) 14');
  });
});

describe('printable outgoing register (sổ đăng ký văn bản đi)', () => {
  it('prints every number in order, the reserved one noted, recipients shortened', async () => {
    const response = await world.clerk.client.get(
      `/api/document-registers/${outgoingRegisterId}/print?format=xlsx&year=${year}`,
    );
    const sheet = await workbook(response.rawPayload);
    const header = sheet.getRow(5);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((c) => header.getCell(c).value)).toEqual([
      'Số, ký hiệu văn bản',
      'Ngày tháng văn bản',
      'Tên loại và trích yếu nội dung văn bản',
      'Người ký',
      'Nơi nhận văn bản',
      'Đơn vị, người nhận bản lưu',
      'Số lượng bản',
      'Ngày chuyển',
      'Ký nhận',
      'Ghi chú',
    ]);
    const [first, reserved, third] = [6, 7, 8].map((n) => sheet.getRow(n));
    expect(first!.getCell(1).value).toBe('01/KH-MTTQ-BTT');
    expect(first!.getCell(4).value).toBe('Phó Chủ tịch Nguyễn Văn Ký');
    expect(first!.getCell(7).value).toBe(5);
    expect(reserved!.getCell(1).value).toBe('02');
    expect(reserved!.getCell(10).value).toBe('Số giữ trước cho văn bản giấy: Giấy mời hội nghị (bản giấy)');
    expect(third!.getCell(1).value).toBe('03/MTTQ-BTT');
    expect(String(third!.getCell(5).value)).toMatch(/^Ủy ban MTTQ huyện 01; .*; và 4 nơi nhận khác$/);
    expect(third!.getCell(7).value).toBe(14);

    const pdf = poppler(
      (await world.clerk.client.get(`/api/document-registers/${outgoingRegisterId}/print?year=${year}`))
        .rawPayload,
    );
    expect(pdf.text(1)).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐI');
    expect(pdf.text(2)).toContain('Kế hoạch: Kế hoạch giám sát năm');
  });
});

describe('Appendix VI export (edXML tag names)', () => {
  it('writes one row per number with the tags as headers (XLSX) and nested records (JSON)', async () => {
    const xlsx = await world.clerk.client.get(
      `/api/document-registers/${incomingRegisterId}/metadata?year=${year}`,
    );
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    const sheet = await workbook(xlsx.rawPayload);
    const tags = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(tags.slice(0, 5)).toEqual([
      'ArrivalNumber',
      'ArrivalDate',
      'CodeNumber',
      'CodeNotation',
      'TypeName',
    ]);
    for (const tag of ['IssuedDate', 'OrganName', 'Subject', 'SignerInfo.FullName', 'Priority', 'DueDate'])
      expect(tags).toContain(tag);
    const subject = tags.indexOf('Subject') + 1;
    expect(sheet.getRow(2).getCell(1).value).toBe('01');
    expect(sheet.getRow(2).getCell(subject).value).toBe(SUBJECT);
    expect(sheet.getRow(2).getCell(tags.indexOf('IssuedDate') + 1).value).toBeInstanceOf(Date);

    const json = await world.clerk.client.get(
      `/api/document-registers/${outgoingRegisterId}/metadata?year=${year}&format=json`,
    );
    expect(json.headers['content-type']).toContain('application/json');
    const body = json.json();
    expect(body.register).toMatchObject({ name: 'Sổ văn bản đi (in thử)', year });
    expect(body.documents).toHaveLength(3);
    expect(body.documents[0]).toMatchObject({
      CodeNumber: '01',
      CodeNotation: 'KH-MTTQ-BTT',
      TypeName: 'Kế hoạch',
      IssuedDate: vnDate(-1),
      SignerInfo: { Position: 'Phó Chủ tịch', FullName: 'Nguyễn Văn Ký' },
      IssuedAmount: 5,
      Priority: 0,
    });
    expect(body.documents[2].To).toHaveLength(14);
    expect(body.documents[2].To[0]).toEqual({ OrganName: 'Ủy ban MTTQ huyện 01' });
  });
});

describe('routing slip (phiếu giải quyết văn bản đến)', () => {
  it('prints one A4 page with the document, the direction and the assignees with deadlines', async () => {
    const response = await world.clerk.client.get(`/api/documents/${directedId}/routing-slip.pdf`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = poppler(response.rawPayload);
    expect(pdf.pages).toBe(1);
    expect([pdf.width, pdf.height]).toEqual([595.28, 841.89]);
    const text = pdf.text();
    expect(text).toContain('ỦY BAN MTTQ TỈNH THỬ NGHIỆM');
    expect(text).toContain('PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN');
    expect(text).toContain('Số đến: 02');
    expect(text).toContain('121/UBND-VX');
    expect(text).toContain('Ủy ban nhân dân tỉnh Thử Nghiệm');
    expect(text).toContain('Kế hoạch tuyên truyền bầu cử đại biểu Quốc hội');
    expect(text).toContain(DIRECTION);
    expect(text).toContain(
      `Chủ trì Phạm Thị Ban Tuyên Giáo (Ban Tuyên giáo) ${dmy(vnDate(5))} Đã hoàn thành`,
    );
    expect(text).toContain(
      `Phối hợp Lê Văn Chuyên Viên (Ủy ban MTTQ tỉnh Thử Nghiệm) ${dmy(vnDate(-2))} Chưa nhận`,
    );
    expect(text).toContain('Nguyễn Văn Lãnh Đạo');
    expect(text).toContain('Ý kiến đề xuất của người giải quyết');
  });

  it('stays one page with a long direction and many assignees', async () => {
    const scan = await uploadOk(world.clerk.client, world.province.id, samplePdf(1));
    const created = await world.clerk.client.post('/api/documents/incoming', {
      unitId: world.province.id,
      organName: 'Bộ Nội vụ',
      codeNumber: '77',
      codeNotation: 'BNV-VTLTNN',
      issuedDate: vnDate(-1),
      subject: `${'Trích yếu rất dài về công tác văn thư, lưu trữ và chuyển đổi số '.repeat(7)}`.slice(
        0,
        500,
      ),
      uploadIds: [scan],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const staff = await Promise.all(
      Array.from({ length: 11 }, (_, i) =>
        world.person(world.province.id, 'specialist', `Cán bộ phối hợp ${i + 1}`),
      ),
    );
    const directed = await world.leader.client.post(`/api/documents/${id}/direction`, {
      direction: 'Đề nghị các đồng chí nghiên cứu kỹ, phối hợp chặt chẽ và báo cáo đúng hạn. '
        .repeat(20)
        .slice(0, 1900),
      assignees: [
        { role: 'lead', unitId: world.department.id, deadline: vnDate(7) },
        ...staff.map((s) => ({ role: 'coordinate', staffId: s.staff.id, deadline: vnDate(4) })),
      ],
    });
    expect(directed.statusCode, directed.body).toBe(200);
    const pdf = poppler((await world.clerk.client.get(`/api/documents/${id}/routing-slip.pdf`)).rawPayload);
    expect(pdf.pages).toBe(1);
    expect(pdf.text()).toMatch(/và \d+ đơn vị, cá nhân khác/);
  });
});

describe('access and bad input', () => {
  it('answers 404 to a user of another province, for registers and routing slips alike', async () => {
    for (const url of [
      `/api/document-registers/${incomingRegisterId}/print`,
      `/api/document-registers/${incomingRegisterId}/print?format=xlsx`,
      `/api/document-registers/${incomingRegisterId}/metadata`,
      `/api/documents/${directedId}/routing-slip.pdf`,
    ]) {
      const response = await world.neighbourClerk.client.get(url);
      expect(response.statusCode, url).toBe(404);
    }
  });

  it('refuses a wrong format, an inverted range and a bad year with a Vietnamese reason', async () => {
    const base = `/api/document-registers/${incomingRegisterId}`;
    const cases: Array<[string, string]> = [
      [`${base}/print?format=doc`, 'Định dạng in phải là "pdf" hoặc "xlsx".'],
      [`${base}/print?from=10&to=5`, 'Số bắt đầu ("from") phải nhỏ hơn hoặc bằng số kết thúc ("to").'],
      [`${base}/print?year=1990`, 'Năm phải từ 2000 trở đi.'],
      [
        `${base}/print?report=index`,
        'Loại bản in phải là "register" (sổ đăng ký), "tracking" (sổ theo dõi giải quyết) hoặc "summary" (báo cáo tình hình giải quyết).',
      ],
      [`${base}/metadata?format=pdf`, 'Định dạng xuất phải là "xlsx" hoặc "json".'],
    ];
    for (const [url, message] of cases) {
      const response = await world.clerk.client.get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.message, url).toBe(
        'Dữ liệu gửi lên không hợp lệ. Vui lòng sửa các trường được nêu.',
      );
      expect(
        response.json().error.issues.map((i: { message: string }) => i.message),
        url,
      ).toContain(message);
    }
  });

  it('refuses a routing slip for an outgoing document', async () => {
    const [doc] = (
      await ctx.platform.db.execute<{ id: string }>(
        sql`SELECT id FROM document WHERE register_id = ${outgoingRegisterId} LIMIT 1`,
      )
    ).rows;
    const response = await world.clerk.client.get(`/api/documents/${doc!.id}/routing-slip.pdf`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe(
      'Phiếu giải quyết chỉ có cho văn bản đến. Văn bản này là văn bản đi.',
    );
  });
});
