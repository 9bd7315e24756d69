import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.ts';
import { directedIncomingByApi } from './support/documents.ts';
import { signInByApi } from './support/session.ts';
import { shows } from './support/ui.ts';
import { buildProvince, openWorld } from './support/world.ts';

/**
 * A specialist's day: the bell counts the unread notifications, "Việc được giao" lists the work
 * with its deadline and the days left, the person who assigned it is named on the document, and
 * "mark all read" empties the bell.
 */
const world = openWorld();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe('work assigned to me and notifications', () => {
  it('lists my assignment with its deadline, names who directed it, and marks all notifications read', async () => {
    const units = await buildProvince(world);
    const registry = await world.staff({
      unitId: units.province.id,
      fullName: 'Trần Văn Văn Thư Lãnh Đạo',
      roles: [{ roleId: 'clerk' }, { roleId: 'leader' }],
    });
    const specialist = await world.staff({
      unitId: units.province.id,
      fullName: `Lê Thị Được Giao ${world.tag}`,
      roles: [{ roleId: 'specialist' }],
    });
    const registryContext = await newContext(browser);
    expect(await signInByApi(registryContext, registry)).toBe('none');
    const id = await directedIncomingByApi(
      registryContext.request,
      units.province.id,
      specialist.id,
      world.tag,
    );
    await registryContext.close();

    const context = await newContext(browser, { width: 360 });
    expect(await signInByApi(context, specialist)).toBe('none');
    const page = await context.newPage();
    await page.goto('/app/documents/assignments');
    await shows(page.getByRole('heading', { level: 1, name: 'Việc được giao' }));
    const work = await shows(page.getByTestId('my-assignments'));
    const subject = `Kế hoạch phối hợp giám sát năm 2026 (${world.tag}-giao)`;
    await shows(work.getByRole('link', { name: subject }));
    await shows(work.getByText(/\(còn 7 ngày\)$/));
    await shows(work.getByText('Chủ trì'));

    await work.getByRole('link', { name: subject }).click();
    await shows(page.getByRole('heading', { level: 1, name: `Văn bản đến: ${subject}` }));
    expect(new URL(page.url()).pathname).toBe(`/app/documents/${id}`);
    const history = await shows(page.getByRole('region', { name: 'Quá trình xử lý' }));
    await shows(history.getByText(/Trần Văn Văn Thư Lãnh Đạo$/).first());
    const assignments = await shows(page.getByRole('region', { name: 'Phân công xử lý' }));
    await shows(assignments.getByText(`Chủ trì: ${specialist.fullName} (${units.province.name})`));

    // The bell counts the unread; "mark all read" empties it.
    const bell = page.getByRole('link', { name: /^Thông báo: \d+ chưa đọc$/ });
    await bell.click();
    await shows(page.getByRole('heading', { level: 1, name: 'Thông báo' }));
    await page.getByRole('button', { name: 'Đánh dấu tất cả đã đọc' }).click();
    await shows(page.getByText(/^Đã đánh dấu \d+ thông báo là đã đọc\.$/));
    await expect.poll(() => page.getByRole('link', { name: /^Thông báo: \d+ chưa đọc$/ }).count()).toBe(0);
    await expect(page.getByText('Chưa đọc', { exact: true }).count()).resolves.toBe(0);
    await context.close();
  });
});
