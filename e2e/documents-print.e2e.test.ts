import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.ts';
import { submittedIncomingByApi } from './support/documents.ts';
import { signInByApi } from './support/session.ts';
import { shows } from './support/ui.ts';
import { buildProvince, openWorld } from './support/world.ts';

/**
 * Printing from the staff app: the incoming register as PDF (read back with pdftotext) and XLSX
 * (opened with exceljs), and the routing slip of an incoming document, each downloaded by clicking.
 */
const world = openWorld();
let browser: Browser;
const dir = mkdtempSync(path.join(tmpdir(), 'mts-print-e2e-'));

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Clicks the button and saves what it downloads; returns the file's path. */
async function download(page: Page, button: string) {
  const event = page.waitForEvent('download');
  await page.getByRole('button', { name: button, exact: true }).click();
  const file = await event;
  const target = path.join(dir, file.suggestedFilename());
  await file.saveAs(target);
  return target;
}

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

describe('printing registers and routing slips', () => {
  it('a clerk prints the incoming register (PDF, XLSX), its tracking book, the routing slip of a document in it and a copy of it', async () => {
    const units = await buildProvince(world);
    const clerk = await world.staff({
      unitId: units.province.id,
      fullName: 'Trần Thị In Sổ',
      roles: [{ roleId: 'clerk' }],
    });
    const context = await newContext(browser);
    expect(await signInByApi(context, clerk)).toBe('none');
    const id = await submittedIncomingByApi(context.request, units.province.id, world.tag);
    const page = await context.newPage();

    await page.goto('/app/documents/registers');
    await shows(page.getByRole('heading', { level: 1, name: 'Sổ văn bản' }));
    // The document is secret (mật): it went to the confidential incoming register, the only one.
    const register = page.getByRole('combobox', { name: 'Sổ', exact: true });
    await expect.poll(() => register.inputValue()).toBe('Sổ đăng ký văn bản mật đến (Văn bản mật đến)');

    const pdf = await download(page, 'In sổ (PDF)');
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Pages:\s+[1-9]/);
    const text = pdfText(pdf);
    expect(text).toContain(`KH-${world.tag}`);
    expect(text.normalize('NFC')).toContain('Kế hoạch phối hợp giám sát');

    const xlsx = await download(page, 'Xuất sổ (Excel)');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const cells: string[] = [];
    book.worksheets[0]!.eachRow((row) => {
      row.eachCell((cell) => {
        cells.push(String(cell.value ?? ''));
      });
    });
    expect(cells.some((c) => c.includes(`KH-${world.tag}`))).toBe(true);

    // Incoming registers also print the processing-tracking book (directed documents only: none yet).
    const tracking = await download(page, 'Sổ theo dõi giải quyết (PDF)');
    expect(pdfText(tracking).normalize('NFC')).toContain('SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN');

    await page.goto(`/app/documents/${id}`);
    const slip = await download(page, 'In phiếu giải quyết văn bản đến');
    expect(pdfText(slip).normalize('NFC')).toContain('Kế hoạch phối hợp giám sát');

    // A certified copy (sao y) numbered in the copies register.
    const copies = page.getByRole('region', { name: 'Bản sao' });
    await copies.getByLabel('Họ tên người ký').fill('Nguyễn Thị Chánh Văn Phòng');
    await copies.getByLabel('Chức vụ người ký').fill('Chánh Văn phòng');
    await copies.getByRole('button', { name: 'Cấp bản sao' }).click();
    await shows(copies.getByText(/^Đã cấp bản sao số 01\/SY-/));
    await shows(page.getByTestId('document-copies').getByText(/^01\/SY-/));
    await context.close();
  });
});
