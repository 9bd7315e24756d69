import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../server/src/db/seed/index.ts';
import { axeViolations, describeViolations, launchBrowser, newContext } from './support/browser.ts';
import { postJson } from './support/documents.ts';
import { signInByApi } from './support/session.ts';
import { at, shows } from './support/ui.ts';
import { openWorld } from './support/world.ts';

/**
 * The staff side of voters' petitions, in Chromium: the demo commune cadre of xã An Bình takes a
 * call, and while the description is typed the fast intake form suggests the same petition raised
 * earlier (with its status and a link); the cadre records the call and merges it into that one.
 * Then the cadre plans a voter-contact session for tomorrow: the server's late-notice warning
 * shows, and the session's report downloads as XLSX. Last, every staff page of the petitions, as
 * the demo system administrator: no axe-core violation and no sideways scrolling at 1280 and 360 px.
 */
const world = openWorld();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

interface Created {
  petition: { id: string; trackingCode: string; title: string; unitId: string };
}

describe('assisted intake by phone', () => {
  it('suggests a similar earlier petition as the cadre types, and merges the call into it', async () => {
    const context = await newContext(browser, { width: 360 });
    expect(await signInByApi(context, { username: 'canbo.xa.anbinh', password: DEMO_PASSWORD })).toBe('none');
    const pageErrors: string[] = [];

    // The earlier petition: raised at the commune's office some weeks ago.
    const earlier = await postJson<Created>(context.request, '/api/petitions', {
      channel: 'walk_in',
      title: `Cầu treo thôn 7 gãy ván (${world.tag})`,
      description:
        'Cầu treo qua suối ở thôn 7 xã An Bình bị gãy nhiều tấm ván mặt cầu, dây cáp han gỉ, học sinh và bà con đi qua rất nguy hiểm. Đề nghị sớm sửa chữa cầu treo.',
      subjectCode: 'giao-thong',
      place: 'thôn 7',
      receivedAt: new Date(Date.now() - 40 * 24 * 3600_000).toISOString(),
    });

    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto('/app/petitions/new');
    await shows(page.getByRole('heading', { level: 1, name: 'Ghi nhận kiến nghị' }));
    await page.getByRole('radio', { name: 'Điện thoại' }).check();
    await page
      .getByLabel('Nội dung kiến nghị')
      .pressSequentially(
        'Cầu treo thôn 7 hỏng nhiều tấm ván, học sinh qua cầu treo rất nguy hiểm, đề nghị sửa cầu',
        {
          delay: 5,
        },
      );

    // The earlier one shows up beside the form, with its status and a link to it.
    const suggestions = page.getByTestId('similar-petitions');
    const suggestion = suggestions
      .getByTestId('similar-item')
      .filter({ hasText: earlier.petition.trackingCode });
    await shows(suggestion);
    await shows(suggestion.getByText('Đã tiếp nhận'));
    expect(await suggestion.getByRole('link', { name: earlier.petition.title }).getAttribute('href')).toBe(
      `/app/petitions/${earlier.petition.id}`,
    );

    // The cadre chooses to merge instead of duplicating, classifies and records the call.
    await suggestion.getByRole('button', { name: 'Gộp vào kiến nghị này' }).click();
    await page.getByRole('combobox', { name: 'Lĩnh vực' }).click();
    await page.getByRole('option', { name: 'Giao thông, xây dựng' }).click();
    await page.getByRole('button', { name: 'Ghi nhận và gộp vào kiến nghị đã chọn' }).click();

    // The earlier petition now counts two voters, the call among its contributors.
    await at(page, `/petitions/${earlier.petition.id}`);
    await shows(page.getByRole('heading', { level: 1, name: earlier.petition.title }));
    const contributors = page.getByTestId('merge-contributors');
    await shows(contributors.getByText(earlier.petition.trackingCode));
    await expect.poll(() => contributors.locator('li').count()).toBe(2);
    await shows(page.getByText(/^2 kiến nghị, từ/));
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('plans a session for tomorrow, is warned the notice is late, and exports the report', async () => {
    const context = await newContext(browser);
    expect(await signInByApi(context, { username: 'canbo.xa.anbinh', password: DEMO_PASSWORD })).toBe('none');
    const me = (await (await context.request.get('/api/auth/me')).json()) as { activeUnit: { id: string } };
    const delegate = `Nguyễn Thị Đại Biểu ${world.tag}`;
    await world.db.execute(sql`
      INSERT INTO petition_recipient (kind, name, level, unit_id, delegate_body, term, constituency)
      VALUES ('delegate', ${delegate}, 'commune', ${me.activeUnit.id}, 'peoples_council', '2026-2031', 'Đơn vị bầu cử số 1')`);
    const title = `Tiếp xúc cử tri thôn 7 (${world.tag})`;
    const pageErrors: string[] = [];
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto('/app/voter-sessions/new');
    await shows(page.getByRole('heading', { level: 1, name: 'Lên kế hoạch hội nghị' }));
    await page.getByLabel('Tên hội nghị').fill(title);
    await page.getByRole('textbox', { name: 'Địa điểm' }).fill('Nhà văn hóa thôn 7');
    await page.getByLabel('Ngày tổ chức').fill(tomorrow());
    await page.getByRole('combobox', { name: 'Đại biểu tham dự' }).click();
    await page.getByRole('option', { name: new RegExp(world.tag) }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Lên kế hoạch hội nghị' }).click();

    await shows(page.getByRole('heading', { level: 1, name: title }));
    await shows(page.getByTestId('session-warning-NOTICE_LATE'));
    await shows(page.getByText(delegate));

    // An outside guest is invited, then the standing board notified (late, as warned).
    await page.getByRole('textbox', { name: 'Mời cá nhân (họ tên)' }).fill('Bà Phạm Thị Khách Mời');
    await page.getByLabel('Cơ quan, đơn vị công tác').fill('Hội Nông dân xã');
    await page.getByRole('button', { name: 'Thêm khách mời' }).click();
    await shows(page.getByText('Bà Phạm Thị Khách Mời · Hội Nông dân xã'));
    await page.getByRole('button', { name: 'Thông báo và gửi giấy mời' }).click();
    await shows(page.getByText('Đã gửi thông báo.'));
    await shows(page.getByText(/Đã thông báo .* \(Thông báo muộn\)/));

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Xuất báo cáo XLSX' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^bao-cao-tiep-xuc-cu-tri-.*\.xlsx$/);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe('every petitions page, as the administrator', () => {
  it('passes axe-core and never scrolls sideways, on a desktop and on a phone', async () => {
    const context = await newContext(browser);
    expect(
      await signInByApi(
        context,
        { username: 'admin', password: DEMO_PASSWORD },
        { totpSecret: DEMO_TOTP_SECRET },
      ),
    ).toBe('none');
    const me = (await (await context.request.get('/api/auth/me')).json()) as { activeUnit: { id: string } };
    const agency = await postJson<{ id: string }>(context.request, '/api/petition-recipients', {
      kind: 'agency',
      name: `Sở Giao thông vận tải ${world.tag}`,
      level: 'province',
      unitId: me.activeUnit.id,
    });
    const { petition } = await postJson<Created>(context.request, '/api/petitions', {
      channel: 'paper',
      description: `Đề nghị lắp đèn chiếu sáng đoạn đường tỉnh qua khu dân cư (${world.tag}).`,
      subjectCode: 'giao-thong',
      petitioner: { consent: true, name: 'Trần Văn Cử Tri', phone: '0900000000' },
    });
    await postJson(context.request, `/api/petitions/${petition.id}/forward`, { recipientId: agency.id });
    // Content on every page: the administrator acts for the agency (inbox), and a session is planned.
    const admin = (await (await context.request.get('/api/auth/me')).json()) as { staff: { id: string } };
    await postJson(context.request, `/api/petition-recipients/${agency.id}/members`, {
      staffId: admin.staff.id,
    });
    const delegate = await postJson<{ id: string }>(context.request, '/api/petition-recipients', {
      kind: 'delegate',
      name: `Lê Văn Đại Biểu ${world.tag}`,
      level: 'province',
      unitId: me.activeUnit.id,
      delegateBody: 'peoples_council',
      term: '2026-2031',
    });
    const startsAt = new Date(Date.now() + 10 * 24 * 3600_000);
    const session = await postJson<{ session: { id: string; title: string } }>(
      context.request,
      '/api/voter-sessions',
      {
        title: `Tiếp xúc cử tri trước kỳ họp (${world.tag})`,
        level: 'province',
        mode: 'hybrid',
        place: 'Hội trường Ủy ban MTTQ tỉnh',
        onlineUrl: 'https://hop.example.vn/tiep-xuc',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3 * 3600_000).toISOString(),
        delegateIds: [delegate.id],
      },
    );

    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const pages: Array<[string, string | RegExp]> = [
      ['/petitions', 'Kiến nghị cử tri'],
      ['/petitions/new', 'Ghi nhận kiến nghị'],
      ['/petitions/drafts', 'Thư điện tử chờ xác nhận'],
      [`/petitions/${petition.id}`, petition.title],
      ['/petition-inbox', 'Kiến nghị được chuyển đến'],
      ['/voter-sessions', 'Tiếp xúc cử tri'],
      ['/voter-sessions/new', 'Lên kế hoạch hội nghị'],
      [`/voter-sessions/${session.session.id}`, session.session.title],
      ['/petition-scorecards', 'Kết quả giải quyết'],
      ['/petition-settings', 'Cấu hình kiến nghị'],
      ['/petition-settings?tab=rules', 'Cấu hình kiến nghị'],
      ['/petition-settings?tab=holidays', 'Cấu hình kiến nghị'],
      ['/petition-settings?tab=keys', 'Cấu hình kiến nghị'],
    ];
    for (const [path, heading] of pages) {
      await page.goto(`/app${path}`);
      await checkPage(page, heading);
    }
    // The petitioner is shown only when asked.
    await page.goto(`/app/petitions/${petition.id}`);
    await page.getByRole('button', { name: 'Xem thông tin người kiến nghị' }).click();
    await shows(page.getByTestId('petitioner-data').getByText('Trần Văn Cử Tri'));
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe('routing through the transfer chain, as the administrator', () => {
  it('forwards, is returned with a reason, re-routes, is accepted, answered and published', async () => {
    const context = await newContext(browser, { width: 360 });
    expect(
      await signInByApi(
        context,
        { username: 'admin', password: DEMO_PASSWORD },
        { totpSecret: DEMO_TOTP_SECRET },
      ),
    ).toBe('none');
    const me = (await (await context.request.get('/api/auth/me')).json()) as {
      activeUnit: { id: string };
      staff: { id: string };
    };
    const agency = async (name: string) => {
      const created = await postJson<{ id: string }>(context.request, '/api/petition-recipients', {
        kind: 'agency',
        name: `${name} ${world.tag}`,
        level: 'province',
        unitId: me.activeUnit.id,
      });
      // The administrator acts for both agencies too, so their inbox is reachable here.
      await postJson(context.request, `/api/petition-recipients/${created.id}/members`, {
        staffId: me.staff.id,
      });
      return `${name} ${world.tag}`;
    };
    const wrong = await agency('Sở Văn hóa');
    const right = await agency('Sở Xây dựng');
    const { petition } = await postJson<Created>(context.request, '/api/petitions', {
      channel: 'phone',
      title: `Nhà văn hóa thôn dột nát ${world.tag}`,
      description: 'Mái nhà văn hóa thôn bị dột nhiều chỗ, đề nghị sửa chữa trước mùa mưa.',
      subjectCode: 'giao-thong',
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const chain = page.getByTestId('transfer-chain');

    await page.goto(`/app/petitions/${petition.id}`);
    await shows(page.getByRole('heading', { level: 1, name: petition.title }));
    await page.getByRole('combobox', { name: 'Chuyển tới' }).fill(world.tag);
    await page.getByRole('option', { name: wrong }).click();
    await page.getByRole('button', { name: 'Chuyển xử lý', exact: true }).click();
    await shows(chain.getByText('Chờ tiếp nhận'));

    // The wrong agency returns it: not competent, with the reason.
    await page.goto('/app/petition-inbox');
    const card = page.getByTestId('inbox-item').filter({ hasText: petition.title });
    await card.getByRole('button', { name: 'Trả lại (không thuộc thẩm quyền)' }).click();
    await page
      .getByRole('dialog')
      .getByLabel('Lý do')
      .fill('Nhà văn hóa thôn thuộc thẩm quyền của Sở Xây dựng.');
    await page.getByRole('dialog').getByRole('button', { name: 'Xác nhận' }).click();
    await shows(page.getByText('Đã trả lại.'));

    // Re-routed to the competent one, which accepts and answers.
    await page.goto(`/app/petitions/${petition.id}`);
    await shows(chain.getByText(/Nhà văn hóa thôn thuộc thẩm quyền của Sở Xây dựng/));
    await page.getByRole('combobox', { name: 'Chuyển tới' }).fill(world.tag);
    await page.getByRole('option', { name: right }).click();
    await page.getByRole('button', { name: 'Chuyển xử lý', exact: true }).click();
    await expect.poll(() => chain.locator('li').count()).toBe(2);
    await page.goto('/app/petition-inbox');
    await card.getByRole('button', { name: 'Tiếp nhận' }).click();
    await shows(page.getByText('Đã tiếp nhận.'));
    await card.getByRole('button', { name: 'Trả lời', exact: true }).click();
    await page
      .getByRole('dialog')
      .getByLabel('Tóm tắt câu trả lời (dễ hiểu với cử tri)')
      .fill('Sở Xây dựng đã bố trí kinh phí sửa mái nhà văn hóa thôn trong quý tới.');
    await page.getByRole('dialog').getByRole('button', { name: 'Ghi nhận trả lời' }).click();
    await shows(page.getByText('Đã ghi nhận câu trả lời.'));

    // Front staff publish the answer on the petition's page.
    await page.goto(`/app/petitions/${petition.id}`);
    const answer = page.getByTestId('petition-answer');
    await shows(answer.getByText('Sở Xây dựng đã bố trí kinh phí'));
    await answer.getByRole('button', { name: 'Công bố trả lời' }).click();
    await shows(answer.getByText(/^Đã công bố/));
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

/** At each width: nothing loading, zero axe violations, and the page no wider than the window. */
async function checkPage(page: Page, heading: string | RegExp) {
  await shows(page.getByRole('heading', { level: 1, name: heading }));
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    await page.waitForFunction((w) => window.innerWidth === w, width);
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(
      () =>
        ![...document.querySelectorAll('[role="status"]')].some((e) => e.textContent?.includes('Đang tải…')),
    );
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

/** Tomorrow in Vietnam as dd/mm/yyyy (the form's date format). */
function tomorrow(): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(Date.now() + 24 * 3600_000));
}
