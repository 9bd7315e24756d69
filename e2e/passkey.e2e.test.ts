import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.ts';
import { at, onDashboard, shows, submitPassword } from './support/ui.ts';
import { openWorld } from './support/world.ts';

const world = openWorld();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

/** Chromium's virtual platform authenticator: a passkey store with user verification (like Touch ID). */
async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
  };
}

describe('passkeys', () => {
  it('registers a passkey on “my security”, then signs in with it alone after signing out', async () => {
    const unit = await world.unit('Ủy ban MTTQ xã Khóa Số', { levelId: 'commune' });
    const person = await world.staff({
      unitId: unit.id,
      fullName: 'Hoàng Thị Vân Tay',
      roles: [{ roleId: 'leader' }],
    });
    const context = await newContext(browser);
    const page = await context.newPage();
    const authenticator = await addVirtualAuthenticator(page);

    await page.goto('/app/login');
    await submitPassword(page, person.username, person.password);
    await onDashboard(page, person.fullName);

    await page.getByRole('button', { name: `Tài khoản của ${person.fullName}` }).click();
    await page.getByRole('menuitem', { name: 'Phiên đăng nhập và bảo mật' }).click();
    await shows(page.getByRole('heading', { level: 1, name: 'Phiên đăng nhập và bảo mật' }));
    await page.getByLabel('Tên gợi nhớ').fill('Máy tính cơ quan');
    await page.getByRole('button', { name: 'Đăng ký khóa truy cập' }).click();
    await shows(page.getByText('Đã đăng ký khóa truy cập.'));
    await shows(page.getByTestId('passkeys-table').getByText('Máy tính cơ quan'));

    const stored = await authenticator.credentials();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.isResidentCredential).toBe(true);
    expect(stored[0]!.rpId).toBe('localhost');

    await page.getByRole('button', { name: `Tài khoản của ${person.fullName}` }).click();
    await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
    await at(page, '/login');
    await shows(page.getByRole('heading', { level: 1, name: 'Đăng nhập' }));
    expect(await (await page.request.get('/api/auth/me')).status()).toBe(401);

    // No username, no password: the discoverable passkey says who it is.
    await page.getByRole('button', { name: 'Đăng nhập bằng khóa truy cập (passkey)' }).click();
    await onDashboard(page, person.fullName);
    const me = (await (await page.request.get('/api/auth/me')).json()) as { staff: { username: string } };
    expect(me.staff.username).toBe(person.username);
    expect((await authenticator.credentials())[0]!.signCount).toBeGreaterThan(stored[0]!.signCount);
    await context.close();
  });
});
