import { and, eq } from 'drizzle-orm';
import type { APIRequestContext, Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { document as documentTable } from '../server/src/modules/documents/index.ts';
import {
  createCertificateAuthority,
  drawDemoSeal,
  drawDemoSignature,
  exportPkcs12,
  issueCertificate,
  parseAnchorPem,
  registerRemoteCredential,
  renderOfficialDocument,
  upsertTrustAnchor,
} from '../server/src/modules/signatures/index.ts';
import { axeViolations, describeViolations, launchBrowser, newContext } from './support/browser.ts';
import { csrfOf, postJson } from './support/documents.ts';
import { signInByApi } from './support/session.ts';
import { shows } from './support/ui.ts';
import { buildProvince, openWorld } from './support/world.ts';

/**
 * The two signatures of an electronic original, in the browser: the chairman signs on the phone
 * (remote signing: the page counts down while the phone — the CSC simulator's page — waits for
 * approval), the registry numbers the document and applies the agency signature with the seal
 * and its PIN, and the commune that receives it sees the signatures verified on arrival.
 */
const world = openWorld();
let browser: Browser;
const AGENCY_PIN = '852456';

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

async function signedIn(
  person: { username: string; password: string },
  width?: number,
): Promise<BrowserContext> {
  const context = await newContext(browser, { width });
  expect(await signInByApi(context, person)).toBe('none');
  return context;
}

/** A multipart upload through the API (keystores, images, drafts), as the app's upload fields send it. */
async function uploadForm(
  request: APIRequestContext,
  url: string,
  file: { name: string; mimeType: string; buffer: Buffer },
  fields: Record<string, string> = {},
  method: 'POST' | 'PUT' = 'POST',
) {
  const response = await request.fetch(url, {
    method,
    multipart: { ...fields, file },
    headers: { 'x-csrf-token': await csrfOf(request) },
  });
  if (response.status() >= 300) throw new Error(`${url}: ${response.status()} ${await response.text()}`);
  return response.json();
}

describe('a digitally signed document, from the signer to the recipient', () => {
  it('the chairman approves on the phone, the registry seals with its PIN, the commune sees valid signatures', async () => {
    const units = await buildProvince(world);
    const csc = inject('csc');
    const drafter = await world.staff({
      unitId: units.province.id,
      fullName: 'Lê Thị Soạn Thảo',
      roles: [{ roleId: 'clerk' }, { roleId: 'leader' }],
    });
    const chairman = await world.staff({
      unitId: units.province.id,
      fullName: 'Nguyễn Văn Ký',
      roles: [{ roleId: 'leader' }],
    });
    const clerk = await world.staff({
      unitId: units.province.id,
      fullName: 'Phạm Thị Văn Thư Tỉnh',
      roles: [{ roleId: 'clerk' }],
    });
    const communeClerk = await world.staff({
      unitId: units.communeA.id,
      fullName: 'Đỗ Thị Văn Thư Xã',
      roles: [{ roleId: 'clerk' }],
    });

    // Trust: the remote service's CA and the committee's own CA; the chairman's certificate is on
    // the remote service, the committee's agency certificate is uploaded by the registry with its PIN.
    await upsertTrustAnchor(world.db, {
      name: `CA ký số từ xa ${world.tag}`,
      certificate: parseAnchorPem(csc.caPem)[0]!,
      source: 'admin',
    });
    await registerRemoteCredential(world.db, {
      owner: { kind: 'personal', staffId: chairman.id },
      certificate: new Uint8Array(
        Buffer.from(csc.certificatePem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'),
      ),
      remoteProvider: 'csc-sim',
      remoteCredentialId: csc.credentialId,
      remoteAccount: csc.userId,
    });
    const ca = await createCertificateAuthority({
      subject: `CN=Ban Cơ yếu Chính phủ (thử nghiệm ${world.tag}),O=Ban Cơ yếu Chính phủ,C=VN`,
    });
    await upsertTrustAnchor(world.db, {
      name: `CA thử nghiệm ${world.tag}`,
      certificate: ca.certificate,
      source: 'admin',
    });
    const agency = await issueCertificate(ca, {
      subject: `CN=${units.province.name},O=${units.province.name},C=VN`,
      keyUsage: 'agency',
    });
    const clerkContext = await signedIn(clerk);
    await uploadForm(
      clerkContext.request,
      `/api/signatures/units/${units.province.id}/credentials`,
      {
        name: 'co-quan.p12',
        mimeType: 'application/x-pkcs12',
        buffer: Buffer.from(await exportPkcs12({ ...agency, chain: [ca.certificate] }, AGENCY_PIN)),
      },
      { pin: AGENCY_PIN },
    );
    await uploadForm(
      clerkContext.request,
      `/api/signatures/units/${units.province.id}/seal-image`,
      {
        name: 'dau.png',
        mimeType: 'image/png',
        buffer: drawDemoSeal(units.province.name, 'Hòa Bình Xanh', 36),
      },
      { diameterMm: '36' },
      'PUT',
    );
    const chairmanContext = await signedIn(chairman);
    await uploadForm(
      chairmanContext.request,
      '/api/signatures/signature-image',
      { name: 'chu-ky.png', mimeType: 'image/png', buffer: drawDemoSignature(5) },
      {},
      'PUT',
    );

    // An approved draft in the Appendix I layout, through the API.
    const subject = `Quyết định thành lập Tổ công tác chuyển đổi số (${world.tag})`;
    const draft = await renderOfficialDocument({
      parentBody: 'Ủy ban Mặt trận Tổ quốc Việt Nam',
      issuingBody: units.province.name,
      place: 'Hòa Bình Xanh',
      typeName: 'Quyết định',
      summary: 'Về việc thành lập Tổ công tác chuyển đổi số',
      body: ['Căn cứ Điều lệ Mặt trận Tổ quốc Việt Nam;', 'Điều 1. Thành lập Tổ công tác chuyển đổi số.'],
      authority: 'TM. BAN THƯỜNG TRỰC',
      signerTitle: 'CHỦ TỊCH',
      signerName: 'Nguyễn Văn Ký',
      recipients: ['Như Điều 3', units.communeA.name],
      archive: 'VT, BTT',
    });
    const drafterContext = await signedIn(drafter);
    const api = drafterContext.request;
    const { id: draftUploadId } = await uploadForm(
      api,
      `/api/document-uploads?unitId=${units.province.id}&purpose=draft`,
      { name: 'du-thao.pdf', mimeType: 'application/pdf', buffer: draft.pdf },
    );
    const types = (await (await api.get(`/api/document-types?unitId=${units.province.id}`)).json()) as Array<{
      id: string;
      name: string;
    }>;
    const { id } = await postJson<{ id: string }>(api, '/api/documents/outgoing', {
      unitId: units.province.id,
      typeId: types.find((t) => t.name === 'Quyết định')!.id,
      subject,
      signerFullName: 'Nguyễn Văn Ký',
      signerPosition: 'Chủ tịch',
      recipientUnitIds: [units.communeA.id],
      draftUploadId,
    });
    for (const action of ['submit_for_review', 'check_content', 'check_format', 'approve'])
      await postJson(api, `/api/documents/${id}/actions`, { action });

    // The chairman signs: the request goes to the phone and the page counts down.
    const desk = await chairmanContext.newPage();
    await desk.goto(`/app/documents/${id}`);
    const form = desk.getByRole('form', { name: 'Ký số văn bản' });
    await shows(form.getByRole('combobox', { name: 'Chứng thư số cá nhân' }));
    await form.getByRole('button', { name: 'Gửi yêu cầu ký tới điện thoại' }).click();
    await shows(desk.getByText('Đang chờ xác nhận trên điện thoại'));
    await shows(desk.getByText(/Còn [0-9]:[0-5][0-9]\./));
    const violations = await axeViolations(desk);
    expect(violations, describeViolations(violations)).toEqual([]);

    // On the phone (the simulator's page): approve.
    const phone = await browser.newPage();
    await phone.goto(`${csc.url}/simulator`);
    await phone.getByRole('button', { name: 'Đồng ý ký' }).first().click();
    await phone.close();
    await shows(
      desk.getByRole('heading', { level: 1 }).locator('..').getByText('Đã ký', { exact: true }),
      20_000,
    );

    // The registry: number, date, seal — with the agency PIN.
    const registry = await clerkContext.newPage();
    await registry.goto(`/app/documents/${id}`);
    const seal = registry.getByRole('form', { name: 'Ban hành: cấp số và ký số của cơ quan' });
    await seal.getByLabel('Mã PIN chứng thư số cơ quan').fill(AGENCY_PIN);
    await seal.getByRole('button', { name: 'Cấp số, ký số và ban hành' }).click();
    await shows(
      registry.getByRole('heading', { level: 1 }).locator('..').getByText('Đã ban hành', { exact: true }),
    );
    await shows(registry.getByTestId('signature-report').getByText('Chữ ký hợp lệ').first());

    // An electronic copy (sao y) for a partner: the agency signs it too, the copy named on page 1.
    const copyForm = registry.getByRole('form', { name: 'Cấp bản sao' });
    await copyForm.getByRole('textbox', { name: 'Họ tên người ký' }).fill('Phạm Thị Văn Thư Tỉnh');
    await copyForm.getByRole('textbox', { name: 'Chức vụ người ký' }).fill('Văn thư');
    await copyForm.getByRole('checkbox', { name: /Bản sao điện tử/ }).check();
    await copyForm.getByLabel('Mã PIN chứng thư số cơ quan').fill(AGENCY_PIN);
    await copyForm.getByRole('button', { name: 'Cấp bản sao' }).click();
    await shows(registry.getByText(/Đã cấp bản sao số \d+\/SY-/));
    await shows(registry.getByTestId('document-copies').getByRole('link', { name: 'Tải bản sao điện tử' }));

    // The commune: its copy arrived with the signatures verified.
    const [copy] = await world.db
      .select({ id: documentTable.id })
      .from(documentTable)
      .where(and(eq(documentTable.sourceDocumentId, id), eq(documentTable.unitId, units.communeA.id)));
    const communeContext = await signedIn(communeClerk, 360);
    const inbox = await communeContext.newPage();
    await inbox.goto(`/app/documents/${copy!.id}`);
    const report = await shows(inbox.getByTestId('signature-report'));
    await shows(report.getByText('Chữ ký hợp lệ'));
    await shows(report.getByText('2 chữ ký'));
    await report.getByRole('button', { name: 'Xem báo cáo kiểm tra' }).click();
    await shows(report.getByText(/Nguyễn Văn Ký/));
    const scroll = await inbox.evaluate(() => document.scrollingElement!.scrollWidth);
    expect(scroll, 'sideways scrolling at 360 px').toBeLessThanOrEqual(360);
    for (const context of [clerkContext, chairmanContext, drafterContext, communeContext])
      await context.close();
  });

  it('a drafter writes the text in the app and gets the draft laid out per Appendix I', async () => {
    const units = await buildProvince(world);
    const drafter = await world.staff({
      unitId: units.province.id,
      fullName: 'Vũ Thị Soạn Thảo',
      roles: [{ roleId: 'specialist' }],
    });
    const context = await signedIn(drafter, 360);
    const page = await context.newPage();
    await page.goto('/app/documents/outgoing/new');
    await shows(page.getByRole('heading', { level: 1, name: 'Soạn dự thảo văn bản đi' }));
    await page.getByRole('combobox', { name: 'Loại văn bản' }).fill('Quyết định');
    await page
      .getByRole('option', { name: /^Quyết định/ })
      .first()
      .click();
    const subject = `Về việc kiện toàn Ban Chỉ đạo (${world.tag})`;
    await page.getByRole('textbox', { name: 'Trích yếu' }).fill(subject);
    await page.getByRole('textbox', { name: 'Họ tên người ký' }).fill('Nguyễn Văn Ký');
    await page.getByRole('textbox', { name: 'Chức vụ người ký' }).fill('Chủ tịch');
    await page.getByRole('switch', { name: /Soạn nội dung trên hệ thống/ }).check();
    await page
      .getByRole('textbox', { name: 'Nội dung văn bản' })
      .fill('Điều 1. Kiện toàn Ban Chỉ đạo.\nĐiều 2. Quyết định có hiệu lực kể từ ngày ký.');
    await page.getByRole('textbox', { name: /Nơi nhận/ }).fill('Như Điều 2\nThường trực Tỉnh ủy');
    await page.getByRole('button', { name: 'Tạo bản PDF theo thể thức' }).click();
    await shows(page.getByText(/Đã tạo bản dự thảo PDF theo thể thức \(1 trang\)/));
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await shows(page.getByRole('heading', { level: 1, name: `Văn bản đi: ${subject}` }));
    await shows(page.getByRole('link', { name: 'du-thao-the-thuc.pdf' }));
    await context.close();
  });
});
