import { sql } from 'drizzle-orm';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../server/src/db/seed/index.ts';
import {
  createCertificateAuthority,
  DEMO_SIGNING_PIN,
  exportPkcs12,
  issueCertificate,
  renderOfficialDocument,
  upsertTrustAnchor,
} from '../server/src/modules/signatures/index.ts';
import { baseUrl, launchBrowser, newContext } from './support/browser.ts';
import { csrfOf, postJson } from './support/documents.ts';
import { signInByApi } from './support/session.ts';
import { shows } from './support/ui.ts';
import { openWorld } from './support/world.ts';

/**
 * Issue 6's "done when", in Chromium, on the demo data of xã An Bình (Lâm Đồng): a citizen files a
 * petition on the public site without JavaScript (a 360 px phone); the commune's cadre finds it,
 * merges into it two repeats raised at a voter-contact session of the previous term and checks
 * their provenance; the commune's chairman forwards it to an agency, which returns it as not
 * competent; it is re-routed to the competent agency, which accepts it and answers with an
 * official document it signed digitally and issued; the chairman publishes the answer; the
 * citizen, still without JavaScript, reads the answer, the transfer chain and the timeline, and
 * rates it satisfied; the merged repeats' own public pages show the same answer; no petitioner's
 * personal data appears on any public page.
 *
 * Set-up through the API (not the journey): the two repeats, the two agencies and their officers
 * (the administrator adds the memberships), and the competent agency's signed, issued letter.
 */
const world = openWorld();
let browser: Browser;

const COMMUNE = 'Ủy ban MTTQ Việt Nam xã An Bình';
const PROVINCE = 'Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng';
const CADRE = { username: 'canbo.xa.anbinh', password: DEMO_PASSWORD };
const CHAIR = { username: 'chutich.xa.anbinh', password: DEMO_PASSWORD };

const CITIZEN = {
  name: 'Đinh Thị Cử Tri Riêng',
  phone: '0913 579 246',
  email: `cu.tri.${world.tag}@example.vn`,
};
const REPEAT_VOTER = { name: 'Hoàng Văn Kín Đáo', phone: '0987 112 358' };
const RETURN_REASON = `Cống thoát nước trên đường liên thôn thuộc thẩm quyền của Sở Xây dựng (${world.tag}).`;
const ANSWER = `Sở Xây dựng đã bố trí kinh phí nạo vét và mở rộng cống thoát nước thôn 8, thi công xong trước mùa mưa năm sau (${world.tag}).`;

interface Created {
  petition: { id: string; trackingCode: string; serial: number; title: string };
}

const setup = {
  communeId: '',
  earlierSession: { id: '', title: '' },
  repeats: [] as Created['petition'][],
  wrongAgency: '',
  rightAgency: '',
  wrongOfficer: { username: '', password: '' },
  rightOfficer: { username: '', password: '' },
  document: { id: '', number: '', subject: '' },
};

