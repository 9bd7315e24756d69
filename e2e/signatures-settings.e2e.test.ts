import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCertificateAuthority,
  exportPkcs12,
  issueCertificate,
  toPem,
} from '../server/src/modules/signatures/pki/index.ts';
import { axeViolations, describeViolations, launchBrowser, newContext } from './support/browser.ts';
import { signWithPoppler } from './support/poppler-sign.ts';
import { signedInAdmin, signInByApi } from './support/session.ts';
import { shows } from './support/ui.ts';
import { buildProvince, openWorld } from './support/world.ts';

/**
 * Digital-signature settings and verification in the staff app: a clerk adds a .p12 (a wrong PIN
 * is refused at the PIN field), sees its certificate expiring soon; uploads a signature image with
 * a solid background (refused in Vietnamese) and then a transparent one (shown); changes the PIN
 * (the old one stops working), stores the unit's seal at its diameter; verifies a dropped
 * unsigned PDF ("no signature"), a PDF signed under an unknown CA (indeterminate, not trusted — and
 * pdfsig agrees the signature itself is intact), and after an administrator adds that CA as a trust
 * anchor, the same PDF again (valid, trusted). The JSON report downloads and describes this file.
 * Disabling the certificate keeps it listed as disabled. Every page passes axe at 1280 and 360 px without sideways scrolling.
 */
const run = promisify(execFile);
const world = openWorld();
let browser: Browser;
let work: string;

beforeAll(async () => {
  browser = await launchBrowser();
  work = await mkdtemp(path.join(tmpdir(), 'mts-e2e-signatures-'));
});
afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function noAxeViolations(page: Page) {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    await page.waitForFunction((w) => window.innerWidth === w, width);
    // Tables turn into cards on a media-query change: let React render that before axe looks.
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    await page.waitForLoadState('networkidle');
    const violations = await axeViolations(page);
    expect(violations, `axe at ${width} px on ${page.url()}:\n${describeViolations(violations)}`).toEqual([]);
    const scroll = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    expect(scroll, `sideways scrolling at ${width} px on ${page.url()}`).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** A section of the page by its heading (sections are labelled by their h2). */
const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const fileInput = (scope: Locator) => scope.locator('input[type="file"]');

/** A wavy blue stroke, 240 × 90 px: on a solid white background, or on a transparent one. */
function signaturePng(background: 'solid' | 'transparent'): Buffer {
  const [width, height] = [240, 90];
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const ink = Math.abs(y - 45 - Math.round(18 * Math.sin(x / 16))) < 3;
      png.data[i] = ink ? 22 : 255;
      png.data[i + 1] = ink ? 44 : 255;
      png.data[i + 2] = ink ? 168 : 255;
      png.data[i + 3] = ink || background === 'solid' ? 255 : 0;
    }
  // A solid one is written as plain RGB (no alpha channel), as a scan or a photo would be.
  return background === 'solid'
    ? PNG.sync.write(png, { colorType: 2, inputHasAlpha: true })
    : PNG.sync.write(png, { colorType: 6 });
}

/** A red ring on a transparent background, `size` px square (a seal). */
function sealPng(size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  const c = size / 2;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const r = Math.hypot(x + 0.5 - c, y + 0.5 - c);
      const ink = (r > c - 12 && r < c - 2) || r < c / 6;
      png.data.set(ink ? [206, 22, 32, 255] : [255, 255, 255, 0], i);
    }
  return PNG.sync.write(png, { colorType: 6 });
}

