import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree, buildUnit } from '../../../test/factories.ts';
import { createTestContext, type TestClient } from '../../../test/harness.ts';
import { createNotifier } from '../notifications/index.ts';
import { acknowledgementRate, seedDemoDirective, sweepDirectives } from './index.ts';

const ctx = await createTestContext();
afterAll(() => ctx.close());
const db = ctx.platform.db;
const notifier = createNotifier(ctx.platform);

const HOUR = 3_600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

let tree: Awaited<ReturnType<typeof buildTree>>;
let communes: Array<{ id: string; name: string }>;
let leader: TestClient; // Lãnh đạo, province A
let responder: TestClient; // Cán bộ, first commune of province A
let responderId: string;
let communeLeaderId: string;
let leaderId: string;

async function signIn(unitId: string, roleId: string) {
  const person = await buildStaff(db, { unitId, roles: [{ roleId }] });
  const client = ctx.client();
  await client.login(person.username, person.password);
  return { client, id: person.id };
}

const send = (client: TestClient, body: Record<string, unknown>) =>
  client.post('/api/directives', {
    title: 'Triển khai Ngày hội Đại đoàn kết toàn dân tộc',
    body: 'Đề nghị các đơn vị xác nhận và tổ chức.',
    deadline: inHours(48),
    action: 'acknowledge',
    ...body,
  });

