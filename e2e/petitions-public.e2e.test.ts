import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, baseUrl, describeViolations, launchBrowser, newContext } from './support/browser.ts';
import { shows } from './support/ui.ts';
import { buildProvince, openWorld } from './support/world.ts';

/**
 * The public petition pages, in Chromium: a citizen files a petition on a 360 px phone with
 * JavaScript turned off (a mistake first, then the petition), and follows it by its tracking code;
 * then every public page passes axe-core (WCAG 2.1 A/AA and best practices) without sideways
 * scrolling, on a desktop and on a phone.
 */
const world = openWorld();
let browser: Browser;
let units: Awaited<ReturnType<typeof buildProvince>>;
const filed = { code: '', title: '' };

beforeAll(async () => {
  browser = await launchBrowser();
  units = await buildProvince(world);
});
afterAll(async () => browser?.close());

const PERSON = { name: 'Lê Thị Riêng Tư', email: `rieng.tu.${world.tag}@example.vn` };

/** A person reads the form before sending it (the form refuses posts made within 3 s of serving it). */
const readForAWhile = () => new Promise((resolve) => setTimeout(resolve, 3_500));

describe('a citizen without JavaScript, on a phone', () => {
  it('files a petition (after fixing a mistake) and follows it by its code', async () => {
    const context = await browser.newContext({
      baseURL: baseUrl(),
      viewport: { width: 360, height: 740 },
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      javaScriptEnabled: false,
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();

    await page.goto('/kien-nghi');
    await shows(page.getByRole('heading', { level: 1, name: 'Kiến nghị cử tri' }));
    // The commune's own site links to the form with its area chosen.
    await page.goto(`/kien-nghi/gui?don-vi=${units.communeA.id}`);
    await shows(page.getByRole('heading', { level: 1, name: 'Gửi kiến nghị' }));
    expect(await page.getByLabel('Địa bàn').inputValue()).toBe(units.communeA.id);

    filed.title = `Cầu treo bản Phúc hư hỏng ${world.tag}`;
    await page.getByLabel('Lĩnh vực').selectOption({ label: 'Giao thông, xây dựng' });
    await page
      .getByLabel('Nội dung kiến nghị')
      .fill('Cầu treo qua suối bị gãy hai tấm ván, học sinh phải lội suối khi nước lên.');
    await page.getByLabel('Địa điểm', { exact: true }).fill('Bản Phúc');
    await page.getByLabel('Vĩ độ').fill('11,9404');
    await page.getByLabel('Kinh độ').fill('108,4583');
    await page.getByLabel('Họ và tên').fill(PERSON.name);
    await page.getByLabel('E-mail', { exact: true }).fill(PERSON.email);
    await page.getByLabel(/Tôi đồng ý để Ủy ban MTTQ lưu/).check();
    await readForAWhile();
    await page.getByRole('button', { name: 'Gửi kiến nghị' }).click();

    // The title was forgotten: the summary names it, links to it, and everything typed is still there.
    const summary = await shows(page.getByRole('alert'));
    expect(await summary.textContent()).toContain('Tiêu đề: Nhập tiêu đề.');
    expect(await page.getByLabel('Họ và tên').inputValue()).toBe(PERSON.name);
    expect(await page.getByLabel('Vĩ độ').inputValue()).toBe('11,9404');
    expect(await page.getByLabel(/Tôi đồng ý để Ủy ban MTTQ lưu/).isChecked()).toBe(true);
    await summary.getByRole('link', { name: /Tiêu đề/ }).click();
    expect(new URL(page.url()).hash).toBe('#f-title');

    await page.getByLabel('Tiêu đề').fill(filed.title);
    await page.getByRole('button', { name: 'Gửi kiến nghị' }).click();
    await shows(page.getByRole('heading', { level: 1, name: 'Đã gửi kiến nghị' }));
    filed.code = ((await page.locator('.tracking-code').textContent()) ?? '').trim();
    expect(filed.code).toMatch(/^KN-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await shows(page.getByRole('heading', { level: 2, name: 'Kiến nghị tương tự đã có' }));

    // Later, from the home page: the code as read out over the phone, in lower case with spaces.
    await page.goto('/kien-nghi');
    await page.getByLabel('Mã tra cứu').fill(filed.code.toLowerCase().replaceAll('-', ' '));
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await shows(page.getByRole('heading', { level: 1, name: filed.title }));
    expect(new URL(page.url()).pathname).toBe(`/kien-nghi/${filed.code}`);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Đã tiếp nhận');
    expect(text).toContain('Bản Phúc');
    expect(text).toContain('11,94');
    expect(text).not.toContain('11,9404');
    const html = await page.content();
    expect(html).not.toContain(PERSON.name);
    expect(html).not.toContain(PERSON.email);
    await context.close();
  });
});

describe('accessibility of the public pages', () => {
  const WIDTHS = [1280, 360] as const;

  async function checkPage(page: Page, heading: string | RegExp) {
    await shows(page.getByRole('heading', { level: 1, name: heading }));
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      await page.waitForFunction((w) => window.innerWidth === w, width);
      const violations = await axeViolations(page);
      expect(violations, `axe at ${width} px on ${page.url()}:\n${describeViolations(violations)}`).toEqual(
        [],
      );
      const size = await page.evaluate(() => ({
        scrollWidth: document.scrollingElement!.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      expect(size.scrollWidth, `sideways scrolling at ${width} px on ${page.url()}`).toBeLessThanOrEqual(
        size.innerWidth,
      );
    }
  }

  // Paths and headings are read when each test runs: the petition filed above is known by then.
  const pages: Array<[string, () => string, () => string]> = [
    ['home', () => '/kien-nghi', () => 'Kiến nghị cử tri'],
    ['form', () => `/kien-nghi/gui?don-vi=${units.communeB.id}`, () => 'Gửi kiến nghị'],
    ['tracking form', () => '/kien-nghi/tra-cuu', () => 'Tra cứu kiến nghị'],
    ['tracking, a malformed code', () => '/kien-nghi/tra-cuu?ma=abc', () => 'Tra cứu kiến nghị'],
    ['a petition by its code', () => `/kien-nghi/${filed.code}`, () => filed.title],
    ['scorecards', () => '/kien-nghi/co-quan', () => 'Kết quả giải quyết kiến nghị'],
    ['map (with the script: Leaflet on a blank map)', () => '/kien-nghi/ban-do', () => 'Bản đồ kiến nghị'],
  ];

  it.each(pages)('%s', async (_name, path, heading) => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(path());
    await checkPage(page, heading());
    await context.close();
  });

  it('the map: with the script, Leaflet draws the located petitions, all from our origin', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).origin !== new URL(baseUrl()).origin) foreign.push(request.url());
    });
    await page.goto(`/kien-nghi/${filed.code}`);
    await shows(page.locator('#ban-do.leaflet-container .leaflet-marker-icon'));
    await page.goto('/kien-nghi/ban-do');
    await shows(page.locator('#ban-do.leaflet-container'));
    expect(await page.locator('#ban-do .leaflet-marker-icon').count()).toBeGreaterThan(0);
    expect(foreign).toEqual([]);
    await context.close();
  });

  it('the form with errors', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`/kien-nghi/gui?don-vi=${units.communeB.id}`);
    await page.getByLabel('E-mail', { exact: true }).fill('khong-phai-email');
    await readForAWhile();
    await page.getByRole('button', { name: 'Gửi kiến nghị' }).click();
    await shows(page.getByRole('alert'));
    // The summary takes the focus, so a screen reader reads it first.
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    await checkPage(page, 'Gửi kiến nghị');
    await context.close();
  });
});
