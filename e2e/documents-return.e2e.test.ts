import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.ts';
import { issuedOutgoingByApi } from './support/documents.ts';
import { signInByApi } from './support/session.ts';
import { shows } from './support/ui.ts';
import { buildProvince, openWorld } from './support/world.ts';

const world = openWorld();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

async function signedIn(person: { username: string; password: string }): Promise<BrowserContext> {
  const context = await newContext(browser);
  expect(await signInByApi(context, person)).toBe('none');
  return context;
}

describe('returning a misaddressed document', () => {
  it('the commune returns it with a reason; the sender’s open page shows "02 · Từ chối tiếp nhận" and the reason live', async () => {
    const units = await buildProvince(world);
    const sender = await world.staff({
      unitId: units.province.id,
      fullName: 'Vũ Thị Văn Thư Lãnh Đạo',
      roles: [{ roleId: 'clerk' }, { roleId: 'leader' }],
    });
    const communeClerk = await world.staff({
      unitId: units.communeB.id,
      fullName: 'Lý Văn Văn Thư Xã',
      roles: [{ roleId: 'clerk' }],
    });
    const senderContext = await signedIn(sender);
    const documentId = await issuedOutgoingByApi(
      senderContext.request,
      units.province.id,
      [units.communeB.id],
      world.tag,
    );

    // The sender's page is open before the commune acts, and is never reloaded: the status arrives
    // live (Server-Sent Events; the app does not refetch on focus or on a timer).
    const desk = await senderContext.newPage();
    await desk.goto(`/app/documents/${documentId}`);
    const row = (await shows(desk.getByTestId('recipient-status'))).getByRole('listitem').filter({
      hasText: units.communeB.name,
    });
    await shows(row.getByText('01 · Đã đến'));

    const communeContext = await signedIn(communeClerk);
    const page = await communeContext.newPage();
    await page.goto('/app/documents/incoming');
    const queue = await shows(page.getByTestId('documents-incoming'));
    await queue.getByRole('link', { name: new RegExp(`\\(${world.tag}\\)$`) }).click();
    await shows(page.getByRole('heading', { level: 1, name: /^Văn bản đến: / }));
    await page.getByRole('button', { name: 'Trả lại văn bản' }).click();
    const reason = 'Văn bản gửi nhầm: nội dung thuộc thẩm quyền Ban Thường trực cấp tỉnh.';
    await page.getByRole('textbox', { name: 'Trả lại văn bản: Lý do' }).fill(reason);
    await page
      .getByRole('form', { name: 'Trả lại văn bản' })
      .getByRole('button', { name: 'Trả lại văn bản' })
      .click();
    await shows(
      page.getByRole('heading', { level: 1 }).locator('..').getByText('Đã trả lại', { exact: true }),
    );
    await shows(page.getByText(`Lý do trả lại: ${reason}`));
    await communeContext.close();

    await shows(row.getByText('02 · Từ chối tiếp nhận'));
    await shows(row.getByText(`Lý do: ${reason}`));
    await senderContext.close();
  });
});
