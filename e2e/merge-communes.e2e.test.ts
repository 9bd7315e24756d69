import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.ts';
import { signedInAdmin } from './support/session.ts';
import { at, shows } from './support/ui.ts';
import { buildProvince, openWorld } from './support/world.ts';

const world = openWorld();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

/** Picks a unit in a searchable unit picker by typing its name. */
async function pickUnit(page: Page, label: string, name: string) {
  const picker = page.getByRole('combobox', { name: label });
  await picker.fill(name);
  await page.getByRole('option', { name }).click();
}

describe('merging two communes with the merge wizard', () => {
  it('chooses the communes, names the successor, dates the decision, previews, confirms; the tree keeps the history', async () => {
    const units = await buildProvince(world);
    const admin = await world.staff({
      unitId: units.province.id,
      fullName: 'Bùi Văn Sắp Xếp',
      roles: [{ roleId: 'unit_admin' }],
    });
    await world.staff({ unitId: units.communeA.id, fullName: 'Lý Thị An Phú' });
    const successorName = `Ủy ban MTTQ xã An Bình Lộc ${world.tag}`;
    const { context } = await signedInAdmin(() => newContext(browser), admin);
    const page = await context.newPage();

    await page.goto('/app/units');
    await page.getByRole('link', { name: 'Hợp nhất đơn vị' }).click();
    await at(page, '/units/merge');
    await shows(page.getByRole('heading', { level: 1, name: 'Hợp nhất đơn vị' }));

    // 1. The units
    await pickUnit(page, 'Thêm đơn vị', units.communeA.name);
    await pickUnit(page, 'Thêm đơn vị', units.communeB.name);
    const chosen = page.getByRole('list', { name: 'Các đơn vị được hợp nhất' });
    expect((await chosen.getByRole('listitem').allTextContents()).map((t) => t.trim())).toEqual([
      units.communeA.name,
      units.communeB.name,
    ]);
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    // 2. The successor: a new commune
    await page.getByRole('radio', { name: 'Thành lập đơn vị mới' }).check();
    await page.getByLabel('Tên đơn vị mới').fill(successorName);
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    // 3. The decision
    await page.getByLabel('Ngày có hiệu lực').fill('01/07/2025');
    await page.getByLabel('Số quyết định/nghị quyết').fill('1656/NQ-UBTVQH15');
    await page.getByRole('button', { name: 'Xem trước thay đổi' }).click();

    // 4. The preview: nothing written yet
    const preview = await shows(page.getByTestId('reorganisation-preview'));
    await shows(preview.getByText('Hợp nhất — 01/07/2025 — 1656/NQ-UBTVQH15'));
    const created = preview.locator('section', {
      has: page.getByRole('heading', { name: 'Đơn vị được thành lập' }),
    });
    await shows(created.getByText(successorName));
    const retired = preview.locator('section', {
      has: page.getByRole('heading', { name: 'Đơn vị thôi hoạt động' }),
    });
    await shows(retired.getByText(`${units.communeA.name} → Đã hợp nhất`));
    await shows(retired.getByText(`${units.communeB.name} → Đã hợp nhất`));
    const staffMoved = preview.getByRole('row').filter({ hasText: 'Cán bộ chuyển đơn vị' });
    expect((await staffMoved.getByRole('cell').textContent())?.trim()).toBe('1');
    const unchanged = await (await page.request.get(`/api/units/${units.communeA.id}`)).json();
    expect(unchanged.status).toBe('active');

    await page.getByRole('button', { name: 'Xác nhận thực hiện' }).click();
    await shows(page.getByText('Đã thực hiện sắp xếp tổ chức.'));
    await page.getByRole('link', { name: 'Xem đơn vị kế thừa' }).click();

    // The new commune, with the former ones as its predecessors
    const detail = await shows(page.getByTestId('unit-detail'));
    await shows(detail.getByRole('heading', { level: 2, name: successorName }));
    const predecessors = detail.locator('section', {
      has: page.getByRole('heading', { name: 'Đơn vị tiền thân' }),
    });
    await shows(predecessors.getByRole('link', { name: `${units.communeA.name} (Đã hợp nhất)` }));
    await shows(predecessors.getByRole('link', { name: `${units.communeB.name} (Đã hợp nhất)` }));
    await shows(predecessors.getByText('01/07/2025'));

    // The tree: the province now holds the new commune; the former ones only as history
    await page.goto(`/app/units/${units.province.id}`);
    const tree = await shows(page.getByRole('tree', { name: 'Cây tổ chức' }));
    const province = tree.getByRole('treeitem', { name: units.province.name });
    await province.focus();
    await province.press('ArrowRight');
    await shows(tree.getByRole('treeitem', { name: successorName }));
    expect(await tree.getByRole('treeitem', { name: new RegExp(units.communeA.name) }).count()).toBe(0);
    expect(await tree.getByRole('treeitem', { name: new RegExp(units.communeB.name) }).count()).toBe(0);

    await page.getByLabel('Hiện cả đơn vị đã sáp nhập/giải thể').check();
    const provinceAgain = tree.getByRole('treeitem', { name: units.province.name });
    if ((await provinceAgain.getAttribute('aria-expanded')) !== 'true')
      await provinceAgain.press('ArrowRight');
    const successor = await shows(tree.getByRole('treeitem', { name: successorName }));
    await successor.focus();
    await successor.press('ArrowRight');
    await shows(successor.getByRole('treeitem', { name: `${units.communeA.name} (Đã hợp nhất)` }));
    await shows(successor.getByRole('treeitem', { name: `${units.communeB.name} (Đã hợp nhất)` }));
    await context.close();
  });
});
