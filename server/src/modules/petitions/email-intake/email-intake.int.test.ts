import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree, buildUnit } from '../../../../test/factories.ts';
import { createTestContext } from '../../../../test/harness.ts';
import { type EmailIntake, FULL_TEXT_NAME, startEmailIntake } from './index.ts';

const MAILBOX = 'kiennghi@lamdong.mattran.vn';
const UNIT_CODE = '000.00.77.H77';
const LIMIT = 1024 * 1024; // a small SIZE limit for the oversize case

const ctx = await createTestContext({
  PETITIONS_INBOUND_SMTP_PORT: '0',
  PETITIONS_INBOUND_ADDRESS: `${MAILBOX}, hopthu@lamdong.mattran.vn`,
  PETITIONS_INBOUND_UNIT: UNIT_CODE,
});
const db = ctx.platform.db;
let intake: EmailIntake;
let unitId: string;
let clerkId: string;
let transport: ReturnType<typeof nodemailer.createTransport>;

afterAll(async () => {
  transport?.close();
  await intake?.close();
  await ctx.close();
});

beforeAll(async () => {
  const tree = await buildTree(db);
  unitId = (
    await buildUnit(db, {
      parentId: tree.provinceA.id,
      name: 'Ủy ban MTTQ tỉnh Lâm Đồng (hộp thư kiến nghị)',
      levelId: 'province',
      code: UNIT_CODE,
    })
  ).id;
  clerkId = (await buildStaff(db, { unitId, roles: [{ roleId: 'clerk' }] })).id;
  intake = await startEmailIntake(ctx.platform, { host: '127.0.0.1', maxMessageBytes: LIMIT });
  transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: intake.port,
    secure: false,
    ignoreTLS: true,
  });
});

function png() {
  const image = new PNG({ width: 4, height: 4 });
  image.data.fill(200);
  return PNG.sync.write(image);
}
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

type DraftRow = {
  id: string;
  status: string;
  channel: string;
  title: string;
  description: string;
  unit_id: string;
  subject_code: string;
  name: string | null;
  email: string | null;
  consent: boolean;
  notify_by_email: boolean;
};

async function draftBySerial(response: string): Promise<DraftRow> {
  const serial = /ban nhap so (\d+)/.exec(response)?.[1];
  expect(serial, response).toBeDefined();
  const result = await db.execute<DraftRow>(sql`
    SELECT p.id, p.status, p.channel, p.title, p.description, p.unit_id, p.subject_code, pp.name, pp.email,
           pp.consent_at IS NOT NULL AS consent, pp.notify_by_email
      FROM petition p LEFT JOIN petition_person pp ON pp.petition_id = p.id WHERE p.serial = ${Number(serial)}`);
  return result.rows[0]!;
}

const mediaOf = async (petitionId: string) =>
  (
    await db.execute<{ name: string; content_type: string; storage_key: string; size: number }>(
      sql`SELECT name, content_type, storage_key, size FROM petition_media WHERE petition_id = ${petitionId} ORDER BY name`,
    )
  ).rows;

