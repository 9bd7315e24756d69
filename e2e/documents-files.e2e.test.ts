import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { document as documentTable } from '../server/src/modules/documents/documents.schema.ts';
import { axeViolations, describeViolations, launchBrowser, newContext } from './support/browser.ts';
import { signInByApi } from './support/session.ts';
import { shows } from './support/ui.ts';
import { buildProvince, openWorld } from './support/world.ts';

/**
 * Files (hồ sơ): a clerk opens a file for the year, finds a document with the search and adds it;
 * the file lists it first (DocOrdinal 1). The files, file and KPI pages pass axe at 1280 and 360 px.
 */
const world = openWorld();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

async function noAxeViolations(page: Page) {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    await page.waitForFunction((w) => window.innerWidth === w, width);
    await page.waitForLoadState('networkidle');
    const violations = await axeViolations(page);
    expect(violations, `axe at ${width} px on ${page.url()}:\n${describeViolations(violations)}`).toEqual([]);
    const scroll = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    expect(scroll, `sideways scrolling at ${width} px on ${page.url()}`).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('files (hồ sơ)', () => {
  it('a clerk creates a file, adds documents found by search and orders them', async () => {
    const units = await buildProvince(world);
    const subject = `Kế hoạch tổ chức Ngày hội Đại đoàn kết ${world.tag}`;
    const report = `Báo cáo kết quả Ngày hội Đại đoàn kết ${world.tag}`;
    await world.db.insert(documentTable).values([
      {
        unitId: units.province.id,
        direction: 'outgoing',
        status: 'issued',
        subject,
        typeName: 'Kế hoạch',
        codeNumber: '15',
        codeNotation: `KH-MTTQ${world.tag.toUpperCase()}`,
        issuedDate: '2026-05-04',
      },
      {
        unitId: units.province.id,
        direction: 'outgoing',
        status: 'issued',
        subject: report,
        typeName: 'Báo cáo',
        codeNumber: '21',
        codeNotation: `BC-MTTQ${world.tag.toUpperCase()}`,
        issuedDate: '2026-06-10',
      },
    ]);
    const clerk = await world.staff({
      unitId: units.province.id,
      fullName: 'Trần Thị Lập Hồ Sơ',
      roles: [{ roleId: 'clerk' }],
    });
    const context = await newContext(browser);
    expect(await signInByApi(context, clerk)).toBe('none');
    const page = await context.newPage();
    await page.goto('/app/documents/incoming');
    await page
      .getByRole('navigation', { name: 'Phân mục văn bản' })
      .getByRole('link', { name: 'Hồ sơ' })
      .click();
    await shows(page.getByRole('heading', { level: 1, name: 'Hồ sơ' }));
    await shows(page.getByText('Chưa có hồ sơ nào.'));
    await noAxeViolations(page);

    // A new file for this year; its code comes from the unit's pattern.
    await page.getByRole('button', { name: 'Lập hồ sơ', exact: true }).click();
    const title = `Hồ sơ tổ chức Ngày hội Đại đoàn kết năm 2026 ${world.tag}`;
    await page.getByLabel('Tiêu đề hồ sơ').fill(title);
    await page.getByRole('button', { name: 'Lập hồ sơ', exact: true }).click();
    const heading = await shows(
      page.getByRole('heading', { level: 1, name: new RegExp(`^Hồ sơ .+: ${title}$`) }),
    );
    expect(await heading.innerText()).toMatch(/^Hồ sơ \d{4}\./);
    await shows(page.getByText('Hồ sơ chưa có văn bản nào.'));

    // Find the document by words without diacritics, add it.
    const find = page.getByRole('searchbox', { name: 'Tìm văn bản (từ khoá hoặc số, ký hiệu)' });
    await find.fill(`ke hoach ${world.tag}`);
    await find.press('Enter');
    await page.getByRole('button', { name: `Thêm vào hồ sơ: ${subject}` }).click();
    await shows(page.getByText('Đã thêm vào hồ sơ.'));
    const filed = await shows(page.getByTestId('file-documents'));
    await shows(filed.getByRole('link', { name: subject }));
    expect(await filed.locator('tbody tr').first().locator('td').first().innerText()).toBe('1');
    await expect(page.getByRole('button', { name: `Thêm vào hồ sơ: ${subject}` }).isDisabled()).resolves.toBe(
      true,
    );

    // A second document goes last; moved up, it takes DocOrdinal 1.
    await find.fill(`bao cao ${world.tag}`);
    await find.press('Enter');
    await page.getByRole('button', { name: `Thêm vào hồ sơ: ${report}` }).click();
    await shows(filed.getByRole('link', { name: report }));
    const order = () => filed.locator('tbody tr td:nth-child(2)').allInnerTexts();
    await expect.poll(order).toEqual([subject, report]);
    await page.getByRole('button', { name: `Chuyển lên trên: ${report}` }).click();
    await expect.poll(order).toEqual([report, subject]);
    await noAxeViolations(page);

    // The list shows the file.
    await page.goto('/app/documents/files');
    const list = await shows(page.getByTestId('document-files'));
    await shows(list.getByRole('link', { name: title }));

    await page.goto('/app/documents/kpis');
    await shows(page.getByRole('heading', { level: 1, name: 'Chỉ số số hoá' }));
    await shows(page.getByTestId('document-kpis'));
    await noAxeViolations(page);
    await context.close();
  });
});
