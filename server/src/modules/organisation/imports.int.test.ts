import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportReport } from '@mts/contracts';
import { and, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree, buildUnit } from '../../../test/factories.ts';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { credential, roleAssignment } from '../identity/index.ts';
import { permissionsOfRoles, signInAs } from './fixtures/actors.ts';
import { inconsistentPaths } from './fixtures/tree-checks.ts';
import { staff, unit } from './organisation.schema.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFile(path.join(fixtures, name));

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let importer: TestClient;
let province: Awaited<ReturnType<typeof buildUnit>>;
beforeAll(async () => {
  ctx = await createTestContext();
  tree = await buildTree(ctx.platform.db);
  province = await buildUnit(ctx.platform.db, {
    parentId: tree.central.id,
    levelId: 'province',
    name: 'Ủy ban MTTQ tỉnh Nhập Liệu',
    code: '000.00.00.H99',
  });
  // The importer holds what the leader and clerk roles carry, so may grant them (not system_admin).
  ({ client: importer } = await signInAs(ctx, province.id, [
    ...new Set([
      'units.read',
      'units.manage',
      'staff.read',
      'staff.import',
      'roles.assign',
      ...(await permissionsOfRoles(ctx, ['leader', 'clerk'])),
    ] as const),
  ]));
});
afterAll(() => ctx.close());

