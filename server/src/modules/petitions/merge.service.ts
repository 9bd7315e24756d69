import type { PetitionDetail } from '@mts/contracts';
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import type { AuditContext } from '../../platform/audit/index.ts';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors/index.ts';
import { type Actor, isWithin, scopePaths, UUID_PATTERN } from '../../platform/policy/index.ts';
import type { PetitionStatus } from './petitions.schema.ts';
import { recordPetitionEvent } from './timeline.ts';

/**
 * Consolidation (tổng hợp): many petitions raised by different voters, in different places and
 * sessions, become members of one primary petition, which is routed and answered once; the answer
 * fans back out to every contributor. Merges keep their provenance (petition_merge: who merged,
 * when, the member's status before) and are reversible.
 *
 * Invariant: one level only. A primary is never itself merged, and a petition with members is
 * never merged into another — so `merged_into_id` always names the group's primary and cycles
 * cannot form.
 */

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** SQL: the petition a row follows — its primary when merged, else itself (alias of `petition`). */
export const effectivePetitionSql = (alias: SQLWrapper): SQL =>
  sql`CASE WHEN ${alias}.status = 'merged' AND ${alias}.merged_into_id IS NOT NULL THEN ${alias}.merged_into_id ELSE ${alias}.id END`;

/** The petition whose routing and answer `petitionId` follows: its primary when merged, else itself. */
export async function effectivePetitionId(db: Queryable, petitionId: string): Promise<string | null> {
  if (!UUID_PATTERN.test(petitionId)) return null;
  const result = await db.execute<{ id: string }>(
    sql`SELECT ${effectivePetitionSql(sql.raw('p'))} AS id FROM petition p WHERE p.id = ${petitionId}`,
  );
  return result.rows[0]?.id ?? null;
}

export interface PetitionAnswerView {
  id: string;
  /** The petition the answer was recorded on: this one, or the primary it is consolidated into. */
  petitionId: string;
  summary: string;
  documentId: string | null;
  recipientName: string | null;
  answeredAt: string;
  publishedAt: string | null;
}

/**
 * The answers that concern a petition: its own and, while it is merged, its primary's — so an
 * answer recorded once on the primary shows on every member's page (public pages pass
 * `publishedOnly`). Oldest first.
 */
export async function answersFor(
  db: Queryable,
  petitionId: string,
  options: { publishedOnly?: boolean } = {},
): Promise<PetitionAnswerView[]> {
  if (!UUID_PATTERN.test(petitionId)) return [];
  const result = await db.execute<{
    id: string;
    petition_id: string;
    summary: string;
    document_id: string | null;
    recipient_name: string | null;
    answered_at: Date;
    published_at: Date | null;
  }>(sql`
    SELECT a.id, a.petition_id, a.summary, a.document_id, r.name AS recipient_name, a.answered_at, a.published_at
      FROM petition p
      JOIN petition_answer a
        ON a.petition_id = p.id OR (p.status = 'merged' AND a.petition_id = p.merged_into_id)
      LEFT JOIN petition_recipient r ON r.id = a.recipient_id
     WHERE p.id = ${petitionId} ${options.publishedOnly ? sql`AND a.published_at IS NOT NULL` : sql``}
     ORDER BY a.answered_at, a.id`);
  return result.rows.map((row) => ({
    id: row.id,
    petitionId: row.petition_id,
    summary: row.summary,
    documentId: row.document_id,
    recipientName: row.recipient_name,
    answeredAt: iso(row.answered_at)!,
    publishedAt: iso(row.published_at),
  }));
}

export interface Contributor {
  id: string;
  trackingCode: string;
  title: string;
  status: PetitionStatus;
  role: 'primary' | 'member';
  unitId: string;
  unitName: string;
  channel: PetitionDetail['channel'];
  sessionId: string | null;
  sessionTitle: string | null;
  term: string | null;
  receivedAt: string;
  mergedAt: string | null;
  mergedByName: string | null;
  statusBeforeMerge: PetitionStatus | null;
  /** The petitioner asked to follow by e-mail (the address itself stays in petition_person). */
  followsByEmail: boolean;
}

