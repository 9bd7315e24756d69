import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../server/src/db/seed/index.ts';
import { launchBrowser, newContext } from './support/browser.ts';
import { signInByApi } from './support/session.ts';
import { shows } from './support/ui.ts';
import { openWorld } from './support/world.ts';

/**
 * The editorial workflow of a commune's public site, in Chromium: the demo clerk of xã An Bình
 * writes an article in the rich-text editor (a heading, bold text, and a pasted HTML fragment
 * carrying an XSS payload, a YouTube video), corrects its summary (the revision diff shows the change) and sends it
 * for review; the commune's chair approves and publishes it; the public page shows the heading
 * the bold text and the video player, and nothing of the payload runs or remains as markup.
 */
const world = openWorld();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

const CLERK = { username: 'canbo.xa.anbinh', password: DEMO_PASSWORD };
const CHAIR = { username: 'chutich.xa.anbinh', password: DEMO_PASSWORD };

describe('writing, reviewing and publishing an article', () => {
  it('goes from the clerk’s editor to the public page, sanitised', async () => {
    const title = `Ngày hội Đại đoàn kết toàn dân tộc ${world.tag}`;
    const clerk = await newContext(browser);
    expect(await signInByApi(clerk, CLERK)).toBe('none');
    const page = await clerk.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto('/app/portal/articles/new');
    await shows(page.getByRole('heading', { level: 1, name: 'Viết bài mới' }));
    await page.getByLabel('Tiêu đề', { exact: true }).fill(title);
    await page.getByLabel('Tóm tắt').fill('Ngày hội ở thôn 3 vui tươi.');

    const body = page.getByRole('textbox', { name: 'Nội dung', exact: true });
    await body.click();
    await page.getByRole('button', { name: 'Tiêu đề mục', exact: true }).click();
    await page.keyboard.type('Kết quả nổi bật');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Bà con ');
    await page.getByRole('button', { name: 'Chữ đậm' }).click();
    await page.keyboard.type('góp 120 triệu đồng');
    await page.getByRole('button', { name: 'Chữ đậm' }).click();
    await page.keyboard.type(' làm đường. <img src=x onerror=alert(1)>');
    // A fragment pasted from elsewhere, as HTML: the editor keeps what it knows, the server the rest.
    await body.evaluate((element) => {
      const data = new DataTransfer();
      data.setData(
        'text/html',
        '<p>Dán vào <img src=x onerror="alert(2)"><a href="javascript:alert(3)">liên kết</a></p><script>alert(4)</script>',
      );
      element.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    });
    // A YouTube video by its address: the media library's embed route gives the player's address.
    await page.getByRole('button', { name: 'Chèn video' }).click();
    await page
      .getByLabel('Địa chỉ video YouTube hoặc Facebook')
      .fill('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    await page.getByRole('dialog').getByRole('button', { name: 'Chèn', exact: true }).click();
    await shows(body.locator('iframe[src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"]'));
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();

    // Saved as a draft; its page is the article's own.
    await page.waitForURL(/\/app\/portal\/articles\/[0-9a-f-]{36}$/);
    const articleUrl = new URL(page.url()).pathname;
    await shows(page.getByRole('heading', { level: 1, name: title }));
    await shows(page.getByTestId('article-status').filter({ hasText: 'Bản nháp' }));

    // A correction of the summary, with a note: the revisions tab shows the word diff.
    await page.getByLabel('Tóm tắt').fill('Ngày hội ở thôn 3 rất đông vui.');
    await page.getByLabel('Ghi chú lần sửa (không bắt buộc)').fill('Sửa tóm tắt');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await shows(page.getByText('Đã lưu bài viết.'));
    await page.getByRole('tab', { name: 'Lịch sử sửa' }).click();
    await shows(page.getByRole('cell', { name: 'Sửa tóm tắt' }));
    await shows(page.locator('ins').filter({ hasText: 'rất' }));
    await shows(page.locator('del').filter({ hasText: 'tươi' }));

    await page.getByRole('tab', { name: 'Nội dung bài' }).click();
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await shows(page.getByTestId('article-status').filter({ hasText: 'Chờ duyệt' }));
    expect(pageErrors).toEqual([]);

    // The chair approves and publishes.
    const chair = await newContext(browser, { width: 360 });
    expect(await signInByApi(chair, CHAIR)).toBe('none');
    const review = await chair.newPage();
    review.on('pageerror', (error) => pageErrors.push(error.message));
    await review.goto(articleUrl);
    await shows(review.getByRole('heading', { level: 1, name: title }));
    await review.getByRole('button', { name: 'Duyệt', exact: true }).click();
    await shows(review.getByTestId('article-status').filter({ hasText: 'Đã duyệt' }));
    await shows(review.getByText(/Người duyệt: /));
    await review.getByRole('button', { name: 'Đăng ngay / Hẹn giờ đăng' }).click();
    await review.getByRole('dialog').getByRole('button', { name: 'Đăng', exact: true }).click();
    await shows(review.getByTestId('article-status').filter({ hasText: 'Đã đăng' }));
    const publicUrl = await (await shows(review.getByRole('link', { name: 'Xem trên trang' }))).getAttribute(
      'href',
    );
    expect(publicUrl).toMatch(/^\/trang\/[a-z0-9-]+\/bai-viet\/[a-z0-9-]+$/);
    // Phone-usable: nothing wider than the 360 px screen.
    expect(await review.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(pageErrors).toEqual([]);

    // The public page, as anyone sees it.
    const visitor = await newContext(browser);
    const site = await visitor.newPage();
    const dialogs: string[] = [];
    site.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    const response = await site.goto(publicUrl!);
    expect(response?.status()).toBe(200);
    await shows(site.getByRole('heading', { level: 1, name: title }));
    await shows(site.getByRole('heading', { level: 2, name: 'Kết quả nổi bật' }));
    await shows(site.locator('strong', { hasText: 'góp 120 triệu đồng' }));
    // What was typed stays text; what was pasted lost its handlers, scripts and javascript: link.
    await shows(site.getByText('<img src=x onerror=alert(1)>', { exact: false }));
    await shows(site.getByText('Dán vào'));
    expect(await site.locator('[onerror], a[href^="javascript"]').count()).toBe(0);
    expect(await site.locator('script:not([type="application/ld+json"])').count()).toBe(0);
    expect(await site.locator('img[src="x"]').count()).toBe(0);
    expect(
      await site.locator('iframe[src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"]').count(),
    ).toBe(1);
    expect(dialogs).toEqual([]);
  });
});