const directiveCount = async () =>
  (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM directive`)).rows[0]!.n;

beforeAll(async () => {
  tree = await buildTree(db);
  const more = [];
  for (const name of ['Ủy ban MTTQ phường Đông Hà', 'Ủy ban MTTQ xã Hải Lăng']) {
    more.push(await buildUnit(db, { parentId: tree.provinceA.id, name, levelId: 'commune' }));
  }
  communes = [tree.communeA, ...more];
  ({ client: leader, id: leaderId } = await signIn(tree.provinceA.id, 'leader'));
  ({ client: responder, id: responderId } = await signIn(tree.communeA.id, 'member'));
  communeLeaderId = (await buildStaff(db, { unitId: tree.communeA.id, roles: [{ roleId: 'leader' }] })).id;
});

describe('sending a directive', () => {
  it('to a subtree reaches every unit below the sender, not the sender itself', async () => {
    const response = await send(leader, { recipients: { subtreeOf: tree.provinceA.id } });
    expect(response.statusCode).toBe(201);
    const { directive, counts } = response.json();
    expect(directive.recipientCount).toBe(3);
    expect(counts).toMatchObject({ sent: 3, total: 3 });
    const board = (await leader.get(`/api/directives/${directive.id}/board`)).json();
    expect(board.rows.map((r: { unitId: string }) => r.unitId).sort()).toEqual(
      communes.map((c) => c.id).sort(),
    );
  });

  it('to a level reaches only the units of that level inside the sender scope', async () => {
    const response = await send(leader, { recipients: { level: 'commune' } });
    expect(response.statusCode).toBe(201);
    const board = (await leader.get(`/api/directives/${response.json().directive.id}/board`)).json();
    expect(board.total).toBe(3);
    expect(board.rows.map((r: { unitId: string }) => r.unitId)).not.toContain(tree.communeB.id);
  });

  it('to a list out of scope is refused and writes nothing', async () => {
    const before = await directiveCount();
    const response = await send(leader, { recipients: { unitIds: [tree.communeA.id, tree.communeB.id] } });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain('ngoài phạm vi');
    const within = await send(leader, { recipients: { level: 'commune', within: tree.provinceB.id } });
    expect(within.statusCode).toBe(403);
    expect(await directiveCount()).toBe(before);
  });

  it('with no recipient or a past deadline answers 400 in Vietnamese and rolls back', async () => {
    const before = await directiveCount();
    const empty = await send(leader, { recipients: { level: 'residential' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('Chưa chọn đơn vị nhận');
    const past = await send(leader, { deadline: inHours(-1), recipients: { subtreeOf: tree.provinceA.id } });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.message).toContain('Hạn xử lý đã qua');
    // The directive row of the empty selection was inserted before the recipients: rolled back with them.
    expect(await directiveCount()).toBe(before);
  });

  it('is refused to staff without directives.send', async () => {
    const response = await send(responder, { recipients: { subtreeOf: tree.communeA.id } });
    expect(response.statusCode).toBe(403);
  });

  it('publishes to each recipient unit on commit', async () => {
    const received: Array<Record<string, unknown>> = [];
    const off = ctx.platform.realtime.subscribe(`unit:${tree.communeA.id}`, (data) => received.push(data));
    await ctx.platform.realtime.ready();
    const response = await send(leader, { urgent: true, recipients: { unitIds: [tree.communeA.id] } });
    const id = response.json().directive.id;
    await expect
      .poll(() => received.find((d) => d.id === id))
      .toMatchObject({
        type: 'directive',
        urgent: true,
        title: 'Triển khai Ngày hội Đại đoàn kết toàn dân tộc',
      });
    off();
  });
});

describe('who receives and who answers', () => {
  it('a subtree or a level names Front committees, not their departments; the province does not answer for its communes', async () => {
    const department = await buildUnit(db, {
      parentId: tree.communeA.id,
      name: 'Văn phòng Ủy ban MTTQ',
      levelId: 'commune',
      kind: 'department',
    });
    for (const recipients of [{ subtreeOf: tree.provinceA.id }, { level: 'commune' }]) {
      const id = (await send(leader, { recipients })).json().directive.id;
      const board = (await leader.get(`/api/directives/${id}/board`)).json();
      expect(board.rows.map((r: { unitId: string }) => r.unitId).sort()).toEqual(
        communes.map((c) => c.id).sort(),
      );
      // A province clerk sees the directives of the communes in scope but acknowledges none of them.
      const { client: provinceClerk } = await signIn(tree.provinceA.id, 'member');
      expect((await provinceClerk.get(`/api/directives/${id}`)).statusCode).toBe(404);
      expect((await provinceClerk.post(`/api/directives/${id}/acknowledge`, {})).statusCode).toBe(404);
      // Staff of the commune's own office answer for their commune.
      const { client: officeClerk } = await signIn(department.id, 'member');
      expect((await officeClerk.post(`/api/directives/${id}/acknowledge`, {})).json()).toMatchObject({
        unitId: tree.communeA.id,
        status: 'acknowledged',
      });
    }
  });
});

describe('the recipient side and the board', () => {
  it('seen, acknowledged on time, counted on the board, live', async () => {
    const id = (await send(leader, { recipients: { subtreeOf: tree.provinceA.id } })).json().directive.id;
    const events: Array<Record<string, unknown>> = [];
    const off = ctx.platform.realtime.subscribe(`directive:${id}`, (data) => events.push(data));
    await ctx.platform.realtime.ready();

    const inbox = (await responder.get('/api/directives?box=received')).json();
    expect(inbox.items.find((d: { id: string }) => d.id === id)?.myStatus).toBe('sent');
    const seen = await responder.post(`/api/directives/${id}/seen`, {});
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ unitId: tree.communeA.id, status: 'seen' });
    const ack = await responder.post(`/api/directives/${id}/acknowledge`, {});
    expect(ack.json()).toMatchObject({ status: 'acknowledged', onTime: true });
    // A second acknowledgement changes nothing.
    expect((await responder.post(`/api/directives/${id}/acknowledge`, {})).json().acknowledgedAt).toBe(
      ack.json().acknowledgedAt,
    );

    const board = (await leader.get(`/api/directives/${id}/board?status=acknowledged`)).json();
    expect(board.counts).toMatchObject({ sent: 2, seen: 0, acknowledged: 1, total: 3 });
    expect(board.rows).toHaveLength(1);
    await expect.poll(() => events.map((e) => e.status)).toEqual(['seen', 'acknowledged']);
    off();

    // The recipient sees its own row, not the board; an outsider sees nothing.
    const detail = (await responder.get(`/api/directives/${id}`)).json();
    expect(detail.counts).toBeNull();
    expect(detail.mine).toHaveLength(1);
    const { client: outsider } = await signIn(tree.communeB.id, 'member');
    expect((await outsider.get(`/api/directives/${id}`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/directives/${id}/acknowledge`, {})).statusCode).toBe(404);
    expect((await responder.get(`/api/directives/${id}/board`)).statusCode).toBe(403);
  });

  it('a figure report is checked against the action', async () => {
    const id = (
      await send(leader, { action: 'figure', figureLabel: 'hộ', recipients: { unitIds: [tree.communeA.id] } })
    ).json().directive.id;
    const text = await responder.post(`/api/directives/${id}/report`, { text: 'Đã triển khai' });
    expect(text.statusCode).toBe(400);
    expect(text.json().error.message).toContain('số liệu');
    const notNumber = await responder.post(`/api/directives/${id}/report`, { figure: 'nhiều' });
    expect(notNumber.statusCode).toBe(400);
    const ok = await responder.post(`/api/directives/${id}/report`, { figure: 1250 });
    expect(ok.json()).toMatchObject({ status: 'reported', reportFigure: 1250, onTime: true });
    expect((await responder.post(`/api/directives/${id}/report`, { figure: 1 })).statusCode).toBe(409);

    const ackOnly = (await send(leader, { recipients: { unitIds: [tree.communeA.id] } })).json().directive.id;
    const refused = await responder.post(`/api/directives/${ackOnly}/report`, { text: 'Báo cáo' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('chỉ yêu cầu xác nhận');
  });

  it('a written report carries attachments checked by content', async () => {
    const id = (await send(leader, { action: 'report', recipients: { unitIds: [tree.communeA.id] } })).json()
      .directive.id;
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const refused = await responder.request(
      multipart({ text: 'Báo cáo' }, [['ghi-chu.png', Buffer.from('không phải ảnh')]], id),
    );
    expect(refused.statusCode).toBe(415);
    const response = await responder.request(
      multipart({ text: 'Đã tổ chức tại 12 khu dân cư' }, [['anh-hoi-nghi.png', png]], id),
    );
    expect(response.statusCode).toBe(200);
    const row = response.json();
    expect(row).toMatchObject({ status: 'reported', reportText: 'Đã tổ chức tại 12 khu dân cư' });
    expect(row.attachments).toEqual([
      expect.objectContaining({ name: 'anh-hoi-nghi.png', contentType: 'image/png', size: png.length }),
    ]);
    expect(await ctx.platform.storage.get(row.attachments[0].key)).toEqual(png);
    // The sender and the reporting unit download it; another unit does not see it.
    const url = `/api/directives/${id}/attachments/${row.attachments[0].key}`;
    const download = await leader.get(url);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.rawPayload).toEqual(png);
    expect((await responder.get(url)).statusCode).toBe(200);
    const { client: outsider } = await signIn(tree.communeB.id, 'member');
    expect((await outsider.get(url)).statusCode).toBe(404);
  });

  it('a cancelled directive takes no more answers', async () => {
    const id = (await send(leader, { recipients: { unitIds: [tree.communeA.id] } })).json().directive.id;
    const cancelled = await leader.post(`/api/directives/${id}/cancel`, {});
    expect(cancelled.json().directive.cancelledAt).not.toBeNull();
    expect((await responder.post(`/api/directives/${id}/acknowledge`, {})).statusCode).toBe(409);
  });
});