/**
 * Every petition an answer on `petitionId` reaches: the petition itself (role 'primary') and each
 * petition currently merged into it (role 'member'), with where, when and how each came in — for
 * provenance on the staff page and for fanning the answer out (notices, timeline events on each
 * member). No personal data. A petition that is itself merged returns just itself: call it with
 * `effectivePetitionId` first to reach its group.
 */
export async function contributorsOf(db: Queryable, petitionId: string): Promise<Contributor[]> {
  if (!UUID_PATTERN.test(petitionId)) return [];
  const result = await db.execute<{
    id: string;
    tracking_code: string;
    title: string;
    status: PetitionStatus;
    role: 'primary' | 'member';
    unit_id: string;
    unit_name: string;
    channel: Contributor['channel'];
    session_id: string | null;
    session_title: string | null;
    term: string | null;
    received_at: Date;
    merged_at: Date | null;
    merged_by_name: string | null;
    member_status: PetitionStatus | null;
    follows_by_email: boolean;
  }>(sql`
    SELECT p.id, p.tracking_code, p.title, p.status,
           CASE WHEN p.id = ${petitionId} THEN 'primary' ELSE 'member' END AS role,
           p.unit_id, u.name AS unit_name, p.channel, p.session_id, ps.title AS session_title, p.term,
           p.received_at, m.merged_at, ms.full_name AS merged_by_name, m.member_status,
           coalesce(pp.notify_by_email AND pp.email IS NOT NULL, false) AS follows_by_email
      FROM petition p
      JOIN unit u ON u.id = p.unit_id
      LEFT JOIN petition_session ps ON ps.id = p.session_id
      LEFT JOIN petition_merge m ON m.member_id = p.id AND m.primary_id = ${petitionId} AND m.undone_at IS NULL
      LEFT JOIN staff ms ON ms.id = m.merged_by
      LEFT JOIN petition_person pp ON pp.petition_id = p.id
     WHERE p.id = ${petitionId} OR (p.merged_into_id = ${petitionId} AND p.status = 'merged')
     ORDER BY (p.id = ${petitionId}) DESC, p.received_at, p.id`);
  return result.rows.map((row) => ({
    id: row.id,
    trackingCode: row.tracking_code,
    title: row.title,
    status: row.status,
    role: row.role,
    unitId: row.unit_id,
    unitName: row.unit_name,
    channel: row.channel,
    sessionId: row.session_id,
    sessionTitle: row.session_title,
    term: row.term,
    receivedAt: iso(row.received_at)!,
    mergedAt: iso(row.merged_at),
    mergedByName: row.merged_by_name,
    statusBeforeMerge: row.member_status,
    followsByEmail: row.follows_by_email,
  }));
}

/** Counts per area, session and term, and the span of dates, of a group's contributors. */
export function countContributors(
  contributors: readonly Contributor[],
): PetitionDetail['consolidation']['counts'] {
  const byUnit = new Map<string, { unitId: string; unitName: string; count: number }>();
  const bySession = new Map<
    string,
    { sessionId: string | null; sessionTitle: string | null; count: number }
  >();
  const byTerm = new Map<string, { term: string | null; count: number }>();
  let first: string | null = null;
  let last: string | null = null;
  for (const c of contributors) {
    const unit = byUnit.get(c.unitId) ?? { unitId: c.unitId, unitName: c.unitName, count: 0 };
    unit.count += 1;
    byUnit.set(c.unitId, unit);
    const sessionKey = c.sessionId ?? '';
    const session = bySession.get(sessionKey) ?? {
      sessionId: c.sessionId,
      sessionTitle: c.sessionTitle,
      count: 0,
    };
    session.count += 1;
    bySession.set(sessionKey, session);
    const termKey = c.term ?? '';
    const term = byTerm.get(termKey) ?? { term: c.term, count: 0 };
    term.count += 1;
    byTerm.set(termKey, term);
    if (!first || c.receivedAt < first) first = c.receivedAt;
    if (!last || c.receivedAt > last) last = c.receivedAt;
  }
  const byCount = <T extends { count: number }>(a: T, b: T) => b.count - a.count;
  return {
    total: contributors.length,
    byUnit: [...byUnit.values()].sort((a, b) => byCount(a, b) || a.unitName.localeCompare(b.unitName, 'vi')),
    bySession: [...bySession.values()].sort(byCount),
    byTerm: [...byTerm.values()].sort(byCount),
    firstReceivedAt: first,
    lastReceivedAt: last,
  };
}

