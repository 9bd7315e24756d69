import type { DelegateBody, RecipientKind } from '@mts/contracts';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { systemAuditContext } from '../../platform/audit/index.ts';
import type { Notifier } from '../notifications/index.ts';
import { vietnamDayOf } from './deadlines.ts';
import type { PetitionStatus } from './petitions.schema.ts';
import { recipientLabel } from './recipients.service.ts';
import { formatDay, frontStaffToTell } from './routing.service.ts';
import { recordPetitionEvent } from './timeline.ts';

export const SWEEP_QUEUE = 'petitions.sweep';
/** Every 15 minutes: deadlines end at midnight, reminders are by the day — no need for a tighter clock. */
export const SWEEP_CRON = '*/15 * * * *';

/** A reminder goes out this long before the deadline (or half-way through a shorter period). */
export const REMIND_BEFORE_DAYS = 7;

export interface SweepResult {
  /** Hops whose recipient was reminded in this run (each hop once). */
  reminded: number;
  /** Overdue hops escalated in this run (each hop once). */
  escalated: number;
}

type DueHop = {
  forward_id: string;
  petition_id: string;
  tracking_code: string;
  serial: number;
  title: string;
  petition_unit_id: string;
  status: PetitionStatus;
  recipient_id: string;
  recipient_name: string;
  recipient_kind: RecipientKind;
  delegate_body: DelegateBody | null;
  recipient_unit_id: string;
  deadline_at: Date;
  forwarded_by: string | null;
  forwarding_unit_id: string;
  member_ids: string[];
};

/** The hop's petition, recipient, members and the Front committee that forwarded it. */
const DUE_COLUMNS = sql`f.id AS forward_id, p.id AS petition_id, p.tracking_code, p.serial::int AS serial, p.title,
  p.unit_id AS petition_unit_id, p.status, r.id AS recipient_id, r.name AS recipient_name, r.kind AS recipient_kind,
  r.delegate_body, r.unit_id AS recipient_unit_id, f.deadline_at, f.forwarded_by,
  coalesce(CASE WHEN fu.kind IN ('department', 'standing_board') THEN fu.parent_id ELSE fu.id END, p.unit_id)
    AS forwarding_unit_id,
  coalesce((SELECT array_agg(m.staff_id::text) FROM petition_recipient_member m JOIN staff ms ON ms.id = m.staff_id
             WHERE m.recipient_id = r.id AND ms.status = 'active'), '{}') AS member_ids`;
const DUE_FROM = sql`marked f JOIN petition p ON p.id = f.petition_id JOIN petition_recipient r ON r.id = f.recipient_id
  LEFT JOIN staff fs ON fs.id = f.forwarded_by LEFT JOIN unit fu ON fu.id = fs.unit_id`;

const dayOf = (at: Date) => formatDay(vietnamDayOf(new Date(at)));
const label = (hop: DueHop) =>
  recipientLabel({ kind: hop.recipient_kind, name: hop.recipient_name, delegateBody: hop.delegate_body });

/**
 * The periodic sweep over hops still waiting on their recipient (forwarded or accepted):
 * - a reminder to the recipient's members once the deadline is REMIND_BEFORE_DAYS away (or half
 *   the period, when shorter), stamped `reminded_at`;
 * - once overdue, escalation to the leaders of the Front committee that forwarded it (and the
 *   forwarding cadre), an urgent notice to the recipient's members, and a public timeline note,
 *   stamped `escalated_at`.
 * Set-based: the UPDATE that stamps a hop is the one that selects it, so each happens once per
 * hop whatever the number of runs or instances. "Overdue" itself is derived, never stored:
 * deadline_at < now and the hop still open.
 */
export async function sweepPetitions(db: Database, notifier: Notifier, now: Date): Promise<SweepResult> {
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const reminders = await tx.execute<DueHop>(sql`
      WITH marked AS (
        UPDATE petition_forward f SET reminded_at = ${at}::timestamptz
         WHERE f.state IN ('forwarded', 'accepted') AND f.reminded_at IS NULL
           AND f.deadline_at > ${at}::timestamptz
           AND f.deadline_at - LEAST(make_interval(days => ${REMIND_BEFORE_DAYS}), (f.deadline_at - f.forwarded_at) / 2)
               <= ${at}::timestamptz
        RETURNING f.*)
      SELECT ${DUE_COLUMNS} FROM ${DUE_FROM} ORDER BY f.deadline_at, f.id`);
    for (const hop of reminders.rows)
      await notifier.notify(tx, {
        staffIds: hop.member_ids,
        unitId: hop.recipient_unit_id,
        kind: 'petition.reminder',
        title: `Nhắc hạn: kiến nghị "${hop.title}" cần trả lời trước ${dayOf(hop.deadline_at)}`,
        body: `${label(hop)} — mã ${hop.tracking_code}. Đề nghị trả lời đúng hạn.`,
        link: `/petitions/inbox?forward=${hop.forward_id}`,
      });

    const overdue = await tx.execute<DueHop>(sql`
      WITH marked AS (
        UPDATE petition_forward f SET escalated_at = ${at}::timestamptz
         WHERE f.state IN ('forwarded', 'accepted') AND f.escalated_at IS NULL AND f.deadline_at < ${at}::timestamptz
        RETURNING f.*)
      SELECT ${DUE_COLUMNS} FROM ${DUE_FROM} ORDER BY f.deadline_at, f.id`);
    for (const hop of overdue.rows) {
      const deadline = dayOf(hop.deadline_at);
      const leaders = await frontStaffToTell(tx, [hop.forwarding_unit_id]);
      await notifier.notify(tx, {
        staffIds: hop.forwarded_by ? [...leaders, hop.forwarded_by] : leaders,
        unitId: hop.forwarding_unit_id,
        kind: 'petition.escalation',
        title: `Quá hạn: ${label(hop)} chưa trả lời kiến nghị "${hop.title}"`,
        body: `Hạn trả lời ${deadline} đã qua (mã ${hop.tracking_code}). Đề nghị đồng chí đôn đốc.`,
        link: `/petitions/${hop.petition_id}`,
        urgent: true,
      });
      await notifier.notify(tx, {
        staffIds: hop.member_ids,
        unitId: hop.recipient_unit_id,
        kind: 'petition.overdue',
        title: `Quá hạn trả lời kiến nghị "${hop.title}"`,
        body: `Hạn trả lời ${deadline} đã qua. Đề nghị trả lời ngay.`,
        link: `/petitions/inbox?forward=${hop.forward_id}`,
        urgent: true,
      });
      await recordPetitionEvent(tx, systemAuditContext, {
        petitionId: hop.petition_id,
        kind: 'overdue',
        status: hop.status,
        publicNote: `Đã quá hạn trả lời (${deadline}); Ban Thường trực đã đôn đốc ${label(hop)}.`,
        unitId: hop.petition_unit_id,
        data: {
          forwardId: hop.forward_id,
          recipientId: hop.recipient_id,
          deadlineAt: new Date(hop.deadline_at).toISOString(),
        },
      });
    }
    return { reminded: reminders.rows.length, escalated: overdue.rows.length };
  });
}
