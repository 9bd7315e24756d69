import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUnit } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import type { Actor } from '../../platform/policy/index.ts';
import { syncHierarchyChannels } from './sync.ts';
import { signedInStaff } from './test-support/people.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

type Person = Awaited<ReturnType<typeof signedInStaff>>;

/** A province with a commune, a moderator (leader), two members and an outsider in another province. */
async function scene() {
  const db = ctx.platform.db;
  const province = await buildUnit(db, { levelId: 'province', name: 'Ủy ban MTTQ tỉnh Nghệ An' });
  const other = await buildUnit(db, { levelId: 'province', name: 'Ủy ban MTTQ tỉnh Thanh Hóa' });
  const leader = await signedInStaff(ctx, province.id, {
    permissions: ['channels.moderate'],
    fullName: 'Lê Văn Chủ Tịch',
  });
  const anh = await signedInStaff(ctx, province.id, { fullName: 'Nguyễn Thị Ánh' });
  const binh = await signedInStaff(ctx, province.id, { fullName: 'Trần Văn Bình' });
  const outsider = await signedInStaff(ctx, other.id, { fullName: 'Người Ngoài' });
  await syncHierarchyChannels(db);
  const own = await db.execute<{ id: string }>(
    sql`SELECT id FROM channel WHERE kind = 'unit' AND unit_id = ${province.id}`,
  );
  return { province, other, leader, anh, binh, outsider, channelId: own.rows[0]!.id };
}

