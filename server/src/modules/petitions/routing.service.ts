import type {
  AnswerPetition,
  DelegateBody,
  ForwardPetition,
  ForwardState,
  inboxQuerySchema,
  PetitionRouting,
  RecipientKind,
  RoutingHop,
} from '@mts/contracts';
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Queryable } from '../../db/client.ts';
import type { AuditContext } from '../../platform/audit/index.ts';
import { badRequest, conflict, notFound } from '../../platform/errors/index.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import { type Actor, isInScope, UUID_PATTERN } from '../../platform/policy/index.ts';
import type { Notifier } from '../notifications/index.ts';
import { deadlineFor, type ForwardingBody } from './deadlines.ts';
import { contributorsOf } from './merge.service.ts';
import type { CompetenceLevel, PetitionChannel, PetitionStatus } from './petitions.schema.ts';
import { recipientLabel } from './recipients.service.ts';
import { actsFor, isMemberOf, mayAnswer, routesPetitionsOf } from './routing.policy.ts';
import { recordPetitionEvent } from './timeline.ts';

/**
 * Routing (chuyển xử lý): forwarding a petition to the competent agency or delegate with a
 * deadline, the recipient accepting or returning it (not competent, with a reason), re-routing
 * (each forward is a hop of the visible transfer chain), the answer (an official document plus a
 * plain-language summary) and its publication. Every change is one transaction with its timeline
 * event (and hash-chained audit entry); the petition row is locked first, so two cadres acting at
 * once are serialised.
 */

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** SQL: the petition (alias) waits on a recipient past its deadline. What the public "quá hạn" flag shows. */
export const isOverdueSql = (alias: SQLWrapper, now: SQL = sql`now()`): SQL =>
  sql`(${alias}.deadline_at < ${now} AND ${alias}.status IN ('forwarded', 'accepted'))`;

/** Statuses from which a petition may be forwarded (again). */
const ROUTABLE: readonly PetitionStatus[] = ['received', 'returned', 'reopened', 'forwarded', 'accepted'];
const OPEN_HOP: readonly ForwardState[] = ['forwarded', 'accepted'];

/** "dd/mm/yyyy" of a Vietnamese day "yyyy-mm-dd". */
export const formatDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

export const petitionNotFound = () =>
  notFound({ vi: 'Không tìm thấy kiến nghị.', en: 'Petition not found.' });
const forwardNotFound = () =>
  notFound({
    vi: 'Không tìm thấy lượt chuyển kiến nghị này trong các kiến nghị gửi đến cơ quan, đại biểu bạn xử lý.',
    en: 'No such forward among the petitions sent to the recipients you act for.',
  });

type PetitionRow = {
  id: string;
  tracking_code: string;
  /** The public number (tracking codes are the petitioner's: never in public notes). */
  serial: number;
  title: string;
  unit_id: string;
  unit_path: string;
  status: PetitionStatus;
  competence_level: CompetenceLevel;
  channel: PetitionChannel;
  current_forward_id: string | null;
  merged_into_id: string | null;
  merged_into_code: string | null;
  deadline_at: Date | null;
};

/** Reads and locks a petition (FOR UPDATE), with its unit's path for the scope checks. */
async function lockPetition(tx: Queryable, id: string): Promise<PetitionRow | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const result = await tx.execute<PetitionRow>(sql`
    SELECT p.id, p.tracking_code, p.serial::int AS serial, p.title, p.unit_id, u.path::text AS unit_path, p.status, p.competence_level,
           p.channel, p.current_forward_id, p.merged_into_id, pm.tracking_code AS merged_into_code, p.deadline_at
      FROM petition p JOIN unit u ON u.id = p.unit_id LEFT JOIN petition pm ON pm.id = p.merged_into_id
     WHERE p.id = ${id}
       FOR UPDATE OF p`);
  return result.rows[0] ?? null;
}

type HopRow = {
  id: string;
  petition_id: string;
  recipient_id: string;
  recipient_name: string;
  recipient_kind: RecipientKind;
  recipient_unit_id: string;
  delegate_body: DelegateBody | null;
  state: ForwardState;
  forwarded_at: Date;
  forwarded_by: string | null;
  forwarded_by_name: string | null;
  deadline_at: Date;
  deadline_rule: string;
  note: string | null;
  accepted_at: Date | null;
  returned_at: Date | null;
  return_reason: string | null;
  answered_at: Date | null;
  acted_by_name: string | null;
  reminded_at: Date | null;
  escalated_at: Date | null;
};

const HOP_COLUMNS = sql`f.id, f.petition_id, f.recipient_id, r.name AS recipient_name, r.kind AS recipient_kind,
  r.unit_id AS recipient_unit_id, r.delegate_body, f.state, f.forwarded_at, f.forwarded_by,
  fs.full_name AS forwarded_by_name, f.deadline_at, f.deadline_rule, f.note, f.accepted_at, f.returned_at,
  f.return_reason, f.answered_at, ast.full_name AS acted_by_name, f.reminded_at, f.escalated_at`;
