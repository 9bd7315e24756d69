import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildStaff, buildUnit } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { staff } from '../organisation/index.ts';
import { syncHierarchyChannels } from './sync.ts';
import { signedInStaff } from './test-support/people.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function channelOf(kind: string, unitId: string) {
  const result = await ctx.platform.db.execute<{ id: string; archived: boolean; name: string }>(sql`
    SELECT id, archived_at IS NOT NULL AS archived, name FROM channel WHERE kind = ${kind} AND unit_id = ${unitId}`);
  return result.rows[0];
}

async function membersOf(channelId: string) {
  const result = await ctx.platform.db.execute<{ staff_id: string }>(sql`
    SELECT staff_id FROM channel_member WHERE channel_id = ${channelId} ORDER BY staff_id`);
  return result.rows.map((r) => r.staff_id).sort();
}

const sorted = (...ids: string[]) => [...ids].sort();

describe('hierarchy channels', () => {
  it('creates the unit, province + communes and committee + organisations channels with the right members', async () => {
    const db = ctx.platform.db;
    const central = await buildUnit(db, { levelId: 'central', name: 'Ủy ban Trung ương MTTQ Việt Nam' });
    const province = await buildUnit(db, {
      parentId: central.id,
      levelId: 'province',
      name: 'Ủy ban MTTQ tỉnh Hà Tĩnh',
    });
    const office = await buildUnit(db, {
      parentId: province.id,
      levelId: 'province',
      kind: 'department',
      name: 'Văn phòng',
    });
    const youth = await buildUnit(db, {
      parentId: province.id,
      levelId: 'province',
      kind: 'member_organisation',
      name: 'Tỉnh Đoàn Hà Tĩnh',
    });
    const communeA = await buildUnit(db, {
      parentId: province.id,
      levelId: 'commune',
      name: 'Ủy ban MTTQ xã Kỳ Anh',
    });
    const communeB = await buildUnit(db, {
      parentId: province.id,
      levelId: 'commune',
      name: 'Ủy ban MTTQ xã Cẩm Xuyên',
    });
    const area = await buildUnit(db, {
      parentId: communeA.id,
      levelId: 'residential',
      kind: 'residential_committee',
      name: 'Ban Công tác Mặt trận thôn 1',
    });
    const chair = await buildStaff(db, { unitId: province.id });
    const clerk = await buildStaff(db, { unitId: office.id });
    const youthStaff = await buildStaff(db, { unitId: youth.id });
    const chairA = await buildStaff(db, { unitId: communeA.id });
    const chairB = await buildStaff(db, { unitId: communeB.id });
    const areaHead = await buildStaff(db, { unitId: area.id });

    // Explicitly, as the seed does (the commits above already synced): nothing left to do.
    expect(await syncHierarchyChannels(db)).toEqual({ channelsChanged: 0, added: 0, removed: 0 });

    const own = (await channelOf('unit', province.id))!;
    const wide = (await channelOf('province_communes', province.id))!;
    const organisations = (await channelOf('committee_organisations', province.id))!;
    expect(own.name).toBe('Ủy ban MTTQ tỉnh Hà Tĩnh');
    expect(await membersOf(own.id)).toEqual(sorted(chair.id, clerk.id));
    expect(await membersOf(wide.id)).toEqual(sorted(chair.id, clerk.id, chairA.id, chairB.id));
    expect(await membersOf(organisations.id)).toEqual(sorted(chair.id, clerk.id, youthStaff.id));
    expect(await membersOf((await channelOf('unit', communeA.id))!.id)).toEqual([chairA.id]);
    // Communes have no member organisations here, and residential areas no channel of their own.
    expect(await channelOf('committee_organisations', communeA.id)).toBeUndefined();
    expect(await channelOf('unit', area.id)).toBeUndefined();
    expect(areaHead.id).toBeTruthy();

    // Limited to some units (and their ancestors): idempotent too.
    expect(await syncHierarchyChannels(db, { unitIds: [communeA.id] })).toEqual({
      channelsChanged: 0,
      added: 0,
      removed: 0,
    });
  });

  it('removes a person who moves to another unit or leaves, and the channel is then 404 for them', async () => {
    const db = ctx.platform.db;
    const province = await buildUnit(db, { levelId: 'province', name: 'Ủy ban MTTQ tỉnh Quảng Trị' });
    const communeA = await buildUnit(db, { parentId: province.id, levelId: 'commune' });
    const communeB = await buildUnit(db, { parentId: province.id, levelId: 'commune' });
    const { client, person } = await signedInStaff(ctx, communeA.id);
    await syncHierarchyChannels(db);
    const channelA = (await channelOf('unit', communeA.id))!;
    expect((await client.get(`/api/channels/${channelA.id}/messages`)).statusCode).toBe(200);
    expect(
      (await client.post(`/api/channels/${channelA.id}/messages`, { body: 'Xin chào' })).statusCode,
    ).toBe(201);

    // Whoever listens to the channel's topic (the WebSocket gateway) is told to re-check access.
    const events: Array<Record<string, unknown>> = [];
    const stop = ctx.platform.realtime.subscribe(`channel:${channelA.id}`, (data) => events.push(data));
    await ctx.platform.realtime.ready();

    // A plain update of the staff row: the channels follow at its commit.
    await db.update(staff).set({ unitId: communeB.id }).where(eq(staff.id, person.id));
    await vi.waitFor(() => expect(events).toContainEqual({ access: true }));
    stop();
    expect((await client.get(`/api/channels/${channelA.id}/messages`)).statusCode).toBe(404);
    const mine = (await client.get('/api/channels'))
      .json()
      .items.map((c: { unitId: string; kind: string }) => [c.kind, c.unitId]);
    expect(mine).toContainEqual(['unit', communeB.id]);
    expect(mine).not.toContainEqual(['unit', communeA.id]);

    await db.update(staff).set({ status: 'left' }).where(eq(staff.id, person.id));
    expect(await membersOf((await channelOf('unit', communeB.id))!.id)).not.toContain(person.id);
  });

  it('syncs at commit only the channels above what the transaction touched, and nothing for a rollback', async () => {
    const db = ctx.platform.db;
    const here = await buildUnit(db, { levelId: 'province', name: 'Ủy ban MTTQ tỉnh Nghệ An' });
    const elsewhere = await buildUnit(db, { levelId: 'province', name: 'Ủy ban MTTQ tỉnh Thanh Hóa' });
    const farPerson = await buildStaff(db, { unitId: elsewhere.id });
    const farChannel = (await channelOf('unit', elsewhere.id))!;
    expect(await membersOf(farChannel.id)).toEqual([farPerson.id]);
    // Drift far away (as if a sync had been missed there): a commit elsewhere does not repair it,
    // because it recomputes only the touched part of the tree; the periodic full sync does.
    await db.execute(sql`DELETE FROM channel_member WHERE channel_id = ${farChannel.id}`);

    const newcomer = await buildStaff(db, { unitId: here.id });
    expect(await membersOf((await channelOf('unit', here.id))!.id)).toEqual([newcomer.id]);
    expect(await membersOf(farChannel.id)).toEqual([]);

    await expect(
      db.transaction(async (tx) => {
        await tx.update(staff).set({ status: 'left' }).where(eq(staff.id, newcomer.id));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await db.update(staff).set({ unitId: here.id }).where(eq(staff.id, newcomer.id)); // a no-op move
    expect(await membersOf((await channelOf('unit', here.id))!.id)).toEqual([newcomer.id]);

    expect((await syncHierarchyChannels(db)).added).toBe(1);
    expect(await membersOf(farChannel.id)).toEqual([farPerson.id]);
  });

  it('follows a province merger by itself: communes join the new province channel, the old ones are archived', async () => {
    const db = ctx.platform.db;
    const central = await buildUnit(db, { levelId: 'central', name: 'Ủy ban Trung ương MTTQ (sáp nhập)' });
    const former = [];
    for (const name of ['Lâm Đồng', 'Đắk Nông']) {
      const province = await buildUnit(db, {
        parentId: central.id,
        levelId: 'province',
        name: `Ủy ban MTTQ tỉnh ${name}`,
      });
      const commune = await buildUnit(db, {
        parentId: province.id,
        levelId: 'commune',
        name: `Ủy ban MTTQ xã ${name}`,
      });
      const leader = await signedInStaff(ctx, province.id);
      const communeChair = await signedInStaff(ctx, commune.id);
      former.push({ province, commune, leader, communeChair });
    }
    await syncHierarchyChannels(db);
    const oldWide = (await channelOf('province_communes', former[1]!.province.id))!;
    expect(await membersOf(oldWide.id)).toContain(former[1]!.communeChair.person.id);

    const { client: admin } = await signedInStaff(ctx, central.id, {
      permissions: ['units.read', 'units.reorganise'],
    });
    const applied = await admin.post('/api/units/reorganisations', {
      kind: 'merge',
      sourceIds: former.map((f) => f.province.id),
      target: { mode: 'new', unit: { name: 'Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng (mới)' } },
      internalBodies: 'retire',
      moveStaff: true,
      decisionRef: 'Nghị quyết 202/2025/QH15',
      effectiveDate: '2025-07-01',
    });
    expect(applied.statusCode, applied.body).toBe(201);
    const newProvinceId: string = applied.json().createdIds[0];

    // No explicit call: the reorganisation's transaction synced the channels as it committed.
    const newWide = (await channelOf('province_communes', newProvinceId))!;
    expect(await membersOf(newWide.id)).toEqual(
      sorted(...former.flatMap((f) => [f.leader.person.id, f.communeChair.person.id])),
    );
    expect((await channelOf('province_communes', former[1]!.province.id))!.archived).toBe(true);
    expect(await membersOf(oldWide.id)).toEqual([]);
    const chair = former[1]!.communeChair.client;
    expect((await chair.get(`/api/channels/${oldWide.id}/messages`)).statusCode).toBe(404);
    expect((await chair.get(`/api/channels/${newWide.id}/messages`)).statusCode).toBe(200);
    // The communes' own channels live on (the communes were moved, not merged).
    expect((await channelOf('unit', former[1]!.commune.id))!.archived).toBe(false);
  });
});
