import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { AuditContext } from '../../platform/audit/index.ts';
import { badRequest, conflict, notFound } from '../../platform/errors/index.ts';
import { UUID_PATTERN } from '../../platform/policy/index.ts';
import type { PetitionStatus } from './petitions.schema.ts';
import { recordPetitionEvent } from './timeline.ts';

/**
 * What a citizen does with an answer on the public site (the public pages call these inside
 * their own transaction, after checking the tracking code): rate it, and reopen the petition once.
 * A contributor of a consolidated petition acts on the primary's answer from their own petition.
 */

export const RATING_COMMENT_MAX = 2000;
export const REOPEN_REASON_MIN = 10;
export const REOPEN_REASON_MAX = 2000;

type Row = {
  id: string;
  unit_id: string;
  status: PetitionStatus;
  merged_into_id: string | null;
  reopened_at: Date | null;
};

async function lock(tx: Queryable, id: string): Promise<Row | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const result = await tx.execute<Row>(sql`
    SELECT id, unit_id, status, merged_into_id, reopened_at FROM petition WHERE id = ${id} FOR UPDATE`);
  return result.rows[0] ?? null;
}

const petitionNotFound = () => notFound({ vi: 'Không tìm thấy kiến nghị.', en: 'Petition not found.' });

/** The latest published answer of the group the petition belongs to (its primary's when merged). */
async function latestPublishedAnswer(tx: Queryable, groupId: string) {
  const result = await tx.execute<{ id: string; answered_at: Date }>(sql`
    SELECT id, answered_at FROM petition_answer WHERE petition_id = ${groupId} AND published_at IS NOT NULL
     ORDER BY answered_at DESC, id DESC LIMIT 1`);
  return result.rows[0] ?? null;
}

export interface RatingResult {
  status: PetitionStatus;
  satisfied: boolean;
  /** The citizen may still reopen the petition (not yet reopened, and not satisfied). */
  canReopen: boolean;
}

/**
 * The citizen's verdict on the latest published answer: once per answer (409 after). Satisfied
 * closes the petition; not satisfied leaves it answered so the citizen may reopen it — or closes it
 * when the one reopen was already used. A consolidated member keeps following its primary (status
 * 'merged'); its verdict still counts in the answering recipient's scorecard.
 */
export async function rateAnswer(
  tx: Queryable,
  audit: AuditContext,
  petitionId: string,
  satisfied: boolean,
  comment?: string | null,
): Promise<RatingResult> {
  const note = comment?.trim() || null;
  if (note && note.length > RATING_COMMENT_MAX)
    throw badRequest(
      {
        vi: `Ý kiến kèm đánh giá tối đa ${RATING_COMMENT_MAX} ký tự.`,
        en: `The comment may have at most ${RATING_COMMENT_MAX} characters.`,
      },
      [
        {
          path: 'comment',
          message: `Tối đa ${RATING_COMMENT_MAX} ký tự (at most ${RATING_COMMENT_MAX} characters)`,
        },
      ],
    );
  const petition = await lock(tx, petitionId);
  if (!petition) throw petitionNotFound();
  const isMember = petition.status === 'merged' && petition.merged_into_id !== null;
  const group = isMember ? await lock(tx, petition.merged_into_id!) : petition;
  const answer = group ? await latestPublishedAnswer(tx, group.id) : null;
  if (!group || !answer || !['answered', 'closed'].includes(group.status))
    throw conflict({
      vi: 'Kiến nghị chưa có câu trả lời được công bố để đánh giá.',
      en: 'The petition has no published answer to rate.',
    });
  const inserted = await tx.execute(sql`
    INSERT INTO petition_rating (petition_id, answer_id, satisfied, comment)
    VALUES (${petition.id}, ${answer.id}, ${satisfied}, ${note})
    ON CONFLICT DO NOTHING`);
  if (!inserted.rowCount)
    throw conflict({
      vi: 'Ông/bà đã đánh giá câu trả lời này rồi.',
      en: 'This answer has already been rated.',
    });
  const reopenUsed = group.reopened_at !== null;
  const closes = !isMember && (satisfied || reopenUsed);
  const status: PetitionStatus = isMember ? 'merged' : closes ? 'closed' : petition.status;
  await tx.execute(sql`
    UPDATE petition SET satisfied = ${satisfied}, rated_at = now(), status = ${status},
           closed_at = ${closes ? sql`now()` : sql`closed_at`}, updated_at = now()
     WHERE id = ${petition.id}`);
  await recordPetitionEvent(tx, audit, {
    petitionId: petition.id,
    kind: 'rated',
    status,
    publicNote: satisfied
      ? 'Người kiến nghị hài lòng với câu trả lời.'
      : 'Người kiến nghị chưa hài lòng với câu trả lời.',
    internalNote: note,
    unitId: petition.unit_id,
    data: { answerId: answer.id, satisfied, primaryId: isMember ? group.id : null },
  });
  return { status, satisfied, canReopen: !satisfied && !reopenUsed };
}