const HOP_FROM = sql`petition_forward f JOIN petition_recipient r ON r.id = f.recipient_id
  LEFT JOIN staff fs ON fs.id = f.forwarded_by LEFT JOIN staff ast ON ast.id = f.acted_by`;

const labelOf = (row: Pick<HopRow, 'recipient_kind' | 'recipient_name' | 'delegate_body'>) =>
  recipientLabel({ kind: row.recipient_kind, name: row.recipient_name, delegateBody: row.delegate_body });

function toHop(row: HopRow, now: Date): RoutingHop {
  return {
    id: row.id,
    petitionId: row.petition_id,
    recipientId: row.recipient_id,
    recipientName: row.recipient_name,
    recipientKind: row.recipient_kind,
    recipientLabel: labelOf(row),
    state: row.state,
    forwardedAt: iso(row.forwarded_at)!,
    forwardedByName: row.forwarded_by_name,
    deadlineAt: iso(row.deadline_at)!,
    deadlineRule: row.deadline_rule,
    acceptedAt: iso(row.accepted_at),
    returnedAt: iso(row.returned_at),
    returnReason: row.return_reason,
    answeredAt: iso(row.answered_at),
    actedByName: row.acted_by_name,
    isOverdue: OPEN_HOP.includes(row.state) && new Date(row.deadline_at).getTime() < now.getTime(),
    remindedAt: iso(row.reminded_at),
    escalatedAt: iso(row.escalated_at),
  };
}

async function loadHop(tx: Queryable, forwardId: string): Promise<HopRow | null> {
  if (!UUID_PATTERN.test(forwardId)) return null;
  const result = await tx.execute<HopRow>(
    sql`SELECT ${HOP_COLUMNS} FROM ${HOP_FROM} WHERE f.id = ${forwardId}`,
  );
  return result.rows[0] ?? null;
}

/** The transfer chain and answers of a petition, as staff see them. */
export async function routingOf(
  db: Queryable,
  petitionId: string,
  now = new Date(),
): Promise<PetitionRouting> {
  const found = await db.execute<{
    id: string;
    tracking_code: string;
    status: PetitionStatus;
    deadline_at: Date | null;
    current_forward_id: string | null;
  }>(
    sql`SELECT id, tracking_code, status, deadline_at, current_forward_id FROM petition WHERE id = ${petitionId}`,
  );
  const petition = found.rows[0];
  if (!petition) throw petitionNotFound();
  const hops = await db.execute<HopRow>(
    sql`SELECT ${HOP_COLUMNS} FROM ${HOP_FROM} WHERE f.petition_id = ${petitionId} ORDER BY f.forwarded_at, f.id`,
  );
  const answers = await db.execute<{
    id: string;
    petition_id: string;
    forward_id: string | null;
    recipient_id: string | null;
    recipient_name: string | null;
    summary: string;
    answered_at: Date;
    answered_by_name: string | null;
    published_at: Date | null;
    document_id: string | null;
    document_subject: string | null;
    code_number: string | null;
    code_notation: string | null;
    issued_date: string | null;
    document_status: string | null;
  }>(sql`
    SELECT a.id, a.petition_id, a.forward_id, a.recipient_id, r.name AS recipient_name, a.summary, a.answered_at,
           s.full_name AS answered_by_name, a.published_at, a.document_id, d.subject AS document_subject,
           d.code_number, d.code_notation, d.issued_date::text AS issued_date, d.status AS document_status
      FROM petition_answer a
      LEFT JOIN petition_recipient r ON r.id = a.recipient_id
      LEFT JOIN staff s ON s.id = a.answered_by
      LEFT JOIN document d ON d.id = a.document_id
     WHERE a.petition_id = ${petitionId}
     ORDER BY a.answered_at, a.id`);
  return {
    petitionId: petition.id,
    trackingCode: petition.tracking_code,
    status: petition.status,
    deadlineAt: iso(petition.deadline_at),
    isOverdue:
      OPEN_HOP.includes(petition.status as ForwardState) &&
      petition.deadline_at !== null &&
      new Date(petition.deadline_at).getTime() < now.getTime(),
    currentForwardId: petition.current_forward_id,
    hops: hops.rows.map((row) => toHop(row, now)),
    answers: answers.rows.map((row) => ({
      id: row.id,
      petitionId: row.petition_id,
      forwardId: row.forward_id,
      recipientId: row.recipient_id,
      recipientName: row.recipient_name,
      summary: row.summary,
      answeredAt: iso(row.answered_at)!,
      answeredByName: row.answered_by_name,
      publishedAt: iso(row.published_at),
      documentId: row.document_id,
      document: row.document_id
        ? {
            id: row.document_id,
            subject: row.document_subject!,
            codeNumber: row.code_number,
            codeNotation: row.code_notation,
            issuedDate: row.issued_date,
            status: row.document_status!,
          }
        : null,
    })),
  };
}