describe('reminders and escalation', () => {
  it('reminds once per offset, escalates overdue units once to their leader and the sender', async () => {
    const deadline = new Date(Date.now() + 30 * HOUR);
    const id = (
      await send(leader, {
        title: 'Báo cáo tình hình an ninh trật tự',
        deadline: deadline.toISOString(),
        recipients: { subtreeOf: tree.provinceA.id },
      })
    ).json().directive.id;
    // One commune acknowledges; the other two stay silent.
    await leader.get(`/api/directives/${id}`);
    await responder.post(`/api/directives/${id}/acknowledge`, {});
    const notices = async (staffId: string, kind: string) =>
      (
        await db.execute<{ title: string; is_urgent: boolean; body: string | null }>(sql`
          SELECT title, is_urgent, body FROM notification WHERE staff_id = ${staffId} AND kind = ${kind}
             AND link = ${`/directives/${id}`}`)
      ).rows;
    const silentResponder = await buildStaff(db, { unitId: communes[1]!.id, roles: [{ roleId: 'member' }] });

    const dayBefore = new Date(deadline.getTime() - 23 * HOUR);
    const first = await sweepDirectives(db, notifier, dayBefore);
    expect(first.reminded).toBeGreaterThanOrEqual(2);
    expect(await notices(silentResponder.id, 'directive.reminder')).toHaveLength(1);
    expect(await notices(responderId, 'directive.reminder')).toHaveLength(0); // acknowledged
    expect((await sweepDirectives(db, notifier, dayBefore)).reminded).toBe(0);
    await sweepDirectives(db, notifier, new Date(deadline.getTime() - HOUR)); // the 2-hour reminder
    expect(await notices(silentResponder.id, 'directive.reminder')).toHaveLength(2);

    const late = new Date(deadline.getTime() + 60_000);
    await sweepDirectives(db, notifier, late);
    await sweepDirectives(db, notifier, new Date(late.getTime() + 60_000));
    // (The board's "overdue" filter reads the wall clock; here the sweep ran at a chosen time.)
    const board = (await leader.get(`/api/directives/${id}/board`)).json();
    const escalated = board.rows.filter((r: { escalatedAt: string | null }) => r.escalatedAt);
    expect(escalated.map((r: { unitId: string }) => r.unitId).sort()).toEqual(
      [communes[1]!.id, communes[2]!.id].sort(),
    );
    // communeA acknowledged: its leader hears nothing; the sender gets one summary listing both.
    expect(await notices(communeLeaderId, 'directive.escalation')).toHaveLength(0);
    const summary = await notices(leaderId, 'directive.overdue_summary');
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({ is_urgent: true });
    expect(summary[0]!.title).toContain('2 đơn vị quá hạn');
    expect(summary[0]!.body).toContain(communes[1]!.name);
    // The scorecard's figure: one of three units acknowledged on time.
    const window = { from: new Date(deadline.getTime() - 1000), to: new Date(deadline.getTime() + 1000) };
    const rate = await acknowledgementRate(db, { ...window, unitIds: communes.map((c) => c.id), now: late });
    expect(rate).toEqual({ due: 3, onTime: 1, late: 0, missing: 2, rate: 1 / 3 });
    expect((await acknowledgementRate(db, { ...window, now: dayBefore })).due).toBe(1); // only the acknowledged one
  });

  it('escalates to the leader of the overdue unit, urgent', async () => {
    const deadline = new Date(Date.now() + HOUR);
    const id = (
      await send(leader, { deadline: deadline.toISOString(), recipients: { unitIds: [tree.communeA.id] } })
    ).json().directive.id;
    await sweepDirectives(db, notifier, new Date(deadline.getTime() + 60_000));
    const rows = (
      await db.execute<{ is_urgent: boolean }>(sql`
        SELECT is_urgent FROM notification WHERE staff_id = ${communeLeaderId} AND kind = 'directive.escalation'
           AND link = ${`/directives/${id}`}`)
    ).rows;
    expect(rows).toEqual([{ is_urgent: true }]);
  });
});