/**
 * Reopens a petition whose answer did not satisfy (mở lại): once only, only after a published
 * answer, with the citizen's reason (kept for staff; the public timeline says only that it was
 * reopened). The petition (the primary, for a consolidated member) becomes 'reopened' and may be
 * forwarded again — a new hop, a new deadline, a new answer.
 */
export async function reopenPetition(
  tx: Queryable,
  audit: AuditContext,
  petitionId: string,
  reason: string,
): Promise<{ petitionId: string; status: PetitionStatus }> {
  const text = reason?.trim() ?? '';
  if (text.length < REOPEN_REASON_MIN || text.length > REOPEN_REASON_MAX)
    throw badRequest(
      {
        vi: `Hãy nêu lý do đề nghị xem xét lại, từ ${REOPEN_REASON_MIN} đến ${REOPEN_REASON_MAX} ký tự.`,
        en: `Give the reason for reopening, ${REOPEN_REASON_MIN} to ${REOPEN_REASON_MAX} characters.`,
      },
      [{ path: 'reason', message: `Từ ${REOPEN_REASON_MIN} đến ${REOPEN_REASON_MAX} ký tự` }],
    );
  const petition = await lock(tx, petitionId);
  if (!petition) throw petitionNotFound();
  const isMember = petition.status === 'merged' && petition.merged_into_id !== null;
  const group = isMember ? await lock(tx, petition.merged_into_id!) : petition;
  if (!group) throw petitionNotFound();
  if (group.reopened_at !== null)
    throw conflict({
      vi: 'Kiến nghị chỉ được mở lại một lần và đã được mở lại trước đó.',
      en: 'A petition may be reopened once, and this one already was.',
    });
  const answer = await latestPublishedAnswer(tx, group.id);
  if (!answer || !['answered', 'closed'].includes(group.status))
    throw conflict({
      vi: 'Chỉ có thể đề nghị xem xét lại sau khi kiến nghị có câu trả lời được công bố.',
      en: 'A petition can be reopened only after its answer is published.',
    });
  await tx.execute(sql`
    UPDATE petition SET status = 'reopened', reopened_at = now(), reopen_reason = ${text}, closed_at = NULL,
           current_forward_id = NULL, deadline_at = NULL, updated_at = now()
     WHERE id = ${group.id}`);
  await recordPetitionEvent(tx, audit, {
    petitionId: group.id,
    kind: 'reopened',
    status: 'reopened',
    publicNote:
      'Người kiến nghị chưa hài lòng và đề nghị xem xét lại; kiến nghị được mở lại để chuyển xử lý tiếp.',
    internalNote: text,
    unitId: group.id === petition.id ? petition.unit_id : group.unit_id,
    data: { answerId: answer.id, viaPetitionId: isMember ? petition.id : null },
  });
  if (isMember) {
    await tx.execute(
      sql`UPDATE petition SET reopen_reason = ${text}, updated_at = now() WHERE id = ${petition.id}`,
    );
    await recordPetitionEvent(tx, audit, {
      petitionId: petition.id,
      kind: 'reopened',
      status: 'merged',
      publicNote: 'Người kiến nghị đề nghị xem xét lại; kiến nghị tổng hợp được mở lại để chuyển xử lý tiếp.',
      internalNote: text,
      unitId: petition.unit_id,
      data: { answerId: answer.id, primaryId: group.id },
    });
  }
  return { petitionId: group.id, status: 'reopened' };
}