/** Documents that cannot stand as an official answer: unfinished drafts, recalled or returned ones. */
const NOT_AN_ANSWER = new Set(['draft', 'recalled', 'returned', 'cancelled']);

/** Staff holding a role at the unit, by permission, with leaders preferred (escalation, returns). */
export async function frontStaffToTell(tx: Queryable, unitIds: string[]): Promise<string[]> {
  if (unitIds.length === 0) return [];
  const result = await tx.execute<{ ids: string[] | null }>(sql`
    SELECT coalesce(
      (SELECT array_agg(DISTINCT ra.staff_id::text) FROM role_assignment ra JOIN staff s ON s.id = ra.staff_id
        WHERE ra.unit_id = ANY(${`{${unitIds.join(',')}}`}::uuid[]) AND ra.role_id = 'leader' AND s.status = 'active'),
      (SELECT array_agg(DISTINCT ra.staff_id::text) FROM role_assignment ra JOIN role ro ON ro.id = ra.role_id
         JOIN staff s ON s.id = ra.staff_id
        WHERE ra.unit_id = ANY(${`{${unitIds.join(',')}}`}::uuid[]) AND 'petitions.route' = ANY(ro.permissions)
          AND s.status = 'active')) AS ids`);
  return result.rows[0]?.ids ?? [];
}

/** Active staff acting for the recipient. */
async function membersOf(tx: Queryable, recipientId: string): Promise<string[]> {
  const result = await tx.execute<{ staff_id: string }>(sql`
    SELECT m.staff_id FROM petition_recipient_member m JOIN staff s ON s.id = m.staff_id
     WHERE m.recipient_id = ${recipientId} AND s.status = 'active'`);
  return result.rows.map((row) => row.staff_id);
}

export interface RoutingDeps {
  db: Database;
  notifier: Notifier;
  mailer: Pick<Mailer, 'send'>;
  /** The public site's address, for links in e-mail to citizens. */
  publicUrl: string;
}

