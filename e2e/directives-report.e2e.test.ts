import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.ts';
import { chooseFile, csrfOf, pick, samplePdf } from './support/documents.ts';
import { signInByApi } from './support/session.ts';
import { shows } from './support/ui.ts';
import { buildProvince, openWorld } from './support/world.ts';

/**
 * A directive that asks for a figure: the leader chooses the commune by name, the commune
 * acknowledges and reports the figure with a file, the board shows it (live) with the file, and
 * the board exports to CSV. Bad input first: no recipient, a past deadline.
 */
const world = openWorld();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

const dateIn = (days: number) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(Date.now() + days * 24 * 3600_000));

describe('a directive asking for a figure', () => {
  it('refuses bad input, then is reported with a figure and a file, shown on the board and exported', async () => {
    const units = await buildProvince(world);
    const leader = await world.staff({
      unitId: units.province.id,
      fullName: 'Trương Văn Lãnh Đạo',
      roles: [{ roleId: 'leader' }],
    });
    const clerk = await world.staff({
      unitId: units.communeA.id,
      fullName: 'Mạc Thị Văn Thư',
      roles: [{ roleId: 'clerk' }],
    });
    const title = `Báo cáo số hộ nghèo được hỗ trợ (${world.tag})`;
    const leaderContext = await newContext(browser);
    await signInByApi(leaderContext, leader);
    const page = await leaderContext.newPage();
    await page.goto('/app/directives/new');
    await shows(page.getByRole('heading', { level: 1, name: 'Gửi chỉ đạo' }));
    await page.getByLabel('Tiêu đề').fill(title);
    await page.getByRole('radio', { name: 'Chọn từng đơn vị' }).check();
    await page.getByLabel('Ngày hết hạn').fill(dateIn(-1));
    await page.getByRole('button', { name: 'Gửi chỉ đạo', exact: true }).click();
    await shows(page.getByRole('alert').getByText('Hạn xử lý phải sau thời điểm hiện tại.'));
    await page.getByLabel('Ngày hết hạn').fill(dateIn(3));
    await page.getByRole('button', { name: 'Gửi chỉ đạo', exact: true }).click();
    await shows(page.getByRole('alert').getByText('Chưa chọn đơn vị nhận.'));
    // The server says the same about a past deadline, in Vietnamese first.
    const refused = await leaderContext.request.post('/api/directives', {
      data: {
        title,
        deadline: new Date(Date.now() - 60_000).toISOString(),
        action: 'acknowledge',
        recipients: { unitIds: [units.communeA.id] },
      },
      headers: { 'x-csrf-token': await csrfOf(leaderContext.request) },
    });
    expect(refused.status()).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /^Hạn xử lý đã qua/,
    );

    await pick(page, 'Thêm đơn vị nhận', units.communeA.name, units.communeA.name);
    await shows(page.getByRole('list', { name: 'Các đơn vị nhận đã chọn' }).getByText(units.communeA.name));
    await page.getByRole('radio', { name: 'Xác nhận và báo cáo số liệu' }).check();
    await page.getByLabel('Đơn vị tính của số liệu').fill('hộ');
    await page.getByRole('button', { name: 'Gửi chỉ đạo', exact: true }).click();
    await shows(page.getByRole('heading', { level: 1, name: `Chỉ đạo: ${title}` }));
    const board = page.getByTestId('directive-board');
    await shows(board.getByRole('row', { name: new RegExp(`${units.communeA.name}.*Chưa xem`) }));

    // The commune acknowledges and reports 125 households, with the list as a PDF.
    const clerkContext = await newContext(browser, { width: 360 });
    await signInByApi(clerkContext, clerk);
    const clerkPage = await clerkContext.newPage();
    await clerkPage.goto('/app/directives');
    await clerkPage.getByTestId('directives-received').getByRole('link', { name: title }).click();
    const mine = await shows(
      clerkPage.getByRole('region', { name: `Đơn vị của tôi: ${units.communeA.name}` }),
    );
    await mine.getByRole('button', { name: 'Xác nhận đã nhận' }).click();
    await shows(mine.getByTestId('my-status').getByText('Đã xác nhận'));
    const report = mine.getByRole('form', { name: 'Báo cáo kết quả' });
    await report.getByLabel('Số liệu (hộ)').fill('125');
    await report.getByLabel('Nội dung báo cáo').fill('Đã hỗ trợ 125 hộ; danh sách kèm theo.');
    await chooseFile(clerkPage, 'Tệp đính kèm', {
      name: 'danh-sach-ho.pdf',
      mimeType: 'application/pdf',
      buffer: samplePdf(1, { marker: world.tag }),
    });
    await report.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await shows(mine.getByTestId('my-status').getByText('Đã báo cáo'));
    await shows(mine.getByText('125 hộ'));

    // The leader's board shows it without reloading, with the file.
    const row = await shows(
      board.getByRole('row', { name: new RegExp(`${units.communeA.name}.*Đã báo cáo`) }),
    );
    await shows(row.getByText('125 hộ'));
    await shows(row.getByText('Đã hỗ trợ 125 hộ; danh sách kèm theo.'));
    const file = await row.getByRole('link', { name: 'danh-sach-ho.pdf' }).getAttribute('href');
    const download = await leaderContext.request.get(file!);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // Export to CSV.
    const exported = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Xuất CSV' }).click();
    const csv = await readFile((await (await exported).path())!, 'utf8');
    expect(csv).toContain(units.communeA.name);
    expect(csv).toContain('125');

    await clerkContext.close();
    await leaderContext.close();
  });
});
