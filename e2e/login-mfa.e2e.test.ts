import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../server/src/db/seed/index.ts';
import { launchBrowser, newContext } from './support/browser.ts';
import { totpCode, totpCodes, wrongTotpCode } from './support/session.ts';
import { at, onDashboard, shows, submitPassword } from './support/ui.ts';
import { openWorld } from './support/world.ts';

const world = openWorld();
let browser: Browser;
let unitId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  unitId = (await world.unit('Ủy ban MTTQ tỉnh Đăng Nhập', { levelId: 'province' })).id;
});
afterAll(async () => browser?.close());

describe('signing in with a password and an authenticator app (TOTP)', () => {
  it('refuses a wrong code in Vietnamese and opens the dashboard with the right one', async () => {
    // A demo login: unit administrator of Lâm Đồng, a role that requires two-factor sign-in.
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/app/login');
    await submitPassword(page, 'quantri.lamdong', DEMO_PASSWORD);
    await shows(page.getByRole('heading', { level: 1, name: 'Xác thực hai lớp' }));

    await page.getByLabel('Mã xác thực').fill(wrongTotpCode(DEMO_TOTP_SECRET));
    await page.getByRole('button', { name: 'Xác thực', exact: true }).click();
    const refusal = await shows(page.getByRole('alert').filter({ hasText: 'Mã xác thực không đúng' }));
    expect(await refusal.textContent()).toContain('Mã xác thực không đúng hoặc đã hết hạn.');
    expect(new URL(page.url()).pathname).toBe('/app/login');
    expect(await (await page.request.get('/api/staff')).status()).toBe(401);

    const { current } = await totpCodes(DEMO_TOTP_SECRET);
    await page.getByLabel('Mã xác thực').fill(current);
    await page.getByRole('button', { name: 'Xác thực', exact: true }).click();
    await at(page, '/');
    await shows(page.getByRole('heading', { level: 1, name: 'Tổng quan' }));
    await shows(page.getByText('Đơn vị đang làm việc: Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng'));
    await shows(page.getByText('Xác thực hai lớp đang bật.'));
    await context.close();
  });

  it('guides someone whose role requires two-factor through enrolment and shows recovery codes once', async () => {
    const admin = await world.staff({ unitId, fullName: 'Lê Thị Mới', roles: [{ roleId: 'unit_admin' }] });
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/app/login');
    await submitPassword(page, admin.username, admin.password);

    await shows(page.getByRole('heading', { level: 1, name: 'Thiết lập xác thực hai lớp' }));
    await shows(page.getByText('Vai trò của bạn yêu cầu xác thực hai lớp.'));
    const qr = await shows(page.getByRole('img', { name: 'Mã QR để thêm tài khoản vào ứng dụng xác thực' }));
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);

    // The app cannot be reached without confirming the authenticator first.
    await page.goto('/app/staff');
    await shows(page.getByRole('heading', { level: 1, name: 'Thiết lập xác thực hai lớp' }));

    const newSecret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    await page.getByLabel('Mã xác thực').fill(totpCode(newSecret));
    await page.getByRole('button', { name: 'Xác nhận và bật' }).click();

    await shows(page.getByRole('heading', { name: 'Lưu mã khôi phục' }));
    const codes = (await page.getByTestId('recovery-codes').getByRole('listitem').allTextContents()).map(
      (c) => c.trim(),
    );
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const proceed = page.getByRole('button', { name: 'Tiếp tục vào hệ thống' });
    expect(await proceed.isDisabled()).toBe(true);
    await page.getByLabel('Tôi đã lưu các mã khôi phục').check();
    await proceed.click();

    // On to the page first asked for, now fully signed in.
    await at(page, '/staff');
    await shows(page.getByRole('heading', { level: 1, name: 'Cán bộ' }));
    await page.goto('/app/');
    await onDashboard(page, admin.fullName);
    await shows(page.getByText('Xác thực hai lớp đang bật.'));
    await context.close();
  });
});