export function createRoutingService(deps: RoutingDeps) {
  const { db, notifier } = deps;
  const inboxLink = (forwardId: string) => `/petitions/inbox?forward=${forwardId}`;
  const petitionLink = (petitionId: string) => `/petitions/${petitionId}`;

  /**
   * Forwards a petition to a recipient (a new hop). From 'received', 'returned' or 'reopened'; from
   * 'forwarded'/'accepted' it re-routes: the hop in force is withdrawn first. The deadline comes
   * from the most specific rule (deadlines.ts) counted from now.
   */
  async function forward(
    actor: Actor,
    petitionId: string,
    input: Omit<ForwardPetition, 'note'> & { note?: string },
    audit: AuditContext,
    now = new Date(),
  ) {
    await db.transaction(async (tx) => {
      const petition = await lockPetition(tx, petitionId);
      if (!petition || !routesPetitionsOf(actor, petition.unit_path)) throw petitionNotFound();
      if (petition.status === 'merged')
        throw conflict({
          vi: `Kiến nghị đã được tổng hợp vào kiến nghị ${petition.merged_into_code}: hãy chuyển kiến nghị tổng hợp đó.`,
          en: `The petition is consolidated into ${petition.merged_into_code}: forward that one instead.`,
        });
      if (!ROUTABLE.includes(petition.status)) throw notRoutable(petition.status);
      const recipient = await tx.execute<{
        id: string;
        name: string;
        kind: RecipientKind;
        delegate_body: DelegateBody | null;
        unit_id: string;
        is_active: boolean;
        serves: boolean;
      }>(sql`
        SELECT r.id, r.name, r.kind, r.delegate_body, r.unit_id, r.is_active,
               (ru.path @> ${petition.unit_path}::ltree OR ru.path <@ ${petition.unit_path}::ltree) AS serves
          FROM petition_recipient r JOIN unit ru ON ru.id = r.unit_id WHERE r.id = ${input.recipientId}`);
      const target = recipient.rows[0];
      if (!target?.serves)
        throw badRequest(
          {
            vi: 'Không tìm thấy cơ quan hoặc đại biểu này trong số nơi nhận của địa bàn kiến nghị: hãy chọn cơ quan, đại biểu phụ trách địa bàn hoặc cấp trên của địa bàn.',
            en: "No such recipient serves the petition's area: choose an agency or delegate of the area or above it.",
          },
          [{ path: 'body.recipientId', message: 'Không tìm thấy nơi nhận (unknown recipient)' }],
        );
      if (!target.is_active)
        throw badRequest(
          {
            vi: `${target.name} đã ngừng nhận kiến nghị: hãy chọn nơi nhận khác.`,
            en: `${target.name} no longer receives petitions: choose another recipient.`,
          },
          [{ path: 'body.recipientId', message: 'Nơi nhận đã ngừng hoạt động (inactive recipient)' }],
        );
      const label = recipientLabel({
        kind: target.kind,
        name: target.name,
        delegateBody: target.delegate_body,
      });
      let withdrawn: HopRow | null = null;
      if (petition.current_forward_id) {
        const current = await loadHop(tx, petition.current_forward_id);
        if (current && OPEN_HOP.includes(current.state)) {
          if (current.recipient_id === target.id)
            throw conflict({
              vi: `Kiến nghị đang chờ ${label} xử lý: không cần chuyển lại cho chính nơi này.`,
              en: `The petition is already with ${label}.`,
            });
          await tx.execute(sql`UPDATE petition_forward SET state = 'withdrawn' WHERE id = ${current.id}`);
          withdrawn = current;
        }
      }
      const forwardedBy: ForwardingBody | null =
        input.forwardedBy ?? (target.kind === 'delegate' ? target.delegate_body : null);
      const deadline = await deadlineFor(tx, {
        level: petition.competence_level,
        channel: petition.channel,
        forwardedBy,
        at: now,
      });
      const inserted = await tx.execute<{ id: string }>(sql`
        INSERT INTO petition_forward (petition_id, recipient_id, state, forwarded_at, forwarded_by, deadline_at,
                                      deadline_rule, note)
        VALUES (${petition.id}, ${target.id}, 'forwarded', ${now.toISOString()}, ${actor.staffId},
                ${deadline.deadlineAt.toISOString()}, ${deadline.description}, ${input.note ?? null})
        RETURNING id`);
      const forwardId = inserted.rows[0]!.id;
      await tx.execute(sql`
        UPDATE petition SET status = 'forwarded', current_forward_id = ${forwardId},
               deadline_at = ${deadline.deadlineAt.toISOString()}, updated_at = now()
         WHERE id = ${petition.id}`);
      const hops = await tx.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM petition_forward WHERE petition_id = ${petition.id}`,
      );
      const isReroute = hops.rows[0]!.n > 1;
      await recordPetitionEvent(tx, audit, {
        petitionId: petition.id,
        kind: isReroute ? 'rerouted' : 'forwarded',
        status: 'forwarded',
        publicNote: `${withdrawn ? `Chuyển lại từ ${labelOf(withdrawn)} đến` : isReroute ? 'Chuyển lại đến' : 'Đã chuyển đến'} ${label}; hạn trả lời: ${formatDay(deadline.lastDay)}.`,
        internalNote: input.note ?? null,
        actorStaffId: actor.staffId,
        unitId: petition.unit_id,
        data: {
          forwardId,
          recipientId: target.id,
          deadlineAt: deadline.deadlineAt.toISOString(),
          deadlineRule: deadline.description,
          forwardedBy,
          withdrawnForwardId: withdrawn?.id ?? null,
        },
      });
      await notifier.notify(tx, {
        staffIds: await membersOf(tx, target.id),
        unitId: target.unit_id,
        kind: 'petition.forwarded',
        title: `Kiến nghị chuyển đến ${label}: ${petition.title}`,
        body: `Mã ${petition.tracking_code}. Hạn trả lời: ${formatDay(deadline.lastDay)}.`,
        link: inboxLink(forwardId),
      });
    });
    return routingOf(db, petitionId, now);
  }

  /**
   * Takes a petition back from its recipient without an answer (before consolidating it into
   * another, or when it was sent by mistake): the hop becomes 'withdrawn', the petition 'received'.
   */
  async function withdraw(actor: Actor, petitionId: string, reason: string, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const petition = await lockPetition(tx, petitionId);
      if (!petition || !routesPetitionsOf(actor, petition.unit_path)) throw petitionNotFound();
      const current = petition.current_forward_id ? await loadHop(tx, petition.current_forward_id) : null;
      if (
        !current ||
        !OPEN_HOP.includes(current.state) ||
        !['forwarded', 'accepted'].includes(petition.status)
      )
        throw conflict({
          vi: 'Kiến nghị không ở nơi nhận nào để thu hồi.',
          en: 'The petition is not with any recipient to withdraw it from.',
        });
      await tx.execute(sql`UPDATE petition_forward SET state = 'withdrawn' WHERE id = ${current.id}`);
      await tx.execute(sql`
        UPDATE petition SET status = 'received', current_forward_id = NULL, deadline_at = NULL, updated_at = now()
         WHERE id = ${petition.id}`);
      await recordPetitionEvent(tx, audit, {
        petitionId: petition.id,
        kind: 'withdrawn',
        status: 'received',
        publicNote: `Thu hồi kiến nghị đã chuyển đến ${labelOf(current)} để xem xét lại.`,
        internalNote: reason,
        actorStaffId: actor.staffId,
        unitId: petition.unit_id,
        data: { forwardId: current.id, recipientId: current.recipient_id },
      });
      await notifier.notify(tx, {
        staffIds: await membersOf(tx, current.recipient_id),
        unitId: current.recipient_unit_id,
        kind: 'petition.withdrawn',
        title: `Đã thu hồi kiến nghị ${petition.tracking_code}`,
        body: reason,
        link: inboxLink(current.id),
      });
    });
    return routingOf(db, petitionId);
  }

  /**
   * The hop a recipient member acts on, with its petition locked. Anyone not acting for the
   * recipient gets 404 (the same answer as for a hop that does not exist).
   */
  async function hopForMember(tx: Queryable, actor: Actor, forwardId: string) {
    const hop = await loadHop(tx, forwardId);
    if (!hop || !(await actsFor(tx, actor, hop.recipient_id))) throw forwardNotFound();
    const petition = (await lockPetition(tx, hop.petition_id))!;
    // Re-read under the petition's lock: a concurrent re-route may have withdrawn the hop.
    return { hop: (await loadHop(tx, forwardId))!, petition };
  }

  const hopClosed = (hop: HopRow) =>
    conflict(
      hop.state === 'answered'
        ? { vi: 'Kiến nghị đã được trả lời.', en: 'The petition has been answered.' }
        : hop.state === 'returned'
          ? { vi: 'Kiến nghị đã được trả lại.', en: 'The petition has been returned.' }
          : {
              vi: 'Kiến nghị đã được chuyển nơi khác hoặc thu hồi: không còn chờ cơ quan, đại biểu này xử lý.',
              en: 'The petition was re-routed or withdrawn: it is no longer with this recipient.',
            },
    );

  async function accept(actor: Actor, forwardId: string, audit: AuditContext, now = new Date()) {
    const petitionId = await db.transaction(async (tx) => {
      const { hop, petition } = await hopForMember(tx, actor, forwardId);
      if (hop.state === 'accepted')
        throw conflict({
          vi: 'Kiến nghị đã được tiếp nhận trước đó.',
          en: 'The petition was already accepted.',
        });
      if (hop.state !== 'forwarded') throw hopClosed(hop);
      await tx.execute(sql`
        UPDATE petition_forward SET state = 'accepted', accepted_at = ${now.toISOString()}, acted_by = ${actor.staffId}
         WHERE id = ${hop.id}`);
      await tx.execute(
        sql`UPDATE petition SET status = 'accepted', updated_at = now() WHERE id = ${petition.id}`,
      );
      await recordPetitionEvent(tx, audit, {
        petitionId: petition.id,
        kind: 'accepted',
        status: 'accepted',
        publicNote: `${labelOf(hop)} đã tiếp nhận kiến nghị và đang giải quyết.`,
        actorStaffId: actor.staffId,
        unitId: petition.unit_id,
        data: { forwardId: hop.id, recipientId: hop.recipient_id },
      });
      return petition.id;
    });
    return routingOf(db, petitionId, now);
  }

  /** Returns a petition as not competent (không thuộc thẩm quyền), with the reason; the Front re-routes it. */
  async function returnToSender(
    actor: Actor,
    forwardId: string,
    reason: string,
    audit: AuditContext,
    now = new Date(),
  ) {
    const petitionId = await db.transaction(async (tx) => {
      const { hop, petition } = await hopForMember(tx, actor, forwardId);
      if (!OPEN_HOP.includes(hop.state)) throw hopClosed(hop);
      await tx.execute(sql`
        UPDATE petition_forward SET state = 'returned', returned_at = ${now.toISOString()}, return_reason = ${reason},
               acted_by = ${actor.staffId}
         WHERE id = ${hop.id}`);
      await tx.execute(sql`
        UPDATE petition SET status = 'returned', current_forward_id = NULL, deadline_at = NULL, updated_at = now()
         WHERE id = ${petition.id}`);
      const label = labelOf(hop);
      await recordPetitionEvent(tx, audit, {
        petitionId: petition.id,
        kind: 'returned',
        status: 'returned',
        publicNote: `${label} trả lại kiến nghị vì không thuộc thẩm quyền: ${reason}`,
        actorStaffId: actor.staffId,
        unitId: petition.unit_id,
        data: { forwardId: hop.id, recipientId: hop.recipient_id, reason },
      });
      const staffIds = hop.forwarded_by ? [hop.forwarded_by] : await frontStaffToTell(tx, [petition.unit_id]);
      await notifier.notify(tx, {
        staffIds,
        unitId: petition.unit_id,
        kind: 'petition.returned',
        title: `${label} trả lại kiến nghị ${petition.tracking_code}`,
        body: `Lý do: ${reason}. Đề nghị chuyển đến cơ quan, đại biểu có thẩm quyền.`,
        link: petitionLink(petition.id),
      });
      return petition.id;
    });
    return routingOf(db, petitionId, now);
  }

  /**
   * Records the answer to the hop in force: by a member of its recipient, or by Front staff routing
   * the petition (on the recipient's behalf, e.g. from an answer received on paper or by edXML).
   * The official document, when given, must be one the actor can see and a finished document.
   * The answer is recorded on the primary and fans out to every petition consolidated into it.
   */
  async function answer(
    actor: Actor,
    petitionId: string,
    input: AnswerPetition,
    audit: AuditContext,
    now = new Date(),
  ) {
    await db.transaction(async (tx) => {
      const petition = await lockPetition(tx, petitionId);
      if (!petition) throw petitionNotFound();
      const hop = petition.current_forward_id ? await loadHop(tx, petition.current_forward_id) : null;
      const isMember = hop ? await actsFor(tx, actor, hop.recipient_id) : false;
      if (!mayAnswer(isMember, actor, petition.unit_path)) throw petitionNotFound();
      if (petition.status === 'merged')
        throw conflict({
          vi: `Kiến nghị đã được tổng hợp vào kiến nghị ${petition.merged_into_code}: hãy trả lời kiến nghị tổng hợp đó, câu trả lời sẽ đến mọi người kiến nghị.`,
          en: `The petition is consolidated into ${petition.merged_into_code}: answer that one; the answer reaches every contributor.`,
        });
      if (petition.status === 'answered' || petition.status === 'closed' || hop?.state === 'answered')
        throw conflict({
          vi: 'Kiến nghị đã được trả lời. Chỉ có thể trả lời lại khi người kiến nghị mở lại và kiến nghị được chuyển xử lý lần nữa.',
          en: 'The petition has been answered. It can be answered again only after the petitioner reopens it and it is forwarded again.',
        });
      if (!hop || !OPEN_HOP.includes(hop.state))
        throw conflict({
          vi: 'Kiến nghị chưa được chuyển đến cơ quan, đại biểu nào (hoặc đã bị trả lại): hãy chuyển xử lý trước khi ghi nhận trả lời.',
          en: 'The petition is not with any recipient (or was returned): forward it before recording an answer.',
        });
      let documentId: string | null = null;
      if (input.documentId) {
        const found = await tx.execute<{ id: string; path: string; status: string }>(sql`
          SELECT d.id, u.path::text AS path, d.status FROM document d JOIN unit u ON u.id = d.unit_id
           WHERE d.id = ${input.documentId}`);
        const doc = found.rows[0];
        if (!doc || !isInScope(actor, 'documents.read', doc.path))
          throw badRequest(
            {
              vi: 'Không tìm thấy văn bản trả lời trong các văn bản bạn được xem: hãy chọn văn bản đã ban hành hoặc đã vào sổ.',
              en: 'The answer document was not found among the documents you may see: choose an issued or registered document.',
            },
            [{ path: 'body.documentId', message: 'Không tìm thấy văn bản (unknown document)' }],
          );
        if (NOT_AN_ANSWER.has(doc.status))
          throw badRequest(
            {
              vi: 'Văn bản này chưa ban hành, đã bị trả lại hoặc thu hồi nên không thể dùng làm văn bản trả lời.',
              en: 'This document is not issued, or was returned or recalled: it cannot stand as the answer.',
            },
            [{ path: 'body.documentId', message: `Trạng thái văn bản: ${doc.status}` }],
          );
        documentId = doc.id;
      }
      const inserted = await tx.execute<{ id: string }>(sql`
        INSERT INTO petition_answer (petition_id, forward_id, recipient_id, document_id, summary, answered_at, answered_by)
        VALUES (${petition.id}, ${hop.id}, ${hop.recipient_id}, ${documentId}, ${input.summary}, ${now.toISOString()},
                ${actor.staffId})
        RETURNING id`);
      const answerId = inserted.rows[0]!.id;
      await tx.execute(sql`
        UPDATE petition_forward SET state = 'answered', answered_at = ${now.toISOString()},
               accepted_at = coalesce(accepted_at, ${now.toISOString()}), acted_by = ${actor.staffId}
         WHERE id = ${hop.id}`);
      await tx.execute(sql`
        UPDATE petition SET status = 'answered', answered_at = ${now.toISOString()}, closed_at = NULL, updated_at = now()
         WHERE id = ${petition.id}`);
      const label = labelOf(hop);
      const onTime = now.getTime() <= new Date(hop.deadline_at).getTime();
      await recordPetitionEvent(tx, audit, {
        petitionId: petition.id,
        kind: 'answered',
        status: 'answered',
        publicNote: `${label} đã trả lời kiến nghị${onTime ? '' : ' (quá hạn)'}; nội dung trả lời được công bố sau khi Ban Thường trực xem xét.`,
        internalNote: input.summary,
        actorStaffId: actor.staffId,
        unitId: petition.unit_id,
        data: {
          answerId,
          forwardId: hop.id,
          recipientId: hop.recipient_id,
          documentId,
          onTime,
          onBehalf: !isMember,
        },
      });
      // Fan out: each consolidated petition's timeline says its group was answered.
      for (const member of await membersOfGroup(tx, petition.id))
        await recordPetitionEvent(tx, audit, {
          petitionId: member.id,
          kind: 'answered',
          status: member.status,
          publicNote: `Kiến nghị tổng hợp số ${petition.serial} đã được ${label} trả lời.`,
          actorStaffId: actor.staffId,
          unitId: member.unitId,
          data: { answerId, primaryId: petition.id },
        });
      const front = hop.forwarded_by ? [hop.forwarded_by] : await frontStaffToTell(tx, [petition.unit_id]);
      await notifier.notify(tx, {
        staffIds: front,
        unitId: petition.unit_id,
        kind: 'petition.answered',
        title: `${label} đã trả lời kiến nghị ${petition.tracking_code}`,
        body: 'Đề nghị xem xét và công bố câu trả lời.',
        link: petitionLink(petition.id),
      });
    });
    return routingOf(db, petitionId, now);
  }

  /**
   * Publishes the latest unpublished answer: it appears on the public page of the petition and of
   * every petition consolidated into it, and petitioners who asked to follow by e-mail get it.
   */
  async function publish(actor: Actor, petitionId: string, audit: AuditContext, now = new Date()) {
    const published = await db.transaction(async (tx) => {
      const petition = await lockPetition(tx, petitionId);
      if (!petition || !routesPetitionsOf(actor, petition.unit_path)) throw petitionNotFound();
      const latest = await tx.execute<{
        id: string;
        summary: string;
        published_at: Date | null;
        recipient_name: string | null;
        recipient_kind: RecipientKind | null;
        delegate_body: DelegateBody | null;
      }>(sql`
        SELECT a.id, a.summary, a.published_at, r.name AS recipient_name, r.kind AS recipient_kind, r.delegate_body
          FROM petition_answer a LEFT JOIN petition_recipient r ON r.id = a.recipient_id
         WHERE a.petition_id = ${petition.id}
         ORDER BY a.answered_at DESC, a.id DESC LIMIT 1`);
      const answer = latest.rows[0];
      if (!answer)
        throw conflict({
          vi: 'Kiến nghị chưa có câu trả lời để công bố.',
          en: 'The petition has no answer to publish.',
        });
      if (answer.published_at)
        throw conflict({
          vi: 'Câu trả lời đã được công bố trước đó.',
          en: 'The answer has already been published.',
        });
      await tx.execute(sql`
        UPDATE petition_answer SET published_at = ${now.toISOString()}, published_by = ${actor.staffId}
         WHERE id = ${answer.id}`);
      await tx.execute(sql`UPDATE petition SET updated_at = now() WHERE id = ${petition.id}`);
      const by = answer.recipient_name
        ? recipientLabel({
            kind: answer.recipient_kind!,
            name: answer.recipient_name,
            delegateBody: answer.delegate_body,
          })
        : null;
      const note = `Công bố trả lời${by ? ` của ${by}` : ''}: ${answer.summary}`;
      await recordPetitionEvent(tx, audit, {
        petitionId: petition.id,
        kind: 'answer_published',
        status: petition.status,
        publicNote: note,
        actorStaffId: actor.staffId,
        unitId: petition.unit_id,
        data: { answerId: answer.id },
      });
      for (const member of await membersOfGroup(tx, petition.id))
        await recordPetitionEvent(tx, audit, {
          petitionId: member.id,
          kind: 'answer_published',
          status: member.status,
          publicNote: note,
          actorStaffId: actor.staffId,
          unitId: member.unitId,
          data: { answerId: answer.id, primaryId: petition.id },
        });
      return { answer, by, petition };
    });
    // After commit: e-mail every contributor who asked to follow by e-mail (queued, retried).
    await mailFollowers(published.petition.id, published.by, published.answer.summary).catch(() => undefined);
    return routingOf(db, petitionId, now);
  }

  async function mailFollowers(petitionId: string, by: string | null, summary: string) {
    const group = await contributorsOf(db, petitionId);
    const following = group.filter((c) => c.followsByEmail).map((c) => c.id);
    if (following.length === 0) return;
    const people = await db.execute<{ email: string; tracking_code: string; unit_id: string }>(sql`
      SELECT pp.email, p.tracking_code, p.unit_id FROM petition_person pp JOIN petition p ON p.id = pp.petition_id
       WHERE pp.petition_id = ANY(${`{${following.join(',')}}`}::uuid[]) AND pp.notify_by_email
         AND pp.email IS NOT NULL AND pp.anonymised_at IS NULL`);
    for (const person of people.rows)
      await deps.mailer.send({
        to: person.email,
        subject: `Kiến nghị ${person.tracking_code} đã có trả lời`,
        text: [
          'Kính gửi cử tri,',
          '',
          `Kiến nghị mã ${person.tracking_code} của ông/bà đã có trả lời${by ? ` của ${by}` : ''}:`,
          '',
          summary,
          '',
          `Xem toàn văn, đánh giá mức độ hài lòng hoặc đề nghị xem xét lại: ${deps.publicUrl}/kien-nghi/${person.tracking_code}`,
          '',
          'Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam',
        ].join('\n'),
        unitId: person.unit_id,
      });
  }

  /** Petitions forwarded to the recipients the actor acts for (never anyone's personal data). */
  async function inbox(actor: Actor, query: z.infer<typeof inboxQuerySchema>, now = new Date()) {
    const where: SQL[] = [isMemberOf(actor, sql`f.recipient_id`)];
    if (query.state === 'open') where.push(sql`f.state IN ('forwarded', 'accepted')`);
    else if (query.state !== 'all') where.push(sql`f.state = ${query.state}`);
    if (query.recipientId) where.push(sql`f.recipient_id = ${query.recipientId}`);
    if (query.overdue === true)
      where.push(
        sql`f.state IN ('forwarded', 'accepted') AND f.deadline_at < ${now.toISOString()}::timestamptz`,
      );
    const condition = sql.join(where, sql` AND `);
    const [rows, total] = await Promise.all([
      db.execute<
        HopRow & {
          tracking_code: string;
          title: string;
          description: string;
          subject_name: string;
          competence_level: CompetenceLevel;
          unit_name: string;
          place: string | null;
          status: PetitionStatus;
          member_count: number;
        }
      >(sql`
        SELECT ${HOP_COLUMNS}, p.tracking_code, p.title, p.description, ps.name_vi AS subject_name, p.competence_level,
               pu.name AS unit_name, p.place, p.status,
               (SELECT count(*)::int FROM petition_merge m WHERE m.primary_id = p.id AND m.undone_at IS NULL) AS member_count
          FROM ${HOP_FROM} JOIN petition p ON p.id = f.petition_id JOIN unit pu ON pu.id = p.unit_id
          JOIN petition_subject ps ON ps.code = p.subject_code
         WHERE ${condition}
         ORDER BY (f.state IN ('forwarded', 'accepted')) DESC, f.deadline_at, f.id
         LIMIT ${query.limit} OFFSET ${query.offset}`),
      db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM petition_forward f WHERE ${condition}`),
    ]);
    return {
      items: rows.rows.map((row) => ({
        ...toHop(row, now),
        trackingCode: row.tracking_code,
        title: row.title,
        description: row.description,
        subjectName: row.subject_name,
        competenceLevel: row.competence_level,
        unitName: row.unit_name,
        place: row.place,
        status: row.status,
        contributorCount: 1 + row.member_count,
        note: row.note,
      })),
      total: total.rows[0]!.n,
    };
  }

  return {
    forward,
    withdraw,
    accept,
    returnToSender,
    answer,
    publish,
    inbox,
    routing: routingOf.bind(null, db),
  };
}