/** The consolidation part of a petition's staff detail. */
export async function consolidationOf(
  db: Queryable,
  petition: { id: string; status: PetitionStatus; mergedIntoId: string | null },
): Promise<PetitionDetail['consolidation']> {
  const isMember = petition.status === 'merged' && petition.mergedIntoId !== null;
  const groupId = isMember ? petition.mergedIntoId! : petition.id;
  const [primary, contributors, undone] = await Promise.all([
    isMember
      ? db.execute<{ id: string; tracking_code: string; title: string; status: PetitionStatus }>(
          sql`SELECT id, tracking_code, title, status FROM petition WHERE id = ${groupId}`,
        )
      : null,
    contributorsOf(db, groupId),
    db.execute<{
      member_id: string;
      tracking_code: string;
      merged_at: Date;
      undone_at: Date;
      undone_by_name: string | null;
    }>(sql`
      SELECT m.member_id, p.tracking_code, m.merged_at, m.undone_at, s.full_name AS undone_by_name
        FROM petition_merge m JOIN petition p ON p.id = m.member_id LEFT JOIN staff s ON s.id = m.undone_by
       WHERE m.primary_id = ${groupId} AND m.undone_at IS NOT NULL
       ORDER BY m.undone_at, m.id`),
  ]);
  const grouped = contributors.length > 1 ? contributors : [];
  const mergedInto = primary?.rows[0];
  return {
    mergedInto: mergedInto
      ? {
          id: mergedInto.id,
          trackingCode: mergedInto.tracking_code,
          title: mergedInto.title,
          status: mergedInto.status,
        }
      : null,
    contributors: grouped.map(({ status: _s, followsByEmail: _f, ...c }) => c),
    counts: countContributors(grouped),
    undone: undone.rows.map((row) => ({
      memberId: row.member_id,
      trackingCode: row.tracking_code,
      mergedAt: iso(row.merged_at)!,
      undoneAt: iso(row.undone_at)!,
      undoneByName: row.undone_by_name,
    })),
  };
}

type LockedPetition = {
  id: string;
  tracking_code: string;
  status: PetitionStatus;
  merged_into_id: string | null;
  unit_id: string;
  path: string;
  member_count: number;
};

/** Locks the petitions in id order (no deadlock between two merges) and reads what the rules need. */
async function lockPetitions(tx: Queryable, ids: string[]): Promise<Map<string, LockedPetition>> {
  const list = `{${[...ids].sort().join(',')}}`;
  await tx.execute(sql`SELECT id FROM petition WHERE id = ANY(${list}::uuid[]) ORDER BY id FOR UPDATE`);
  const result = await tx.execute<LockedPetition>(sql`
    SELECT p.id, p.tracking_code, p.status, p.merged_into_id, p.unit_id, u.path::text AS path,
           (SELECT count(*)::int FROM petition_merge m WHERE m.primary_id = p.id AND m.undone_at IS NULL) AS member_count
      FROM petition p JOIN unit u ON u.id = p.unit_id
     WHERE p.id = ANY(${list}::uuid[])`);
  return new Map(result.rows.map((row) => [row.id, row]));
}

const problem = (vi: string, en: string) => ({ vi, en });

/** Why a petition cannot be a member of a consolidation, or null when it can. */
function memberProblem(member: LockedPetition, primaryId: string) {
  const code = member.tracking_code;
  if (member.status === 'merged')
    return member.merged_into_id === primaryId
      ? problem(
          `Kiến nghị ${code} đã được gộp vào kiến nghị này.`,
          `Petition ${code} is already merged into this one.`,
        )
      : problem(
          `Kiến nghị ${code} đã được gộp vào một kiến nghị khác: hãy tách nó ra trước.`,
          `Petition ${code} is merged into another petition: unmerge it first.`,
        );
  if (member.member_count > 0)
    return problem(
      `Kiến nghị ${code} đang là kiến nghị tổng hợp của ${member.member_count} kiến nghị khác: hãy gộp theo chiều ngược lại, hoặc tách các kiến nghị đó trước.`,
      `Petition ${code} is the primary of ${member.member_count} others: merge the other way round, or unmerge them first.`,
    );
  if (member.status === 'draft')
    return problem(
      `Kiến nghị ${code} đang chờ xác nhận: hãy xác nhận trước khi gộp.`,
      `Petition ${code} is a draft: confirm it before merging.`,
    );
  if (member.status === 'rejected')
    return problem(`Kiến nghị ${code} đã bị từ chối tiếp nhận.`, `Petition ${code} was rejected.`);
  if (member.status === 'forwarded' || member.status === 'accepted')
    return problem(
      `Kiến nghị ${code} đang được cơ quan, đại biểu xử lý: hãy thu hồi trước khi gộp, hoặc chọn nó làm kiến nghị tổng hợp.`,
      `Petition ${code} is with a recipient: withdraw it before merging, or make it the primary.`,
    );
  return null;
}