beforeAll(async () => {
  browser = await launchBrowser();
  const units = await world.db.execute<{ id: string; name: string }>(sql`
    SELECT id, name FROM unit WHERE name IN (${COMMUNE}, ${PROVINCE}) AND status = 'active'`);
  setup.communeId = units.rows.find((u) => u.name === COMMUNE)!.id;
  const provinceId = units.rows.find((u) => u.name === PROVINCE)!.id;
  const sessions = await world.db.execute<{ id: string; title: string; starts_at: Date }>(sql`
    SELECT id, title, starts_at FROM petition_session
     WHERE unit_id = ${setup.communeId} AND term = '2021-2026' ORDER BY starts_at LIMIT 1`);
  const earlier = sessions.rows[0]!;
  setup.earlierSession = { id: earlier.id, title: earlier.title };

  // Two repeats of the same concern, raised by voters at the session of the previous term.
  const cadre = await newContext(browser);
  expect(await signInByApi(cadre, CADRE)).toBe('none');
  const raisedAt = new Date(earlier.starts_at).toISOString();
  for (const repeat of [
    {
      title: `Cống thoát nước thôn 8 bị tắc, nước ngập đường (${world.tag})`,
      description: `Cử tri thôn 8 phản ánh cống thoát nước ngang đường liên thôn bị tắc, mỗi trận mưa lớn nước ngập mặt đường và tràn vào nhà dân. Đề nghị nạo vét cống thoát nước (${world.tag}).`,
    },
    {
      title: `Đề nghị mở rộng cống thoát nước thôn 8 (${world.tag})`,
      description: `Cống thoát nước qua đường liên thôn ở thôn 8 xã An Bình quá nhỏ và bị tắc, mùa mưa nước ngập đường và nhà dân. Đề nghị mở rộng, nạo vét cống thoát nước (${world.tag}).`,
      petitioner: { consent: true, ...REPEAT_VOTER },
    },
  ]) {
    const created = await postJson<Created>(cadre.request, '/api/petitions', {
      channel: 'session',
      sessionId: earlier.id,
      subjectCode: 'giao-thong',
      place: 'thôn 8, xã An Bình',
      receivedAt: raisedAt,
      ...repeat,
    });
    setup.repeats.push(created.petition);
  }
  await cadre.close();

  // The competent agency's officer: a leader and registry clerk of a body of the province's
  // committee, with a personal and an agency certificate (demo PIN) under a CA the app trusts.
  const body = await world.unit('Ban Dân chủ - Pháp luật', {
    parentId: provinceId,
    levelId: 'province',
    kind: 'department',
  });
  const wrongOfficer = await world.staff({
    unitId: body.id,
    fullName: 'Trần Thị Văn Hóa',
    roles: [{ roleId: 'specialist' }],
  });
  const rightOfficer = await world.staff({
    unitId: body.id,
    fullName: 'Lê Văn Xây Dựng',
    roles: [{ roleId: 'clerk' }, { roleId: 'leader' }],
  });
  setup.wrongOfficer = wrongOfficer;
  setup.rightOfficer = rightOfficer;

  // The two agencies and who acts for them, set up by the administrator.
  const admin = await newContext(browser);
  await signInAdmin(admin);
  const agency = async (name: string, staffId: string) => {
    const created = await postJson<{ id: string }>(admin.request, '/api/petition-recipients', {
      kind: 'agency',
      name: `${name} ${world.tag}`,
      level: 'province',
      unitId: provinceId,
    });
    await postJson(admin.request, `/api/petition-recipients/${created.id}/members`, { staffId });
    return `${name} ${world.tag}`;
  };
  setup.wrongAgency = await agency('Sở Văn hóa, Thể thao và Du lịch tỉnh Lâm Đồng', wrongOfficer.id);
  setup.rightAgency = await agency('Sở Xây dựng tỉnh Lâm Đồng', rightOfficer.id);
  await admin.close();

  setup.document = await signedAnswerLetter(body, rightOfficer);
}, 180_000);

afterAll(async () => browser?.close());