export type RoutingService = ReturnType<typeof createRoutingService>;

function notRoutable(status: PetitionStatus) {
  switch (status) {
    case 'draft':
      return conflict({
        vi: 'Kiến nghị còn chờ xác nhận: hãy xác nhận trước khi chuyển xử lý.',
        en: 'The petition is a draft: confirm it before forwarding.',
      });
    case 'answered':
    case 'closed':
      return conflict({
        vi: 'Kiến nghị đã được trả lời: chỉ chuyển xử lý lại khi người kiến nghị đề nghị xem xét lại (mở lại).',
        en: 'The petition has been answered: it is forwarded again only when the petitioner reopens it.',
      });
    case 'rejected':
      return conflict({
        vi: 'Kiến nghị đã bị từ chối tiếp nhận nên không thể chuyển xử lý.',
        en: 'The petition was rejected and cannot be forwarded.',
      });
    default:
      return conflict({
        vi: 'Kiến nghị không ở trạng thái có thể chuyển xử lý.',
        en: 'The petition cannot be forwarded in its current status.',
      });
  }
}

/** The petitions consolidated into `primaryId` (active merges), for fanning an answer out. */
async function membersOfGroup(tx: Queryable, primaryId: string) {
  const result = await tx.execute<{ id: string; unit_id: string; status: PetitionStatus }>(sql`
    SELECT id, unit_id, status FROM petition WHERE merged_into_id = ${primaryId} AND status = 'merged' ORDER BY id`);
  return result.rows.map((row) => ({ id: row.id, unitId: row.unit_id, status: row.status }));
}