async function adhoc(owner: Person, members: Person[], options: { isReadOnly?: boolean } = {}) {
  const created = await owner.client.post('/api/channels', {
    name: 'Tổ công tác chuyển đổi số',
    memberIds: members.map((m) => m.person.id),
    ...options,
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().id as string;
}

describe('messages', () => {
  it('posts, replies in a thread, mentions, reacts, edits with history, deletes and pins', async () => {
    const { leader, anh, binh, outsider, province, channelId } = await scene();
    const posted = await anh.client.post(`/api/channels/${channelId}/messages`, {
      body: `Kính gửi @${binh.person.username} và @unit:${province.code}: đề nghị hỗ trợ số liệu.`,
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const root = posted.json();
    expect(root).toMatchObject({
      seq: 1,
      author: { id: anh.person.id, fullName: 'Nguyễn Thị Ánh' },
      mentionStaffIds: [binh.person.id],
      mentionUnitIds: [province.id],
      threadRootId: null,
    });

    const reply = await binh.client.post(`/api/channels/${channelId}/messages`, {
      body: 'Đã nhận, sẽ gửi trong ngày.',
      threadRootId: root.id,
    });
    expect(reply.json()).toMatchObject({ seq: 2, threadRootId: root.id });
    const top = await binh.client.get(`/api/channels/${channelId}/messages`);
    expect(top.json().items.map((m: { id: string; replyCount: number }) => [m.id, m.replyCount])).toEqual([
      [root.id, 1],
    ]);
    const thread = await anh.client.get(`/api/channels/${channelId}/messages?threadRootId=${root.id}`);
    expect(thread.json().items.map((m: { body: string }) => m.body)).toEqual(['Đã nhận, sẽ gửi trong ngày.']);

    const reacted = await binh.client.put(`/api/messages/${root.id}/reactions/${encodeURIComponent('👍')}`);
    expect(reacted.json().reactions).toEqual([{ emoji: '👍', count: 1, mine: true }]);
    expect((await anh.client.get(`/api/channels/${channelId}/messages`)).json().items[0].reactions).toEqual([
      { emoji: '👍', count: 1, mine: false },
    ]);
    const unsupported = await binh.client.put(
      `/api/messages/${root.id}/reactions/${encodeURIComponent('💩')}`,
    );
    expect(unsupported.statusCode).toBe(400);
    expect(unsupported.json().error.message).toMatch(/Biểu tượng cảm xúc không được hỗ trợ/);

    // Only the author edits; the previous text goes to the history moderators see.
    expect((await binh.client.patch(`/api/messages/${root.id}`, { body: 'Sửa hộ' })).statusCode).toBe(403);
    const edited = await anh.client.patch(`/api/messages/${root.id}`, {
      body: 'Đề nghị hỗ trợ số liệu quý III.',
    });
    expect(edited.json()).toMatchObject({ body: 'Đề nghị hỗ trợ số liệu quý III.', mentionStaffIds: [] });
    expect(edited.json().editedAt).not.toBeNull();
    expect((await anh.client.get(`/api/messages/${root.id}/revisions`)).statusCode).toBe(403);

    // A moderator deletes someone else's message; the history keeps both versions.
    const second = (
      await binh.client.post(`/api/channels/${channelId}/messages`, { body: 'Tin nhắn nhầm kênh' })
    ).json();
    expect((await anh.client.delete(`/api/messages/${second.id}`)).statusCode).toBe(403);
    expect((await leader.client.delete(`/api/messages/${second.id}`)).statusCode).toBe(200);
    const afterDelete = (await anh.client.get(`/api/channels/${channelId}/messages`)).json().items;
    expect(afterDelete.at(-1)).toMatchObject({ id: second.id, body: '' });
    expect(afterDelete.at(-1).deletedAt).not.toBeNull();
    const history = await leader.client.get(`/api/messages/${root.id}/revisions`);
    expect(history.json().items).toEqual([
      expect.objectContaining({
        kind: 'edit',
        body: root.body,
        actor: expect.objectContaining({ id: anh.person.id }),
      }),
    ]);
    const deletedHistory = await leader.client.get(`/api/messages/${second.id}/revisions`);
    expect(deletedHistory.json().items).toMatchObject([{ kind: 'delete', body: 'Tin nhắn nhầm kênh' }]);

    // Pins: moderators only.
    expect((await anh.client.put(`/api/messages/${root.id}/pin`)).statusCode).toBe(403);
    expect((await leader.client.put(`/api/messages/${root.id}/pin`)).json().pinned).toBe(true);
    expect(
      (await anh.client.get(`/api/channels/${channelId}/pins`)).json().items.map((m: { id: string }) => m.id),
    ).toEqual([root.id]);

    // Someone from another province: the channel and its messages do not exist for them.
    expect((await outsider.client.get(`/api/channels/${channelId}/messages`)).statusCode).toBe(404);
    expect(
      (await outsider.client.post(`/api/channels/${channelId}/messages`, { body: 'Xin chào' })).statusCode,
    ).toBe(404);
    expect(
      (await outsider.client.put(`/api/messages/${root.id}/reactions/${encodeURIComponent('👍')}`))
        .statusCode,
    ).toBe(404);
    expect((await outsider.client.get(`/api/messages/${root.id}/revisions`)).statusCode).toBe(404);
    expect((await outsider.client.get('/api/channels/not-a-uuid/messages')).statusCode).toBe(404);
  });

  it('counts unread messages per channel and moves the read marker', async () => {
    const { anh, binh, channelId } = await scene();
    for (const body of ['Một', 'Hai', 'Ba'])
      await anh.client.post(`/api/channels/${channelId}/messages`, { body });
    const unread = async (p: Person) =>
      (await p.client.get('/api/channels')).json().items.find((c: { id: string }) => c.id === channelId)
        .unread;
    expect(await unread(binh)).toBe(3);
    expect(await unread(anh)).toBe(0); // one's own messages are read
    expect((await binh.client.post(`/api/channels/${channelId}/read`, { seq: 2 })).json()).toEqual({
      lastReadSeq: 2,
      unread: 1,
    });
    // Never backwards, never past the last message.
    await binh.client.post(`/api/channels/${channelId}/read`, { seq: 1 });
    expect(await unread(binh)).toBe(1);
    expect((await binh.client.post(`/api/channels/${channelId}/read`, { seq: 99 })).json()).toEqual({
      lastReadSeq: 3,
      unread: 0,
    });
  });

  it('lets holders of channels.moderate above a unit oversee its channels without being members', async () => {
    const db = ctx.platform.db;
    const { province, other, anh, channelId } = await scene();
    const commune = await buildUnit(db, { parentId: province.id, levelId: 'commune' });
    const chair = await signedInStaff(ctx, commune.id);
    const communeChannel = (
      await db.execute<{ id: string }>(
        sql`SELECT id FROM channel WHERE kind = 'unit' AND unit_id = ${commune.id}`,
      )
    ).rows[0]!.id;
    const posted = (
      await chair.client.post(`/api/channels/${communeChannel}/messages`, { body: 'Báo cáo nhanh' })
    ).json();

    const overseer = await signedInStaff(ctx, province.id, { permissions: ['channels.moderate'] });
    const elsewhere = await signedInStaff(ctx, other.id, { permissions: ['channels.moderate'] });
    expect((await overseer.client.get(`/api/channels/${communeChannel}`)).json()).toMatchObject({
      role: null,
      canModerate: true,
    });
    expect((await overseer.client.get(`/api/channels/${communeChannel}/messages`)).json().items).toHaveLength(
      1,
    );
    expect((await overseer.client.get(`/api/messages/${posted.id}/revisions`)).statusCode).toBe(200);
    // It becomes an announcement channel: the chair reads but no longer posts.
    const patched = await overseer.client.patch(`/api/channels/${communeChannel}`, { isReadOnly: true });
    expect(patched.json().isReadOnly).toBe(true);
    expect(
      (await chair.client.post(`/api/channels/${communeChannel}/messages`, { body: 'Hỏi' })).statusCode,
    ).toBe(403);
    // Not in another province's subtree; a plain member is no overseer.
    expect((await elsewhere.client.get(`/api/channels/${communeChannel}/messages`)).statusCode).toBe(404);
    expect((await anh.client.get(`/api/channels/${communeChannel}/messages`)).statusCode).toBe(404);
    expect((await chair.client.get(`/api/channels/${channelId}`)).statusCode).toBe(404);
  });

  it('lets only moderators post in an announcement channel', async () => {
    const { leader, anh, binh } = await scene();
    const id = await adhoc(leader, [anh, binh], { isReadOnly: true });
    const refused = await anh.client.post(`/api/channels/${id}/messages`, { body: 'Cho tôi hỏi' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/kênh thông báo/);
    expect(
      (await leader.client.post(`/api/channels/${id}/messages`, { body: 'Thông báo họp' })).statusCode,
    ).toBe(201);
    expect((await anh.client.get(`/api/channels/${id}/messages`)).json().items).toHaveLength(1);
  });

  it('manages ad-hoc members and opens one direct channel per pair', async () => {
    const { leader, anh, binh, outsider } = await scene();
    // Creating a channel needs channels.moderate.
    expect((await anh.client.post('/api/channels', { name: 'Nhóm riêng' })).statusCode).toBe(403);
    const id = await adhoc(leader, [anh]);
    expect((await binh.client.get(`/api/channels/${id}`)).statusCode).toBe(404);
    expect(
      (await anh.client.post(`/api/channels/${id}/members`, { staffIds: [binh.person.id] })).statusCode,
    ).toBe(403);
    expect(
      (await leader.client.post(`/api/channels/${id}/members`, { staffIds: [binh.person.id] })).statusCode,
    ).toBe(200);
    expect((await binh.client.get(`/api/channels/${id}`)).json()).toMatchObject({
      kind: 'adhoc',
      role: 'member',
    });
    expect((await leader.client.delete(`/api/channels/${id}/members/${binh.person.id}`)).statusCode).toBe(
      200,
    );
    expect((await binh.client.get(`/api/channels/${id}`)).statusCode).toBe(404);

    const first = await anh.client.post('/api/channels/direct', { staffId: outsider.person.id });
    const again = await outsider.client.post('/api/channels/direct', { staffId: anh.person.id });
    expect(first.json().created).toBe(true);
    expect(again.json()).toEqual({ id: first.json().id, created: false });
    const listed = (await outsider.client.get('/api/channels'))
      .json()
      .items.find((c: { id: string }) => c.id === first.json().id);
    expect(listed).toMatchObject({ kind: 'direct', name: 'Nguyễn Thị Ánh', peer: { id: anh.person.id } });
    expect((await binh.client.get(`/api/channels/${first.json().id}/messages`)).statusCode).toBe(404);
  });

  it('searches without regard to diacritics, only in channels the user may read', async () => {
    const { anh, binh, outsider, channelId } = await scene();
    await anh.client.post(`/api/channels/${channelId}/messages`, {
      body: 'Báo cáo kết quả Hỗ trợ hộ nghèo quý III',
    });
    const dm = (await outsider.client.post('/api/channels/direct', { staffId: anh.person.id })).json().id;
    await outsider.client.post(`/api/channels/${dm}/messages`, { body: 'Hỗ trợ hộ nghèo bên Thanh Hóa' });
    const found = await binh.client.get(`/api/messages/search?q=${encodeURIComponent('ho tro ho ngheo')}`);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().items.map((m: { body: string }) => m.body)).toEqual([
      'Báo cáo kết quả Hỗ trợ hộ nghèo quý III',
    ]);
    const both = await anh.client.get(`/api/messages/search?q=${encodeURIComponent('HỖ TRỢ')}`);
    expect(both.json().items).toHaveLength(2);
    const outsiders = await outsider.client.get(`/api/messages/search?q=${encodeURIComponent('quy iii')}`);
    expect(outsiders.json().items).toEqual([]);
  });

  it('keeps HTML as plain text, refuses oversized messages with a Vietnamese message', async () => {
    const { anh, channelId } = await scene();
    const payload = '<img src=x onerror="alert(1)"><script>alert("xss")</script>&amp; <b>đậm</b>';
    const posted = await anh.client.post(`/api/channels/${channelId}/messages`, { body: payload });
    expect(posted.json().body).toBe(payload);
    const listed = await anh.client.get(`/api/channels/${channelId}/messages`);
    expect(listed.headers['content-type']).toMatch(/application\/json/);
    expect(listed.json().items.at(-1).body).toBe(payload);

    const tooLong = await anh.client.post(`/api/channels/${channelId}/messages`, { body: 'a'.repeat(4001) });
    expect(tooLong.statusCode).toBe(400);
    expect(JSON.stringify(tooLong.json().error)).toMatch(/Tin nhắn dài quá 4000 ký tự/);
    const huge = await anh.client.post(`/api/channels/${channelId}/messages`, { body: 'a'.repeat(100_000) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const empty = await anh.client.post(`/api/channels/${channelId}/messages`, { body: '   ' });
    expect(empty.statusCode).toBe(400);
  });

  it('limits posting per person and channel (429), other channels unaffected', async () => {
    const { leader, anh, channelId } = await scene();
    const flood = await adhoc(leader, [anh]);
    const results = [];
    for (let i = 0; i < 21; i += 1)
      results.push(
        (await anh.client.post(`/api/channels/${flood}/messages`, { body: `Tin ${i}` })).statusCode,
      );
    expect(results.slice(0, 20).every((s) => s === 201)).toBe(true);
    expect(results[20]).toBe(429);
    expect(
      (await anh.client.post(`/api/channels/${channelId}/messages`, { body: 'Kênh khác' })).statusCode,
    ).toBe(201);
  });
});

describe('ordering and catch-up', () => {
  it('gives 20 concurrent posts the seqs 1..20 and replays every event in order', async () => {
    const { leader, anh, binh } = await scene();
    const id = await adhoc(leader, [anh, binh]);
    const posts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? anh : binh).client.post(`/api/channels/${id}/messages`, { body: `Tin số ${i}` }),
      ),
    );
    expect(posts.map((p) => p.statusCode).every((s) => s === 201)).toBe(true);
    expect(posts.map((p) => p.json().seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );

    const first = posts[0]!.json();
    await anh.client.put(`/api/messages/${first.id}/reactions/${encodeURIComponent('✅')}`);
    await leader.client.put(`/api/messages/${first.id}/pin`);
    await leader.client.delete(`/api/messages/${first.id}`);

    const kind = ctx.platform.topics.resolve(`channel:${id}`)!;
    const all = await kind.kind.eventsSince!(kind.id, 0, 100);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(all.slice(20).map((e) => e.type)).toEqual(['reaction', 'pin', 'message_deleted']);
    // Events carry ids and positions, never the text.
    expect(JSON.stringify(all)).not.toMatch(/Tin số/);
    const messageSeqs = all.slice(0, 20).map((e) => e.data.messageSeq);
    expect(messageSeqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Catch-up after being offline from event 18: exactly what followed, in order.
    expect((await kind.kind.eventsSince!(kind.id, 18, 3)).map((e) => e.seq)).toEqual([19, 20, 21]);
  });

  it('lets members, and only them, subscribe to the channel topic', async () => {
    const { anh, outsider, channelId, leader } = await scene();
    const topic = ctx.platform.topics.resolve(`channel:${channelId}`)!;
    const actorOf = (p: Person): Actor => ({
      staffId: p.person.id,
      username: p.person.username,
      fullName: p.person.fullName,
      via: 'session',
      mfaSatisfied: true,
      activeUnitId: p.person.unitId,
      grants: [],
    });
    expect(await topic.kind.canSubscribe(actorOf(anh), channelId)).toBe(true);
    expect(await topic.kind.canSubscribe(actorOf(outsider), channelId)).toBe(false);
    expect(await topic.kind.canSubscribe(actorOf(leader), 'not-a-uuid')).toBe(false);
  });
});
