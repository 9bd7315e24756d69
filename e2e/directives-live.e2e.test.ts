import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD } from '../server/src/db/seed/index.ts';
import { launchBrowser } from './support/browser.ts';
import { signedInOn, watchLive } from './support/live.ts';
import { shows } from './support/ui.ts';
import { openWorld } from './support/world.ts';

/**
 * The "done when", in Chromium: the provincial leader of Lâm Đồng (demo data) sends a
 * directive to every commune of the province; clerks of two communes, one signed in on each of
 * the two server instances, see it arrive without reloading and acknowledge it; the leader's
 * board counts them live; the deadline passes with a third commune silent, the sweep escalates it,
 * and that commune's leader finds the escalation among their notifications.
 */
const world = openWorld();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

type Commune = {
  id: string;
  name: string;
};

/** Three active communes of the demo province of Lâm Đồng (the merged one), in tree order. */
async function lamDongCommunes(): Promise<Commune[]> {
  const result = await world.db.execute<Commune>(sql`
    SELECT c.id, c.name FROM unit c JOIN unit p ON c.path <@ p.path
     WHERE p.name = 'Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng' AND p.status = 'active'
       AND c.level_id = 'commune' AND c.kind = 'committee' AND c.status = 'active'
     ORDER BY c.path LIMIT 3`);
  return result.rows;
}

/** Tomorrow in Vietnam as dd/mm/yyyy (the form's date format). */
function tomorrow(): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(Date.now() + 24 * 3600_000));
  return parts;
}

/** The number shown in the board's tile `label`. */
async function count(page: Page, label: string): Promise<number> {
  const tile = page
    .getByTestId('directive-counts')
    .locator('div', { has: page.getByText(label, { exact: true }) })
    .last();
  return Number((await tile.locator('dd').textContent())?.trim());
}

/**
 * "Time passes the deadline": the deadline is moved to a minute ago, then the sweep the server
 * runs every minute is asked to run now (a job on its pg-boss queue, taken by instance 1's worker).
 */
