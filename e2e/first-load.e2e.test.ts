import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.ts';
import { shows } from './support/ui.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

/** The budget for the JavaScript a first visit to the login page downloads, gzip-compressed. */
const BUDGET_BYTES = 250 * 1024;

describe('first load', () => {
  it('downloads at most 250 KB of gzipped JavaScript to show /app/login', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const scripts = new Map<string, Promise<number>>();
    page.on('response', (response) => {
      const isScript =
        response.request().resourceType() === 'script' ||
        /javascript/.test(response.headers()['content-type'] ?? '') ||
        new URL(response.url()).pathname.endsWith('.js');
      if (isScript && !scripts.has(response.url()))
        scripts.set(
          response.url(),
          response.body().then((body) => gzipSync(body).length),
        );
    });
    await page.goto('/app/login');
    await shows(page.getByRole('heading', { level: 1, name: 'Đăng nhập' }));
    await shows(page.getByRole('button', { name: 'Đăng nhập', exact: true }));
    await page.waitForLoadState('networkidle');

    const sizes = await Promise.all(
      [...scripts].map(async ([url, size]) => ({ url: new URL(url).pathname, gzip: await size })),
    );
    const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
    const listing = sizes
      .sort((a, b) => b.gzip - a.gzip)
      .map((s) => `${(s.gzip / 1024).toFixed(1).padStart(7)} KB  ${s.url}`)
      .join('\n');
    console.info(
      `first load of /app/login: ${(total / 1024).toFixed(1)} KB of gzipped JavaScript\n${listing}`,
    );
    expect(sizes.length).toBeGreaterThan(0);
    expect(
      total,
      `gzipped JavaScript for /app/login, ${(total / 1024).toFixed(1)} KB:\n${listing}`,
    ).toBeLessThanOrEqual(BUDGET_BYTES);
    await context.close();
  });

  it('serves the icon the page links to as an image (the browser tab shows it)', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/app/login');
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(href).toBeTruthy();
    const icon = await page.request.get(new URL(href!, page.url()).toString());
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toMatch(/^image\/svg\+xml/);
    await context.close();
  });
});
