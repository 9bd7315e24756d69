import type { DelegateBody, RecipientKind, Scorecard } from '@mts/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { CompetenceLevel } from './petitions.schema.ts';
import { recipientLabel } from './recipients.service.ts';

/**
 * Scorecards per recipient — each agency and each delegate — over the petitions forwarded to it in
 * [from, to): what it received, returned and answered, how many answers came by the deadline, the
 * median days to answer, how many of its petitions consolidated repeats, and what voters thought of
 * the answers. Public figures (recipients are public bodies); no petitioner data is read.
 *
 * Indexes: petition_forward (forwarded_at) for the window; petition_merge (primary_id) for repeats;
 * petition_answer (forward_id) and petition_rating (answer_id) for satisfaction.
 */
export interface ScorecardOptions {
  /** Only recipients serving this unit's subtree (recipient.unit_id under it). */
  unitId?: string;
  /** Forwarded on or after (default: 365 days before `to`). */
  from?: Date;
  /** Forwarded before (default: now). */
  to?: Date;
  kind?: RecipientKind;
  /** What "overdue" is judged against (default: the clock). */
  now?: Date;
}

type Row = {
  recipient_id: string;
  kind: RecipientKind;
  name: string;
  level: CompetenceLevel;
  unit_id: string;
  unit_name: string;
  delegate_body: DelegateBody | null;
  term: string | null;
  constituency: string | null;
  received: number;
  returned: number;
  answered: number;
  answered_on_time: number;
  overdue: number;
  median_days: number | null;
  repeats: number;
  rated: number;
  satisfied: number;
};

const ratio = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;

export async function scorecards(
  db: Queryable,
  options: ScorecardOptions = {},
): Promise<{ from: string; to: string; items: Scorecard[] }> {
  const to = options.to ?? new Date();
  const from = options.from ?? new Date(to.getTime() - 365 * 86_400_000);
  const now = (options.now ?? new Date()).toISOString();
  const filters: SQL[] = [sql`(r.is_active OR coalesce(h.received, 0) > 0)`];
  if (options.unitId) filters.push(sql`u.path <@ (SELECT path FROM unit WHERE id = ${options.unitId})`);
  if (options.kind) filters.push(sql`r.kind = ${options.kind}`);
  const result = await db.execute<Row>(sql`
    WITH hop AS (
      SELECT f.recipient_id, f.petition_id, f.state, f.forwarded_at, f.deadline_at, f.answered_at,
             EXISTS (SELECT 1 FROM petition_merge m WHERE m.primary_id = f.petition_id AND m.undone_at IS NULL)
               AS consolidated
        FROM petition_forward f
       WHERE f.forwarded_at >= ${from.toISOString()}::timestamptz AND f.forwarded_at < ${to.toISOString()}::timestamptz
    ), by_recipient AS (
      SELECT recipient_id,
             count(DISTINCT petition_id)::int AS received,
             count(*) FILTER (WHERE state = 'returned')::int AS returned,
             count(*) FILTER (WHERE state = 'answered')::int AS answered,
             count(*) FILTER (WHERE state = 'answered' AND answered_at <= deadline_at)::int AS answered_on_time,
             count(*) FILTER (WHERE state IN ('forwarded', 'accepted') AND deadline_at < ${now}::timestamptz)::int
               AS overdue,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - forwarded_at)::float8 / 86400)
               FILTER (WHERE state = 'answered') AS median_days,
             count(DISTINCT petition_id) FILTER (WHERE consolidated)::int AS repeats
        FROM hop GROUP BY recipient_id
    ), rating AS (
      SELECT a.recipient_id, count(*)::int AS rated, count(*) FILTER (WHERE pr.satisfied)::int AS satisfied
        FROM petition_rating pr
        JOIN petition_answer a ON a.id = pr.answer_id
        JOIN petition_forward f ON f.id = a.forward_id
       WHERE f.forwarded_at >= ${from.toISOString()}::timestamptz AND f.forwarded_at < ${to.toISOString()}::timestamptz
       GROUP BY a.recipient_id
    )
    SELECT r.id AS recipient_id, r.kind, r.name, r.level, r.unit_id, u.name AS unit_name, r.delegate_body, r.term,
           r.constituency, coalesce(h.received, 0) AS received, coalesce(h.returned, 0) AS returned,
           coalesce(h.answered, 0) AS answered, coalesce(h.answered_on_time, 0) AS answered_on_time,
           coalesce(h.overdue, 0) AS overdue, h.median_days, coalesce(h.repeats, 0) AS repeats,
           coalesce(g.rated, 0) AS rated, coalesce(g.satisfied, 0) AS satisfied
      FROM petition_recipient r
      JOIN unit u ON u.id = r.unit_id
      LEFT JOIN by_recipient h ON h.recipient_id = r.id
      LEFT JOIN rating g ON g.recipient_id = r.id
     WHERE ${sql.join(filters, sql` AND `)}
     ORDER BY CASE r.level WHEN 'central' THEN 0 WHEN 'province' THEN 1 ELSE 2 END, r.kind, r.name, r.id`);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    items: result.rows.map((row) => ({
      recipientId: row.recipient_id,
      kind: row.kind,
      name: row.name,
      label: recipientLabel({ kind: row.kind, name: row.name, delegateBody: row.delegate_body }),
      level: row.level,
      unitId: row.unit_id,
      unitName: row.unit_name,
      delegateBody: row.delegate_body,
      term: row.term,
      constituency: row.constituency,
      received: row.received,
      returned: row.returned,
      answered: row.answered,
      answeredOnTime: row.answered_on_time,
      overdue: row.overdue,
      onTimeRate: ratio(row.answered_on_time, row.answered + row.overdue),
      medianDays: row.median_days === null ? null : Math.round(Number(row.median_days) * 10) / 10,
      repeats: row.repeats,
      repeatRate: ratio(row.repeats, row.received),
      rated: row.rated,
      satisfied: row.satisfied,
      satisfactionRate: ratio(row.satisfied, row.rated),
    })),
  };
}
