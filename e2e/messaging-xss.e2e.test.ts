import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.ts';
import { postMessageByApi, sendInComposer, shownBodies, unitChannelOf } from './support/channels.ts';
import { signInByApi } from './support/session.ts';
import { shows } from './support/ui.ts';
import { buildProvince, openWorld } from './support/world.ts';

/**
 * Messages are text: markup and scripts someone types in a channel are shown as the characters
 * they typed — in the channel, in a thread, in search results — and never run. Only http(s)
 * addresses become links, opening in a new tab without access to the app.
 */
const world = openWorld();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<img src=x onerror="window.__xss=1">',
  '<a href="javascript:alert(1)">bấm vào đây</a>',
  'javascript:alert(document.cookie)',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '"><iframe srcdoc="<script>parent.alert(1)</script>">',
  '\'"><body onload=alert(1)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '[bấm](javascript:alert(1)) <div style="position:fixed;inset:0" onclick=alert(1)>',
  // A template-injection probe: the dollar-brace is meant literally.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the payload is the literal text
  '{{constructor.constructor("alert(1)")()}} ${alert(1)}',
  '<details open ontoggle=alert(1)>',
  'Tài liệu: https://mattran.vn/tai-lieu?a=1&b=<b>2</b>',
];

describe('HTML and script in messages', () => {
  it('shows every payload literally, runs none of them, and links only the http address', async () => {
    const units = await buildProvince(world);
    const person = await world.staff({ unitId: units.communeA.id, fullName: 'Trịnh Văn Kiểm Thử' });
    const context = await newContext(browser);
    await signInByApi(context, person);
    const channel = await unitChannelOf(context.request, units.communeA.id);

    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`/app/channels/${channel.id}`);
    await shows(page.getByRole('heading', { level: 2, name: channel.name }));

    // The first two typed in the composer, the rest through the API (same server path).
    for (const body of PAYLOADS.slice(0, 2)) await sendInComposer(page, body);
    for (const body of PAYLOADS.slice(2)) await postMessageByApi(context.request, channel.id, body);
    await expect.poll(() => shownBodies(page), { timeout: 15_000 }).toEqual(PAYLOADS);

    // Nothing injected: inside message bodies the only elements are links to http(s) addresses.
    const injected = await page.evaluate(() => {
      const bodies = [...document.querySelectorAll('[data-testid="message-body"]')];
      const elements = bodies.flatMap((b) => [...b.querySelectorAll('*')]);
      const unexpected = elements
        .filter((e) => !(e instanceof HTMLAnchorElement && /^https?:$/.test(new URL(e.href).protocol)))
        .map((e) => e.outerHTML);
      const handlers = [...document.querySelectorAll('*')].flatMap((e) =>
        [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${e.tagName} ${a.name}`),
      );
      return {
        unexpected,
        handlers,
        frames: document.querySelectorAll('iframe').length,
        flag: (window as unknown as { __xss?: number }).__xss ?? null,
        scriptLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
      };
    });
    expect(injected).toEqual({ unexpected: [], handlers: [], frames: 0, flag: null, scriptLinks: 0 });

    const link = page.getByTestId('message-list').getByRole('link', { name: /^https:\/\/mattran\.vn/ });
    expect(await link.getAttribute('href')).toBe('https://mattran.vn/tai-lieu?a=1&b=');
    expect(await link.getAttribute('rel')).toContain('noopener');
    expect(await link.getAttribute('target')).toBe('_blank');

    // Search results and a thread render the same text the same way.
    await page.getByRole('searchbox', { name: 'Tìm trong tin nhắn' }).fill('onerror');
    await page.getByRole('button', { name: 'Tìm trong tin nhắn', exact: true }).click();
    const results = await shows(page.getByTestId('message-search'));
    await shows(results.getByText('<img src=x onerror=alert(1)>', { exact: true }));
    const message = page.getByTestId('message').filter({ hasText: '<svg onload=alert(1)>' });
    await message.getByRole('button', { name: /^Thao tác với tin nhắn của/ }).click();
    await page.getByRole('menuitem', { name: 'Trả lời' }).click();
    const thread = await shows(page.getByRole('dialog', { name: 'Chuỗi trả lời' }));
    const reply = thread.getByRole('textbox', { name: 'Trả lời trong chuỗi' });
    await reply.fill('<iframe src="javascript:alert(1)"></iframe>');
    await reply.press('Enter');
    await shows(
      thread
        .getByTestId('thread-list')
        .getByText('<iframe src="javascript:alert(1)"></iframe>', { exact: true }),
    );

    expect(await page.evaluate(() => document.querySelectorAll('iframe, script:not([src])').length)).toBe(0);
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
