import { sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { publish } from '../../platform/realtime/index.ts';
import type { Notifier } from '../notifications/index.ts';
import { directiveTopic } from './directives.service.ts';

export const SWEEP_QUEUE = 'directives.sweep';
export const SWEEP_CRON = '* * * * *';
/** After a directive is sent: in-app/e-mail/push notices to the recipient units' staff (outside the request). */
export const NOTIFY_CREATED_QUEUE = 'directives.notify-created';

const MAX_NAMES_IN_SUMMARY = 20;

const formatDeadline = (at: Date) =>
  new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(at);

const link = (id: string) => `/directives/${id}`;

/**
 * Staff holding `directives.respond` through a role assigned at each unit (the unit's own staff
 * who answer for it), by unit: the people a directive and its reminders are for.
 */
async function respondersByUnit(tx: Queryable, unitIds: string[]) {
  if (unitIds.length === 0) return new Map<string, string[]>();
  const result = await tx.execute<{ unit_id: string; staff_ids: string[] }>(sql`
    SELECT ra.unit_id, array_agg(DISTINCT ra.staff_id::text) AS staff_ids
      FROM role_assignment ra JOIN role ro ON ro.id = ra.role_id JOIN staff s ON s.id = ra.staff_id
     WHERE ra.unit_id = ANY(${`{${unitIds.join(',')}}`}::uuid[]) AND s.status = 'active'
       AND 'directives.respond' = ANY(ro.permissions)
     GROUP BY ra.unit_id`);
  return new Map(result.rows.map((row) => [row.unit_id, row.staff_ids]));
}

/** Notifies each recipient unit's responders that a directive arrived (urgent ones bypass digests). */
export async function notifyCreated(db: Database, notifier: Notifier, directiveId: string) {
  await db.transaction(async (tx) => {
    const found = await tx.execute<{ title: string; deadline: Date; urgent: boolean; sender: string }>(sql`
      SELECT d.title, d.deadline, d.urgent, su.name AS sender FROM directive d JOIN unit su ON su.id = d.sender_unit_id
       WHERE d.id = ${directiveId} AND d.cancelled_at IS NULL`);
    const directive = found.rows[0];
    if (!directive) return;
    const units = await tx.execute<{ unit_id: string }>(
      sql`SELECT unit_id FROM directive_recipient WHERE directive_id = ${directiveId}`,
    );
    const responders = await respondersByUnit(
      tx,
      units.rows.map((r) => r.unit_id),
    );
    for (const [unitId, staffIds] of responders) {
      await notifier.notify(tx, {
        staffIds,
        unitId,
        kind: 'directive.new',
        title: `Chỉ đạo mới: ${directive.title}`,
        body: `${directive.sender} — hạn ${formatDeadline(new Date(directive.deadline))}`,
        link: link(directiveId),
        urgent: directive.urgent,
      });
    }
  });
}

export interface SweepResult {
  /** Recipient rows reminded in this run. */
  reminded: number;
  /** Recipient rows escalated in this run (each row once ever). */
  escalated: number;
}

/**
 * The periodic sweep (every minute), set-based: reminders before the deadline to units that have
 * not acknowledged, and escalation of overdue units to their leaders and to the sender's summary.
 * Each reminder offset and each escalation happens once per recipient row, whatever the number of
 * runs or instances (rows are marked by the same UPDATE that selects them).
 */
export async function sweepDirectives(db: Database, notifier: Notifier, now: Date): Promise<SweepResult> {
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    // Reminders: the offsets due by now (and after the directive was sent) not yet sent to the row.
    const reminders = await tx.execute<{
      directive_id: string;
      unit_id: string;
      title: string;
      deadline: Date;
      urgent: boolean;
    }>(sql`
      WITH due AS (
        SELECT r.directive_id, r.unit_id,
               (SELECT count(*)::int FROM unnest(d.remind_before_minutes) m
                 WHERE d.deadline - make_interval(mins => m) <= ${at}::timestamptz
                   AND d.deadline - make_interval(mins => m) > d.created_at) AS due_count
          FROM directive d JOIN directive_recipient r ON r.directive_id = d.id
         WHERE d.cancelled_at IS NULL AND d.deadline > ${at}::timestamptz
           AND d.deadline <= ${at}::timestamptz + interval '15 days'
           AND r.status IN ('sent', 'seen'))
      UPDATE directive_recipient r SET reminders_sent = due.due_count, reminded_at = ${at}::timestamptz
        FROM due JOIN directive d ON d.id = due.directive_id
       WHERE r.directive_id = due.directive_id AND r.unit_id = due.unit_id AND due.due_count > r.reminders_sent
      RETURNING r.directive_id, r.unit_id, d.title, d.deadline, d.urgent`);
    const responders = await respondersByUnit(tx, [...new Set(reminders.rows.map((r) => r.unit_id))]);
    for (const row of reminders.rows) {
      const staffIds = responders.get(row.unit_id);
      if (!staffIds?.length) continue;
      await notifier.notify(tx, {
        staffIds,
        unitId: row.unit_id,
        kind: 'directive.reminder',
        title: `Nhắc việc: chỉ đạo "${row.title}" sắp đến hạn`,
        body: `Hạn xác nhận: ${formatDeadline(new Date(row.deadline))}. Đơn vị chưa xác nhận.`,
        link: link(row.directive_id),
        urgent: row.urgent,
      });
    }

    // Escalation: overdue rows still owing an acknowledgement, marked once.
    const overdue = await tx.execute<{
      directive_id: string;
      unit_id: string;
      unit_name: string;
      title: string;
      sender_staff_id: string;
      sender_unit_id: string;
      leader_ids: string[];
    }>(sql`
      WITH marked AS (
        UPDATE directive_recipient r SET escalated_at = ${at}::timestamptz
          FROM directive d
         WHERE d.id = r.directive_id AND d.cancelled_at IS NULL AND d.deadline < ${at}::timestamptz
           AND r.status IN ('sent', 'seen') AND r.escalated_at IS NULL
        RETURNING r.directive_id, r.unit_id)
      SELECT m.directive_id, m.unit_id, u.name AS unit_name, d.title, d.sender_staff_id, d.sender_unit_id,
             coalesce(
               (SELECT array_agg(DISTINCT ra.staff_id::text) FROM role_assignment ra JOIN staff s ON s.id = ra.staff_id
                 WHERE ra.unit_id = m.unit_id AND ra.role_id = 'leader' AND s.status = 'active'),
               (SELECT array_agg(DISTINCT ra.staff_id::text) FROM role_assignment ra
                  JOIN role ro ON ro.id = ra.role_id JOIN staff s ON s.id = ra.staff_id
                 WHERE ra.unit_id = m.unit_id AND 'directives.send' = ANY(ro.permissions) AND s.status = 'active'),
               '{}') AS leader_ids
        FROM marked m JOIN directive d ON d.id = m.directive_id JOIN unit u ON u.id = m.unit_id
       ORDER BY m.directive_id, u.path`);
    const byDirective = new Map<string, typeof overdue.rows>();
    for (const row of overdue.rows) {
      if (row.leader_ids.length > 0)
        await notifier.notify(tx, {
          staffIds: row.leader_ids,
          unitId: row.unit_id,
          kind: 'directive.escalation',
          title: `Quá hạn: ${row.unit_name} chưa xác nhận chỉ đạo "${row.title}"`,
          body: 'Đã quá hạn xác nhận chỉ đạo. Đề nghị đồng chí đôn đốc đơn vị xác nhận và báo cáo.',
          link: link(row.directive_id),
          urgent: true,
        });
      const rows = byDirective.get(row.directive_id) ?? [];
      rows.push(row);
      byDirective.set(row.directive_id, rows);
    }
    // The sender's summary: one notice per directive per run, listing the overdue units.
    for (const [directiveId, rows] of byDirective) {
      const first = rows[0]!;
      const names = rows.slice(0, MAX_NAMES_IN_SUMMARY).map((r) => r.unit_name);
      const more = rows.length - names.length;
      await notifier.notify(tx, {
        staffIds: [first.sender_staff_id],
        unitId: first.sender_unit_id,
        kind: 'directive.overdue_summary',
        title: `Chỉ đạo "${first.title}": ${rows.length} đơn vị quá hạn chưa xác nhận`,
        body: `${names.join('; ')}${more > 0 ? `; và ${more} đơn vị khác` : ''}.`,
        link: link(directiveId),
        urgent: true,
      });
      await publish(tx, directiveTopic(directiveId), { type: 'escalated', count: rows.length });
    }
    return { reminded: reminders.rows.length, escalated: overdue.rows.length };
  });
}

