import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUnit } from '../../../test/factories.ts';
import { createTestContext, type TestClient } from '../../../test/harness.ts';
import { systemAuditContext, verifyAuditChain } from '../../platform/audit/index.ts';
import { signedInStaff } from '../messaging/test-support/people.ts';
import { seedDemoPetitions } from './demo.ts';
import { createPetition } from './intake.ts';
import { answersFor, contributorsOf, effectivePetitionId } from './merge.service.ts';

const ctx = await createTestContext();
afterAll(() => ctx.close());
const db = ctx.platform.db;

let tree: Awaited<ReturnType<typeof buildTree>>;
let neighbour: { id: string; name: string };
let officer: TestClient; // province A: read + intake
let communeCadre: TestClient; // xã An Bình only
let outsider: TestClient; // province B
let sessions: { earlier: string; current: string };

/** A received petition, recorded directly (the HTTP intake is covered in intake.int.test.ts). */
async function petition(
  unitId: string,
  options: {
    title?: string;
    sessionId?: string;
    term?: string;
    daysAgo?: number;
    status?: 'draft' | 'received';
  } = {},
) {
  return db.transaction(async (tx) => {
    const created = await createPetition(tx, systemAuditContext, {
      unitId,
      subjectCode: 'moi-truong',
      title: options.title ?? 'Trại heo xả thải ra suối',
      description: 'Trại heo xả nước thải chưa qua xử lý ra suối, gây mùi hôi và ô nhiễm nguồn nước tưới.',
      channel: options.sessionId ? 'session' : 'walk_in',
      status: options.status ?? 'received',
      sessionId: options.sessionId ?? null,
      term: options.term ?? null,
      receivedAt: new Date(Date.now() - (options.daysAgo ?? 1) * 86_400_000),
    });
    return created.id;
  });
}

const statusOf = async (id: string) =>
  (
    await db.execute<{ status: string; merged_into_id: string | null }>(
      sql`SELECT status, merged_into_id FROM petition WHERE id = ${id}`,
    )
  ).rows[0]!;

