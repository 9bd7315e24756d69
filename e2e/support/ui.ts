import type { Locator, Page } from 'playwright-core';

/** Waits until the locator shows (default 15 s); the error names the locator when it never does. */
export async function shows(locator: Locator, timeout = 15_000) {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator.first();
}

/** Waits until the page's path is `path` (under /app; "/app" and "/app/" are both the dashboard). */
export async function at(page: Page, path: string, timeout = 15_000) {
  const wanted = `/app${path}`.replace(/\/$/, '');
  await page.waitForURL((url) => url.pathname.replace(/\/$/, '') === wanted, { timeout });
}

/** The login form: username, password, "Đăng nhập". */
export async function submitPassword(page: Page, username: string, password: string) {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
}

/** The signed-in dashboard: its heading and the greeting for `fullName`. */
export async function onDashboard(page: Page, fullName: string) {
  await at(page, '/');
  await shows(page.getByRole('heading', { level: 1, name: 'Tổng quan' }));
  await shows(page.getByText(`Xin chào, ${fullName}`));
}