export function createMergeService(deps: { db: Database }) {
  const { db } = deps;

  /**
   * Merges `memberIds` into `primaryId` (the route checked the primary is in the actor's
   * petitions.intake scope; every member must be too). All or nothing: any problem → 4xx, nothing
   * written. Each member becomes 'merged' and follows the primary; provenance in petition_merge;
   * one timeline event per member and one on the primary, each in the hash-chained audit.
   */
  async function merge(actor: Actor, primaryId: string, memberIds: string[], audit: AuditContext) {
    if (memberIds.includes(primaryId))
      throw badRequest(
        {
          vi: 'Không thể gộp một kiến nghị vào chính nó: hãy bỏ kiến nghị tổng hợp khỏi danh sách cần gộp.',
          en: 'A petition cannot be merged into itself: remove the primary from memberIds.',
        },
        [{ path: 'body.memberIds', message: 'Có kiến nghị tổng hợp trong danh sách (contains the primary)' }],
      );
    const roots = scopePaths(actor, 'petitions.intake');
    return db.transaction(async (tx) => {
      const locked = await lockPetitions(tx, [primaryId, ...memberIds]);
      const primary = locked.get(primaryId);
      if (!primary) throw notFound({ vi: 'Không tìm thấy kiến nghị.', en: 'Petition not found.' });
      const missing = memberIds.filter((id) => {
        const row = locked.get(id);
        return !row || !roots.some((root) => isWithin(row.path, root));
      });
      if (missing.length > 0)
        throw new AppError('NOT_FOUND', {
          message: {
            vi: `Không tìm thấy ${missing.length} kiến nghị cần gộp trong phạm vi của bạn: chỉ gộp được kiến nghị của đơn vị mình và đơn vị cấp dưới.`,
            en: `${missing.length} petition(s) to merge were not found within your scope.`,
          },
          details: { missing },
        });
      if (primary.status === 'merged')
        throw conflict({
          vi: `Kiến nghị ${primary.tracking_code} đã được gộp vào một kiến nghị khác: hãy gộp vào kiến nghị tổng hợp đó.`,
          en: `Petition ${primary.tracking_code} is itself merged into another: merge into that primary instead.`,
        });
      if (primary.status === 'draft' || primary.status === 'rejected')
        throw conflict({
          vi: `Kiến nghị ${primary.tracking_code} ${primary.status === 'draft' ? 'đang chờ xác nhận' : 'đã bị từ chối'}: không thể làm kiến nghị tổng hợp.`,
          en: `Petition ${primary.tracking_code} is ${primary.status}: it cannot be a primary.`,
        });
      const problems = memberIds
        .map((id, index) => ({ index, problem: memberProblem(locked.get(id)!, primaryId) }))
        .filter((p) => p.problem !== null);
      if (problems.length > 0)
        throw new AppError('CONFLICT', {
          message: {
            vi:
              problems.length === 1
                ? problems[0]!.problem!.vi
                : `${problems[0]!.problem!.vi} (và ${problems.length - 1} kiến nghị khác không gộp được)`,
            en:
              problems.length === 1
                ? problems[0]!.problem!.en
                : `${problems[0]!.problem!.en} (and ${problems.length - 1} more)`,
          },
          issues: problems.map((p) => ({ path: `body.memberIds.${p.index}`, message: p.problem!.vi })),
        });

      for (const id of memberIds) {
        const member = locked.get(id)!;
        await tx.execute(sql`
          UPDATE petition SET status = 'merged', merged_into_id = ${primaryId}, updated_at = now() WHERE id = ${id}`);
        await tx.execute(sql`
          INSERT INTO petition_merge (primary_id, member_id, member_status, merged_by)
          VALUES (${primaryId}, ${id}, ${member.status}, ${actor.staffId})`);
        await recordPetitionEvent(tx, audit, {
          petitionId: id,
          kind: 'merged',
          status: 'merged',
          publicNote:
            'Kiến nghị được tổng hợp cùng các kiến nghị có nội dung tương tự để giải quyết chung; kết quả trả lời được cập nhật tại đây.',
          internalNote: `Gộp vào kiến nghị ${primary.tracking_code}.`,
          actorStaffId: actor.staffId,
          unitId: member.unit_id,
          data: { primaryId, primaryTrackingCode: primary.tracking_code, statusBefore: member.status },
        });
      }
      const total = primary.member_count + memberIds.length + 1;
      await tx.execute(sql`UPDATE petition SET updated_at = now() WHERE id = ${primaryId}`);
      await recordPetitionEvent(tx, audit, {
        petitionId: primaryId,
        kind: 'consolidated',
        status: primary.status,
        publicNote: `Đã tổng hợp thêm ${memberIds.length} kiến nghị có nội dung tương tự (tổng cộng ${total} kiến nghị).`,
        internalNote: `Gộp: ${memberIds.map((id) => locked.get(id)!.tracking_code).join(', ')}.`,
        actorStaffId: actor.staffId,
        unitId: primary.unit_id,
        data: { memberIds, total },
      });
    });
  }

  /** Takes a member back out of the group: it returns to the status it had before the merge. */
  async function unmerge(actor: Actor, primaryId: string, memberId: string, audit: AuditContext) {
    const roots = scopePaths(actor, 'petitions.intake');
    return db.transaction(async (tx) => {
      const locked = await lockPetitions(tx, [primaryId, memberId]);
      const primary = locked.get(primaryId);
      const member = locked.get(memberId);
      if (!primary) throw notFound({ vi: 'Không tìm thấy kiến nghị.', en: 'Petition not found.' });
      if (!member || !roots.some((root) => isWithin(member.path, root)))
        throw notFound({
          vi: 'Không tìm thấy kiến nghị cần tách trong phạm vi của bạn.',
          en: 'The petition to unmerge was not found within your scope.',
        });
      const merge = await tx.execute<{ id: string; member_status: PetitionStatus }>(sql`
        SELECT id, member_status FROM petition_merge
         WHERE primary_id = ${primaryId} AND member_id = ${memberId} AND undone_at IS NULL`);
      const row = merge.rows[0];
      if (!row || member.status !== 'merged' || member.merged_into_id !== primaryId)
        throw conflict({
          vi: `Kiến nghị ${member.tracking_code} không nằm trong nhóm tổng hợp của kiến nghị ${primary.tracking_code}.`,
          en: `Petition ${member.tracking_code} is not merged into ${primary.tracking_code}.`,
        });
      await tx.execute(sql`
        UPDATE petition SET status = ${row.member_status}, merged_into_id = NULL, updated_at = now() WHERE id = ${memberId}`);
      await tx.execute(sql`
        UPDATE petition_merge SET undone_at = now(), undone_by = ${actor.staffId} WHERE id = ${row.id}`);
      await tx.execute(sql`UPDATE petition SET updated_at = now() WHERE id = ${primaryId}`);
      await recordPetitionEvent(tx, audit, {
        petitionId: memberId,
        kind: 'unmerged',
        status: row.member_status,
        publicNote: 'Kiến nghị được tách khỏi nhóm kiến nghị tổng hợp và được xem xét riêng.',
        internalNote: `Tách khỏi kiến nghị ${primary.tracking_code}.`,
        actorStaffId: actor.staffId,
        unitId: member.unit_id,
        data: { primaryId, primaryTrackingCode: primary.tracking_code, statusRestored: row.member_status },
      });
      await recordPetitionEvent(tx, audit, {
        petitionId: primaryId,
        kind: 'member_unmerged',
        status: primary.status,
        publicNote: 'Đã tách 1 kiến nghị khỏi nhóm tổng hợp.',
        internalNote: `Tách kiến nghị ${member.tracking_code}.`,
        actorStaffId: actor.staffId,
        unitId: primary.unit_id,
        data: { memberId },
      });
    });
  }

  return { merge, unmerge };
}

export type MergeService = ReturnType<typeof createMergeService>;
