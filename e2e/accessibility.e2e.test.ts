import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../server/src/db/seed/index.ts';
import { axeViolations, describeViolations, launchBrowser, newContext } from './support/browser.ts';
import { postMessageByApi, unitChannelOf } from './support/channels.ts';
import {
  directedIncomingByApi,
  draftOutgoingByApi,
  issuedOutgoingByApi,
  postJson,
  submittedIncomingByApi,
} from './support/documents.ts';
import { signInByApi } from './support/session.ts';
import { shows, submitPassword } from './support/ui.ts';
import { openWorld } from './support/world.ts';

/**
 * Every page of the staff app, signed out and signed in (as the demo system administrator, on the
 * demo data): no axe-core violation (WCAG 2.1 A/AA and best practices) and no sideways scrolling,
 * on a desktop (1280 px) and on a phone (360 px). Then one journey with the keyboard only.
 */
const WIDTHS = [1280, 360] as const;
const world = openWorld();
let browser: Browser;
let adminState: Awaited<ReturnType<BrowserContext['storageState']>>;
const ids = {
  unit: '',
  mergedUnit: '',
  staff: '',
  incoming: '',
  outgoing: '',
  directed: '',
  draft: '',
  channel: '',
  directive: '',
};

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await newContext(browser);
  expect(
    await signInByApi(
      context,
      { username: 'admin', password: DEMO_PASSWORD },
      { totpSecret: DEMO_TOTP_SECRET },
    ),
  ).toBe('none');
  const units = async (q: string, status: string) =>
    (
      (await (
        await context.request.get(`/api/units?q=${encodeURIComponent(q)}&status=${status}`)
      ).json()) as {
        items: Array<{ id: string; name: string; status: string }>;
      }
    ).items;
  ids.unit = (await units('Lâm Đồng', 'active')).find(
    (u) => u.name === 'Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng',
  )!.id;
  ids.mergedUnit = (await units('Đắk Nông', 'all')).find((u) => u.status === 'merged')!.id;
  const staff = (await (await context.request.get('/api/staff?q=quantri.lamdong')).json()) as {
    items: Array<{ id: string }>;
  };
  ids.staff = staff.items[0]!.id;
  const me = (await (await context.request.get('/api/auth/me')).json()) as {
    activeUnit: { id: string };
    staff: { id: string };
  };
  ids.incoming = await submittedIncomingByApi(context.request, me.activeUnit.id, world.tag);
  ids.outgoing = await issuedOutgoingByApi(context.request, me.activeUnit.id, [ids.unit], world.tag);
  ids.directed = await directedIncomingByApi(context.request, me.activeUnit.id, me.staff.id, world.tag);
  ids.draft = await draftOutgoingByApi(context.request, me.activeUnit.id, [ids.unit], `${world.tag}-nhap`);
  ids.channel = (await unitChannelOf(context.request, me.activeUnit.id)).id;
  await postMessageByApi(
    context.request,
    ids.channel,
    `Kính gửi các đồng chí: lịch họp tuần (${world.tag}).`,
  );
  // Sent to the admin's own unit too, so the page shows both the board and the recipient's panel.
  ids.directive = (
    await postJson<{ directive: { id: string } }>(context.request, '/api/directives', {
      title: `Báo cáo nhanh tình hình (${world.tag})`,
      body: 'Đề nghị các đơn vị báo cáo số hộ được hỗ trợ.',
      deadline: new Date(Date.now() + 3 * 24 * 3600_000).toISOString(),
      action: 'figure',
      figureLabel: 'hộ',
      recipients: { unitIds: [me.activeUnit.id, ids.unit] },
    })
  ).directive.id;
  adminState = await context.storageState();
  await context.close();
});
afterAll(async () => browser?.close());

/** Nothing is loading any more: no request in flight, no spinner, no "Đang tải…". */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(
    () =>
      !document.querySelector('[aria-label="Đang tải…"]') &&
      ![...document.querySelectorAll('[role="status"]')].some((e) => e.textContent?.includes('Đang tải…')),
  );
}

