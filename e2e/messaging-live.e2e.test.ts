import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { sendInComposer, shownBodies, unitChannelOf } from './support/channels.ts';
import { signedInOn, watchLive } from './support/live.ts';
import { shows } from './support/ui.ts';
import { buildProvince, openWorld } from './support/world.ts';

/**
 * Two colleagues in their commune's channel, each signed in on a different server instance: what
 * one posts appears for the other without reloading; when the second goes offline and comes back,
 * the messages posted meanwhile appear once each, in order.
 */
const world = openWorld();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe('messages live across two instances, with catch-up after being offline', () => {
  it('delivers live, then replays what was missed offline in order without duplicates', async () => {
    const units = await buildProvince(world);
    const alice = await world.staff({ unitId: units.communeA.id, fullName: 'Nguyễn Thị Ánh' });
    const bao = await world.staff({ unitId: units.communeA.id, fullName: 'Trần Văn Bảo' });
    const contextA = await signedInOn(browser, 1, alice);
    const contextB = await signedInOn(browser, 2, bao, { width: 360 });
    const channel = await unitChannelOf(contextA.request, units.communeA.id);
    await unitChannelOf(contextB.request, units.communeA.id);
    const topic = `channel:${channel.id}`;

    const pageA = await contextA.newPage();
    const pageB = await contextB.newPage();
    const liveB = await watchLive(pageB);
    await pageA.goto(`/app/channels/${channel.id}`);
    await pageB.goto(`/app/channels/${channel.id}`);
    await shows(pageA.getByRole('heading', { level: 2, name: channel.name }));
    await shows(pageB.getByRole('heading', { level: 2, name: channel.name }));
    await liveB.subscribed(topic);
    // A mark on B's page: still there at the end means the page was never reloaded.
    await pageB.evaluate(() => {
      (window as unknown as { __sameVisit: boolean }).__sameVisit = true;
    });

    await sendInComposer(pageA, 'Tin 1: họp giao ban lúc 8 giờ');
    await expect.poll(() => shownBodies(pageB)).toEqual(['Tin 1: họp giao ban lúc 8 giờ']);

    // B loses the network; A posts three messages meanwhile.
    await contextB.setOffline(true);
    liveB.cut();
    await expect
      .poll(() => pageB.locator('[data-live-status]').getAttribute('data-live-status'))
      .toBe('offline');
    const missed = ['Tin 2: chuẩn bị báo cáo', 'Tin 3: gửi trước 16 giờ', 'Tin 4: cảm ơn các đồng chí'];
    for (const body of missed) await sendInComposer(pageA, body);
    await expect.poll(() => shownBodies(pageA)).toEqual(['Tin 1: họp giao ban lúc 8 giờ', ...missed]);
    expect(await shownBodies(pageB)).toEqual(['Tin 1: họp giao ban lúc 8 giờ']);

    // Back online: the socket reconnects, re-subscribes from the last event seen, and catches up.
    liveB.restore();
    await contextB.setOffline(false);
    await liveB.subscribed(topic, 2);
    await expect
      .poll(() => shownBodies(pageB), { timeout: 20_000 })
      .toEqual(['Tin 1: họp giao ban lúc 8 giờ', ...missed]);
    // The socket itself replayed the missed events (not only a refetch): each message once, in order.
    await expect
      .poll(() => liveB.events(topic).filter((e) => e.type === 'message').length, { timeout: 10_000 })
      .toBe(4);
    const eventSeqs = liveB.events(topic).map((e) => e.seq);
    expect(eventSeqs).toEqual([...new Set(eventSeqs)].sort((a, b) => (a ?? 0) - (b ?? 0)));
    const seqs = await pageB
      .getByTestId('message-list')
      .getByTestId('message')
      .evaluateAll((items) => items.map((i) => Number(i.getAttribute('data-seq'))));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(4);
    expect(await pageB.evaluate(() => (window as unknown as { __sameVisit?: boolean }).__sameVisit)).toBe(
      true,
    );
    await expect
      .poll(() => pageB.locator('[data-live-status]').getAttribute('data-live-status'))
      .toBe('online');

    await contextA.close();
    await contextB.close();
  });
});