describe('export', () => {
  it('XLSX opens and CSV is readable Vietnamese', async () => {
    const id = (await send(leader, { recipients: { subtreeOf: tree.provinceA.id } })).json().directive.id;
    await responder.post(`/api/directives/${id}/acknowledge`, {});
    const xlsx = await leader.get(`/api/directives/${id}/export.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Tiến độ chỉ đạo')!;
    expect(sheet.getRow(4).getCell(2).value).toBe('Đơn vị');
    const names = [5, 6, 7].map((n) => sheet.getRow(n).getCell(2).value);
    expect(names).toContain('Ủy ban MTTQ xã An Bình');
    const csv = await leader.get(`/api/directives/${id}/export.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFFSTT,Đơn vị,Mã đơn vị,Trạng thái')).toBe(true);
    expect(csv.body).toMatch(/Ủy ban MTTQ xã An Bình,[^,]*,Đã xác nhận/);
    expect(csv.body.trim().split('\r\n')).toHaveLength(4);
  });
});

describe('the demo directive', () => {
  it('reaches the communes of the province with some answers already on the board', async () => {
    const id = await seedDemoDirective(db, { senderUnitId: tree.provinceA.id, senderStaffId: leaderId });
    const board = (await leader.get(`/api/directives/${id}/board`)).json();
    expect(board.counts).toMatchObject({ total: 3, seen: 1, sent: 2 });
  });
});

describe('scale', () => {
  it('one directive to 3,355 units in one request', async () => {
    const province = await buildUnit(db, {
      parentId: tree.central.id,
      levelId: 'province',
      name: 'Tỉnh lớn',
    });
    await db.execute(sql`
      INSERT INTO unit (parent_id, level_id, kind, name, code)
      SELECT ${province.id}, 'commune', 'committee', 'Ủy ban MTTQ xã số ' || g, NULL FROM generate_series(1, 3355) g`);
    const { client: bigLeader } = await signIn(province.id, 'leader');
    const response = await send(bigLeader, { recipients: { level: 'commune', within: province.id } });
    expect(response.statusCode).toBe(201);
    const id = response.json().directive.id;
    expect(response.json().directive.recipientCount).toBe(3355);
    const board = (await bigLeader.get(`/api/directives/${id}/board?limit=50`)).json();
    expect(board.counts.sent).toBe(3355);
    expect(board.rows).toHaveLength(50);
  });
});

/** A multipart/form-data report: text fields and files named `attachments`. */
function multipart(fields: Record<string, string>, files: Array<[string, Buffer]>, id: string) {
  const boundary = `----mtsdir${Math.random().toString(36).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  for (const [fileName, bytes] of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    method: 'POST' as const,
    url: `/api/directives/${id}/report`,
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