describe('a petition from the public site to a rated answer', () => {
  it('files, merges repeats, forwards, is returned, re-routed, answered with a signed document, published and rated', async () => {
    // --- The citizen, on a phone, without JavaScript, files the petition. ----------------------
    const phone = await browser.newContext({
      baseURL: baseUrl(),
      viewport: { width: 360, height: 740 },
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      javaScriptEnabled: false,
    });
    phone.setDefaultTimeout(15_000);
    const citizen = await phone.newPage();
    const title = `Cống thoát nước thôn 8 tắc, mưa là ngập đường và nhà dân (${world.tag})`;
    await citizen.goto(`/kien-nghi/gui?don-vi=${setup.communeId}`);
    await shows(citizen.getByRole('heading', { level: 1, name: 'Gửi kiến nghị' }));
    expect(await citizen.getByLabel('Địa bàn').inputValue()).toBe(setup.communeId);
    await citizen.getByLabel('Lĩnh vực').selectOption({ label: 'Giao thông, xây dựng' });
    await citizen.getByLabel('Tiêu đề').fill(title);
    await citizen
      .getByLabel('Nội dung kiến nghị')
      .fill(
        `Cống thoát nước ngang đường liên thôn ở thôn 8 xã An Bình bị tắc, mỗi trận mưa lớn nước ngập mặt đường và tràn vào nhà dân. Đề nghị nạo vét, mở rộng cống thoát nước (${world.tag}).`,
      );
    await citizen.getByLabel('Địa điểm', { exact: true }).fill('thôn 8, xã An Bình');
    await citizen.getByLabel('Họ và tên').fill(CITIZEN.name);
    await citizen.getByLabel('Số điện thoại').fill(CITIZEN.phone);
    await citizen.getByLabel('E-mail', { exact: true }).fill(CITIZEN.email);
    await citizen.getByLabel(/Tôi đồng ý để Ủy ban MTTQ lưu/).check();
    await readForAWhile();
    await citizen.getByRole('button', { name: 'Gửi kiến nghị' }).click();
    await shows(citizen.getByRole('heading', { level: 1, name: 'Đã gửi kiến nghị' }));
    const code = ((await citizen.locator('.tracking-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^KN-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // The repeats raised last term are shown to the citizen as similar petitions already known.
    await shows(citizen.getByRole('heading', { level: 2, name: 'Kiến nghị tương tự đã có' }));
    await expectNoPersonalData(citizen);

    // --- The commune's cadre finds it and merges the two repeats into it. ----------------------
    const cadre = await newContext(browser);
    expect(await signInByApi(cadre, CADRE)).toBe('none');
    const desk = await cadre.newPage();
    const deskErrors = collectErrors(desk);
    await desk.goto(`/app/petitions?q=${code}`);
    await desk.getByRole('link', { name: title }).click();
    await shows(desk.getByRole('heading', { level: 1, name: title }));
    const petitionPath = new URL(desk.url()).pathname.replace(/^\/app/, '');
    await shows(desk.getByText('Đã tiếp nhận').first());

    const suggestions = desk.getByTestId('similar-petitions');
    for (const repeat of setup.repeats) {
      const item = suggestions.getByTestId('similar-item').filter({ hasText: repeat.trackingCode });
      await shows(item);
      await item.getByRole('checkbox', { name: 'Gộp vào kiến nghị đang xem' }).check();
    }
    await desk.getByRole('button', { name: 'Gộp 2 kiến nghị đã chọn' }).click();
    await shows(desk.getByText('Đã gộp 2 kiến nghị.'));

    // Provenance: three petitions, two of them from last term's session, each with its code.
    const contributors = desk.getByTestId('merge-contributors');
    await expect.poll(() => contributors.locator('tbody tr').count()).toBe(3);
    await shows(contributors.getByText(code, { exact: true }));
    for (const repeat of setup.repeats) await shows(contributors.getByText(repeat.trackingCode));
    await shows(desk.getByText(/^3 kiến nghị, từ/));
    await shows(desk.getByRole('listitem').filter({ hasText: `${setup.earlierSession.title}: 2` }));
    await shows(desk.getByRole('listitem').filter({ hasText: '2021-2026: 2' }));
    expect(deskErrors).toEqual([]);
    await cadre.close();

    // --- The chairman forwards it to an agency. ------------------------------------------------
    const chair = await newContext(browser);
    expect(await signInByApi(chair, CHAIR)).toBe('none');
    const office = await chair.newPage();
    const officeErrors = collectErrors(office);
    const chain = office.getByTestId('transfer-chain');
    await office.goto(`/app${petitionPath}`);
    await shows(office.getByRole('heading', { level: 1, name: title }));
    await office.getByRole('combobox', { name: 'Chuyển tới' }).fill(world.tag);
    await office.getByRole('option', { name: setup.wrongAgency }).click();
    await office.getByRole('button', { name: 'Chuyển xử lý', exact: true }).click();
    await shows(chain.getByText('Chờ tiếp nhận'));

    // --- That agency's officer returns it: not competent, with the reason. ---------------------
    const wrong = await newContext(browser, { width: 360 });
    expect(await signInByApi(wrong, setup.wrongOfficer)).toBe('none');
    const wrongInbox = await wrong.newPage();
    const wrongErrors = collectErrors(wrongInbox);
    await wrongInbox.goto('/app/petition-inbox');
    const wrongCard = wrongInbox.getByTestId('inbox-item').filter({ hasText: title });
    await shows(wrongCard.getByText('3 cử tri cùng kiến nghị', { exact: false }));
    await wrongCard.getByRole('button', { name: 'Trả lại (không thuộc thẩm quyền)' }).click();
    await wrongInbox.getByRole('dialog').getByLabel('Lý do').fill(RETURN_REASON);
    await wrongInbox.getByRole('dialog').getByRole('button', { name: 'Xác nhận' }).click();
    await shows(wrongInbox.getByText('Đã trả lại.'));
    expect(wrongErrors).toEqual([]);
    await wrong.close();

    // --- The chairman sees the reason and re-routes it to the competent agency. ----------------
    await office.reload();
    await shows(chain.getByText(RETURN_REASON, { exact: false }));
    await shows(chain.getByText('Trả lại (không thuộc thẩm quyền)'));
    await office.getByRole('combobox', { name: 'Chuyển tới' }).fill(world.tag);
    await office.getByRole('option', { name: setup.rightAgency }).click();
    await office.getByRole('button', { name: 'Chuyển xử lý', exact: true }).click();
    await expect.poll(() => chain.locator('li').count()).toBe(2);
    await shows(chain.locator('li').nth(1).getByText('Chờ tiếp nhận'));

    // --- The competent agency accepts and answers with its signed, issued letter. -------------
    const right = await newContext(browser);
    expect(await signInByApi(right, setup.rightOfficer)).toBe('none');
    const rightInbox = await right.newPage();
    const rightErrors = collectErrors(rightInbox);
    await rightInbox.goto('/app/petition-inbox');
    const rightCard = rightInbox.getByTestId('inbox-item').filter({ hasText: title });
    await rightCard.getByRole('button', { name: 'Tiếp nhận' }).click();
    await shows(rightInbox.getByText('Đã tiếp nhận.'));
    await rightCard.getByRole('button', { name: 'Trả lời', exact: true }).click();
    const dialog = rightInbox.getByRole('dialog');
    await dialog.getByLabel('Tóm tắt câu trả lời (dễ hiểu với cử tri)').fill(ANSWER);
    await dialog.getByRole('combobox', { name: 'Văn bản trả lời' }).fill('cống thoát nước');
    await rightInbox.getByRole('option', { name: setup.document.subject }).click();
    await dialog.getByRole('button', { name: 'Ghi nhận trả lời' }).click();
    await shows(rightInbox.getByText('Đã ghi nhận câu trả lời.'));
    expect(rightErrors).toEqual([]);
    await right.close();

    // --- The chairman publishes the answer. ------------------------------------------------------
    await office.reload();
    const answer = office.getByTestId('petition-answer');
    await shows(answer.getByText(ANSWER));
    await shows(answer.getByRole('link', { name: new RegExp(escapeRegExp(setup.document.number)) }));
    await answer.getByRole('button', { name: 'Công bố trả lời' }).click();
    await shows(answer.getByText(/^Đã công bố/));
    await shows(chain.locator('li').nth(1).getByText('Đã trả lời'));
    expect(officeErrors).toEqual([]);
    await chair.close();

    // --- The citizen, still without JavaScript, follows the petition by its code. --------------
    await citizen.goto('/kien-nghi');
    await citizen.getByLabel('Mã tra cứu').fill(code);
    await citizen.getByRole('button', { name: 'Tra cứu' }).click();
    await shows(citizen.getByRole('heading', { level: 1, name: title }));
    expect(new URL(citizen.url()).pathname).toBe(`/kien-nghi/${code}`);
    await shows(citizen.locator('.status').getByText('Đã trả lời'));
    const answerSection = citizen.getByRole('region', { name: 'Câu trả lời' });
    await shows(answerSection.getByText(ANSWER));
    await shows(answerSection.getByText(`Văn bản trả lời số ${setup.document.number}`, { exact: false }));
    await shows(answerSection.getByText(setup.rightAgency, { exact: false }));

    // The transfer chain: returned with its reason, then re-routed and answered.
    const publicChain = citizen.getByRole('region', { name: 'Quá trình chuyển xử lý' }).locator('li');
    await expect.poll(() => publicChain.count()).toBe(2);
    await shows(publicChain.nth(0).getByText(setup.wrongAgency));
    await shows(publicChain.nth(0).getByText(/^Trả lại \(không đúng thẩm quyền\)/));
    await shows(publicChain.nth(0).getByText(`Lý do trả lại: ${RETURN_REASON}`));
    await shows(publicChain.nth(1).getByText(setup.rightAgency));
    await shows(publicChain.nth(1).getByText(/^Đã trả lời/));

    // The timeline, in order: consolidated, forwarded, returned, re-routed, accepted, answered, published.
    const timeline = (
      await citizen.getByRole('region', { name: 'Diễn biến' }).locator('li').allTextContents()
    ).join('\n');
    const expected = [
      'Đã tổng hợp thêm 2 kiến nghị',
      `Đã chuyển đến ${setup.wrongAgency}`,
      `${setup.wrongAgency} trả lại kiến nghị vì không thuộc thẩm quyền: ${RETURN_REASON}`,
      `Chuyển lại đến ${setup.rightAgency}`,
      `${setup.rightAgency} đã tiếp nhận kiến nghị`,
      `${setup.rightAgency} đã trả lời kiến nghị`,
      `Công bố trả lời của ${setup.rightAgency}: ${ANSWER}`,
    ];
    let from = 0;
    for (const line of expected) {
      const found = timeline.indexOf(line, from);
      expect(found, `timeline should show, in order: "${line}"\n${timeline}`).toBeGreaterThanOrEqual(0);
      from = found + line.length;
    }
    await expectNoPersonalData(citizen);

    // The citizen rates the answer: satisfied. (The form refuses posts made within 3 s of serving it.)
    await readForAWhile();
    const rating = citizen.getByRole('region', { name: 'Đánh giá câu trả lời' });
    await rating.getByLabel('Hài lòng', { exact: true }).check();
    await rating.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await shows(citizen.getByText('Cảm ơn bạn đã đánh giá câu trả lời.'));
    await shows(citizen.getByText(/Bạn đã đánh giá câu trả lời: hài lòng/));
    await shows(citizen.locator('.status').getByText('Đã kết thúc'));
    await expect.poll(() => citizen.getByRole('button', { name: 'Gửi đánh giá' }).count()).toBe(0);

    // Every merged repeat's own page shows the same answer, and the petition it was merged into.
    for (const repeat of setup.repeats) {
      await citizen.goto(`/kien-nghi/${repeat.trackingCode}`);
      await shows(citizen.getByRole('heading', { level: 1, name: repeat.title }));
      await shows(citizen.getByText(/đã được tổng hợp cùng các kiến nghị tương tự vào kiến nghị số \d+/));
      const shared = citizen.getByRole('region', { name: 'Câu trả lời' });
      await shows(shared.getByText('Đây là câu trả lời chung cho các kiến nghị đã được tổng hợp.'));
      await shows(shared.getByText(ANSWER));
      await shows(shared.getByText(`Văn bản trả lời số ${setup.document.number}`, { exact: false }));
      await expectNoPersonalData(citizen);
    }
    await phone.close();
  }, 240_000);
});

/** A person reads the form before sending it (the public forms refuse posts within 3 s of serving them). */
const readForAWhile = () => new Promise((resolve) => setTimeout(resolve, 3_500));

/** Nothing personal of any petitioner in the page's HTML: names, phone numbers, e-mail. */
async function expectNoPersonalData(page: Page) {
  const html = await page.content();
  for (const value of [
    CITIZEN.name,
    CITIZEN.email,
    CITIZEN.phone,
    CITIZEN.phone.replaceAll(' ', ''),
    REPEAT_VOTER.name,
    REPEAT_VOTER.phone,
    REPEAT_VOTER.phone.replaceAll(' ', ''),
  ])
    expect(html, `${page.url()} shows "${value}"`).not.toContain(value);
}

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The administrator signs in with the demo TOTP seed (signInByApi waits for a fresh step if needed). */
async function signInAdmin(context: BrowserContext) {
  expect(
    await signInByApi(
      context,
      { username: 'admin', password: DEMO_PASSWORD },
      { totpSecret: DEMO_TOTP_SECRET },
    ),
  ).toBe('none');
}

/** A multipart upload through the API (keystores, drafts), as the app's upload fields send it. */
async function upload(
  request: APIRequestContext,
  url: string,
  file: { name: string; mimeType: string; buffer: Buffer },
  fields: Record<string, string> = {},
) {
  const response = await request.post(url, {
    multipart: { ...fields, file },
    headers: { 'x-csrf-token': await csrfOf(request) },
  });
  if (response.status() >= 300) throw new Error(`${url}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as { id: string };
}

/**
 * The competent agency's answer as an official letter: drafted, approved, signed by the officer
 * with a personal certificate and issued with the agency certificate (demo PIN), both under a CA
 * the app trusts; checked to carry two valid signatures. Returns its id, number and subject.
 */
async function signedAnswerLetter(
  body: { id: string; name: string },
  officer: { username: string; password: string; fullName: string },
) {
  const ca = await createCertificateAuthority({
    subject: `CN=Ban Cơ yếu Chính phủ (thử nghiệm ${world.tag}),O=Ban Cơ yếu Chính phủ,C=VN`,
  });
  await upsertTrustAnchor(world.db, {
    name: `CA thử nghiệm ${world.tag}`,
    certificate: ca.certificate,
    source: 'admin',
  });
  const keystore = async (subject: string, keyUsage: 'personal' | 'agency') => {
    const leaf = await issueCertificate(ca, { subject, keyUsage });
    return Buffer.from(await exportPkcs12({ ...leaf, chain: [ca.certificate] }, DEMO_SIGNING_PIN));
  };
  const context = await newContext(browser);
  expect(await signInByApi(context, officer)).toBe('none');
  const api = context.request;
  const personal = await upload(
    api,
    '/api/signatures/credentials',
    {
      name: 'ca-nhan.p12',
      mimeType: 'application/x-pkcs12',
      buffer: await keystore(`CN=${officer.fullName},O=${body.name},C=VN`, 'personal'),
    },
    { pin: DEMO_SIGNING_PIN },
  );
  const agency = await upload(
    api,
    `/api/signatures/units/${body.id}/credentials`,
    {
      name: 'co-quan.p12',
      mimeType: 'application/x-pkcs12',
      buffer: await keystore(`CN=${body.name},O=${body.name},C=VN`, 'agency'),
    },
    { pin: DEMO_SIGNING_PIN },
  );

  const subject = `Trả lời kiến nghị cử tri về cống thoát nước thôn 8 xã An Bình (${world.tag})`;
  const draft = await renderOfficialDocument({
    parentBody: 'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng',
    issuingBody: body.name,
    place: 'Lâm Đồng',
    summary: subject,
    addressees: [COMMUNE],
    body: [
      'Sở Xây dựng nhận được kiến nghị của cử tri xã An Bình về cống thoát nước thôn 8.',
      'Sở Xây dựng đã bố trí kinh phí nạo vét và mở rộng cống thoát nước, thi công xong trước mùa mưa năm sau.',
    ],
    signerTitle: 'TRƯỞNG BAN',
    signerName: officer.fullName,
    recipients: ['Như trên'],
    archive: 'VT, BDCPL',
  });
  const { id: draftUploadId } = await upload(api, `/api/document-uploads?unitId=${body.id}&purpose=draft`, {
    name: 'tra-loi.pdf',
    mimeType: 'application/pdf',
    buffer: draft.pdf,
  });
  const types = (await (await api.get(`/api/document-types?unitId=${body.id}`)).json()) as Array<{
    id: string;
    name: string;
  }>;
  const { id } = await postJson<{ id: string }>(api, '/api/documents/outgoing', {
    unitId: body.id,
    typeId: types.find((t) => t.name === 'Công văn')!.id,
    subject,
    signerFullName: officer.fullName,
    signerPosition: 'Trưởng ban',
    recipientUnitIds: [setup.communeId],
    draftUploadId,
  });
  for (const action of ['submit_for_review', 'check_content', 'check_format', 'approve'])
    await postJson(api, `/api/documents/${id}/actions`, { action });
  await postJson(api, `/api/documents/${id}/sign`, { credentialId: personal.id, pin: DEMO_SIGNING_PIN });
  await postJson(api, `/api/documents/${id}/issue`, {
    agency: { credentialId: agency.id, pin: DEMO_SIGNING_PIN },
  });
  const issued = (await (await api.get(`/api/documents/${id}`)).json()) as {
    status: string;
    codeNumber: string | null;
    codeNotation: string | null;
  };
  expect(issued.status).toBe('issued');
  const report = (await (await api.get(`/api/documents/${id}/signature-report`)).json()) as Array<{
    role: string;
    verdict: string;
    signatureCount: number;
  }>;
  expect(report.find((r) => r.role === 'issued')).toMatchObject({ verdict: 'valid', signatureCount: 2 });
  await context.close();
  return { id, number: [issued.codeNumber, issued.codeNotation].filter(Boolean).join('/'), subject };
}