async function passDeadlineAndSweep(directiveId: string) {
  await world.db.execute(
    sql`UPDATE directive SET deadline = now() - interval '1 minute' WHERE id = ${directiveId}`,
  );
  const boss = new PgBoss({
    connectionString: inject('databaseUrl'),
    schema: 'pgboss',
    supervise: false,
    schedule: false,
  });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    await boss.send('directives.sweep', {});
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

describe('a directive to every commune, followed live across two server instances', () => {
  it('arrives live on both instances, is acknowledged, counted live, and the silent commune is escalated', async () => {
    const [communeA, communeB, communeC] = await lamDongCommunes();
    expect(communeC, 'the demo province has communes').toBeDefined();
    const clerkA = await world.staff({
      unitId: communeA!.id,
      fullName: 'Lê Thị Văn Thư Xã Một',
      roles: [{ roleId: 'clerk' }],
    });
    const clerkB = await world.staff({
      unitId: communeB!.id,
      fullName: 'Phạm Văn Văn Thư Xã Hai',
      roles: [{ roleId: 'clerk' }],
    });
    const leaderC = await world.staff({
      unitId: communeC!.id,
      fullName: 'Hoàng Văn Chủ Tịch Xã Ba',
      roles: [{ roleId: 'leader' }],
    });
    const title = `Triển khai Tháng hành động vì người nghèo (${world.tag})`;

    // The two clerks wait on their directive lists, one on each instance.
    const contextA = await signedInOn(browser, 1, clerkA);
    const contextB = await signedInOn(browser, 2, clerkB, { width: 360 });
    const pageA = await contextA.newPage();
    const pageB = await contextB.newPage();
    const pageErrors: string[] = [];
    for (const page of [pageA, pageB]) page.on('pageerror', (error) => pageErrors.push(error.message));
    const liveA = await watchLive(pageA);
    const liveB = await watchLive(pageB);
    await pageA.goto('/app/directives');
    await pageB.goto('/app/directives');
    await shows(pageA.getByRole('heading', { level: 1, name: 'Chỉ đạo' }));
    await shows(pageB.getByRole('heading', { level: 1, name: 'Chỉ đạo' }));
    await liveA.subscribed(`unit:${communeA!.id}`);
    await liveB.subscribed(`unit:${communeB!.id}`);

    // The provincial leader sends the directive to every commune of the province.
    const leaderContext = await signedInOn(browser, 1, {
      username: 'lanhdao.lamdong',
      password: DEMO_PASSWORD,
    });
    const leader = await leaderContext.newPage();
    const liveLeader = await watchLive(leader);
    await leader.goto('/app/directives');
    await leader.getByRole('link', { name: 'Gửi chỉ đạo' }).click();
    await shows(leader.getByRole('heading', { level: 1, name: 'Gửi chỉ đạo' }));
    await leader.getByLabel('Tiêu đề').fill(title);
    await leader
      .getByLabel('Nội dung chỉ đạo')
      .fill('Đề nghị Ban Thường trực các xã xác nhận đã nhận và tổ chức triển khai.');
    await leader.getByRole('radio', { name: 'Tất cả đơn vị một cấp' }).check();
    await expect.poll(() => leader.getByRole('combobox', { name: 'Cấp' }).inputValue()).toMatch(/^Xã/);
    await leader.getByLabel('Ngày hết hạn').fill(tomorrow());
    await leader.getByLabel('Giờ hết hạn').fill('17:00');
    await leader.getByRole('radio', { name: 'Xác nhận đã nhận' }).check();
    await leader.getByRole('checkbox', { name: 'Khẩn' }).check();
    await leader.getByRole('button', { name: 'Gửi chỉ đạo', exact: true }).click();
    await shows(leader.getByRole('heading', { level: 1, name: `Chỉ đạo: ${title}` }));
    const directiveId = new URL(leader.url()).pathname.split('/').at(-1)!;
    await liveLeader.subscribed(`directive:${directiveId}`);
    const total = await count(leader, 'Tổng số đơn vị nhận');
    expect(total).toBeGreaterThanOrEqual(3);
    expect(await count(leader, 'Đã xác nhận')).toBe(0);

    // Both clerks see it arrive without reloading: a toast, and the row in their list.
    for (const [page, live, commune] of [
      [pageA, liveA, communeA!],
      [pageB, liveB, communeB!],
    ] as const) {
      await live.event(`unit:${commune.id}`, 'directive');
      await shows(page.getByText(`Chỉ đạo mới: ${title}`));
      await shows(page.getByTestId('directives-received').getByRole('link', { name: title }));
    }
    expect(liveA.subscriptions(`unit:${communeA!.id}`)).toBe(1); // no reload, no reconnection

    // Each opens it (seen) and acknowledges it; the leader's board follows live.
    for (const [page, commune] of [
      [pageA, communeA!],
      [pageB, communeB!],
    ] as const) {
      await page.getByTestId('directives-received').getByRole('link', { name: title }).click();
      const mine = await shows(page.getByRole('region', { name: `Đơn vị của tôi: ${commune.name}` }));
      await shows(mine.getByTestId('my-status').getByText('Đã xem'));
      await mine.getByRole('button', { name: 'Xác nhận đã nhận' }).click();
      await shows(mine.getByTestId('my-status').getByText('Đã xác nhận'));
    }
    await expect.poll(() => count(leader, 'Đã xác nhận'), { timeout: 10_000 }).toBe(2);
    // The leader's own opening marks nothing seen: only the two communes have moved.
    expect(await count(leader, 'Chưa xem')).toBe(total - 2);
    expect(await count(leader, 'Đã xem')).toBe(0);
    await leader.getByRole('combobox', { name: 'Lọc theo trạng thái' }).click();
    await leader.getByRole('option', { name: 'Đã xác nhận' }).click();
    const board = leader.getByTestId('directive-board');
    await shows(board.getByRole('row', { name: new RegExp(communeA!.name) }));
    await shows(board.getByRole('row', { name: new RegExp(communeB!.name) }));

    // The deadline passes; the sweep escalates every commune still silent, the leader sees it live.
    await passDeadlineAndSweep(directiveId);
    await liveLeader.event(`directive:${directiveId}`, 'escalated');
    await expect.poll(() => count(leader, 'Quá hạn'), { timeout: 10_000 }).toBe(total - 2);
    await leader.getByRole('combobox', { name: 'Lọc theo trạng thái' }).click();
    await leader.getByRole('option', { name: 'Quá hạn' }).click();
    const firstOverdue = board.getByRole('row').nth(1);
    await shows(firstOverdue.getByText('Đã báo cáo lãnh đạo'));
    await shows(firstOverdue.getByText('Quá hạn'));

    // The silent commune's leader has the escalation among their notifications.
    const contextC = await signedInOn(browser, 2, leaderC);
    const pageC = await contextC.newPage();
    await pageC.goto('/app/documents/notifications');
    await shows(pageC.getByRole('heading', { level: 1, name: 'Thông báo' }));
    await shows(pageC.getByText(`Quá hạn: ${communeC!.name} chưa xác nhận chỉ đạo "${title}"`));
    await pageC.goto(`/app/directives/${directiveId}`);
    const mineC = await shows(pageC.getByRole('region', { name: `Đơn vị của tôi: ${communeC!.name}` }));
    await shows(mineC.getByTestId('my-status').getByText('Đã báo cáo lãnh đạo'));

    expect(pageErrors).toEqual([]);
    for (const context of [contextA, contextB, contextC, leaderContext]) await context.close();
  }, 120_000);
});