export interface AcknowledgementRate {
  /** Recipient rows whose deadline fell in the window and that were due (deadline passed, or acknowledged). */
  due: number;
  onTime: number;
  late: number;
  /** Due and still not acknowledged. */
  missing: number;
  /** onTime / due, or null when nothing was due. */
  rate: number | null;
}

/**
 * The on-time acknowledgement rate of recipient units over directives whose deadline lies in
 * [from, to) (cancelled ones left out): on time = acknowledged no later than the deadline. For the
 * scorecard; `unitIds` restricts it to those recipient units; `now` (default the clock) decides what is due.
 */
export async function acknowledgementRate(
  db: Queryable,
  options: { unitIds?: string[]; from: Date; to: Date; now?: Date },
): Promise<AcknowledgementRate> {
  const units = options.unitIds
    ? sql`AND r.unit_id = ANY(${`{${options.unitIds.join(',')}}`}::uuid[])`
    : sql``;
  const result = await db.execute<{ due: number; on_time: number; late: number; missing: number }>(sql`
    SELECT count(*)::int AS due,
           count(*) FILTER (WHERE r.on_time)::int AS on_time,
           count(*) FILTER (WHERE r.on_time = false)::int AS late,
           count(*) FILTER (WHERE r.acknowledged_at IS NULL)::int AS missing
      FROM directive_recipient r JOIN directive d ON d.id = r.directive_id
     WHERE d.cancelled_at IS NULL
       AND d.deadline >= ${options.from.toISOString()}::timestamptz AND d.deadline < ${options.to.toISOString()}::timestamptz
       AND (d.deadline <= ${(options.now ?? new Date()).toISOString()}::timestamptz OR r.acknowledged_at IS NOT NULL) ${units}`);
  const row = result.rows[0]!;
  return {
    due: row.due,
    onTime: row.on_time,
    late: row.late,
    missing: row.missing,
    rate: row.due === 0 ? null : row.on_time / row.due,
  };
}
