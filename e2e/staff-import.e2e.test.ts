import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.ts';
import { signedInAdmin } from './support/session.ts';
import { at, shows } from './support/ui.ts';
import { buildProvince, openWorld } from './support/world.ts';

const world = openWorld();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

const HEADER = 'Tên đăng nhập,Họ và tên,Chức vụ,Mã đơn vị,Thư điện tử,Điện thoại,Vai trò';
const csv = (rows: string[][]) =>
  Buffer.from(`${[HEADER, ...rows.map((r) => r.join(','))].join('\r\n')}\r\n`, 'utf8');

/** Chooses a file in the page's file field as a person would: the field's button, then the file. */
async function chooseFile(page: Page, name: string, content: Buffer) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: /Tệp danh sách/ }).click();
  await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: content });
}

/** The issue table as [row, column, problem] triples. */
async function issuesOf(page: Page) {
  const table = await shows(page.getByRole('table', { name: 'Kết quả kiểm tra' }));
  const rows = await table.locator('tbody tr').all();
  return Promise.all(
    rows.map(async (row) => {
      const cells = (await row.getByRole('cell').allInnerTexts()).map((c) => c.trim());
      return { row: Number(cells[0]), column: cells[1], problem: cells[3] ?? '' };
    }),
  );
}

async function staffNamed(page: Page, username: string) {
  const response = await page.request.get(`/api/staff?q=${encodeURIComponent(username)}&status=all`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { total: number }).total;
}

describe('importing staff from a file', () => {
  it('lists every bad row with its reason and imports nothing; once fixed, the import succeeds', async () => {
    const units = await buildProvince(world);
    const admin = await world.staff({
      unitId: units.province.id,
      fullName: 'Đinh Văn Nhập',
      roles: [{ roleId: 'unit_admin' }],
    });
    const taken = await world.staff({ unitId: units.communeA.id, fullName: 'Cao Thị Đã Có' });
    const t = world.tag;
    const a = units.communeA.code!;
    const b = units.communeB.code!;
    const good = [
      [`lan.nguyen.${t}`, 'Nguyễn Thị Lan', 'Chủ tịch', a, `lan.${t}@mattranso.test`, '0912345678', 'Cán bộ'],
      [`hung.tran.${t}`, 'Trần Văn Hùng', 'Phó Chủ tịch', a, '', '', ''],
      [`mai.le.${t}`, 'Lê Thị Mai', 'Văn thư', b, '', '', 'member'],
      [`tuan.pham.${t}`, 'Phạm Anh Tuấn', 'Chuyên viên', b, `tuan.${t}@mattranso.test`, '', ''],
      [`hoa.vo.${t}`, 'Võ Thị Hoa', 'Ủy viên', a, '', '', ''],
      [`nam.do.${t}`, 'Đỗ Văn Nam', 'Ủy viên', b, '', '', ''],
    ];
    const bad = [
      good[0]!, // row 2: fine
      ['Tran Van B', 'Trần Văn Bê', '', a, '', '', ''], // row 3: not a valid username
      [`hung.tran.${t}`, 'Trần Văn Hùng', '', a, '', '', ''], // row 4: fine
      [`mai.le.${t}`, 'Lê Thị Mai', 'Văn thư', '999.KHONGCO', '', '', ''], // row 5: unknown unit code
      [`tuan.pham.${t}`, 'Phạm Anh Tuấn', '', b, 'khong-phai-thu', '', ''], // row 6: not an e-mail address
      [`lan.nguyen.${t}`, 'Nguyễn Thị Lan (trùng)', '', a, '', '', ''], // row 7: same username as row 2
      [taken.username, 'Cao Thị Đã Có', '', a, '', '', ''], // row 8: username already in use
      [`hoa.vo.${t}`, 'Võ Thị Hoa', '', units.otherCommune.code!, '', '', ''], // row 9: unit outside the admin's scope
      [`nam.do.${t}`, 'Đỗ Văn Nam', '', b, '', '', 'Giám đốc'], // row 10: no such role
    ];

    const { context } = await signedInAdmin(() => newContext(browser), admin);
    const page = await context.newPage();
    await page.goto('/app/staff');
    await page.getByRole('link', { name: 'Nhập từ tệp' }).click();
    await at(page, '/staff/import');
    await shows(page.getByRole('heading', { level: 1, name: 'Nhập danh sách cán bộ' }));

    await chooseFile(page, 'can-bo-loi.csv', csv(bad));
    await page.getByRole('button', { name: 'Kiểm tra thử' }).click();
    await shows(page.getByText('Sửa các dòng lỗi trong tệp rồi kiểm tra lại.'));
    await shows(page.getByTestId('import-summary').getByText('9 dòng: 2 hợp lệ, 7 lỗi.'));
    const issues = await issuesOf(page);
    const byRow = (row: number) => issues.filter((i) => i.row === row);
    expect(issues.map((i) => i.row)).toEqual([3, 5, 6, 7, 8, 9, 10]);
    expect(byRow(3)[0]).toMatchObject({ column: 'Tên đăng nhập' });
    expect(byRow(3)[0]!.problem).toContain('chữ thường không dấu');
    expect(byRow(5)[0]).toMatchObject({ column: 'Mã đơn vị' });
    expect(byRow(5)[0]!.problem).toContain('Không tìm thấy đơn vị có mã 999.KHONGCO');
    expect(byRow(6)[0]).toMatchObject({ column: 'Thư điện tử' });
    expect(byRow(7)[0]!.problem).toContain('trùng với dòng 2');
    expect(byRow(8)[0]!.problem).toContain(`"${taken.username}" đã có người dùng`);
    expect(byRow(9)[0]!.problem).toContain('trong phạm vi bạn quản lý');
    expect(byRow(10)[0]).toMatchObject({ column: 'Vai trò' });
    expect(byRow(10)[0]!.problem).toContain('Không có vai trò "Giám đốc"');

    // Nothing was imported, and nothing can be until the file is right.
    expect(await page.getByRole('button', { name: /^Nhập \d+ cán bộ$/ }).count()).toBe(0);
    expect(await staffNamed(page, `lan.nguyen.${t}`)).toBe(0);
    expect(await staffNamed(page, `hung.tran.${t}`)).toBe(0);

    await chooseFile(page, 'can-bo-da-sua.csv', csv(good));
    await page.getByRole('button', { name: 'Kiểm tra thử' }).click();
    await shows(page.getByText('Không có lỗi. Có thể nhập.'));
    await shows(page.getByTestId('import-summary').getByText('6 dòng: 6 hợp lệ, 0 lỗi.'));
    expect(await staffNamed(page, `lan.nguyen.${t}`)).toBe(0);
    await page.getByRole('button', { name: 'Nhập 6 cán bộ' }).click();
    await shows(page.getByRole('status').filter({ hasText: 'Đã nhập 6 cán bộ.' }));

    for (const [username] of good) expect(await staffNamed(page, username!)).toBe(1);
    await page.goto(`/app/staff?q=${t}`);
    const table = await shows(page.getByTestId('staff-table'));
    await shows(table.getByText('Nguyễn Thị Lan'));
    await shows(table.getByText('Lê Thị Mai'));
    await context.close();
  });
});
