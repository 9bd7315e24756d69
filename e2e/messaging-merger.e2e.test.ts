import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.ts';
import { channelsOf, sendInComposer, shownBodies, unitChannelOf } from './support/channels.ts';
import { postJson } from './support/documents.ts';
import { signedInOn } from './support/live.ts';
import { signedInAdmin } from './support/session.ts';
import { shows } from './support/ui.ts';
import { buildProvince, openWorld } from './support/world.ts';

/**
 * Channels follow the organisation: two communes merge into a new one; their staff, moved to the
 * successor, find its channel together, and the former communes' channels are archived — gone from
 * their list and closed to them.
 */
const world = openWorld();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe('channels after two communes merge', () => {
  it("moves the members to the successor's channel and archives the former channels", async () => {
    const units = await buildProvince(world);
    const admin = await world.staff({
      unitId: units.province.id,
      fullName: 'Đỗ Văn Quản Trị',
      roles: [{ roleId: 'unit_admin' }],
    });
    const an = await world.staff({ unitId: units.communeA.id, fullName: 'Vũ Thị An' });
    const binh = await world.staff({ unitId: units.communeB.id, fullName: 'Đặng Văn Bình' });
    const contextAn = await signedInOn(browser, 1, an);
    const contextBinh = await signedInOn(browser, 2, binh);
    const oldA = await unitChannelOf(contextAn.request, units.communeA.id);
    const oldB = await unitChannelOf(contextBinh.request, units.communeB.id);

    // Before: each sees their own commune's channel, not the other's.
    const pageAn = await contextAn.newPage();
    await pageAn.goto('/app/channels');
    const list = await shows(pageAn.getByRole('navigation', { name: 'Danh sách kênh' }));
    await shows(list.getByRole('link', { name: units.communeA.name }));
    expect(await list.getByRole('link', { name: units.communeB.name }).count()).toBe(0);

    // The merger, by the province's administrator (the wizard itself: merge-communes.e2e.test.ts).
    const successorName = `Ủy ban MTTQ xã An Bình Hợp Nhất ${world.tag}`;
    const { context: adminContext } = await signedInAdmin(() => newContext(browser), admin);
    const result = await postJson<{ createdIds: string[] }>(
      adminContext.request,
      '/api/units/reorganisations',
      {
        kind: 'merge',
        sourceIds: [units.communeA.id, units.communeB.id],
        target: { mode: 'new', unit: { name: successorName } },
        moveStaff: true,
        effectiveDate: '2025-07-01',
        decisionRef: '1656/NQ-UBTVQH15',
      },
    );
    await adminContext.close();
    const successorId = result.createdIds[0]!;

    // After: both are members of the successor's channel; the former ones are gone for them.
    const merged = await unitChannelOf(contextAn.request, successorId);
    expect((await unitChannelOf(contextBinh.request, successorId)).id).toBe(merged.id);
    await expect
      .poll(async () => (await channelsOf(contextAn.request)).some((c) => c.id === oldA.id), {
        timeout: 20_000,
      })
      .toBe(false);
    expect((await channelsOf(contextBinh.request)).some((c) => c.id === oldB.id)).toBe(false);
    const closed = await contextAn.request.get(`/api/channels/${oldA.id}/messages`);
    expect([403, 404]).toContain(closed.status());

    await pageAn.reload();
    const after = await shows(pageAn.getByRole('navigation', { name: 'Danh sách kênh' }));
    await shows(after.getByRole('link', { name: successorName }));
    expect(await after.getByRole('link', { name: units.communeA.name }).count()).toBe(0);
    await pageAn.goto(`/app/channels/${oldA.id}`);
    await shows(pageAn.getByText('Kênh này không tồn tại hoặc bạn không còn quyền xem.'));

    // The merged commune talks in one channel: Bình (instance 2) posts, An (instance 1) reads it.
    await pageAn.goto(`/app/channels/${merged.id}`);
    await shows(pageAn.getByRole('heading', { level: 2, name: successorName }));
    const pageBinh = await contextBinh.newPage();
    await pageBinh.goto(`/app/channels/${merged.id}`);
    await sendInComposer(pageBinh, 'Chào các đồng chí xã mới!');
    await expect.poll(() => shownBodies(pageAn), { timeout: 15_000 }).toContain('Chào các đồng chí xã mới!');

    await contextAn.close();
    await contextBinh.close();
  });
});
