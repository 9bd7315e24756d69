import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { document as documentTable } from '../server/src/modules/documents/documents.schema.ts';
import { axeViolations, describeViolations, launchBrowser, newContext } from './support/browser.ts';
import { signInByApi } from './support/session.ts';
import { shows } from './support/ui.ts';
import { buildProvince, openWorld } from './support/world.ts';

/**
 * The documents search page: words typed without diacritics find "Quyết định …" with the words
 * highlighted, a number and symbol finds its document, and a person of another province sees
 * nothing of this one. The page passes axe at 1280 and 360 px and is used with the keyboard.
 */
const world = openWorld();
let browser: Browser;
let units: Awaited<ReturnType<typeof buildProvince>>;
const symbolNotation = `QĐ-UBND${world.tag.toUpperCase()}`;
const subject = `Quyết định thành lập Tổ công tác chuyển đổi số ${world.tag}`;

beforeAll(async () => {
  browser = await launchBrowser();
  units = await buildProvince(world);
  await world.db.insert(documentTable).values([
    {
      unitId: units.province.id,
      direction: 'incoming',
      status: 'registered',
      subject,
      typeName: 'Quyết định',
      codeNumber: '123',
      codeNotation: symbolNotation,
      organName: 'Ủy ban nhân dân tỉnh Hòa Bình Xanh',
      issuedDate: '2026-03-10',
    },
    {
      unitId: units.communeA.id,
      direction: 'outgoing',
      status: 'issued',
      subject: `Kế hoạch tuyên truyền về bầu cử ${world.tag}`,
      codeNumber: '07',
      codeNotation: `KH-MTTQ${world.tag.toUpperCase()}`,
      issuedDate: '2026-04-02',
    },
  ]);
});
afterAll(async () => browser?.close());

async function signedIn(unitId: string, fullName: string, width?: number): Promise<BrowserContext> {
  const person = await world.staff({ unitId, fullName, roles: [{ roleId: 'specialist' }] });
  const context = await newContext(browser, { width });
  expect(await signInByApi(context, person)).toBe('none');
  return context;
}

/** Types in the search box and presses Enter (the keyboard's way to search). */
async function searchFor(page: Page, text: string) {
  const box = page.getByRole('searchbox', { name: 'Từ khoá hoặc số, ký hiệu' });
  await box.fill(text);
  await box.press('Enter');
}

async function noAxeViolations(page: Page, width: number) {
  await page.setViewportSize({ width, height: 800 });
  await page.waitForFunction((w) => window.innerWidth === w, width);
  await page.waitForLoadState('networkidle');
  const violations = await axeViolations(page);
  expect(violations, `axe at ${width} px:\n${describeViolations(violations)}`).toEqual([]);
  const scroll = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(scroll, `sideways scrolling at ${width} px`).toBeLessThanOrEqual(width);
}

describe('searching documents', () => {
  it('finds "quyet dinh" highlighted and a document by its symbol; reached from the documents pages', async () => {
    const context = await signedIn(units.province.id, 'Phạm Thị Tra Cứu');
    const page = await context.newPage();
    await page.goto('/app/documents/incoming');
    await page
      .getByRole('navigation', { name: 'Phân mục văn bản' })
      .getByRole('link', { name: 'Tìm kiếm văn bản' })
      .click();
    await shows(page.getByRole('heading', { level: 1, name: 'Tìm kiếm văn bản' }));
    await shows(page.getByText('Nhập từ khoá hoặc chọn bộ lọc'));

    await searchFor(page, 'quyet dinh');
    const results = await shows(page.getByTestId('search-results'));
    const hit = await shows(results.getByRole('link', { name: subject }));
    const marked = await hit.locator('mark').allInnerTexts();
    expect(marked).toEqual(['Quyết', 'định']);
    await noAxeViolations(page, 1280);
    await noAxeViolations(page, 360);
    await page.setViewportSize({ width: 1280, height: 800 });

    // The number and symbol as people write it, in the same box.
    await searchFor(page, `123/${symbolNotation}`);
    await shows(page.getByText('Đúng số, ký hiệu'));
    expect(await results.getByRole('link').allInnerTexts()).toEqual([subject]);

    // Nothing found: said plainly.
    await searchFor(page, 'khongcotukhoanay');
    await shows(page.getByTestId('search-none'));

    // Filters: the outgoing document of a commune, by direction alone.
    await page.getByRole('button', { name: 'Xoá bộ lọc' }).click();
    await page.getByRole('combobox', { name: 'Chiều văn bản' }).click();
    await page.getByRole('option', { name: 'Văn bản đi' }).click();
    await shows(page.getByRole('link', { name: `Kế hoạch tuyên truyền về bầu cử ${world.tag}` }));
    await expect(page.getByRole('link', { name: subject }).count()).resolves.toBe(0);

    // The result opens the document.
    await page.getByRole('button', { name: 'Xoá bộ lọc' }).click();
    await shows(page.getByText('Nhập từ khoá hoặc chọn bộ lọc'));
    await searchFor(page, 'quyet dinh');
    await (await shows(page.getByRole('link', { name: subject }))).click();
    await shows(page.getByRole('heading', { level: 1, name: `Văn bản đến: ${subject}` }));
    await context.close();
  });

  it('a person of another province finds nothing of this one, by words or by symbol', async () => {
    const context = await signedIn(units.otherProvince.id, 'Đỗ Văn Tỉnh Khác');
    const page = await context.newPage();
    await page.goto('/app/documents/search');
    await searchFor(page, `quyet dinh ${world.tag}`);
    await shows(page.getByTestId('search-none'));
    await searchFor(page, `123/${symbolNotation}`);
    await shows(page.getByTestId('search-none'));
    await context.close();
  });
});
