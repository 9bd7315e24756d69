import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.ts';
import { postMessageByApi, sendInComposer, unitChannelOf } from './support/channels.ts';
import { signInByApi } from './support/session.ts';
import { shows } from './support/ui.ts';
import { buildProvince, openWorld } from './support/world.ts';

/**
 * A day in a commune's channel, on a phone: the unread badge, reading clears it; a reply in the
 * thread, a reaction, a mention, editing and deleting one's own message; search without
 * diacritics; the chair (a moderator) pins a message and reads the edit history.
 */
const world = openWorld();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

/** Opens the actions menu of the message containing `text` and chooses `item`. */
async function messageAction(page: Page, text: string, item: string) {
  const message = page.getByTestId('message-list').getByTestId('message').filter({ hasText: text });
  await message.getByRole('button', { name: /^Thao tác với tin nhắn của/ }).click();
  await page.getByRole('menuitem', { name: item }).click();
  return message;
}

describe("a commune's channel", () => {
  it('counts unread, threads, reacts, mentions, edits, deletes, searches, pins and keeps history', async () => {
    const units = await buildProvince(world);
    const chair = await world.staff({
      unitId: units.communeA.id,
      fullName: 'Ngô Văn Chủ Tịch',
      roles: [{ roleId: 'leader' }],
    });
    const member = await world.staff({ unitId: units.communeA.id, fullName: 'Lý Thị Hội Viên' });
    const chairContext = await newContext(browser);
    await signInByApi(chairContext, chair);
    const channel = await unitChannelOf(chairContext.request, units.communeA.id);
    await postMessageByApi(
      chairContext.request,
      channel.id,
      'Đề nghị các đồng chí rà soát hộ nghèo trước thứ Sáu.',
    );

    const context = await newContext(browser, { width: 360 });
    await signInByApi(context, member);
    await unitChannelOf(context.request, units.communeA.id);
    const page = await context.newPage();
    await page.goto('/app/channels');
    const list = await shows(page.getByRole('navigation', { name: 'Danh sách kênh' }));
    await list.getByRole('link', { name: `${channel.name}: 1 tin chưa đọc` }).click();
    await shows(page.getByRole('heading', { level: 2, name: channel.name }));
    await page.getByRole('link', { name: 'Danh sách kênh' }).click();
    await shows(list.getByRole('link', { name: channel.name, exact: true }));

    // A reply in the thread, and a reaction.
    await list.getByRole('link', { name: channel.name, exact: true }).click();
    await messageAction(page, 'rà soát hộ nghèo', 'Trả lời');
    const thread = await shows(page.getByRole('dialog', { name: 'Chuỗi trả lời' }));
    const reply = thread.getByRole('textbox', { name: 'Trả lời trong chuỗi' });
    await reply.fill('Xã đã rà soát xong thôn 1 và thôn 2.');
    await reply.press('Enter');
    await shows(thread.getByTestId('thread-list').getByText('Xã đã rà soát xong thôn 1 và thôn 2.'));
    await thread.getByRole('button', { name: 'Đóng' }).click();
    const root = page.getByTestId('message').filter({ hasText: 'rà soát hộ nghèo' });
    await shows(root.getByRole('button', { name: '1 trả lời' }));
    await messageAction(page, 'rà soát hộ nghèo', 'Bày tỏ cảm xúc 👍');
    const like = await shows(root.getByRole('button', { name: '👍: 1 người' }));
    expect(await like.getAttribute('aria-pressed')).toBe('true');

    // A mention chosen from the suggestions, then edited, then another message deleted.
    const box = page.getByRole('textbox', { name: 'Soạn tin nhắn' });
    await box.fill('Kính gửi @ngo');
    await page.getByRole('option', { name: /Ngô Văn Chủ Tịch/ }).click();
    await box.pressSequentially('xin ý kiến chỉ đạo');
    await box.press('Enter');
    const sent = `Kính gửi @${chair.username} xin ý kiến chỉ đạo`;
    await shows(page.getByTestId('message-body').getByText(sent, { exact: true }));
    const edited = await messageAction(page, sent, 'Sửa');
    await edited.getByRole('textbox', { name: 'Sửa tin nhắn' }).fill(`${sent} về kế hoạch tháng 12`);
    await edited.getByRole('button', { name: 'Lưu' }).click();
    await shows(page.getByText(`${sent} về kế hoạch tháng 12`, { exact: true }));
    await shows(page.getByTestId('message').filter({ hasText: 'kế hoạch tháng 12' }).getByText('(đã sửa)'));
    await sendInComposer(page, 'Tin nhắn gửi nhầm');
    await messageAction(page, 'Tin nhắn gửi nhầm', 'Xóa');
    await page
      .getByRole('dialog', { name: 'Xóa tin nhắn này?' })
      .getByRole('button', { name: 'Xóa' })
      .click();
    await shows(page.getByText('Tin nhắn đã bị xóa.'));
    expect(await page.getByText('Tin nhắn gửi nhầm', { exact: true }).count()).toBe(0);

    // Search without diacritics.
    await page.getByRole('searchbox', { name: 'Tìm trong tin nhắn' }).fill('ke hoach thang 12');
    await page.getByRole('button', { name: 'Tìm trong tin nhắn', exact: true }).click();
    const results = await shows(page.getByTestId('message-search'));
    await shows(results.getByText(`${sent} về kế hoạch tháng 12`));

    // The chair pins the message and reads its history.
    const chairPage = await chairContext.newPage();
    await chairPage.goto(`/app/channels/${channel.id}`);
    await messageAction(chairPage, 'kế hoạch tháng 12', 'Ghim');
    await shows(
      chairPage.getByTestId('message').filter({ hasText: 'kế hoạch tháng 12' }).getByText('Đã ghim'),
    );
    await chairPage.getByRole('button', { name: 'Tin đã ghim' }).click();
    await shows(chairPage.getByRole('region', { name: 'Tin đã ghim' }).getByText(/kế hoạch tháng 12/));
    await messageAction(chairPage, 'kế hoạch tháng 12', 'Lịch sử sửa/xóa');
    const history = await shows(chairPage.getByRole('dialog', { name: 'Lịch sử sửa/xóa' }));
    await shows(history.getByText(sent, { exact: true }));
    await shows(history.getByText(/^Trước khi sửa · Lý Thị Hội Viên/));
    // The member's page shows the pin live.
    await shows(page.getByTestId('message').filter({ hasText: 'kế hoạch tháng 12' }).getByText('Đã ghim'));

    await context.close();
    await chairContext.close();
  });
});