async function unsignedPdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText(text, { x: 72, y: 760, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** The verdict block after choosing `pdf` on the verification page (or dropping it there). */
async function verify(page: Page, name: string, pdf: Buffer, how: 'choose' | 'drop' | 'keyboard' = 'choose') {
  await page.goto('/app/signatures/verify');
  await shows(page.getByRole('heading', { level: 1, name: 'Kiểm tra chữ ký số' }));
  const zone = page.getByTestId('verify-drop');
  if (how === 'choose')
    await fileInput(zone).setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf });
  else if (how === 'keyboard') {
    // Tab to the file field and open the file chooser with Enter (listening before any key press,
    // so Playwright intercepts the chooser in time).
    const chooser = page.waitForEvent('filechooser', { timeout: 30_000 });
    const field = zone.getByRole('button', { name: 'Tệp PDF cần kiểm tra' });
    const focused = () => field.evaluate((el) => el === document.activeElement);
    for (let tabs = 0; tabs < 40 && !(await focused()); tabs++) await page.keyboard.press('Tab');
    expect(await focused(), 'the file field is reached with Tab').toBe(true);
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({ name, mimeType: 'application/pdf', buffer: pdf });
  } else {
    const dataTransfer = await page.evaluateHandle(
      ({ base64, fileName }) => {
        const transfer = new DataTransfer();
        const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
        transfer.items.add(new File([bytes], fileName, { type: 'application/pdf' }));
        return transfer;
      },
      { base64: pdf.toString('base64'), fileName: name },
    );
    await zone.dispatchEvent('drop', { dataTransfer });
  }
  return shows(page.getByTestId('verdict'), 30_000);
}

/** Opens "change PIN" for `name`, submits, and returns the dialog. */
async function changePin(page: Page, name: string, currentPin: string, newPin: string) {
  const dialog = page.getByRole('dialog', { name: `Đổi mã PIN: ${name}` });
  if (!(await dialog.isVisible()))
    await page
      .getByRole('button', { name: `Đổi mã PIN: ${name}` })
      .first()
      .click();
  await shows(dialog);
  await dialog.getByLabel('Mã PIN hiện tại').fill(currentPin);
  await dialog.getByLabel('Mã PIN mới (ít nhất 6 ký tự)').fill(newPin);
  await dialog.getByLabel('Nhập lại mã PIN mới').fill(newPin);
  await dialog.getByRole('button', { name: 'Đổi mã PIN' }).click();
  return dialog;
}