const mergeRows = async () =>
  (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM petition_merge`)).rows[0]!.n;

beforeAll(async () => {
  tree = await buildTree(db);
  neighbour = await buildUnit(db, {
    parentId: tree.provinceA.id,
    name: 'Ủy ban MTTQ xã Lân Cận',
    levelId: 'commune',
  });
  ({ client: officer } = await signedInStaff(ctx, tree.provinceA.id, {
    permissions: ['petitions.read', 'petitions.intake'],
    fullName: 'Lê Văn Tổng Hợp',
  }));
  ({ client: communeCadre } = await signedInStaff(ctx, tree.communeA.id, {
    permissions: ['petitions.read', 'petitions.intake'],
  }));
  ({ client: outsider } = await signedInStaff(ctx, tree.provinceB.id, {
    permissions: ['petitions.read', 'petitions.intake'],
  }));
  const session = async (title: string, daysAgo: number, term: string) =>
    (
      await db.execute<{ id: string }>(sql`
        INSERT INTO petition_session (unit_id, title, level, mode, place, starts_at, ends_at, term, status)
        VALUES (${tree.communeA.id}, ${title}, 'commune', 'onsite', 'Hội trường xã',
                now() - ${`${daysAgo} days`}::interval, now() - ${`${daysAgo} days`}::interval + interval '2 hours',
                ${term}, 'held')
        RETURNING id`)
    ).rows[0]!.id;
  sessions = {
    earlier: await session('Tiếp xúc cử tri cuối nhiệm kỳ 2021-2026', 400, '2021-2026'),
    current: await session('Tiếp xúc cử tri sau kỳ họp thứ nhất', 20, '2026-2031'),
  };
});

describe('consolidation', () => {
  it('merges repeats from other areas and an earlier term into one, with provenance and counts', async () => {
    const primary = await petition(tree.communeA.id, {
      sessionId: sessions.current,
      term: '2026-2031',
      daysAgo: 20,
    });
    const earlier = await petition(tree.communeA.id, {
      sessionId: sessions.earlier,
      term: '2021-2026',
      daysAgo: 400,
    });
    const nearby = await petition(neighbour.id, { daysAgo: 5 });
    // The earlier one was answered back then: merging keeps that status for an undo.
    await db.execute(sql`UPDATE petition SET status = 'answered' WHERE id = ${earlier}`);

    const response = await officer.post(`/api/petitions/${primary}/merge`, {
      memberIds: [earlier, nearby, earlier],
    });
    expect(response.statusCode, response.body).toBe(200);
    const detail = response.json();
    expect(detail.memberCount).toBe(2);
    const { consolidation } = detail;
    expect(consolidation.mergedInto).toBeNull();
    expect(consolidation.contributors.map((c: { id: string; role: string }) => [c.id, c.role])).toEqual([
      [primary, 'primary'],
      [earlier, 'member'],
      [nearby, 'member'],
    ]);
    expect(consolidation.contributors[1]).toMatchObject({
      sessionId: sessions.earlier,
      sessionTitle: 'Tiếp xúc cử tri cuối nhiệm kỳ 2021-2026',
      term: '2021-2026',
      statusBeforeMerge: 'answered',
      mergedByName: 'Lê Văn Tổng Hợp',
    });
    expect(consolidation.counts.total).toBe(3);
    expect(consolidation.counts.byUnit).toEqual([
      { unitId: tree.communeA.id, unitName: 'Ủy ban MTTQ xã An Bình', count: 2 },
      { unitId: neighbour.id, unitName: 'Ủy ban MTTQ xã Lân Cận', count: 1 },
    ]);
    expect(consolidation.counts.bySession).toHaveLength(3);
    expect(consolidation.counts.byTerm).toEqual(
      expect.arrayContaining([
        { term: '2026-2031', count: 1 },
        { term: '2021-2026', count: 1 },
        { term: null, count: 1 },
      ]),
    );
    expect(new Date(consolidation.counts.firstReceivedAt).getTime()).toBeLessThan(
      new Date(consolidation.counts.lastReceivedAt).getTime(),
    );
    expect(detail.timeline.at(-1)).toMatchObject({
      kind: 'consolidated',
      publicNote: 'Đã tổng hợp thêm 2 kiến nghị có nội dung tương tự (tổng cộng 3 kiến nghị).',
    });

    expect(await statusOf(earlier)).toEqual({ status: 'merged', merged_into_id: primary });
    expect(await statusOf(nearby)).toEqual({ status: 'merged', merged_into_id: primary });
    const memberView = (await officer.get(`/api/petitions/${nearby}`)).json();
    expect(memberView.consolidation.mergedInto).toMatchObject({ id: primary, status: 'received' });
    expect(memberView.consolidation.counts.total).toBe(3);
    expect(memberView.timeline.at(-1)).toMatchObject({ kind: 'merged', status: 'merged' });
    // The member's public note does not reveal the primary's tracking code.
    expect(memberView.timeline.at(-1).publicNote).not.toContain(
      memberView.consolidation.mergedInto.trackingCode,
    );

    // Merged members leave the default list; they are listed when asked for.
    const list = (await officer.get(`/api/petitions?unitId=${neighbour.id}`)).json();
    expect(list.items.map((p: { id: string }) => p.id)).not.toContain(nearby);
    const merged = (await officer.get(`/api/petitions?unitId=${neighbour.id}&status=merged`)).json();
    expect(merged.items.map((p: { id: string }) => p.id)).toEqual([nearby]);

    // contributorsOf fans out to everyone; an answer on the primary shows on each member.
    expect(await effectivePetitionId(db, nearby)).toBe(primary);
    expect(await effectivePetitionId(db, primary)).toBe(primary);
    const contributors = await contributorsOf(db, primary);
    expect(contributors.map((c) => c.id).sort()).toEqual([primary, earlier, nearby].sort());
    await db.execute(sql`
      INSERT INTO petition_answer (petition_id, summary, published_at)
      VALUES (${primary}, 'Sở Nông nghiệp và Môi trường đã kiểm tra và xử phạt trại heo.', now())`);
    const fanned = await answersFor(db, nearby, { publishedOnly: true });
    expect(fanned).toEqual([
      expect.objectContaining({
        petitionId: primary,
        summary: 'Sở Nông nghiệp và Môi trường đã kiểm tra và xử phạt trại heo.',
      }),
    ]);
    const memberAnswers = (await officer.get(`/api/petitions/${nearby}`)).json().answers;
    expect(memberAnswers).toHaveLength(1);

    // Undo: the member takes back the status it had; the record of the merge stays.
    const undone = await officer.post(`/api/petitions/${primary}/unmerge`, { memberId: earlier });
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json().memberCount).toBe(1);
    expect(undone.json().consolidation.undone).toEqual([
      expect.objectContaining({ memberId: earlier, undoneByName: 'Lê Văn Tổng Hợp' }),
    ]);
    expect(await statusOf(earlier)).toEqual({ status: 'answered', merged_into_id: null });
    expect(await answersFor(db, earlier)).toEqual([]);
    const provenance = await db.execute<{ member_status: string; undone_at: string | null }>(
      sql`SELECT member_status, undone_at FROM petition_merge WHERE member_id = ${earlier}`,
    );
    expect(provenance.rows).toEqual([{ member_status: 'answered', undone_at: expect.any(String) }]);
    const earlierView = (await officer.get(`/api/petitions/${earlier}`)).json();
    expect(earlierView.timeline.at(-1)).toMatchObject({ kind: 'unmerged', status: 'answered' });
    const again = await officer.post(`/api/petitions/${primary}/unmerge`, { memberId: earlier });
    expect(again.statusCode).toBe(409);

    // A member may be merged again after an undo.
    const remerged = await officer.post(`/api/petitions/${primary}/merge`, { memberIds: [earlier] });
    expect(remerged.statusCode).toBe(200);
    expect(remerged.json().memberCount).toBe(2);

    // Every step is in the audit chain, intact.
    const chain = await verifyAuditChain(db);
    expect(chain.firstBrokenId).toBeNull();
    const actions = await db.execute<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE entity_id = ${earlier} ORDER BY id`,
    );
    expect(actions.rows.map((r) => r.action)).toEqual([
      'petition.received',
      'petition.merged',
      'petition.unmerged',
      'petition.merged',
    ]);
  });

  it('refuses nesting, cycles, self-merges and drafts with 4xx, all or nothing', async () => {
    const primary = await petition(tree.communeA.id);
    const member = await petition(tree.communeA.id);
    const loose = await petition(tree.communeA.id);
    const draft = await petition(tree.communeA.id, { status: 'draft' });
    expect((await officer.post(`/api/petitions/${primary}/merge`, { memberIds: [member] })).statusCode).toBe(
      200,
    );
    const before = await mergeRows();

    const self = await officer.post(`/api/petitions/${loose}/merge`, { memberIds: [loose] });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.message).toContain('chính nó');

    // The merged member cannot become a primary (that would nest groups).
    const intoMerged = await officer.post(`/api/petitions/${member}/merge`, { memberIds: [loose] });
    expect(intoMerged.statusCode).toBe(409);
    expect(intoMerged.json().error.message).toContain('đã được gộp vào một kiến nghị khác');

    // A primary with members cannot be merged into another: no cycle, no second level.
    const cycle = await officer.post(`/api/petitions/${loose}/merge`, { memberIds: [primary] });
    expect(cycle.statusCode).toBe(409);
    expect(cycle.json().error.message).toContain('đang là kiến nghị tổng hợp của 1 kiến nghị khác');

    // One good member and one bad one: nothing changes.
    const mixed = await officer.post(`/api/petitions/${loose}/merge`, { memberIds: [draft, member] });
    expect(mixed.statusCode).toBe(409);
    expect(mixed.json().error.issues).toHaveLength(2);
    const withDraft = await officer.post(`/api/petitions/${primary}/merge`, { memberIds: [loose, draft] });
    expect(withDraft.statusCode).toBe(409);
    expect(withDraft.json().error.message).toContain('đang chờ xác nhận');
    expect((await statusOf(loose)).status).toBe('received');

    // A member with a recipient must be withdrawn first.
    const forwarded = await petition(tree.communeA.id);
    await db.execute(sql`UPDATE petition SET status = 'forwarded' WHERE id = ${forwarded}`);
    const busy = await officer.post(`/api/petitions/${primary}/merge`, { memberIds: [forwarded] });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.message).toContain('đang được cơ quan, đại biểu xử lý');

    const empty = await officer.post(`/api/petitions/${primary}/merge`, { memberIds: [] });
    expect(empty.statusCode).toBe(400);
    expect(await mergeRows()).toBe(before);
  });

  it('stays inside the actor’s scope: other provinces are 404, a commune cadre cannot pull in a neighbour', async () => {
    const mine = await petition(tree.communeA.id);
    const theirs = await petition(tree.communeB.id);
    const next = await petition(neighbour.id);
    const before = await mergeRows();

    const across = await officer.post(`/api/petitions/${mine}/merge`, { memberIds: [theirs] });
    expect(across.statusCode).toBe(404);
    expect(across.json().error.message).toContain('trong phạm vi của bạn');
    expect((await outsider.post(`/api/petitions/${mine}/merge`, { memberIds: [theirs] })).statusCode).toBe(
      404,
    );

    const neighbourly = await communeCadre.post(`/api/petitions/${mine}/merge`, { memberIds: [next] });
    expect(neighbourly.statusCode).toBe(404);
    const unknown = await officer.post(`/api/petitions/${mine}/merge`, {
      memberIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.statusCode).toBe(404);
    expect(await mergeRows()).toBe(before);
    expect((await statusOf(theirs)).status).toBe('received');
  });
});

