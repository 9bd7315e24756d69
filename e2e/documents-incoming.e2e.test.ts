import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.ts';
import { chooseFile, pick, samplePdf } from './support/documents.ts';
import { signInByApi } from './support/session.ts';
import { shows } from './support/ui.ts';
import { buildProvince, openWorld } from './support/world.ts';

const world = openWorld();
let browser: Browser;

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

describe('an incoming document from scan to completion', () => {
  it('a clerk registers a scan, a leader directs it on a phone to a specialist with a deadline, the specialist accepts and completes', async () => {
    const units = await buildProvince(world);
    const clerk = await world.staff({
      unitId: units.province.id,
      fullName: 'Trần Thị Văn Thư',
      roles: [{ roleId: 'clerk' }],
    });
    const leader = await world.staff({
      unitId: units.province.id,
      fullName: 'Nguyễn Văn Lãnh Đạo',
      roles: [{ roleId: 'leader' }],
    });
    const specialist = await world.staff({
      unitId: units.province.id,
      fullName: `Lê Văn Chuyên Viên ${world.tag}`,
      roles: [{ roleId: 'specialist' }],
    });
    const subject = `V/v tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026 (${world.tag})`;

    // The clerk: a file that is not a PDF is refused by content, with the server's reason; the scan is taken.
    const clerkContext = await signedIn(clerk);
    const page = await clerkContext.newPage();
    await page.goto('/app/documents/incoming');
    await shows(page.getByRole('heading', { level: 1, name: 'Văn bản đến' }));
    await page.getByRole('link', { name: 'Vào sổ văn bản đến' }).click();
    await shows(page.getByRole('heading', { level: 1, name: 'Vào sổ văn bản đến' }));
    await chooseFile(page, /Bản quét/, {
      name: 'cong-van.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('Đây không phải tệp PDF'),
    });
    await shows(page.getByRole('alert').filter({ hasText: 'không phải PDF, JPEG hay PNG' }));
    await chooseFile(page, /Bản quét/, {
      name: 'cong-van-den.pdf',
      mimeType: 'application/pdf',
      buffer: samplePdf(1, { marker: world.tag }),
    });
    await shows(page.getByText('Đã tải lên: cong-van-den.pdf (1 trang)'));
    await page.getByLabel('Cơ quan ban hành').fill('Ủy ban nhân dân tỉnh Hòa Bình Xanh');
    await page.getByLabel('Số', { exact: true }).fill('125');
    await page.getByLabel('Ký hiệu').fill('UBND-VX');
    await page.getByLabel('Trích yếu').fill(subject);
    await page.getByRole('combobox', { name: 'Độ khẩn' }).click();
    await page.getByRole('option', { name: 'Hỏa tốc' }).click();
    await page.getByRole('button', { name: 'Vào sổ', exact: true }).click();
    await shows(page.getByRole('heading', { level: 1, name: `Văn bản đến: ${subject}` }));
    await shows(page.getByText('Đã vào sổ').first());
    await page.getByRole('button', { name: 'Trình lãnh đạo' }).click();
    await shows(page.getByText('Chờ lãnh đạo cho ý kiến').first());
    const documentPath = new URL(page.url()).pathname;

    // The same document registered again (another scan): the duplicate warning, confirmed on purpose.
    await page.goto('/app/documents/incoming/new');
    await chooseFile(page, /Bản quét/, {
      name: 'ban-sao.pdf',
      mimeType: 'application/pdf',
      buffer: samplePdf(1, { marker: `copy-${world.tag}` }),
    });
    await shows(page.getByText('Đã tải lên: ban-sao.pdf (1 trang)'));
    await page.getByLabel('Cơ quan ban hành').fill('Ủy ban nhân dân tỉnh Hòa Bình Xanh');
    await page.getByLabel('Số', { exact: true }).fill('125');
    await page.getByLabel('Ký hiệu').fill('UBND-VX');
    await page.getByLabel('Trích yếu').fill(`${subject} (bản thứ hai)`);
    await page.getByRole('button', { name: 'Vào sổ', exact: true }).click();
    const warning = await shows(page.getByRole('alert').filter({ hasText: 'Có thể trùng văn bản' }));
    expect(await warning.innerText()).toContain('đã được vào sổ');
    await warning.getByRole('button', { name: 'Vẫn vào sổ (xác nhận trùng)' }).click();
    await shows(page.getByRole('heading', { level: 1, name: `Văn bản đến: ${subject} (bản thứ hai)` }));
    await clerkContext.close();

    // The leader, on a phone: the urgent document heads the queue; direction in a few taps.
    const leaderContext = await signedIn(leader, 360);
    const phone = await leaderContext.newPage();
    await phone.goto('/app/documents/incoming');
    const queue = await shows(phone.getByTestId('documents-incoming'));
    await shows(queue.getByRole('link', { name: subject, exact: true }));
    await shows(queue.getByText('Hỏa tốc'));
    await queue.getByRole('link', { name: subject, exact: true }).click();
    await shows(phone.getByRole('heading', { level: 1, name: `Văn bản đến: ${subject}` }));
    await phone
      .getByRole('textbox', { name: 'Ý kiến chỉ đạo' })
      .fill('Giao đồng chí chủ trì tham mưu kế hoạch, báo cáo trước hạn.');
    await pick(phone, 'Chủ trì: Cán bộ', specialist.fullName, specialist.fullName);
    await phone.getByText('7 ngày', { exact: true }).click();
    await phone.getByRole('button', { name: 'Giao xử lý', exact: true }).click();
    const assignments = await shows(phone.getByRole('region', { name: 'Phân công xử lý' }));
    await shows(assignments.getByText(`Chủ trì: ${specialist.fullName}`));
    await shows(assignments.getByText('Chờ nhận'));
    const scroll = await phone.evaluate(() => document.scrollingElement!.scrollWidth);
    expect(scroll).toBeLessThanOrEqual(360);
    await leaderContext.close();

    // The specialist: the notification leads to the document; accept, then complete with the reply's reference.
    const specialistContext = await signedIn(specialist);
    const desk = await specialistContext.newPage();
    await desk.goto('/app/');
    await desk.getByRole('link', { name: /Thông báo: \d+ chưa đọc/ }).click();
    await shows(desk.getByRole('heading', { level: 1, name: 'Thông báo' }));
    await desk
      .getByRole('link', { name: /Được giao xử lý văn bản đến số/ })
      .first()
      .click();
    await shows(desk.getByRole('heading', { level: 1, name: `Văn bản đến: ${subject}` }));
    expect(new URL(desk.url()).pathname).toBe(documentPath);
    await desk.getByRole('button', { name: 'Nhận xử lý' }).click();
    await desk.getByLabel('Kết quả xử lý').fill('Đã xây dựng kế hoạch và trình lãnh đạo ký ban hành.');
    await desk.getByLabel('Số, ký hiệu văn bản trả lời').fill('45/KH-MTTQ-BTT');
    await desk.getByRole('button', { name: 'Báo hoàn thành' }).click();
    const done = await shows(desk.getByRole('region', { name: 'Phân công xử lý' }));
    await shows(done.getByText(/45\/KH-MTTQ-BTT/));
    await shows(desk.getByRole('heading', { level: 1 }).locator('..').getByText('Hoàn thành'));
    await specialistContext.close();
  });
});