describe('digital signature settings and verification', () => {
  it('a clerk keeps a certificate and a signature image, and verifies PDFs before and after a trust anchor is added', async () => {
    const units = await buildProvince(world);
    const clerk = await world.staff({
      unitId: units.province.id,
      fullName: 'Phạm Thị Văn Thư',
      roles: [{ roleId: 'clerk' }],
    });
    const context = await newContext(browser);
    expect(await signInByApi(context, clerk)).toBe('none');
    const page = await context.newPage();

    // The navigation leads to "my signatures".
    await page.goto('/app/');
    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Chữ ký số' })
      .click();
    await shows(page.getByRole('heading', { level: 1, name: 'Chữ ký số của tôi' }));
    await shows(page.getByText('Chưa có chứng thư số nào.'));
    await noAxeViolations(page);

    // A .p12 from a CA of our own, expiring in 20 days: a wrong PIN is refused at the PIN field.
    const ca = await createCertificateAuthority({
      subject: `CN=CA thử nghiệm ${world.tag},O=Ban Cơ yếu thử nghiệm,C=VN`,
    });
    const holder = `Phạm Thị Văn Thư ${world.tag}`;
    const keyed = await issueCertificate(ca, {
      subject: `CN=${holder},O=Ủy ban MTTQ tỉnh Hòa Bình Xanh,C=VN`,
      keyUsage: 'personal',
      validity: { days: 20 },
    });
    const p12 = Buffer.from(await exportPkcs12(keyed, 'dung-pin-2026'));
    const credentials = region(page, 'Chứng thư số của tôi');
    await fileInput(credentials).setInputFiles({
      name: 'chu-ky.p12',
      mimeType: 'application/x-pkcs12',
      buffer: p12,
    });
    const pin = credentials.getByLabel('Mã PIN của tệp');
    await pin.fill('sai-pin');
    await credentials.getByRole('button', { name: 'Tải lên' }).click();
    await shows(credentials.getByText('Mã PIN không đúng.', { exact: false }));
    // …and the message is the PIN field's own description for screen readers.
    const describedBy = (await pin.getAttribute('aria-describedby'))?.split(/\s+/) ?? [];
    const fieldMessages = await Promise.all(
      describedBy.map((id) => page.locator(`[id="${id}"]`).innerText()),
    );
    expect(fieldMessages.join(' ')).toContain('Mã PIN không đúng.');
    await pin.fill('dung-pin-2026');
    await credentials.getByRole('button', { name: 'Tải lên' }).click();
    const list = await shows(page.getByTestId('my-credentials').filter({ hasText: holder }));
    await shows(list.getByText('Sắp hết hạn', { exact: false }));
    await shows(list.getByText('Đang dùng'));
    await noAxeViolations(page);

    // Change the PIN: a wrong current PIN is refused at that field; then the old PIN no longer
    // opens the keystore and the new one does (a second change proves it).
    let dialog = await changePin(page, holder, 'khong-phai-pin', 'pin-moi-2026');
    await shows(dialog.getByText('Mã PIN không đúng.', { exact: false }));
    await noAxeViolations(page);
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'hidden' });
    dialog = await changePin(page, holder, 'dung-pin-2026', 'pin-moi-2026');
    await dialog.waitFor({ state: 'hidden' });
    await shows(page.getByText('Đã đổi mã PIN.'));
    dialog = await changePin(page, holder, 'dung-pin-2026', 'pin-thu-ba-2026');
    await shows(dialog.getByText('Mã PIN không đúng.', { exact: false }));
    dialog = await changePin(page, holder, 'pin-moi-2026', 'pin-thu-ba-2026');
    await dialog.waitFor({ state: 'hidden' });

    // A signature image with a solid background is refused, with the reason in Vietnamese.
    const images = region(page, 'Ảnh chữ ký của tôi');
    await shows(images.getByText('Chưa có ảnh.'));
    await fileInput(images).setInputFiles({
      name: 'chu-ky-nen-trang.png',
      mimeType: 'image/png',
      buffer: signaturePng('solid'),
    });
    await shows(images.getByText('Ảnh PNG phải có nền trong suốt', { exact: false }));
    await expect(images.getByRole('img', { name: 'Ảnh chữ ký hiện tại' }).count()).resolves.toBe(0);

    // A transparent one is kept and shown as the browser decodes it (its real pixel size).
    const transparent = signaturePng('transparent');
    const decoded = PNG.sync.read(transparent);
    await fileInput(images).setInputFiles({ name: 'chu-ky.png', mimeType: 'image/png', buffer: transparent });
    const shown = await shows(images.getByRole('img', { name: 'Ảnh chữ ký hiện tại' }));
    await expect
      .poll(() => shown.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]))
      .toEqual([decoded.width, decoded.height]);
    await expect(images.getByText('Ảnh PNG phải có nền trong suốt', { exact: false }).count()).resolves.toBe(
      0,
    );
    await noAxeViolations(page);

    // The unit's part: a clerk manages the agency certificates and the seal.
    await page
      .getByRole('navigation', { name: 'Phân mục chữ ký số' })
      .getByRole('link', { name: 'Của cơ quan' })
      .click();
    await shows(page.getByRole('heading', { level: 1, name: 'Chữ ký số của cơ quan' }));
    // The seal: a transparent PNG at its real diameter, shown with it.
    const seal = region(page, 'Ảnh con dấu');
    await shows(seal.getByText('Chưa có ảnh.'));
    await fileInput(seal).setInputFiles({ name: 'con-dau.png', mimeType: 'image/png', buffer: sealPng(420) });
    await seal.getByLabel('Đường kính thật của con dấu (mm)').fill('36');
    await seal.getByRole('button', { name: 'Lưu ảnh con dấu' }).click();
    const sealShown = await shows(seal.getByRole('img', { name: 'Ảnh con dấu hiện tại (36 mm)' }));
    await expect
      .poll(() => sealShown.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]))
      .toEqual([420, 420]);
    await shows(seal.getByText('Đường kính 36 mm', { exact: false }));
    await shows(page.getByTestId('unit-credentials'));
    await noAxeViolations(page);

    // An unsigned PDF: no signature.
    const original = await unsignedPdf(`Van ban thu nghiem ${world.tag}`);
    const none = await verify(page, 'chua-ky.pdf', original, 'drop');
    await shows(none.getByText('Tài liệu không có chữ ký số'));
    expect(await none.getAttribute('data-verdict')).toBe('absent');
    await noAxeViolations(page);

    // Signed elsewhere (poppler's pdfsig, NSS) under our CA, which nobody trusts yet: indeterminate,
    // "not trusted", integrity intact.
    const signed = await signWithPoppler(original, keyed, [ca]);
    const signedPath = path.join(work, 'da-ky.pdf');
    await writeFile(signedPath, signed);
    // Independently: poppler finds the one signature and its value verifies, issuer not trusted.
    const pdfsig = await run('pdfsig', [signedPath]).then(
      (r) => r.stdout,
      (e: { stdout: string }) => e.stdout,
    );
    expect(pdfsig).toContain('Signature is Valid');
    expect(pdfsig).toMatch(
      /issuer isn't Trusted|Certificate isn't Trusted|Unknown issuer|issuer is unknown/i,
    );
    const untrusted = await verify(page, 'da-ky.pdf', signed, 'keyboard');
    expect(await untrusted.getAttribute('data-verdict')).toBe('indeterminate');
    await shows(untrusted.getByText('Chưa xác định được'));
    const card = region(page, 'Chữ ký 1');
    await shows(card.getByText(holder, { exact: false }));
    // pdfsig embeds only the signer's certificate: the root is unknown until it is trusted.
    await shows(card.getByText(/Không tin cậy|Thiếu chứng thư/));
    await shows(card.getByText('Nguyên vẹn từ khi ký'));
    await shows(card.getByText('Toàn bộ tài liệu'));
    await shows(
      page.getByTestId('verification-text').getByText('Kết quả kiểm tra chữ ký số', { exact: false }),
    );
    await noAxeViolations(page);

    // The JSON report downloads and describes exactly this file.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải báo cáo JSON' }).click(),
    ]);
    const report = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
      fileSha256: string;
      verdict: string;
      signatures: Array<{ signer: { subject: string } | null }>;
    };
    expect(report.fileSha256.toLowerCase()).toBe(createHash('sha256').update(signed).digest('hex'));
    expect(report.verdict).toBe('indeterminate');
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]!.signer?.subject).toContain(holder);

    // An administrator adds the CA as a trust anchor on the trust anchors page.
    const admin = await world.staff({
      unitId: units.root.id,
      fullName: 'Quản Trị Chữ Ký',
      roles: [{ roleId: 'system_admin' }],
    });
    const { context: adminContext } = await signedInAdmin(() => newContext(browser), admin);
    const adminPage = await adminContext.newPage();
    await adminPage.goto('/app/signatures/trust-anchors');
    await shows(adminPage.getByRole('heading', { level: 1, name: 'Chứng thư gốc tin cậy' }));
    const anchorName = `CA thử nghiệm ${world.tag}`;
    await adminPage.getByLabel('Tên', { exact: true }).fill(anchorName);
    await adminPage.getByLabel('Chứng thư dạng PEM').fill(toPem(ca.certificate));
    await adminPage.getByRole('button', { name: 'Thêm chứng thư gốc' }).click();
    await shows(adminPage.getByTestId('trust-anchors').getByText(anchorName));
    await noAxeViolations(adminPage);
    await adminContext.close();

    // The same PDF is now valid and trusted.
    const trusted = await verify(page, 'da-ky.pdf', signed);
    expect(await trusted.getAttribute('data-verdict')).toBe('valid');
    await shows(trusted.getByText('Hợp lệ', { exact: true }));
    await shows(region(page, 'Chữ ký 1').getByText(`Tin cậy (theo`, { exact: false }));

    // Disabling the certificate (after a confirmation) leaves it listed, no longer usable.
    await page.goto('/app/signatures/mine');
    const mine = await shows(page.getByTestId('my-credentials').filter({ hasText: holder }));
    await page.getByRole('button', { name: `Ngừng dùng chứng thư số: ${holder}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ngừng dùng' }).click();
    await shows(mine.getByText('Đã ngừng dùng'));
    await expect(page.getByRole('button', { name: `Đổi mã PIN: ${holder}` }).count()).resolves.toBe(0);

    // In English, the same result reads in English, the text report too.
    await verify(page, 'da-ky.pdf', signed);
    await page.getByRole('button', { name: /Ngôn ngữ/ }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await shows(page.getByTestId('verdict').getByText('Valid', { exact: true }));
    const text = await shows(page.getByTestId('verification-text'));
    expect(await text.innerText()).toContain('Digital signature verification: VALID');
    expect(await text.innerText()).not.toContain('Kết quả kiểm tra');
    await shows(region(page, 'Signature 1').getByText('Trusted (via', { exact: false }));
    await context.close();
  }, 120_000); // one long journey (about 25 s alone; more on a busy machine)
});