const draftCount = async () =>
  (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM petition WHERE channel = 'email'`))
    .rows[0]!.n;

describe('e-mail intake over real SMTP', () => {
  it('turns a message to the mailbox into a draft petition with the sender as petitioner', async () => {
    const info = await transport.sendMail({
      from: '"Nguyễn Văn Dân" <Dan.Nguyen@example.vn>',
      to: MAILBOX,
      subject: 'Đề nghị sửa cầu treo thôn Đạ Nghịt',
      text: 'Kính gửi Ủy ban MTTQ tỉnh,\r\n\r\nCầu treo thôn Đạ Nghịt đã hư hỏng, học sinh đi lại nguy hiểm.   \r\nĐề nghị sớm sửa chữa.\r\n',
      attachments: [
        { filename: 'cau-treo.png', content: png() },
        { filename: 'don-kien-nghi.pdf', content: pdf },
        { filename: 'anh-gia.jpg', content: Buffer.from('<html><script>alert(1)</script></html>') },
      ],
    });
    expect(info.response).toMatch(/^250 .*ban nhap so \d+/);
    const draft = await draftBySerial(info.response);
    expect(draft).toMatchObject({
      status: 'draft',
      channel: 'email',
      title: 'Đề nghị sửa cầu treo thôn Đạ Nghịt',
      description:
        'Kính gửi Ủy ban MTTQ tỉnh,\n\nCầu treo thôn Đạ Nghịt đã hư hỏng, học sinh đi lại nguy hiểm.\nĐề nghị sớm sửa chữa.',
      unit_id: unitId,
      subject_code: 'khac',
      name: 'Nguyễn Văn Dân',
      email: 'dan.nguyen@example.vn',
      consent: true,
      notify_by_email: true,
    });
    const media = await mediaOf(draft.id);
    expect(media.map((m) => [m.name, m.content_type])).toEqual([
      ['cau-treo.png', 'image/png'],
      ['don-kien-nghi.pdf', 'application/pdf'],
    ]);
    expect(await ctx.platform.storage.get(media[1]!.storage_key)).toEqual(pdf);
    const logged = await db.execute<{ skipped: string[]; truncated: boolean }>(
      sql`SELECT skipped, truncated FROM petition_inbound_email WHERE petition_id = ${draft.id}`,
    );
    expect(logged.rows[0]).toEqual({ skipped: ['anh-gia.jpg'], truncated: false });
    const events = await db.execute<{ kind: string; internal_note: string | null }>(
      sql`SELECT kind, internal_note FROM petition_event WHERE petition_id = ${draft.id} ORDER BY id`,
    );
    expect(events.rows.map((e) => e.kind)).toEqual(['drafted', 'email_details']);
    expect(events.rows[1]!.internal_note).toContain('anh-gia.jpg');
    const audit = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${draft.id} AND action = 'petition.drafted'`,
    );
    expect(audit.rows[0]!.n).toBe(1);
    const notices = await db.execute<{ title: string; link: string }>(
      sql`SELECT title, link FROM notification WHERE staff_id = ${clerkId} AND kind = 'petition.email_draft'`,
    );
    expect(notices.rows).toEqual([
      {
        title: 'Kiến nghị qua thư điện tử chờ xác nhận: Đề nghị sửa cầu treo thôn Đạ Nghịt',
        link: `/petitions/${draft.id}`,
      },
    ]);
  });

  it('converts an HTML-only body to plain text without markup or scripts', async () => {
    const info = await transport.sendMail({
      from: 'cutri@example.vn',
      to: 'HopThu@LamDong.MatTran.vn',
      subject: '   ',
      html: '<html><head><style>p{color:red}</style></head><body><p>Đèn đường <b>thôn 5</b> hỏng.</p><script>alert("x")</script><img src="https://tracker.example/p.gif"></body></html>',
    });
    const draft = await draftBySerial(info.response);
    expect(draft.title).toBe('Kiến nghị gửi qua thư điện tử');
    expect(draft.description).toBe('Đèn đường thôn 5 hỏng.');
    expect(draft.name).toBeNull();
    expect(draft.email).toBe('cutri@example.vn');
  });

  it('refuses mail for any other address at RCPT TO (550) and records nothing', async () => {
    const before = await draftCount();
    const error = await transport
      .sendMail({
        from: 'spam@example.com',
        to: 'giamdoc@lamdong.mattran.vn',
        subject: 'Quảng cáo',
        text: 'Mua ngay',
      })
      .then(
        () => null,
        (e: { responseCode?: number; response?: string }) => e,
      );
    expect(error?.responseCode).toBe(550);
    expect(error?.response).toContain('mailbox unavailable');
    expect(await draftCount()).toBe(before);
  });

  it('a 50 kB body: the description is cut at 10,000 characters, the whole text kept as an attachment', async () => {
    const paragraph =
      'Cử tri thôn 2 phản ánh tình trạng ô nhiễm từ cơ sở chăn nuôi heo gần khu dân cư, mùi hôi kéo dài nhiều tháng.';
    const body = Array.from({ length: 460 }, (_, i) => `${i + 1}. ${paragraph}`).join('\n\n');
    expect(body.length).toBeGreaterThan(50_000);
    const info = await transport.sendMail({
      from: 'dai@example.vn',
      to: MAILBOX,
      subject: 'Ô nhiễm chăn nuôi',
      text: body,
    });
    const draft = await draftBySerial(info.response);
    expect(draft.description.length).toBeLessThanOrEqual(10_000);
    expect(draft.description.startsWith(`1. ${paragraph}`)).toBe(true);
    expect(draft.description).toContain(`toàn văn ở tệp đính kèm "${FULL_TEXT_NAME}"`);
    const [full] = await mediaOf(draft.id);
    expect(full).toMatchObject({ name: FULL_TEXT_NAME, content_type: 'text/plain; charset=utf-8' });
    expect((await ctx.platform.storage.get(full!.storage_key)).toString('utf8')).toBe(body);
    const logged = await db.execute<{ truncated: boolean }>(
      sql`SELECT truncated FROM petition_inbound_email WHERE petition_id = ${draft.id}`,
    );
    expect(logged.rows[0]!.truncated).toBe(true);
  });

  it('refuses an oversized message (552) and an empty one (554), recording nothing', async () => {
    const before = await draftCount();
    const tooBig = await transport
      .sendMail({
        from: 'big@example.vn',
        to: MAILBOX,
        subject: 'Ảnh lớn',
        text: 'Xem ảnh',
        attachments: [
          {
            filename: 'lon.jpg',
            content: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(LIMIT)]),
          },
        ],
      })
      .then(
        () => null,
        (e: { responseCode?: number; response?: string }) => e,
      );
    expect(tooBig?.responseCode).toBe(552);
    const empty = await transport
      .sendMail({ from: 'empty@example.vn', to: MAILBOX, subject: 'Không có gì', text: '' })
      .then(
        () => null,
        (e: { responseCode?: number; response?: string }) => e,
      );
    expect(empty?.responseCode).toBe(554);
    expect(empty?.response).toContain('khong co noi dung');
    expect(await draftCount()).toBe(before);
  });

  it('a message delivered twice (same Message-ID) becomes one draft', async () => {
    const message = {
      from: 'lap@example.vn',
      to: MAILBOX,
      subject: 'Kiến nghị gửi lại',
      text: 'Nội dung kiến nghị.',
      messageId: '<lap-lai-1@example.vn>',
    };
    const first = await transport.sendMail(message);
    const before = await draftCount();
    const second = await transport.sendMail(message);
    expect(second.response).toContain('already received');
    expect(await draftCount()).toBe(before);
    expect(second.response).toContain(/ban nhap so (\d+)/.exec(first.response)![1]);
  });
});