/** A multipart/form-data upload of one file, as the staff app's upload field sends it. */
function upload(client: TestClient, url: string, filename: string, content: Buffer) {
  const boundary = `----mts${Date.now()}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return client.request({
    method: 'POST',
    url,
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

const issuesOf = (report: ImportReport) => report.issues.map((i) => `${i.row}:${i.column}`);

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Đơn vị');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('importing units', () => {
  it('checks a good CSV on a dry run without writing, then writes all rows in tree order', async () => {
    const db = ctx.platform.db;
    const file = await fixture('units-good.csv');
    const dry = await upload(importer, '/api/imports/units?dryRun=true', 'don-vi.csv', file);
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({
      dryRun: true,
      format: 'csv',
      rows: 4,
      valid: true,
      created: 0,
      issues: [],
    });
    const codes = ['000.01.21.H99', '000.01.00.H99', '000.01.01.H99', '000.02.00.H99'];
    expect(await db.select().from(unit).where(inArray(unit.code, codes))).toHaveLength(0);

    const applied = await upload(importer, '/api/imports/units', 'don-vi.csv', file);
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ dryRun: false, valid: true, created: 4 });
    const rows = await db.select().from(unit).where(inArray(unit.code, codes));
    const byCode = Object.fromEntries(rows.map((r) => [r.code, r]));
    expect(byCode['000.01.00.H99']).toMatchObject({
      parentId: province.id,
      levelId: 'commune',
      kind: 'committee',
      shortName: 'MTTQ xã Tân Lập',
      address: 'Thôn 2, xã Tân Lập',
    });
    expect(byCode['000.01.21.H99']).toMatchObject({
      parentId: byCode['000.01.00.H99']!.id,
      levelId: 'residential',
      kind: 'residential_committee',
    });
    expect(byCode['000.02.00.H99']?.parentId).toBe(province.id);
    expect(await inconsistentPaths(db)).toEqual([]);
    const audit = await db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, 'unit.create'),
          inArray(
            auditLog.entityId,
            rows.map((r) => r.id),
          ),
        ),
      );
    expect(audit).toHaveLength(4);
  });

  it('reports every bad row with its column and a reason in Vietnamese and English, and writes nothing', async () => {
    const db = ctx.platform.db;
    const file = await fixture('units-bad.csv');
    const dry = await upload(importer, '/api/imports/units?dryRun=1', 'loi.csv', file);
    expect(dry.statusCode).toBe(200);
    const report = dry.json() as ImportReport;
    expect(report.valid).toBe(false);
    expect(issuesOf(report)).toEqual([
      '3:code',
      '4:name',
      '5:parentCode',
      '6:level',
      '7:kind',
      '8:code',
      '9:phone',
      '10:email',
      '11:level',
      '12:code',
    ]);
    const byRow = Object.fromEntries(report.issues.map((i) => [i.row, i]));
    expect(byRow[3]).toMatchObject({ columnLabel: 'Mã định danh', value: '000/01/H99' });
    expect(byRow[3]!.message.vi).toMatch(/chữ số, chữ in hoa và dấu chấm/);
    expect(byRow[3]!.message.en).toMatch(/digits and capitals/);
    expect(byRow[5]!.message.vi).toMatch(/999\.99\.99\.X00/);
    expect(byRow[6]!.message.vi).toMatch(/Không có cấp "Huyện"/);
    expect(byRow[8]!.message.vi).toMatch(/trùng với dòng 2/);
    expect(byRow[11]!.message.vi).toMatch(/ngay dưới cấp/);
    expect(byRow[12]!.message.vi).toMatch(/đã có trong hệ thống/);

    const applied = await upload(importer, '/api/imports/units', 'loi.csv', file);
    expect(applied.statusCode).toBe(400);
    expect(applied.json().error.message).toMatch(/10 dòng lỗi; chưa ghi dữ liệu nào/);
    expect(applied.json().error.details.report.issues).toHaveLength(10);
    expect(await db.select().from(unit).where(eq(unit.code, '000.05.00.H99'))).toHaveLength(0);
  });

  it('reads XLSX, including text kept as text and e-mail hyperlinks, and flags a phone that lost its 0', async () => {
    const header = [
      'Mã định danh (code)',
      'Tên đơn vị (name)',
      'Mã đơn vị cấp trên (parentCode)',
      'Cấp (level)',
      'Loại đơn vị (kind)',
      'Điện thoại (phone)',
      'Thư điện tử (email)',
    ];
    const bad = await xlsx([
      header,
      ['000.31.00.H99', 'Ủy ban MTTQ xã Excel', '000.00.00.H99', 'commune', 'committee', 912345678, null],
    ]);
    const dry = await upload(importer, '/api/imports/units?dryRun=true', 'don-vi.xlsx', bad);
    expect(dry.json().format).toBe('xlsx');
    expect(dry.json().issues).toMatchObject([{ row: 2, column: 'phone', value: '912345678' }]);
    expect(dry.json().issues[0].message.vi).toMatch(/mất số 0 đầu/);

    const good = await xlsx([
      header,
      [
        '000.31.00.H99',
        { richText: [{ text: 'Ủy ban MTTQ ' }, { text: 'xã Excel', font: { bold: true } }] },
        '000.00.00.H99',
        'Xã/Phường/Đặc khu',
        'Ủy ban MTTQ',
        '0912345678',
        { text: 'excel@mattran.test', hyperlink: 'mailto:excel@mattran.test' },
      ],
    ]);
    const applied = await upload(importer, '/api/imports/units', 'don-vi.xlsx', good);
    expect(applied.statusCode).toBe(200);
    expect(applied.json().created).toBe(1);
    const [row] = await ctx.platform.db.select().from(unit).where(eq(unit.code, '000.31.00.H99'));
    expect(row).toMatchObject({
      name: 'Ủy ban MTTQ xã Excel',
      phone: '0912345678',
      email: 'excel@mattran.test',
    });
  });

  it('refuses files that are not XLSX or UTF-8 CSV, judging by content not by name', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const picture = await upload(importer, '/api/imports/units?dryRun=true', 'don-vi.csv', png);
    expect(picture.statusCode).toBe(415);
    expect(picture.json().error.message).toMatch(/CSV mã hóa UTF-8/);
    const latin1 = Buffer.from('Mã định danh (code)\n000.01.H99,Xã Tân Lập\n', 'latin1');
    const windows = await upload(importer, '/api/imports/units?dryRun=true', 'don-vi.csv', latin1);
    expect(windows.statusCode).toBe(415);
    const fakeZip = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64)]);
    const broken = await upload(importer, '/api/imports/units?dryRun=true', 'don-vi.xlsx', fakeZip);
    expect(broken.statusCode).toBe(415);
    const missing = await upload(
      importer,
      '/api/imports/units?dryRun=true',
      'x.csv',
      Buffer.from('Tên,Ghi chú\na,b\n'),
    );
    expect(missing.statusCode).toBe(200);
    expect(missing.json().issues.map((i: { column: string }) => i.column)).toEqual([
      'code',
      'name',
      'parentCode',
      'level',
      'kind',
    ]);
    const json = await importer.post('/api/imports/units', { rows: [] });
    expect(json.statusCode).toBe(415);
  });

  it('offers a template that imports once filled in', async () => {
    const template = await importer.get('/api/imports/units/template.xlsx');
    expect(template.statusCode).toBe(200);
    expect(template.headers['content-type']).toMatch(/spreadsheetml/);
    expect(template.headers['content-disposition']).toMatch(/mau-nhap-don-vi\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Mã định danh (code)');
    expect(workbook.getWorksheet('Hướng dẫn')).toBeDefined();
    sheet.addRow([
      '000.41.00.H99',
      'Ủy ban MTTQ xã Từ Mẫu',
      null,
      '000.00.00.H99',
      'Xã/Phường/Đặc khu',
      'Ủy ban MTTQ',
    ]);
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());
    const applied = await upload(importer, '/api/imports/units', 'mau.xlsx', filled);
    expect(applied.json()).toMatchObject({ valid: true, created: 1 });

    const staffTemplate = await importer.get('/api/imports/staff/template.xlsx');
    expect(staffTemplate.statusCode).toBe(200);
    expect(staffTemplate.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('importing staff', () => {
  it('creates accounts without passwords and grants the roles listed (semicolon CSV with BOM)', async () => {
    const db = ctx.platform.db;
    const file = await fixture('staff-good.csv');
    const applied = await upload(importer, '/api/imports/staff', 'can-bo.csv', file);
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ valid: true, created: 3, rows: 3 });
    const people = await db
      .select()
      .from(staff)
      .where(inArray(staff.username, ['chutich.tanlap', 'vanthu.tanlap', 'canbo.tanlap']));
    expect(people.map((p) => [p.username, p.unitId, p.position]).sort()).toEqual([
      ['canbo.tanlap', province.id, 'Chuyên viên'],
      ['chutich.tanlap', province.id, 'Chủ tịch'],
      ['vanthu.tanlap', province.id, 'Văn thư'],
    ]);
    const grants = await db
      .select()
      .from(roleAssignment)
      .where(
        inArray(
          roleAssignment.staffId,
          people.map((p) => p.id),
        ),
      );
    expect(grants.map((g) => g.roleId).sort()).toEqual(['clerk', 'leader']);
    const secrets = await db
      .select()
      .from(credential)
      .where(
        inArray(
          credential.staffId,
          people.map((p) => p.id),
        ),
      );
    expect(secrets.map((c) => c.passwordHash)).toEqual([null, null, null]);
    const listed = await importer.get(`/api/staff?q=${encodeURIComponent('nguyen van tam')}`);
    expect(listed.json().items.map((s: { username: string }) => s.username)).toEqual(['chutich.tanlap']);
  });

  it('reports every bad staff row and writes none of them', async () => {
    const db = ctx.platform.db;
    await buildStaff(db, { unitId: province.id, username: 'da.co.san' });
    const file = await fixture('staff-bad.csv');
    const dry = await upload(importer, '/api/imports/staff?dryRun=true', 'loi.csv', file);
    const report = dry.json() as ImportReport;
    expect(issuesOf(report)).toEqual([
      '3:username',
      '4:username',
      '5:fullName',
      '6:unitCode',
      '7:email',
      '8:email',
      '9:role',
      '10:role',
    ]);
    const byRow = Object.fromEntries(report.issues.map((i) => [i.row, i]));
    expect(byRow[4]!.message.vi).toMatch(/trùng với dòng 2/);
    expect(byRow[9]!.message.vi).toMatch(/không được giao vai trò "Quản trị hệ thống"/);
    expect(byRow[10]!.message.en).toMatch(/Unknown role/);

    const applied = await upload(importer, '/api/imports/staff', 'loi.csv', file);
    expect(applied.statusCode).toBe(400);
    expect(await db.select().from(staff).where(eq(staff.username, 'hople.mot'))).toHaveLength(0);
  });

  it('refuses units outside the importer’s scope', async () => {
    const content = Buffer.from(
      `Tên đăng nhập (username),Họ và tên (fullName),Mã đơn vị (unitCode)\ncanbo.ngoai,Ngô Văn Ngoại,${tree.communeB.code}\n`,
    );
    const dry = await upload(importer, '/api/imports/staff?dryRun=true', 'ngoai.csv', content);
    expect(dry.json().issues).toMatchObject([{ row: 2, column: 'unitCode' }]);
    expect(dry.json().issues[0].message.vi).toMatch(/trong phạm vi bạn quản lý/);
  });
});
