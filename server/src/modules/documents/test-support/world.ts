import type { LightMyRequestResponse } from 'fastify';
import { buildStaff, buildUnit } from '../../../../test/factories.ts';
import type { TestClient, TestContext } from '../../../../test/harness.ts';

let ip = 0;

/**
 * A province committee (symbol MTTQ-BTT) with a department below it and a neighbouring province:
 * a clerk (văn thư), a leader (lãnh đạo) and specialists (chuyên viên), each signed in.
 */
export async function buildDocumentsWorld(ctx: TestContext) {
  const db = ctx.platform.db;
  const central = await buildUnit(db, {
    name: 'Ủy ban Trung ương MTTQ Việt Nam',
    levelId: 'central',
    symbol: 'MTTW-BTT',
  });
  const province = await buildUnit(db, {
    parentId: central.id,
    name: 'Ủy ban MTTQ tỉnh Thử Nghiệm',
    levelId: 'province',
    symbol: 'MTTQ-BTT',
  });
  const department = await buildUnit(db, {
    parentId: province.id,
    name: 'Ban Tuyên giáo',
    levelId: 'province',
    kind: 'department',
    symbol: 'MTTQ-BTG',
  });
  const neighbour = await buildUnit(db, {
    parentId: central.id,
    name: 'Ủy ban MTTQ tỉnh Láng Giềng',
    levelId: 'province',
    symbol: 'MTTQ-BTT',
  });

  async function person(unitId: string, roleId: string, fullName: string) {
    const staff = await buildStaff(db, { unitId, fullName, roles: [{ roleId }] });
    const client = ctx.client();
    ip += 1;
    client.ip = `127.33.${Math.floor(ip / 250)}.${(ip % 250) + 1}`;
    await client.login(staff.username, staff.password);
    return { staff, client };
  }

  const clerk = await person(province.id, 'clerk', 'Trần Thị Văn Thư');
  const leader = await person(province.id, 'leader', 'Nguyễn Văn Lãnh Đạo');
  const specialist = await person(province.id, 'specialist', 'Lê Văn Chuyên Viên');
  const deptSpecialist = await person(department.id, 'specialist', 'Phạm Thị Ban Tuyên Giáo');
  const neighbourClerk = await person(neighbour.id, 'clerk', 'Hoàng Văn Văn Thư Láng Giềng');
  const neighbourSpecialist = await person(neighbour.id, 'specialist', 'Đỗ Thị Láng Giềng');
  const neighbourLeader = await person(neighbour.id, 'leader', 'Vũ Văn Lãnh Đạo Láng Giềng');
  return {
    person,
    neighbourLeader,
    central,
    province,
    department,
    neighbour,
    clerk,
    leader,
    specialist,
    deptSpecialist,
    neighbourClerk,
    neighbourSpecialist,
  };
}

/** A multipart/form-data upload of one file, as the staff app's upload field sends it. */
export function upload(
  client: TestClient,
  query: { unitId: string; purpose?: 'scan' | 'draft' },
  file: Buffer,
  fileName = 'van-ban.pdf',
): Promise<LightMyRequestResponse> {
  const boundary = `----mtsdoc${Math.random().toString(36).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const search = new URLSearchParams({ unitId: query.unitId, purpose: query.purpose ?? 'scan' });
  return client.request({
    method: 'POST',
    url: `/api/document-uploads?${search}`,
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

/** Uploads and returns the upload id; throws unless the server answers 201. */
export async function uploadOk(
  client: TestClient,
  unitId: string,
  file: Buffer,
  purpose: 'scan' | 'draft' = 'scan',
) {
  const response = await upload(
    client,
    { unitId, purpose },
    file,
    purpose === 'draft' ? 'du-thao.docx' : 'ban-quet.pdf',
  );
  if (response.statusCode !== 201) throw new Error(`upload failed: ${response.statusCode} ${response.body}`);
  return response.json().id as string;
}

/** A minimal DOCX (a ZIP naming word/document.xml), enough for content sniffing. */
export const sampleDocx = (marker = Math.random().toString(36)) =>
  Buffer.concat([
    Buffer.from([0x50, 0x4b, 0x03, 0x04]),
    Buffer.from(`[Content_Types].xml word/document.xml ${marker}`),
  ]);

/** Today and a day `offset` days away, in Vietnam. */
export function vnDate(offset = 0) {
  return new Date(Date.now() + 7 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
}
