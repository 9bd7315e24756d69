import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.ts';
import { at, onDashboard, shows } from './support/ui.ts';
import { openWorld } from './support/world.ts';

const world = openWorld();
let browser: Browser;
let unitId: string;
/** OIDC_LABEL is left at its default: the text of the SSO button, per the configuration reference. */
const SSO_LABEL = 'Đăng nhập một lần (SSO)';

beforeAll(async () => {
  browser = await launchBrowser();
  unitId = (await world.unit('Ủy ban MTTQ tỉnh Một Lần', { levelId: 'province' })).id;
});
afterAll(async () => browser?.close());

/** The provider's own pages (oidc-provider devInteractions): any login and password, then consent. */
async function signInAtProvider(page: Page, login: string) {
  await page.waitForURL((url) => url.origin === inject('oidcIssuer'), { timeout: 15_000 });
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('mat-khau-tai-nha-cung-cap');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

const ssoButton = (page: Page) => page.getByRole('link', { name: /Đăng nhập một lần \(SSO\)/ });

describe('single sign-on through an OpenID Connect provider', () => {
  it('goes through the provider’s login and consent and comes back signed in as the linked account', async () => {
    const email = `sso.${world.tag}@mattranso.test`;
    const person = await world.staff({
      unitId,
      fullName: 'Phạm Minh Một',
      email,
      roles: [{ roleId: 'leader' }],
    });
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/app/login');

    await (await shows(ssoButton(page))).click();
    await signInAtProvider(page, email);

    await onDashboard(page, person.fullName);
    const me = (await (await page.request.get('/api/auth/me')).json()) as { staff: { username: string } };
    expect(me.staff.username).toBe(person.username);
    await page.goto('/app/security');
    const sessions = await shows(page.getByRole('table', { name: 'Các phiên đăng nhập' }));
    await shows(
      sessions.getByRole('row').filter({ hasText: 'Phiên này' }).filter({ hasText: 'Đăng nhập một lần' }),
    );
    await context.close();
  });

  it('sends someone the provider knows but no staff account matches back to the login page, in Vietnamese', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/app/login');
    await (await shows(ssoButton(page))).click();
    await signInAtProvider(page, `nguoi.la.${world.tag}@mattranso.test`);

    await at(page, '/login');
    await shows(
      page
        .getByRole('alert')
        .filter({ hasText: 'Tài khoản đăng nhập một lần chưa được liên kết với cán bộ nào' }),
    );
    expect((await page.context().cookies()).some((c) => c.name === 'mts_session')).toBe(false);
    await context.close();
  });

  it('labels the SSO button with the configured text (OIDC_LABEL), not wrapped in another phrase', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/app/login');
    const button = await shows(ssoButton(page));
    expect((await button.textContent())?.trim()).toBe(SSO_LABEL);
    await context.close();
  });
});