/** At each width: zero axe violations, and the page is no wider than the window. */
async function checkPage(page: Page, heading: string | RegExp) {
  await shows(page.getByRole('heading', { level: 1, name: heading }));
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    await page.waitForFunction((w) => window.innerWidth === w, width);
    // Layouts that follow media queries in script (tables → cards) re-render on the next frames.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    await settled(page);
    const violations = await axeViolations(page);
    expect(violations, `axe at ${width} px on ${page.url()}:\n${describeViolations(violations)}`).toEqual([]);
    const size = await page.evaluate(() => ({
      scrollWidth: document.scrollingElement!.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    expect(size.scrollWidth, `sideways scrolling at ${width} px on ${page.url()}`).toBeLessThanOrEqual(
      size.innerWidth,
    );
  }
}

describe('pages before signing in', () => {
  const pages: Array<[string, string, string | RegExp]> = [
    ['login', '/login', 'Đăng nhập'],
    ['forgotten password', '/forgot-password', 'Quên mật khẩu'],
    ['reset password', '/reset-password?token=ma-dat-lai-thu-nghiem', 'Đặt lại mật khẩu'],
    ['reset password, link without its token', '/reset-password', 'Đặt lại mật khẩu'],
    ['login after an SSO refusal', '/login?sso_error=not_linked', 'Đăng nhập'],
  ];
  it.each(pages)('%s (%s)', async (_name, path, heading) => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`/app${path}`);
    await checkPage(page, heading);
    await context.close();
  });

  it('login with a wrong password (the error shown)', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/app/login');
    await submitPassword(page, 'admin', 'khong-dung-mat-khau');
    await shows(page.getByRole('alert'));
    await checkPage(page, 'Đăng nhập');
    await context.close();
  });

  it('second step: the TOTP code', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/app/login');
    await submitPassword(page, 'quantri.lamdong', DEMO_PASSWORD);
    await checkPage(page, 'Xác thực hai lớp');
    await context.close();
  });

  it('second step: setting up two-factor sign-in', async () => {
    const unit = await world.unit('Ủy ban MTTQ tỉnh Tiếp Cận', { levelId: 'province' });
    const person = await world.staff({
      unitId: unit.id,
      fullName: 'Mai Văn Thiết Lập',
      roles: [{ roleId: 'unit_admin' }],
    });
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/app/login');
    await submitPassword(page, person.username, person.password);
    await shows(page.getByRole('img', { name: /Mã QR/ }));
    await checkPage(page, 'Thiết lập xác thực hai lớp');
    await context.close();
  });
});

describe('pages of the signed-in staff app', () => {
  const pages: Array<[string, () => string, string | RegExp]> = [
    ['dashboard', () => '/', 'Tổng quan'],
    ['units', () => '/units', 'Tổ chức'],
    ['unit detail', () => `/units/${ids.unit}`, 'Tổ chức'],
    ['unit detail of a merged unit', () => `/units/${ids.mergedUnit}`, 'Tổ chức'],
    ['new unit', () => '/units/new', 'Thêm đơn vị'],
    ['edit unit', () => `/units/${ids.unit}/edit`, /^Sửa thông tin: /],
    ['merge wizard', () => '/units/merge', 'Hợp nhất đơn vị'],
    ['rename', () => `/units/${ids.unit}/rename`, 'Đổi tên đơn vị'],
    ['move', () => `/units/${ids.unit}/move`, 'Chuyển đơn vị trực thuộc'],
    ['split', () => `/units/${ids.unit}/split`, 'Chia tách đơn vị'],
    ['staff', () => '/staff', 'Cán bộ'],
    ['new staff member', () => '/staff/new', 'Thêm cán bộ'],
    ['edit staff member', () => `/staff/${ids.staff}/edit`, /^Sửa thông tin cán bộ: /],
    ['staff import', () => '/staff/import', 'Nhập danh sách cán bộ'],
    ['roles', () => '/roles', 'Phân quyền'],
    ['my security', () => '/security', 'Phiên đăng nhập và bảo mật'],
    ['API tokens', () => '/tokens', 'Khóa API'],
    ['audit log', () => '/audit', 'Nhật ký hệ thống'],
    ['demo mailbox', () => '/outbox', 'Hộp thư demo'],
    ['incoming documents', () => '/documents/incoming', 'Văn bản đến'],
    ['register an incoming document', () => '/documents/incoming/new', 'Vào sổ văn bản đến'],
    ['incoming document submitted to the leader', () => `/documents/${ids.incoming}`, /^Văn bản đến: /],
    ['incoming document assigned (accept)', () => `/documents/${ids.directed}`, /^Văn bản đến: /],
    ['outgoing documents', () => '/documents/outgoing', 'Văn bản đi'],
    ['outgoing draft', () => `/documents/${ids.draft}`, /^Văn bản đi: /],
    ['new outgoing draft', () => '/documents/outgoing/new', 'Soạn dự thảo văn bản đi'],
    ['issued outgoing document', () => `/documents/${ids.outgoing}`, /^Văn bản đi: /],
    ['document registers', () => '/documents/registers', 'Sổ văn bản'],
    ['notifications', () => '/documents/notifications', 'Thông báo'],
    ['my assignments', () => '/documents/assignments', 'Việc được giao'],
    ["my unit's assignments, done", () => '/documents/assignments?scope=unit&state=done', 'Việc được giao'],
    ['documents search with results', () => '/documents/search?q=ke+hoach', 'Tìm kiếm văn bản'],
    [
      'documents search by symbol, nothing found',
      () => '/documents/search?q=999%2FKHONG-CO',
      'Tìm kiếm văn bản',
    ],
    ['channels', () => '/channels', 'Trao đổi'],
    ['a channel with a message', () => `/channels/${ids.channel}`, 'Trao đổi'],
    ['directives', () => '/directives', 'Chỉ đạo'],
    ['directives sent', () => '/directives?box=sent', 'Chỉ đạo'],
    ['send a directive', () => '/directives/new', 'Gửi chỉ đạo'],
    ['a directive (board and my unit)', () => `/directives/${ids.directive}`, /^Chỉ đạo: /],
    ['page not found', () => '/khong-co-trang-nay', 'Không tìm thấy trang'],
  ];
  it.each(pages)('%s', async (_name, path, heading) => {
    const context = await newContext(browser, { storageState: adminState });
    const page = await context.newPage();
    await page.goto(`/app${path()}`);
    await checkPage(page, heading);
    await context.close();
  });

  it('the navigation menu opened on a phone', async () => {
    const context = await newContext(browser, { storageState: adminState, width: 360 });
    const page = await context.newPage();
    await page.goto('/app/');
    await shows(page.getByRole('heading', { level: 1, name: 'Tổng quan' }));
    await page.getByRole('button', { name: 'Mở/đóng menu điều hướng' }).click();
    await shows(
      page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Cán bộ' }),
    );
    await settled(page);
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    const size = await page.evaluate(() => ({
      scrollWidth: document.scrollingElement!.scrollWidth,
      innerWidth,
    }));
    expect(size.scrollWidth).toBeLessThanOrEqual(size.innerWidth);
    await context.close();
  });
});

