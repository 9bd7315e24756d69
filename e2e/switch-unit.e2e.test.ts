import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.ts';
import { signInByApi } from './support/session.ts';
import { at, shows } from './support/ui.ts';
import { buildProvince, openWorld } from './support/world.ts';

const world = openWorld();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Điều hướng chính' });

describe('switching the working unit', () => {
  it('changes the navigation and the staff one sees to those of the chosen unit', async () => {
    const units = await buildProvince(world);
    // Leader of a province, and registry clerk of a commune in another province.
    const person = await world.staff({
      unitId: units.province.id,
      fullName: 'Đỗ Văn Hai Nơi',
      roles: [{ roleId: 'leader' }, { roleId: 'clerk', unitId: units.otherCommune.id }],
    });
    const atProvince = await world.staff({ unitId: units.communeA.id, fullName: 'Vũ Thị Trong Tỉnh' });
    const atCommune = await world.staff({ unitId: units.otherCommune.id, fullName: 'Ngô Văn Ở Xã' });

    const context = await newContext(browser);
    expect(await signInByApi(context, person)).toBe('none');
    const page = await context.newPage();
    await page.goto('/app/');
    await shows(page.getByText(`Đơn vị đang làm việc: ${units.province.name}`));
    await shows(mainNav(page).getByRole('link', { name: 'Nhật ký' }));
    await shows(mainNav(page).getByRole('link', { name: 'Phân quyền' }));

    await mainNav(page).getByRole('link', { name: 'Cán bộ' }).click();
    await at(page, '/staff');
    const table = page.getByTestId('staff-table');
    await shows(table.getByText(atProvince.fullName));
    expect(await table.getByText(atCommune.fullName).count()).toBe(0);

    const switcher = page.getByRole('combobox', { name: 'Đơn vị làm việc' }).filter({ visible: true });
    expect(await switcher.inputValue()).toBe(units.province.name);
    await switcher.click();
    await page.getByRole('option', { name: units.otherCommune.name }).click();
    await shows(page.getByText(`Đã chuyển sang ${units.otherCommune.name}.`));

    // Same page, the commune's data: its staff only, and no menu for what a clerk may not do.
    await shows(table.getByText(atCommune.fullName));
    expect(await table.getByText(atProvince.fullName).count()).toBe(0);
    expect(await mainNav(page).getByRole('link', { name: 'Nhật ký' }).count()).toBe(0);
    expect(await mainNav(page).getByRole('link', { name: 'Phân quyền' }).count()).toBe(0);
    await mainNav(page).getByRole('link', { name: 'Tổng quan' }).click();
    await shows(page.getByText(`Đơn vị đang làm việc: ${units.otherCommune.name}`));
    await shows(page.getByText('Văn thư'));

    // The choice belongs to the session: a reload keeps it.
    await page.reload();
    await shows(page.getByText(`Đơn vị đang làm việc: ${units.otherCommune.name}`));
    await context.close();
  });
});
