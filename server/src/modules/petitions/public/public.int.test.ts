import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree } from '../../../../test/factories.ts';
import { createTestContext, type TestClient, type TestContext } from '../../../../test/harness.ts';
import type { Database } from '../../../db/client.ts';
import { systemAuditContext } from '../../../platform/audit/index.ts';
import { createPetition } from '../intake.ts';
import {
  petition,
  petitionAnswer,
  petitionForward,
  petitionMedia,
  petitionPerson,
  petitionRecipient,
} from '../petitions.schema.ts';
import { formTokenKey, issueFormToken } from './form-token.ts';

/**
 * The public pages over HTTP on a real PostgreSQL: the form (with and without consent, errors,
 * abuse), tracking by code without any personal data, the overdue flag, rating and reopening once.
 */
let ctx: TestContext;
let db: Database;
let key: Buffer;
let tree: Awaited<ReturnType<typeof buildTree>>;
let address = 0;

beforeAll(async () => {
  ctx = await createTestContext();
  db = ctx.platform.db;
  key = formTokenKey(ctx.platform.config.SECRET_KEY!);
  tree = await buildTree(db);
});
afterAll(() => ctx?.close());

/** A visitor from an address of its own (the form's rate limit counts per address). */
function visitor(): TestClient {
  const client = ctx.client();
  address += 1;
  client.ip = `127.66.${Math.floor(address / 250)}.${(address % 250) + 1}`;
  return client;
}

/** A token for a form served ten seconds ago, as a person who read it would post it. */
const readToken = () => issueFormToken(key, Date.now() - 10_000);

const PERSON = { name: 'Nguyễn Thị Bí Mật', phone: '0912 345 678', email: 'bi.mat.cong.dan@example.vn' };

function validFields(overrides: Record<string, string> = {}) {
  return {
    formToken: readToken(),
    unitId: tree.communeA.id,
    subjectCode: 'giao-thong',
    title: 'Đường liên thôn 3 xuống cấp nghiêm trọng',
    description:
      'Đoạn đường liên thôn 3 dài khoảng 2 km bị sụt lún, mùa mưa ngập sâu, học sinh đi lại nguy hiểm.',
    place: 'Thôn 3, xã An Bình',
    lat: '',
    lng: '',
    website: '',
    ...overrides,
  };
}