describe('keyboard only', () => {
  /** Presses Tab until `isTarget` holds for the focused element; fails after `limit` presses. */
  async function tabTo(page: Page, description: string, isTarget: () => Promise<boolean>, limit = 40) {
    for (let presses = 0; presses < limit; presses++) {
      await page.keyboard.press('Tab');
      if (await isTarget()) return presses + 1;
    }
    throw new Error(`${description} not reached with ${limit} presses of Tab`);
  }
  const focused = (page: Page) =>
    page.evaluate(() => {
      const e = document.activeElement as HTMLElement | null;
      return {
        tag: e?.tagName ?? '',
        id: e?.id ?? '',
        name: e?.getAttribute('name') ?? '',
        label: e?.getAttribute('aria-label') ?? '',
        text: e?.textContent?.trim() ?? '',
        inNav: Boolean(e?.closest('nav[aria-label="Điều hướng chính"]')),
      };
    });

  it('signs in, skips the navigation, and reaches and follows the main navigation', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/app/login');
    await shows(page.getByRole('heading', { level: 1, name: 'Đăng nhập' }));

    await tabTo(page, 'the username field', async () => (await focused(page)).name === 'username');
    await page.keyboard.type('lanhdao.hatinh');
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('password');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await shows(page.getByRole('heading', { level: 1, name: 'Tổng quan' }));

    // The first Tab on a fresh page lands on the skip link, visible when focused.
    await page.reload();
    await shows(page.getByRole('heading', { level: 1, name: 'Tổng quan' }));
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Bỏ qua điều hướng');
    expect(await page.getByRole('link', { name: 'Bỏ qua điều hướng' }).isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('main-content');

    // From the top again: the main navigation is reachable and Enter follows a link.
    await page.reload();
    await shows(page.getByRole('heading', { level: 1, name: 'Tổng quan' }));
    await tabTo(page, 'the "Cán bộ" link of the main navigation', async () => {
      const f = await focused(page);
      return f.inNav && f.text === 'Cán bộ';
    });
    await page.keyboard.press('Enter');
    await shows(page.getByRole('heading', { level: 1, name: 'Cán bộ' }));
    expect(new URL(page.url()).pathname).toBe('/app/staff');
    await context.close();
  });

  it('opens the navigation on a phone with the keyboard and follows a link', async () => {
    const context = await newContext(browser, { width: 360 });
    expect(await signInByApi(context, { username: 'lanhdao.hatinh', password: DEMO_PASSWORD })).toBe('none');
    const page = await context.newPage();
    await page.goto('/app/');
    await shows(page.getByRole('heading', { level: 1, name: 'Tổng quan' }));
    await tabTo(
      page,
      'the menu button',
      async () => (await focused(page)).label === 'Mở/đóng menu điều hướng',
    );
    await page.keyboard.press('Enter');
    await tabTo(page, 'the "Tổ chức" link of the main navigation', async () => {
      const f = await focused(page);
      return f.inNav && f.text === 'Tổ chức';
    });
    await page.keyboard.press('Enter');
    await shows(page.getByRole('heading', { level: 1, name: 'Tổ chức' }));
    expect(new URL(page.url()).pathname).toBe('/app/units');
    await context.close();
  });
});
