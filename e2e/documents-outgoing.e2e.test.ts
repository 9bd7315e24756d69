import type { Browser, BrowserContext, Page } from 'playwright-core';
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

async function signedIn(person: { username: string; password: string }): Promise<BrowserContext> {
  const context = await newContext(browser);
  expect(await signInByApi(context, person)).toBe('none');
  return context;
}

/** Opens the document page and presses a workflow button; waits for the status that follows. */
async function step(page: Page, path: string, button: string, status: string) {
  await page.goto(path);
  await page.getByRole('button', { name: button, exact: true }).click();
  await shows(page.getByRole('heading', { level: 1 }).locator('..').getByText(status, { exact: true }));
}

describe('an outgoing document from draft to recall', () => {
  it('is approved, signed on paper, issued to two communes; a commune registers it; the sender sees each status and recalls it', async () => {
    const units = await buildProvince(world);
    const clerk = await world.staff({
      unitId: units.province.id,
      fullName: 'Phạm Thị Văn Thư Tỉnh',
      roles: [{ roleId: 'clerk' }],
    });
    const leader = await world.staff({
      unitId: units.province.id,
      fullName: 'Hoàng Văn Chủ Tịch',
      roles: [{ roleId: 'leader' }],
    });
    const communeClerk = await world.staff({
      unitId: units.communeA.id,
      fullName: 'Đỗ Thị Văn Thư Xã',
      roles: [{ roleId: 'clerk' }],
    });
    const subject = `V/v triển khai cuộc vận động "Người Việt Nam ưu tiên dùng hàng Việt Nam" (${world.tag})`;

    // The clerk drafts: type, summary, two communes as recipients, the draft file.
    const clerkContext = await signedIn(clerk);
    const desk = await clerkContext.newPage();
    await desk.goto('/app/documents/outgoing');
    await shows(desk.getByRole('heading', { level: 1, name: 'Văn bản đi' }));
    await desk.getByRole('link', { name: 'Soạn dự thảo văn bản đi' }).click();
    await shows(desk.getByRole('heading', { level: 1, name: 'Soạn dự thảo văn bản đi' }));
    await desk.getByRole('combobox', { name: 'Loại văn bản' }).fill('Công văn');
    await desk
      .getByRole('option', { name: /^Công văn/ })
      .first()
      .click();
    await desk.getByRole('textbox', { name: 'Trích yếu' }).fill(subject);
    await pick(desk, 'Thêm nơi nhận', units.communeA.name, units.communeA.name);
    await pick(desk, 'Thêm nơi nhận', units.communeB.name, units.communeB.name);
    const chosen = desk.getByRole('list', { name: 'Nơi nhận trong hệ thống' });
    await shows(chosen.getByText(units.communeA.name));
    await shows(chosen.getByText(units.communeB.name));
    await chooseFile(desk, /Tệp dự thảo/, {
      name: 'du-thao.pdf',
      mimeType: 'application/pdf',
      buffer: samplePdf(1, { marker: `draft-${world.tag}` }),
    });
    await shows(desk.getByText(/Đã tải lên: du-thao.pdf/));
    await desk.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await shows(desk.getByRole('heading', { level: 1, name: `Văn bản đi: ${subject}` }));
    const path = new URL(desk.url()).pathname;
    await desk.getByRole('button', { name: 'Trình góp ý' }).click();
    await shows(desk.getByText('Đang góp ý', { exact: true }).first());

    // Review steps: content (leader), format (clerk), approval (leader).
    const leaderContext = await signedIn(leader);
    const leaderPage = await leaderContext.newPage();
    await step(leaderPage, path, 'Đạt nội dung', 'Đã kiểm tra nội dung');
    await step(desk, path, 'Đạt thể thức', 'Đã kiểm tra thể thức');
    await step(leaderPage, path, 'Duyệt ký', 'Đã được duyệt');
    await leaderContext.close();

    // Signed on paper: the scanned signed copy; then issue — the number comes from the system.
    await desk.goto(path);
    await chooseFile(desk, /Bản quét văn bản đã ký/, {
      name: 'ban-da-ky.pdf',
      mimeType: 'application/pdf',
      buffer: samplePdf(1, { marker: `signed-${world.tag}` }),
    });
    await shows(desk.getByText(/Đã tải lên: ban-da-ky.pdf/));
    await desk.getByRole('textbox', { name: 'Họ tên người ký' }).fill('Hoàng Văn Chủ Tịch');
    await desk.getByRole('textbox', { name: 'Chức vụ người ký' }).fill('Chủ tịch');
    await desk.getByRole('button', { name: 'Ghi nhận đã ký trên giấy' }).click();
    await shows(desk.getByText('Đã ký', { exact: true }).first());
    await desk.getByRole('button', { name: 'Ban hành (cấp số)' }).click();
    const issued = await shows(desk.getByTestId('issued-symbol'));
    expect(await issued.innerText()).toMatch(/^Số, ký hiệu do hệ thống cấp: \d{2,}\/\S+/);
    const board = desk.getByTestId('recipient-status');
    await shows(
      board.getByRole('listitem').filter({ hasText: units.communeA.name }).getByText('01 · Đã đến'),
    );
    await shows(
      board.getByRole('listitem').filter({ hasText: units.communeB.name }).getByText('01 · Đã đến'),
    );

    // The commune's clerk finds it in the incoming queue and registers it.
    const communeContext = await signedIn(communeClerk);
    const commune = await communeContext.newPage();
    await commune.goto('/app/documents/incoming');
    const queue = await shows(commune.getByTestId('documents-incoming'));
    await queue.getByRole('link', { name: subject }).click();
    await shows(commune.getByRole('heading', { level: 1, name: `Văn bản đến: ${subject}` }));
    await commune.getByRole('button', { name: 'Vào sổ văn bản đến' }).click();
    await shows(commune.getByText('Đã vào sổ', { exact: true }).first());

    // The sender sees each recipient's status, then recalls the document with a reason.
    await desk.reload();
    await shows(
      board
        .getByRole('listitem')
        .filter({ hasText: units.communeA.name })
        .getByText(/^0[3-5] · /),
    );
    await shows(
      board.getByRole('listitem').filter({ hasText: units.communeB.name }).getByText('01 · Đã đến'),
    );
    await desk.getByRole('button', { name: 'Thu hồi văn bản' }).click();
    await desk
      .getByRole('textbox', { name: 'Thu hồi văn bản: Lý do' })
      .fill('Văn bản ban hành sai đối tượng áp dụng.');
    await desk
      .getByRole('form', { name: 'Thu hồi văn bản' })
      .getByRole('button', { name: 'Thu hồi văn bản' })
      .click();
    await shows(desk.getByTestId('recall-reason'));
    await shows(
      desk.getByRole('heading', { level: 1 }).locator('..').getByText('Đã thu hồi', { exact: true }),
    );

    // The commune's copy is recalled too.
    await commune.reload();
    await shows(
      commune.getByRole('heading', { level: 1 }).locator('..').getByText('Đã thu hồi', { exact: true }),
    );
    await communeContext.close();

    // The outgoing register shows the issued number; the clerk reserves the next one for a paper document.
    const issuedNumber = /: (\d+)\//.exec(await issued.innerText())?.[1];
    await desk.goto('/app/documents/registers');
    await shows(desk.getByRole('heading', { level: 1, name: 'Sổ văn bản' }));
    await desk.getByRole('combobox', { name: 'Sổ', exact: true }).click();
    await desk
      .getByRole('option', { name: /\(Văn bản đi\)$/ })
      .first()
      .click();
    const numbers = await shows(desk.getByRole('table', { name: 'Các số đã lấy' }));
    await shows(numbers.getByRole('row').filter({ hasText: issuedNumber! }).getByText('Đã cấp'));
    await desk.getByRole('textbox', { name: 'Ghi chú' }).fill('Giữ số cho văn bản giấy ký ngoài giờ');
    await desk.getByRole('button', { name: 'Giữ số', exact: true }).click();
    const next = String(Number(issuedNumber) + 1).padStart(2, '0');
    await shows(desk.getByText(`Đã giữ số: ${next}`));
    await shows(numbers.getByRole('row').filter({ hasText: 'Giữ số cho văn bản giấy' }).getByText('Giữ số'));
    await clerkContext.close();
  });
});