describe('demo petitions', () => {
  it('seed a realistic set: every status, a consolidated group, repeats across terms', async () => {
    const last = await db.execute<{ serial: number }>(
      sql`SELECT coalesce(max(serial), 0) AS serial FROM petition`,
    );
    const result = await db.transaction((tx) => seedDemoPetitions(tx, { provinceId: tree.provinceA.id }));
    expect(result).not.toBeNull();
    expect(result!.petitions).toBeGreaterThanOrEqual(30);
    const statuses = await db.execute<{ status: string }>(sql`
      SELECT DISTINCT status FROM petition WHERE serial > ${last.rows[0]!.serial}`);
    expect(statuses.rows.map((r) => r.status).sort()).toEqual(
      [
        'accepted',
        'answered',
        'closed',
        'draft',
        'forwarded',
        'merged',
        'received',
        'rejected',
        'reopened',
        'returned',
      ].sort(),
    );
    const primary = await db.execute<{ id: string }>(
      sql`SELECT id FROM petition WHERE title = 'Trại heo xả thải ra suối Đạ Tẻh'`,
    );
    const group = await contributorsOf(db, primary.rows[0]!.id);
    expect(group).toHaveLength(4);
    expect(new Set(group.map((c) => c.term))).toEqual(new Set(['2026-2031', '2021-2026', null]));
    const repeats = await db.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM petition WHERE folded LIKE '%duong lien thon%' AND folded LIKE '%sat lo%'`);
    expect(repeats.rows[0]!.n).toBeGreaterThanOrEqual(4);
    expect((await verifyAuditChain(db)).firstBrokenId).toBeNull();
  });
});