function post(client: TestClient, url: string, fields: Record<string, string>) {
  return client.request({
    method: 'POST',
    url,
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}
const submit = (client: TestClient, fields: Record<string, string>) => post(client, '/kien-nghi/gui', fields);

const trackingCodeIn = (body: string) =>
  /<p class="tracking-code">(KN-[0-9A-Z]{4}-[0-9A-Z]{4})<\/p>/.exec(body)?.[1];
const countPetitions = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(petition))[0]!.n;

function expectNoPersonalData(body: string) {
  for (const value of [PERSON.name, PERSON.phone, PERSON.email, 'Bí Mật', 'bi.mat.cong.dan']) {
    expect(body).not.toContain(value);
  }
}

/** Everything a page made by these routes must be: Vietnamese HTML, our CSP, nothing inline to run. */
function expectPublicHtml(response: { headers: Record<string, unknown>; body: string }) {
  expect(String(response.headers['content-type'])).toMatch(/^text\/html; charset=utf-8/);
  expect(response.body).toMatch(/^<!doctype html>\s*<html lang="vi">/);
  expect(String(response.headers['content-security-policy'])).toContain("script-src 'self'");
  expect(response.body).not.toMatch(/<script(?![^>]*\ssrc=)/);
  expect(response.body).not.toMatch(/\sstyle="/);
  expect(response.body).not.toMatch(/\son[a-z]+="/);
}

describe('the form', () => {
  it('is served with the area of ?don-vi= chosen, a signed token and nothing from elsewhere', async () => {
    const response = await visitor().get(`/kien-nghi/gui?don-vi=${tree.communeA.code}`);
    expect(response.statusCode).toBe(200);
    expectPublicHtml(response);
    expect(response.body).toContain(`<option value="${tree.communeA.id}" selected>xã An Bình</option>`);
    expect(response.body).toMatch(/name="formToken" value="[0-9a-z]+\.[\w-]{22}\.[\w-]{43}"/);
    expect(response.body).toContain('<legend>Thông tin liên hệ (không bắt buộc)</legend>');
    expect(response.body).toContain('<label for="f-title">');
    expect(response.body).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(gzipSync(response.body).length).toBeLessThan(60 * 1024);
    expect(String(response.headers['cache-control'])).toContain('no-store');
  });

  it('serves its one stylesheet for a year', async () => {
    const page = await visitor().get('/kien-nghi');
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(page.body)![1]!;
    expect(href).toMatch(/^\/kien-nghi\/tai-nguyen\/kien-nghi\.[0-9a-f]{10}\.css$/);
    const css = await visitor().get(href);
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });
});

describe('submitting a petition', () => {
  it('with consent: the code shown, the petitioner stored apart, never on the public pages', async () => {
    const client = visitor();
    const response = await submit(client, validFields({ ...PERSON, consent: '1', notifyByEmail: '1' }));
    expect(response.statusCode).toBe(201);
    expectPublicHtml(response);
    const code = trackingCodeIn(response.body)!;
    expect(code).toBeDefined();
    expect(response.body).toContain('<h2 id="tuong-tu">Kiến nghị tương tự đã có</h2>');

    const [row] = await db.select().from(petition).where(eq(petition.trackingCode, code));
    expect(row).toMatchObject({
      channel: 'web',
      status: 'received',
      unitId: tree.communeA.id,
      subjectCode: 'giao-thong',
    });
    const [person] = await db.select().from(petitionPerson).where(eq(petitionPerson.petitionId, row!.id));
    expect(person).toMatchObject({
      name: PERSON.name,
      phone: PERSON.phone,
      email: PERSON.email,
      notifyByEmail: true,
    });
    expect(person!.consentAt).toBeInstanceOf(Date);

    // Asked for e-mail: the confirmation with the code and the link goes out (the demo outbox here).
    const mail = await outboxMessageTo(PERSON.email);
    expect(mail.subject).toBe(`Đã tiếp nhận kiến nghị — mã tra cứu ${code}`);
    expect(mail.text).toContain(`/kien-nghi/${code}`);

    const byCode = await client.get(`/kien-nghi/${code}`);
    expect(byCode.statusCode).toBe(200);
    expectPublicHtml(byCode);
    expect(byCode.body).toContain('Đường liên thôn 3 xuống cấp nghiêm trọng');
    expect(byCode.body).toContain('Đã tiếp nhận kiến nghị.');
    expect(byCode.body).toContain('<meta name="robots" content="noindex">');
    expect(byCode.headers['cache-control']).toBe('private, no-store');
    expectNoPersonalData(byCode.body);

    const byNumber = await visitor().get(`/kien-nghi/so/${row!.serial}`);
    expect(byNumber.statusCode).toBe(200);
    expectNoPersonalData(byNumber.body);
    // The public page by number never carries the code: the code is the holder's key.
    expect(byNumber.body).not.toContain(code);
    expect(byNumber.body).not.toContain('Đánh giá câu trả lời');
  });

  it('suggests similar petitions of the same area and subject after the post, by number only', async () => {
    const first = await submit(
      visitor(),
      validFields({
        title: 'Trạm bơm thủy lợi Đồng Cao hỏng máy',
        description: 'Trạm bơm thủy lợi Đồng Cao hỏng máy bơm từ đầu vụ, ruộng lúa thôn 2 thiếu nước tưới.',
        subjectCode: 'nong-nghiep',
      }),
    );
    const firstCode = trackingCodeIn(first.body)!;
    const [firstRow] = await db.select().from(petition).where(eq(petition.trackingCode, firstCode));
    const second = await submit(
      visitor(),
      validFields({
        title: 'Máy bơm trạm thủy lợi Đồng Cao bị hỏng',
        description: 'Máy bơm của trạm bơm thủy lợi Đồng Cao hỏng, ruộng lúa thôn 2 không có nước tưới.',
        subjectCode: 'nong-nghiep',
      }),
    );
    expect(second.statusCode).toBe(201);
    expect(second.body).toContain(
      `<a href="/kien-nghi/so/${firstRow!.serial}">Trạm bơm thủy lợi Đồng Cao hỏng máy</a>`,
    );
    expect(second.body).not.toContain(firstCode);
  });

  it('without consent: accepted anonymously, the identity given is not stored', async () => {
    const response = await submit(
      visitor(),
      validFields({ ...PERSON, title: 'Thiếu nước sạch sinh hoạt ở thôn 5' }),
    );
    expect(response.statusCode).toBe(201);
    expect(response.body).toContain('không được lưu');
    const code = trackingCodeIn(response.body)!;
    const [row] = await db.select().from(petition).where(eq(petition.trackingCode, code));
    expect(await db.select().from(petitionPerson).where(eq(petitionPerson.petitionId, row!.id))).toEqual([]);
    expectNoPersonalData((await visitor().get(`/kien-nghi/${code}`)).body);
  });

  it('with mistakes: 400, the form again with every value kept and a message per field, nothing written', async () => {
    const before = await countPetitions();
    const response = await submit(
      visitor(),
      validFields({ title: '', email: 'khong-phai-email', lat: '11,94', lng: '', place: 'Ngõ "Hoa" & chợ' }),
    );
    expect(response.statusCode).toBe(400);
    expectPublicHtml(response);
    expect(response.body).toContain('<title>Lỗi: Gửi kiến nghị — Mặt trận số</title>');
    expect(response.body).toContain('Có 3 lỗi cần sửa trước khi gửi');
    expect(response.body).toContain('<a href="#f-title">Tiêu đề: Nhập tiêu đề.</a>');
    expect(response.body).toContain('E-mail không hợp lệ (ví dụ ten@example.com).');
    expect(response.body).toContain('Nhập cả vĩ độ và kinh độ, hoặc để trống cả hai.');
    expect(response.body).toMatch(
      /id="f-title" name="title" aria-describedby="f-title-hint f-title-error" aria-invalid="true"/,
    );
    // Kept, escaped: the description, the place with its quotes, the bad e-mail, the latitude.
    expect(response.body).toContain('>Đoạn đường liên thôn 3 dài khoảng 2 km');
    expect(response.body).toContain('value="Ngõ &#34;Hoa&#34; &#38; chợ"');
    expect(response.body).toContain('value="khong-phai-email"');
    expect(response.body).toContain('value="11,94"');
    expect(response.body).toContain(`<option value="${tree.communeA.id}" selected>`);
    expect(await countPetitions()).toBe(before);
  });

  it('refuses a 50 kB description in Vietnamese, saying how long it may be', async () => {
    const before = await countPetitions();
    const response = await submit(visitor(), validFields({ description: 'đ'.repeat(51_200) }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      'Nội dung kiến nghị dài quá 4.000 ký tự (hiện có 51.200 ký tự); vui lòng rút gọn hoặc tách thành nhiều kiến nghị.',
    );
    expect(await countPetitions()).toBe(before);
  });

  it('shows script text as text, on the confirmation and on the public page', async () => {
    const attack = '<script>alert("kn")</script><img src=x onerror=alert(1)>';
    const response = await submit(
      visitor(),
      validFields({ title: `Đèn đường hỏng ${attack}`, description: `Nội dung ${attack} thử` }),
    );
    expect(response.statusCode).toBe(201);
    const page = await visitor().get(`/kien-nghi/${trackingCodeIn(response.body)}`);
    expect(page.body).toContain(
      'Đèn đường hỏng &#60;script&#62;alert(&#34;kn&#34;)&#60;/script&#62;&#60;img src&#61;x onerror&#61;alert(1)&#62;',
    );
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<img src=x');
    expectPublicHtml(page);
  });

  it('refuses the same form posted twice (replay), keeping one petition', async () => {
    const fields = validFields({ title: 'Cầu tràn thôn 7 bị sập' });
    const client = visitor();
    const before = await countPetitions();
    expect((await submit(client, fields)).statusCode).toBe(201);
    const replay = await submit(client, fields);
    expect(replay.statusCode).toBe(409);
    expect(replay.body).toContain('Biểu mẫu này đã được gửi trước đó');
    expect(replay.body).toContain('value="Cầu tràn thôn 7 bị sập"');
    expect(await countPetitions()).toBe(before + 1);
  });

  it('refuses a filled honeypot, a forged token and a form posted as soon as it was served', async () => {
    const before = await countPetitions();
    const honeypot = await submit(visitor(), validFields({ website: 'http://spam.example' }));
    expect(honeypot.statusCode).toBe(400);
    expect(honeypot.body).toContain('Để trống ô này');

    const forged = await submit(visitor(), validFields({ formToken: `${readToken().slice(0, -4)}AAAA` }));
    expect(forged.statusCode).toBe(400);
    expect(forged.body).toContain('Biểu mẫu không hợp lệ');

    const fresh = issueFormToken(key);
    const hasty = await submit(visitor(), validFields({ formToken: fresh }));
    expect(hasty.statusCode).toBe(400);
    expect(hasty.body).toContain('gửi quá nhanh');
    // The same token comes back: the person only has to press "Gửi" again.
    expect(hasty.body).toContain(`value="${fresh}"`);

    const stale = await submit(
      visitor(),
      validFields({ formToken: issueFormToken(key, Date.now() - 3 * 3600_000) }),
    );
    expect(stale.statusCode).toBe(400);
    expect(stale.body).toContain('đã hết hạn');
    expect(await countPetitions()).toBe(before);
  });

  it('answers a flood from one address with 429 in Vietnamese, and spares the next address', async () => {
    const flooder = visitor();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await submit(flooder, validFields({ title: '' }))).statusCode);
    expect(statuses).toEqual(Array(10).fill(400));
    const limited = await submit(flooder, validFields());
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toContain('Bạn thao tác quá nhanh');
    expect(limited.body).toMatch(/^<!doctype html>/);
    // A fake session cookie per request does not make a new counter.
    flooder.clearCookies();
    const withCookie = await flooder.request({
      method: 'POST',
      url: '/kien-nghi/gui',
      payload: new URLSearchParams(validFields()).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'mts_session=bia-dat' },
    });
    expect(withCookie.statusCode).toBe(429);
    expect((await submit(visitor(), validFields({ title: 'Sân chơi thiếu nhi xuống cấp' }))).statusCode).toBe(
      201,
    );
  });

  it('takes a photo checked by its bytes and refuses a fake one, keeping the rest', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    );
    const multipart = (file: Buffer, name: string) => {
      const boundary = `----kn${Math.random().toString(36).slice(2)}`;
      const fields = validFields({ title: 'Rác thải đổ trộm ven sông' });
      const parts = Object.entries(fields).map(
        ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
      );
      return {
        payload: Buffer.concat([
          Buffer.from(parts.join('')),
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`,
          ),
          file,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      };
    };
    const fake = await visitor().request({
      method: 'POST',
      url: '/kien-nghi/gui',
      ...multipart(Buffer.from('<svg onload=alert(1)>'), 'anh.png'),
    });
    expect(fake.statusCode).toBe(400);
    expect(fake.body).toContain('Tệp đã chọn không phải ảnh JPEG hoặc PNG');
    expect(fake.body).toContain('value="Rác thải đổ trộm ven sông"');

    const real = await visitor().request({
      method: 'POST',
      url: '/kien-nghi/gui',
      ...multipart(png, 'anh.png'),
    });
    expect(real.statusCode).toBe(201);
    const [row] = await db
      .select()
      .from(petition)
      .where(eq(petition.trackingCode, trackingCodeIn(real.body)!));
    const media = await db.select().from(petitionMedia).where(eq(petitionMedia.petitionId, row!.id));
    expect(media).toMatchObject([{ contentType: 'image/png', size: png.length, isPublic: false }]);
  });
});

describe('tracking', () => {
  it('finds a petition by its code as people type it, and says clearly when it cannot', async () => {
    const created = await submit(visitor(), validFields({ title: 'Cống thoát nước bị tắc' }));
    const code = trackingCodeIn(created.body)!;
    const typed = ` ${code.toLowerCase().replaceAll('-', ' ')} `;
    const found = await visitor().get(`/kien-nghi/tra-cuu?ma=${encodeURIComponent(typed)}`);
    expect(found.statusCode).toBe(303);
    expect(found.headers.location).toBe(`/kien-nghi/${code}`);

    const malformed = await visitor().get('/kien-nghi/tra-cuu?ma=abc');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain('Mã tra cứu gồm &#34;KN&#34; và 8 chữ hoặc số');
    expect(malformed.body).toContain('aria-invalid="true"');

    const unknown = await visitor().get('/kien-nghi/tra-cuu?ma=KN-2222-2222');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Không tìm thấy kiến nghị có mã KN-2222-2222');
    expect((await visitor().get('/kien-nghi/KN-2222-2222')).statusCode).toBe(404);
  });

  it('flags a petition whose deadline passed without an answer as overdue, and not one still in time', async () => {
    const recipient = await buildRecipient('Sở Giao thông vận tải tỉnh Thử Nghiệm A');
    const late = await fixture({
      title: 'Đèn tín hiệu ngã tư hỏng',
      deadlineDays: -2,
      recipientId: recipient,
    });
    const inTime = await fixture({
      title: 'Biển báo bị che khuất',
      deadlineDays: 10,
      recipientId: recipient,
    });

    const latePage = await visitor().get(`/kien-nghi/${late.trackingCode}`);
    expect(latePage.body).toContain('<span class="badge badge-overdue">Quá hạn</span>');
    expect(latePage.body).toContain('Sở Giao thông vận tải tỉnh Thử Nghiệm A');
    expect(latePage.body).toContain('Đã chuyển, chờ tiếp nhận');
    const inTimePage = await visitor().get(`/kien-nghi/so/${inTime.serial}`);
    expect(inTimePage.body).not.toContain('Quá hạn');
  });

  it('shows a hidden petition only as hidden, and one withdrawn from the public only to its holder', async () => {
    const hidden = await fixture({ title: 'Nội dung vi phạm bị ẩn' });
    await db
      .update(petition)
      .set({ hiddenAt: new Date(), hiddenReason: 'Xúc phạm cá nhân' })
      .where(eq(petition.id, hidden.id));
    for (const url of [`/kien-nghi/${hidden.trackingCode}`, `/kien-nghi/so/${hidden.serial}`]) {
      const page = await visitor().get(url);
      expect(page.body).toContain('đã bị ẩn');
      expect(page.body).not.toContain('Nội dung vi phạm bị ẩn');
      expect(page.body).not.toContain('Xúc phạm cá nhân');
    }
    const withdrawn = await fixture({ title: 'Không muốn công khai' });
    await db.update(petition).set({ isPublic: false }).where(eq(petition.id, withdrawn.id));
    expect((await visitor().get(`/kien-nghi/so/${withdrawn.serial}`)).statusCode).toBe(404);
    expect((await visitor().get(`/kien-nghi/${withdrawn.trackingCode}`)).body).toContain(
      'Không muốn công khai',
    );
  });
});

describe('rating and reopening', () => {
  it('lets the holder rate the published answer once and reopen once, and nobody without the code', async () => {
    const recipient = await buildRecipient('Ủy ban nhân dân xã An Bình');
    const answered = await fixture({
      title: 'Trạm y tế thiếu thuốc',
      deadlineDays: 20,
      recipientId: recipient,
      answer: 'Trạm y tế đã được bổ sung thuốc thiết yếu từ tháng này.',
    });
    const client = visitor();
    const page = await client.get(`/kien-nghi/${answered.trackingCode}`);
    expect(page.body).toContain('Trạm y tế đã được bổ sung thuốc thiết yếu từ tháng này.');
    expect(page.body).toContain('<legend>Bạn có hài lòng với câu trả lời không?</legend>');
    expect(page.body).toContain('Gửi đề nghị xem xét lại');
    const publicPage = await visitor().get(`/kien-nghi/so/${answered.serial}`);
    expect(publicPage.body).toContain('Trạm y tế đã được bổ sung thuốc');
    expect(publicPage.body).not.toContain('Bạn có hài lòng');

    const url = `/kien-nghi/${answered.trackingCode}`;
    const unchosen = await post(client, `${url}/danh-gia`, { formToken: readToken(), satisfied: '' });
    expect(unchosen.statusCode).toBe(400);
    expect(unchosen.body).toContain('Chọn &#34;Hài lòng&#34; hoặc &#34;Chưa hài lòng&#34;.');

    const rated = await post(client, `${url}/danh-gia`, {
      formToken: readToken(),
      satisfied: 'no',
      comment: 'Vẫn thiếu',
    });
    expect(rated.statusCode).toBe(303);
    expect(rated.headers.location).toBe(`${url}?da=danh-gia`);
    const after = await client.get(rated.headers.location as string);
    expect(after.body).toContain('Cảm ơn bạn đã đánh giá câu trả lời.');
    expect(after.body).toContain('<strong>chưa hài lòng</strong>');
    expect(after.body).not.toContain('<legend>Bạn có hài lòng');
    expect(after.body).toContain('Người kiến nghị chưa hài lòng với câu trả lời.');

    const again = await post(client, `${url}/danh-gia`, { formToken: readToken(), satisfied: 'yes' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('đã đánh giá câu trả lời này rồi');

    const tooShort = await post(client, `${url}/mo-lai`, { formToken: readToken(), reason: 'không' });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.body).toContain('Nêu lý do đề nghị xem xét lại (ít nhất 10 ký tự).');
    const reopened = await post(client, `${url}/mo-lai`, {
      formToken: readToken(),
      reason: 'Trạm vẫn thiếu thuốc huyết áp cho người cao tuổi.',
    });
    expect(reopened.statusCode).toBe(303);
    const [row] = await db.select().from(petition).where(eq(petition.id, answered.id));
    expect(row).toMatchObject({ status: 'reopened', satisfied: false });
    const second = await post(client, `${url}/mo-lai`, {
      formToken: readToken(),
      reason: 'Lần thứ hai đề nghị xem xét lại việc này.',
    });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('chỉ được mở lại một lần');

    const replayToken = readToken();
    const other = await fixture({
      title: 'Thiếu giáo viên',
      recipientId: recipient,
      answer: 'Đã bổ sung hai giáo viên.',
    });
    const first = await post(client, `/kien-nghi/${other.trackingCode}/danh-gia`, {
      formToken: replayToken,
      satisfied: 'yes',
    });
    expect(first.statusCode).toBe(303);
    const replay = await post(client, `/kien-nghi/${other.trackingCode}/danh-gia`, {
      formToken: replayToken,
      satisfied: 'yes',
    });
    expect(replay.statusCode).toBe(409);
    expect(replay.body).toContain('Biểu mẫu này đã được gửi trước đó.');
  });

  it('shows a merged petition with the answer of the petition it was merged into', async () => {
    const recipient = await buildRecipient('Ủy ban nhân dân tỉnh Thử Nghiệm A');
    const primary = await fixture({
      title: 'Sạt lở bờ sông Đồng Nai',
      recipientId: recipient,
      answer: 'Tỉnh đã bố trí vốn kè bờ sông năm nay.',
    });
    const member = await fixture({ title: 'Bờ sông sạt lở gần nhà văn hóa' });
    await db
      .update(petition)
      .set({ status: 'merged', mergedIntoId: primary.id })
      .where(eq(petition.id, member.id));
    const page = await visitor().get(`/kien-nghi/${member.trackingCode}`);
    expect(page.body).toContain(
      `<a href="/kien-nghi/so/${primary.serial}">kiến nghị số ${primary.serial}</a>`,
    );
    expect(page.body).toContain('Tỉnh đã bố trí vốn kè bờ sông năm nay.');
    expect(page.body).toContain('Đây là câu trả lời chung cho các kiến nghị đã được tổng hợp.');
  });
});

describe('the other public pages', () => {
  it('lists recent published answers, scorecards and located petitions (rounded), without personal data', async () => {
    const recipient = await buildRecipient('Phòng Kinh tế xã An Bình');
    await fixture({
      title: 'Chợ tạm lấn chiếm lòng đường',
      recipientId: recipient,
      answer: 'Đã di dời chợ tạm vào khu quy hoạch.',
      lat: 11.940_456,
      lng: 108.458_321,
    });
    const home = await visitor().get('/kien-nghi');
    expect(home.statusCode).toBe(200);
    expectPublicHtml(home);
    expect(home.body).toContain('Chợ tạm lấn chiếm lòng đường');
    expect(home.body).toContain('Đã di dời chợ tạm vào khu quy hoạch.');
    expectNoPersonalData(home.body);

    const scorecards = await visitor().get('/kien-nghi/co-quan');
    expect(scorecards.statusCode).toBe(200);
    expectPublicHtml(scorecards);
    expect(scorecards.body).toContain('Phòng Kinh tế xã An Bình');

    const map = await visitor().get('/kien-nghi/ban-do');
    expect(map.statusCode).toBe(200);
    expectPublicHtml(map);
    expect(map.body).toContain('data-lat="11.94" data-lng="108.458"');
    expect(map.body).not.toContain('11.940456');
    expect(map.body).not.toContain('108.458321');
    expect(map.body).toMatch(
      /<script src="\/kien-nghi\/tai-nguyen\/leaflet-1\.9\.4\/leaflet\.js" defer><\/script>/,
    );
  });
});

/** The outbox message to `to`, once the mail job has written it (it runs in the background). */
async function outboxMessageTo(to: string) {
  const folder = path.join(ctx.dataDir, 'outbox');
  for (let attempt = 0; attempt < 100; attempt++) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const entry = JSON.parse(await readFile(path.join(folder, name), 'utf8')) as {
        to: string;
        subject: string;
        text: string;
      };
      if (entry.to === to) return entry;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no message to ${to} in the outbox`);
}

/** A recipient (agency) serving province A. */
async function buildRecipient(name: string) {
  const [row] = await db
    .insert(petitionRecipient)
    .values({ kind: 'agency', name, level: 'commune', unitId: tree.provinceA.id })
    .returning({ id: petitionRecipient.id });
  return row!.id;
}

/**
 * A petition as the staff side would have left it: received, optionally forwarded with a deadline
 * `deadlineDays` from now, optionally answered with a published summary (the routing and answer
 * flows have their own tests; here only what the public sees of their result matters).
 */
async function fixture(input: {
  title: string;
  deadlineDays?: number;
  recipientId?: string;
  answer?: string;
  lat?: number;
  lng?: number;
}) {
  return db.transaction(async (tx) => {
    const created = await createPetition(tx, systemAuditContext, {
      unitId: tree.communeA.id,
      subjectCode: 'y-te',
      title: input.title,
      description: `${input.title}: nội dung chi tiết của kiến nghị.`,
      channel: 'session',
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      petitioner: { consent: true, ...PERSON },
    });
    if (input.recipientId) {
      const deadline = new Date(Date.now() + (input.deadlineDays ?? 30) * 86_400_000);
      const [forward] = await tx
        .insert(petitionForward)
        .values({
          petitionId: created.id,
          recipientId: input.recipientId,
          deadlineAt: deadline,
          deadlineRule: 'Thử nghiệm',
          forwardedAt: new Date(Date.now() - 40 * 86_400_000),
          ...(input.answer ? { state: 'answered' as const, answeredAt: new Date() } : {}),
        })
        .returning({ id: petitionForward.id });
      await tx
        .update(petition)
        .set({
          status: input.answer ? 'answered' : 'forwarded',
          currentForwardId: forward!.id,
          deadlineAt: deadline,
          answeredAt: input.answer ? new Date() : null,
        })
        .where(eq(petition.id, created.id));
      if (input.answer) {
        await tx.insert(petitionAnswer).values({
          petitionId: created.id,
          forwardId: forward!.id,
          recipientId: input.recipientId,
          summary: input.answer,
          publishedAt: new Date(),
        });
      }
    }
    return created;
  });
}
