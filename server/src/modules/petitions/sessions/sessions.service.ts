import { createHash } from 'node:crypto';
import {
  type CreateVoterSession,
  type RaiseSessionPetition,
  type UpdateVoterSession,
  type VoterSession,
  type VoterSessionAttendance,
  type VoterSessionDetail,
  type VoterSessionInviteeInput,
  type VoterSessionMinutes,
  type VoterSessionPetition,
  type VoterSessionWarning,
  voterSessionWhereRules,
} from '@mts/contracts';
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Queryable } from '../../../db/client.ts';
import { type AuditContext, recordAudit } from '../../../platform/audit/index.ts';
import { AppError, badRequest, conflict, notFound } from '../../../platform/errors/index.ts';
import type { PlatformDeps } from '../../../platform/http/index.ts';
import type { MailMessage } from '../../../platform/mail/index.ts';
import {
  type Actor,
  isInScope,
  pathWithin,
  scopePaths,
  UUID_PATTERN,
} from '../../../platform/policy/index.ts';
import type { Notifier } from '../../notifications/index.ts';
import { createPetition } from '../intake.ts';
import type { PetitionStatus } from '../petitions.schema.ts';
import { recordPetitionEvent } from '../timeline.ts';
import { vietnamDate, vietnamDateTime, vietnamPeriod } from './format.ts';
import {
  HOLIDAY_WINDOW_DAYS,
  holidaysBetween,
  shiftDay,
  vietnamDay,
  workingDaysBefore,
} from './working-days.ts';

/** NQLT 72/2025 Art. 32: the standing board is notified at least three working days ahead. */
export const NOTICE_WORKING_DAYS = 3;

const notFoundSession = () =>
  notFound({ vi: 'Không tìm thấy hội nghị tiếp xúc cử tri.', en: 'Voter-contact session not found.' });

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

type SessionRow = {
  id: string;
  unit_id: string;
  unit_name: string;
  unit_path: string;
  title: string;
  level: VoterSession['level'];
  mode: VoterSession['mode'];
  place: string | null;
  online_url: string | null;
  starts_at: Date;
  ends_at: Date;
  term: string | null;
  assembly_session: string | null;
  status: VoterSession['status'];
  notified_at: Date | null;
  notice_late: boolean | null;
  voter_count: number | null;
  attendance_at: Date | null;
  minutes_summary: string | null;
  minutes_opinions: string | null;
  minutes_responses: string | null;
  minutes_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  petition_count: number;
  created_at: Date;
  updated_at: Date;
};

const SESSION_COLUMNS = sql`s.id, s.unit_id, u.name AS unit_name, u.path::text AS unit_path, s.title, s.level, s.mode,
  s.place, s.online_url, s.starts_at, s.ends_at, s.term, s.assembly_session, s.status, s.notified_at, s.notice_late,
  s.voter_count, s.attendance_at, s.minutes_summary, s.minutes_opinions, s.minutes_responses, s.minutes_at,
  s.cancelled_at, s.cancel_reason, s.created_at, s.updated_at,
  (SELECT count(*)::int FROM petition p WHERE p.session_id = s.id) AS petition_count`;
const SESSION_FROM = sql`petition_session s JOIN unit u ON u.id = s.unit_id`;

/** The session day (Vietnam) and the last day on which notifying the standing board is on time. */
async function noticeDueBy(db: Queryable, startsAt: Date | string) {
  const day = vietnamDay(new Date(startsAt));
  const holidays = await holidaysBetween(db, shiftDay(day, -HOLIDAY_WINDOW_DAYS), day);
  return workingDaysBefore(day, NOTICE_WORKING_DAYS, holidays);
}

function toSession(row: SessionRow, dueBy: string): VoterSession {
  return {
    id: row.id,
    unitId: row.unit_id,
    unitName: row.unit_name,
    title: row.title,
    level: row.level,
    mode: row.mode,
    place: row.place,
    onlineUrl: row.online_url,
    startsAt: iso(row.starts_at)!,
    endsAt: iso(row.ends_at)!,
    term: row.term,
    assemblySession: row.assembly_session,
    status: row.status,
    noticeDueBy: dueBy,
    notifiedAt: iso(row.notified_at),
    noticeLate: row.notice_late,
    voterCount: row.voter_count,
    attendanceAt: iso(row.attendance_at),
    minutes:
      row.minutes_at && row.minutes_summary !== null
        ? {
            summary: row.minutes_summary,
            opinions: row.minutes_opinions ?? '',
            responses: row.minutes_responses ?? '',
            at: iso(row.minutes_at)!,
          }
        : null,
    cancelledAt: iso(row.cancelled_at),
    cancelReason: row.cancel_reason,
    petitionCount: row.petition_count,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

/** Warnings shown with a session: a notice that is (or will be) fewer than three working days ahead. */
function warningsOf(session: VoterSession, now: Date): VoterSessionWarning[] {
  if (session.status !== 'planned') return [];
  const due = vietnamDate(session.noticeDueBy);
  if (session.notifiedAt)
    return session.noticeLate
      ? [
          {
            code: 'NOTICE_LATE',
            vi: `Ban Thường trực được thông báo muộn: chưa đủ ${NOTICE_WORKING_DAYS} ngày làm việc trước hội nghị (hạn ${due}; NQLT 72/2025, Điều 32).`,
            en: `The standing board was notified late: fewer than ${NOTICE_WORKING_DAYS} working days before the session (due ${session.noticeDueBy}).`,
          },
        ]
      : [];
  if (vietnamDay(now) > session.noticeDueBy)
    return [
      {
        code: 'NOTICE_LATE',
        vi: `Hội nghị diễn ra sau chưa đầy ${NOTICE_WORKING_DAYS} ngày làm việc: hạn thông báo Ban Thường trực là ${due} (NQLT 72/2025, Điều 32). Hãy thông báo ngay.`,
        en: `The session is fewer than ${NOTICE_WORKING_DAYS} working days away: the standing board should have been notified by ${session.noticeDueBy}. Notify it now.`,
      },
    ];
  return [
    {
      code: 'NOT_NOTIFIED',
      vi: `Chưa thông báo Ban Thường trực; hạn chót ${due}.`,
      en: `The standing board has not been notified yet; due by ${session.noticeDueBy}.`,
    },
  ];
}

/** `a` and `b` lie on one branch of the tree: one is the other or below it. */
const onOneBranch = (a: SQL, b: SQL) => sql`(${a} <@ ${b} OR ${a} @> ${b})`;

/** The same where/when rules as the create schema, on a merged (changed) session. */
const whereRules = z
  .object({
    mode: z.enum(['onsite', 'online', 'hybrid']),
    place: z.string().nullable(),
    onlineUrl: z.string().nullable(),
    startsAt: z.string(),
    endsAt: z.string(),
  })
  .superRefine(voterSessionWhereRules);

function checkWhere(value: {
  mode: VoterSession['mode'];
  place: string | null;
  onlineUrl: string | null;
  startsAt: string;
  endsAt: string;
}) {
  const parsed = whereRules.safeParse(value);
  if (!parsed.success)
    throw new AppError('VALIDATION_FAILED', {
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
}

/**
 * Staff to notify for a unit: holders of the `leader` role at the unit or at its standing board
 * (ban thường trực), else holders of `permission` there.
 */
async function leadersOf(tx: Queryable, unitId: string, permission: string): Promise<string[]> {
  const result = await tx.execute<{ ids: string[] }>(sql`
    WITH board AS (
      SELECT id FROM unit WHERE id = ${unitId}
      UNION SELECT id FROM unit WHERE parent_id = ${unitId} AND kind = 'standing_board' AND status = 'active')
    SELECT coalesce(
      (SELECT array_agg(DISTINCT ra.staff_id::text) FROM role_assignment ra JOIN staff s ON s.id = ra.staff_id
        WHERE ra.unit_id IN (SELECT id FROM board) AND ra.role_id = 'leader' AND s.status = 'active'),
      (SELECT array_agg(DISTINCT ra.staff_id::text) FROM role_assignment ra JOIN role ro ON ro.id = ra.role_id
         JOIN staff s ON s.id = ra.staff_id
        WHERE ra.unit_id IN (SELECT id FROM board) AND ${permission} = ANY(ro.permissions) AND s.status = 'active'),
      '{}') AS ids`);
  return result.rows[0]?.ids ?? [];
}

export interface ReportData {
  session: VoterSession;
  delegates: VoterSessionDetail['delegates'];
  invitees: VoterSessionDetail['invitees'];
  petitions: Array<VoterSessionPetition & { subjectOrder: number }>;
}

export function createSessionsService(
  deps: Pick<PlatformDeps, 'db' | 'mailer' | 'config'>,
  notifier: Notifier,
) {
  const db: Database = deps.db;

  async function loadRow(tx: Queryable, id: string, lock = false): Promise<SessionRow> {
    if (!UUID_PATTERN.test(id)) throw notFoundSession();
    if (lock) await tx.execute(sql`SELECT 1 FROM petition_session WHERE id = ${id} FOR UPDATE`);
    const result = await tx.execute<SessionRow>(
      sql`SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.id = ${id}`,
    );
    const row = result.rows[0];
    if (!row) throw notFoundSession();
    return row;
  }

  /** Delegates must exist, be active delegates, and serve an area on the organising unit's branch. */
  async function checkDelegates(tx: Queryable, ids: readonly string[], unitPath: string) {
    if (ids.length === 0) return;
    const result = await tx.execute<{ id: string }>(sql`
      SELECT r.id FROM petition_recipient r JOIN unit u ON u.id = r.unit_id
       WHERE r.id = ANY(${uuidArray(ids)}::uuid[]) AND r.kind = 'delegate' AND r.is_active
         AND ${onOneBranch(sql`u.path`, sql`${unitPath}::ltree`)}`);
    const found = new Set(result.rows.map((row) => row.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length)
      throw badRequest(
        {
          vi: 'Không tìm thấy đại biểu đã chọn (hoặc đại biểu không thuộc địa bàn của đơn vị tổ chức): hãy chọn lại đại biểu Quốc hội, HĐND từ danh sách.',
          en: "Unknown delegate (or a delegate outside the organising unit's area): choose delegates from the list.",
        },
        missing.map((id) => ({
          path: 'delegateIds',
          message: `Không tìm thấy đại biểu ${id} (unknown delegate)`,
        })),
      );
  }

  /** Invited units and staff lie on the organising unit's branch; recipients exist. */
  async function checkInvitees(
    tx: Queryable,
    invitees: readonly VoterSessionInviteeInput[],
    unitPath: string,
  ) {
    const ids = (kind: VoterSessionInviteeInput['kind']) =>
      invitees.flatMap((i) =>
        i.kind === kind
          ? [
              i.kind === 'unit'
                ? i.unitId
                : i.kind === 'staff'
                  ? i.staffId
                  : i.kind === 'recipient'
                    ? i.recipientId
                    : '',
            ]
          : [],
      );
    const units = ids('unit');
    const staffIds = ids('staff');
    const recipients = ids('recipient');
    const result = await tx.execute<{ id: string }>(sql`
      SELECT u.id FROM unit u WHERE u.id = ANY(${uuidArray(units)}::uuid[]) AND u.status = 'active'
         AND ${onOneBranch(sql`u.path`, sql`${unitPath}::ltree`)}
      UNION ALL
      SELECT s.id FROM staff s JOIN unit u ON u.id = s.unit_id
       WHERE s.id = ANY(${uuidArray(staffIds)}::uuid[]) AND s.status = 'active'
         AND ${onOneBranch(sql`u.path`, sql`${unitPath}::ltree`)}
      UNION ALL
      SELECT r.id FROM petition_recipient r WHERE r.id = ANY(${uuidArray(recipients)}::uuid[]) AND r.is_active`);
    const found = new Set(result.rows.map((row) => row.id));
    const missing = [...units, ...staffIds, ...recipients].filter((id) => !found.has(id));
    if (missing.length)
      throw badRequest(
        {
          vi: 'Không tìm thấy đơn vị, cán bộ hoặc cơ quan được mời (hoặc ngoài địa bàn của đơn vị tổ chức): hãy chọn lại khách mời.',
          en: "Unknown invited unit, staff member or agency (or outside the organising unit's area).",
        },
        missing.map((id) => ({ path: 'invitees', message: `Không tìm thấy ${id} (not found)` })),
      );
  }

  const inviteeKey = (i: VoterSessionInviteeInput) =>
    i.kind === 'unit'
      ? `unit:${i.unitId}`
      : i.kind === 'staff'
        ? `staff:${i.staffId}`
        : i.kind === 'recipient'
          ? `recipient:${i.recipientId}`
          : `person:${i.name.toLowerCase()}:${(i.email ?? '').toLowerCase()}`;

  /** Replaces the invitation list, keeping the rows (and their invited_at) of invitees still listed. */
  async function writeInvitees(
    tx: Queryable,
    sessionId: string,
    invitees: readonly VoterSessionInviteeInput[],
  ) {
    const existing = await tx.execute<{
      id: string;
      kind: VoterSessionInviteeInput['kind'];
      unit_id: string | null;
      staff_id: string | null;
      recipient_id: string | null;
      name: string | null;
      email: string | null;
    }>(sql`SELECT id, kind, unit_id, staff_id, recipient_id, name, email FROM petition_session_invitee
            WHERE session_id = ${sessionId}`);
    const wanted = new Map(invitees.map((i) => [inviteeKey(i), i]));
    const kept = new Set<string>();
    const drop: string[] = [];
    for (const row of existing.rows) {
      const key =
        row.kind === 'unit'
          ? `unit:${row.unit_id}`
          : row.kind === 'staff'
            ? `staff:${row.staff_id}`
            : row.kind === 'recipient'
              ? `recipient:${row.recipient_id}`
              : `person:${(row.name ?? '').toLowerCase()}:${(row.email ?? '').toLowerCase()}`;
      if (wanted.has(key) && !kept.has(key)) kept.add(key);
      else drop.push(row.id);
    }
    if (drop.length)
      await tx.execute(sql`DELETE FROM petition_session_invitee WHERE id = ANY(${uuidArray(drop)}::uuid[])`);
    for (const [key, i] of wanted) {
      if (kept.has(key)) continue;
      await tx.execute(sql`
        INSERT INTO petition_session_invitee (session_id, kind, unit_id, staff_id, recipient_id, name, organisation, email)
        VALUES (${sessionId}, ${i.kind}, ${i.kind === 'unit' ? i.unitId : null}, ${i.kind === 'staff' ? i.staffId : null},
                ${i.kind === 'recipient' ? i.recipientId : null}, ${i.kind === 'person' ? i.name : null},
                ${i.kind === 'person' ? (i.organisation ?? null) : null}, ${i.kind === 'person' ? (i.email ?? null) : null})`);
    }
  }

  async function detailOf(
    tx: Queryable,
    actor: Actor | null,
    id: string,
    now: Date,
    extra: VoterSessionWarning[] = [],
  ) {
    const row = await loadRow(tx, id);
    const session = toSession(row, await noticeDueBy(tx, row.starts_at));
    const [delegates, invitees] = await Promise.all([delegatesOf(tx, id), inviteesOf(tx, id)]);
    const seesPeople = actor ? isInScope(actor, 'petitions.personal_data', row.unit_path) : false;
    const attendees = seesPeople
      ? (
          await tx.execute<{ name: string; note: string | null }>(
            sql`SELECT name, note FROM petition_session_attendee WHERE session_id = ${id} ORDER BY position`,
          )
        ).rows
      : null;
    // The specific warnings of the action first; the standing ones unless one of the same code is there.
    const warnings = [...extra];
    for (const w of warningsOf(session, now)) if (!warnings.some((x) => x.code === w.code)) warnings.push(w);
    return { session, delegates, invitees, attendees, warnings } satisfies VoterSessionDetail;
  }

  async function delegatesOf(tx: Queryable, id: string) {
    const result = await tx.execute<{
      recipient_id: string;
      name: string;
      level: VoterSession['level'];
      delegate_body: 'national_assembly' | 'peoples_council';
      constituency: string | null;
      present: boolean | null;
    }>(sql`
      SELECT d.recipient_id, r.name, r.level, r.delegate_body, r.constituency, d.present
        FROM petition_session_delegate d JOIN petition_recipient r ON r.id = d.recipient_id
       WHERE d.session_id = ${id} ORDER BY r.delegate_body, r.name`);
    return result.rows.map((r) => ({
      recipientId: r.recipient_id,
      name: r.name,
      level: r.level,
      delegateBody: r.delegate_body,
      constituency: r.constituency,
      present: r.present,
    }));
  }

  async function inviteesOf(tx: Queryable, id: string) {
    const result = await tx.execute<{
      id: string;
      kind: 'unit' | 'staff' | 'recipient' | 'person';
      unit_id: string | null;
      staff_id: string | null;
      recipient_id: string | null;
      name: string;
      organisation: string | null;
      email: string | null;
      invited_at: Date | null;
    }>(sql`
      SELECT i.id, i.kind, i.unit_id, i.staff_id, i.recipient_id,
             coalesce(i.name, u.name, s.full_name, r.name, '') AS name,
             coalesce(i.organisation, su.name) AS organisation, coalesce(i.email, r.email) AS email, i.invited_at
        FROM petition_session_invitee i
        LEFT JOIN unit u ON u.id = i.unit_id
        LEFT JOIN staff s ON s.id = i.staff_id LEFT JOIN unit su ON su.id = s.unit_id
        LEFT JOIN petition_recipient r ON r.id = i.recipient_id
       WHERE i.session_id = ${id} ORDER BY i.kind, name, i.id`);
    return result.rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      unitId: r.unit_id,
      staffId: r.staff_id,
      recipientId: r.recipient_id,
      name: r.name,
      organisation: r.organisation,
      email: r.email,
      invitedAt: iso(r.invited_at),
    }));
  }

  const requireStatus = (
    row: SessionRow,
    allowed: readonly VoterSession['status'][],
    message: { vi: string; en: string },
  ) => {
    if (!allowed.includes(row.status)) throw conflict(message, { status: row.status });
  };

  const notStarted = (row: SessionRow) =>
    conflict({
      vi: `Hội nghị chưa bắt đầu: chỉ ghi nhận từ ${vietnamDateTime(row.starts_at)}.`,
      en: 'The session has not started yet.',
    });

  /** Plans a session: the session, its delegates and invitees, and the audit entry, in one transaction. */
  async function create(actor: Actor, input: CreateVoterSession, audit: AuditContext, now = new Date()) {
    const unitId = input.unitId ?? actor.activeUnitId;
    const id = await db.transaction(async (tx) => {
      const found = await tx.execute<{ path: string; kind: string; status: string }>(
        sql`SELECT path::text AS path, kind, status FROM unit WHERE id = ${unitId}`,
      );
      const unit = found.rows[0];
      if (!unit || !isInScope(actor, 'petitions.sessions', unit.path))
        throw new AppError('FORBIDDEN', {
          message: {
            vi: 'Bạn không có quyền tổ chức hội nghị tiếp xúc cử tri cho đơn vị này.',
            en: 'You may not organise voter-contact sessions for this unit.',
          },
        });
      if (unit.kind !== 'committee' || unit.status !== 'active')
        throw badRequest({
          vi: 'Đơn vị tổ chức phải là một Ủy ban MTTQ đang hoạt động (Ban Thường trực của Ủy ban tổ chức hội nghị).',
          en: 'The organising unit must be an active Front committee (its standing board organises the session).',
        });
      await checkDelegates(tx, input.delegateIds, unit.path);
      await checkInvitees(tx, input.invitees, unit.path);
      const inserted = await tx.execute<{ id: string }>(sql`
        INSERT INTO petition_session (unit_id, title, level, mode, place, online_url, starts_at, ends_at, term,
                                      assembly_session, created_by)
        VALUES (${unitId}, ${input.title}, ${input.level}, ${input.mode}, ${input.mode === 'online' ? null : (input.place ?? null)},
                ${input.mode === 'onsite' ? null : (input.onlineUrl ?? null)}, ${input.startsAt}::timestamptz,
                ${input.endsAt}::timestamptz, ${input.term ?? null}, ${input.assemblySession ?? null}, ${actor.staffId})
        RETURNING id`);
      const sessionId = inserted.rows[0]!.id;
      await tx.execute(sql`
        INSERT INTO petition_session_delegate (session_id, recipient_id)
        SELECT ${sessionId}, unnest(${uuidArray(input.delegateIds)}::uuid[])`);
      await writeInvitees(tx, sessionId, input.invitees);
      await recordAudit(tx, audit, {
        action: 'voter_session.create',
        entityType: 'petition_session',
        entityId: sessionId,
        unitId,
        after: {
          title: input.title,
          level: input.level,
          mode: input.mode,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          delegates: input.delegateIds.length,
          invitees: input.invitees.length,
        },
      });
      return sessionId;
    });
    return detailOf(db, actor, id, now);
  }

  async function detail(actor: Actor, id: string, now = new Date()) {
    return detailOf(db, actor, id, now);
  }

  async function list(
    actor: Actor,
    query: {
      status?: string;
      unitId?: string;
      term?: string;
      from?: string;
      to?: string;
      limit: number;
      offset: number;
    },
  ) {
    const conditions: SQL[] = [pathWithin(sql`u.path`, scopePaths(actor, 'petitions.read'))];
    if (query.status) conditions.push(sql`s.status = ${query.status}`);
    if (query.term) conditions.push(sql`s.term = ${query.term}`);
    if (query.unitId) conditions.push(sql`u.path <@ (SELECT path FROM unit WHERE id = ${query.unitId})`);
    // Days are Vietnam days: from 00:00 of `from` to the end of `to`, UTC+07:00.
    if (query.from)
      conditions.push(sql`s.starts_at >= (${query.from}::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`);
    if (query.to)
      conditions.push(
        sql`s.starts_at < ((${query.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`,
      );
    const where = sql.join(conditions, sql` AND `);
    const [rows, total] = await Promise.all([
      db.execute<SessionRow>(sql`SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE ${where}
                                  ORDER BY s.starts_at DESC, s.id LIMIT ${query.limit} OFFSET ${query.offset}`),
      db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${SESSION_FROM} WHERE ${where}`),
    ]);
    const items: VoterSession[] = [];
    if (rows.rows.length) {
      const days = rows.rows.map((r) => vietnamDay(new Date(r.starts_at))).sort();
      const holidays = await holidaysBetween(db, shiftDay(days[0]!, -HOLIDAY_WINDOW_DAYS), days.at(-1)!);
      for (const row of rows.rows)
        items.push(
          toSession(
            row,
            workingDaysBefore(vietnamDay(new Date(row.starts_at)), NOTICE_WORKING_DAYS, holidays),
          ),
        );
    }
    return { items, total: total.rows[0]!.n };
  }

  /**
   * Changes a planned session. A change of time, mode, place or link after the notice clears it
   * (notified_at, and each invitation's invited_at): the board and the invitees must hear of it again.
   */
  async function update(
    actor: Actor,
    id: string,
    input: UpdateVoterSession,
    audit: AuditContext,
    now = new Date(),
  ) {
    const extra: VoterSessionWarning[] = [];
    await db.transaction(async (tx) => {
      const row = await loadRow(tx, id, true);
      requireStatus(row, ['planned'], {
        vi: 'Chỉ sửa được hội nghị chưa tổ chức (đã tổ chức, đã có biên bản hoặc đã hủy thì không sửa).',
        en: 'Only a planned session can be changed.',
      });
      const merged = {
        title: input.title ?? row.title,
        level: input.level ?? row.level,
        mode: input.mode ?? row.mode,
        place: input.place !== undefined ? input.place : row.place,
        onlineUrl: input.onlineUrl !== undefined ? input.onlineUrl : row.online_url,
        startsAt: input.startsAt ?? iso(row.starts_at)!,
        endsAt: input.endsAt ?? iso(row.ends_at)!,
        term: input.term !== undefined ? input.term : row.term,
        assemblySession: input.assemblySession !== undefined ? input.assemblySession : row.assembly_session,
      };
      checkWhere(merged);
      if (merged.mode === 'online') merged.place = null;
      if (merged.mode === 'onsite') merged.onlineUrl = null;
      if (input.delegateIds) await checkDelegates(tx, input.delegateIds, row.unit_path);
      const moved =
        new Date(merged.startsAt).getTime() !== new Date(row.starts_at).getTime() ||
        new Date(merged.endsAt).getTime() !== new Date(row.ends_at).getTime() ||
        merged.mode !== row.mode ||
        merged.place !== row.place ||
        merged.onlineUrl !== row.online_url;
      const renotify = moved && row.notified_at !== null;
      await tx.execute(sql`
        UPDATE petition_session
           SET title = ${merged.title}, level = ${merged.level}, mode = ${merged.mode}, place = ${merged.place},
               online_url = ${merged.onlineUrl}, starts_at = ${merged.startsAt}::timestamptz,
               ends_at = ${merged.endsAt}::timestamptz, term = ${merged.term}, assembly_session = ${merged.assemblySession},
               ${renotify ? sql`notified_at = NULL, notified_by = NULL, notice_late = NULL,` : sql``}
               updated_at = now()
         WHERE id = ${id}`);
      if (renotify) {
        await tx.execute(sql`UPDATE petition_session_invitee SET invited_at = NULL WHERE session_id = ${id}`);
        extra.push({
          code: 'NOT_NOTIFIED',
          vi: 'Thời gian, hình thức hoặc địa điểm đã thay đổi sau khi thông báo: hãy thông báo lại Ban Thường trực và khách mời.',
          en: 'Time, mode or place changed after the notice: notify the standing board and the invitees again.',
        });
      }
      if (input.delegateIds) {
        await tx.execute(sql`
          DELETE FROM petition_session_delegate
           WHERE session_id = ${id} AND NOT (recipient_id = ANY(${uuidArray(input.delegateIds)}::uuid[]))`);
        await tx.execute(sql`
          INSERT INTO petition_session_delegate (session_id, recipient_id)
          SELECT ${id}, unnest(${uuidArray(input.delegateIds)}::uuid[]) ON CONFLICT DO NOTHING`);
      }
      await recordAudit(tx, audit, {
        action: 'voter_session.update',
        entityType: 'petition_session',
        entityId: id,
        unitId: row.unit_id,
        before: {
          title: row.title,
          mode: row.mode,
          place: row.place,
          onlineUrl: row.online_url,
          startsAt: iso(row.starts_at),
          endsAt: iso(row.ends_at),
        },
        after: { ...merged, delegateIds: input.delegateIds, renotify },
      });
    });
    return detailOf(db, actor, id, now, extra);
  }

  async function setInvitations(
    actor: Actor,
    id: string,
    invitees: VoterSessionInviteeInput[],
    audit: AuditContext,
    now = new Date(),
  ) {
    await db.transaction(async (tx) => {
      const row = await loadRow(tx, id, true);
      requireStatus(row, ['planned'], {
        vi: 'Chỉ sửa danh sách khách mời của hội nghị chưa tổ chức.',
        en: 'Invitations can be changed only while the session is planned.',
      });
      await checkInvitees(tx, invitees, row.unit_path);
      await writeInvitees(tx, id, invitees);
      await recordAudit(tx, audit, {
        action: 'voter_session.invitations',
        entityType: 'petition_session',
        entityId: id,
        unitId: row.unit_id,
        after: { invitees: invitees.length },
      });
    });
    return detailOf(db, actor, id, now);
  }

  /** A short description of the session for notices and e-mails. */
  function noticeBody(row: SessionRow, delegates: string[]) {
    const where = [
      row.place ? `Địa điểm: ${row.place}.` : null,
      row.online_url ? `Tham dự trực tuyến: ${row.online_url}` : null,
    ].filter(Boolean);
    return [
      `Thời gian: ${vietnamPeriod(row.starts_at, row.ends_at)}.`,
      ...where,
      delegates.length ? `Đại biểu: ${delegates.join('; ')}.` : null,
      row.assembly_session
        ? `Chuẩn bị cho: ${row.assembly_session}${row.term ? ` (nhiệm kỳ ${row.term})` : ''}.`
        : null,
      `Đơn vị tổ chức: Ban Thường trực ${row.unit_name}.`,
    ]
      .filter(Boolean)
      .join('\n');
  }

  /**
   * Notifies the organising committee's standing board (its leaders; in-app, and e-mail/push per
   * their preferences) and sends the invitations not sent yet: staff and the leaders of invited
   * units and the members of invited agencies in the app, outside people and agencies by e-mail
   * (queued after commit). Records notified_at, and whether it was late (fewer than three working
   * days ahead) — a late notice is sent anyway, marked urgent, with a warning.
   */
  async function notify(actor: Actor, id: string, audit: AuditContext, now = new Date()) {
    const mails: MailMessage[] = [];
    const extra: VoterSessionWarning[] = [];
    await db.transaction(async (tx) => {
      const row = await loadRow(tx, id, true);
      requireStatus(row, ['planned'], {
        vi: 'Chỉ thông báo được hội nghị chưa tổ chức.',
        en: 'Only a planned session can be announced.',
      });
      const dueBy = await noticeDueBy(tx, row.starts_at);
      const late = vietnamDay(now) > dueBy;
      const delegates = await delegatesOf(tx, id);
      const body = noticeBody(
        row,
        delegates.map((d) => d.name),
      );
      const link = `/voter-sessions/${id}`;
      const leaders = await leadersOf(tx, row.unit_id, 'petitions.sessions');
      if (leaders.length === 0)
        extra.push({
          code: 'NO_RECIPIENTS',
          vi: 'Không tìm thấy lãnh đạo của Ủy ban hoặc Ban Thường trực để gửi thông báo: hãy phân công vai trò lãnh đạo.',
          en: 'No leader of the committee or its standing board to notify: assign the leader role.',
        });
      await notifier.notify(tx, {
        staffIds: leaders,
        unitId: row.unit_id,
        kind: 'voter_session.notice',
        title: `Thông báo hội nghị tiếp xúc cử tri: ${row.title}`,
        body,
        link,
        urgent: late,
      });
      // Invitations not sent yet.
      const pending = await tx.execute<{
        id: string;
        kind: 'unit' | 'staff' | 'recipient' | 'person';
        unit_id: string | null;
        staff_id: string | null;
        recipient_id: string | null;
        email: string | null;
        members: string[] | null;
      }>(sql`
        SELECT i.id, i.kind, i.unit_id, i.staff_id, i.recipient_id, coalesce(i.email, r.email) AS email,
               (SELECT array_agg(m.staff_id::text) FROM petition_recipient_member m JOIN staff s ON s.id = m.staff_id
                 WHERE m.recipient_id = i.recipient_id AND s.status = 'active') AS members
          FROM petition_session_invitee i LEFT JOIN petition_recipient r ON r.id = i.recipient_id
         WHERE i.session_id = ${id} AND i.invited_at IS NULL`);
      const invited = new Set<string>();
      for (const invitee of pending.rows) {
        if (invitee.kind === 'staff') invited.add(invitee.staff_id!);
        if (invitee.kind === 'unit')
          for (const staffId of await leadersOf(tx, invitee.unit_id!, 'petitions.read')) invited.add(staffId);
        for (const staffId of invitee.members ?? []) invited.add(staffId);
        if (invitee.email)
          mails.push({
            to: invitee.email,
            subject: `Giấy mời dự hội nghị tiếp xúc cử tri: ${row.title}`,
            text: `Kính gửi Quý cơ quan, Quý vị,\n\nBan Thường trực ${row.unit_name} trân trọng kính mời dự hội nghị tiếp xúc cử tri "${row.title}".\n\n${body}\n`,
            unitId: row.unit_id,
          });
      }
      for (const leader of leaders) invited.delete(leader); // they have the notice already
      await notifier.notify(tx, {
        staffIds: [...invited],
        unitId: row.unit_id,
        kind: 'voter_session.invitation',
        title: `Giấy mời dự hội nghị tiếp xúc cử tri: ${row.title}`,
        body,
        link,
        urgent: late,
      });
      if (pending.rows.length)
        await tx.execute(sql`
          UPDATE petition_session_invitee SET invited_at = ${now.toISOString()}::timestamptz
           WHERE id = ANY(${uuidArray(pending.rows.map((r) => r.id))}::uuid[])`);
      await tx.execute(sql`
        UPDATE petition_session SET notified_at = ${now.toISOString()}::timestamptz, notified_by = ${actor.staffId},
               notice_late = ${late}, updated_at = now()
         WHERE id = ${id}`);
      await recordAudit(tx, audit, {
        action: 'voter_session.notify',
        entityType: 'petition_session',
        entityId: id,
        unitId: row.unit_id,
        after: { late, noticeDueBy: dueBy, leaders: leaders.length, invitations: pending.rows.length },
      });
    });
    // E-mail goes through the queue once the notice is committed; a failure to queue loses no record.
    for (const mail of mails) await deps.mailer.send(mail).catch(() => undefined);
    return detailOf(db, actor, id, now, extra);
  }

  /** Attendance: voters counted (and optionally named), delegates present; planned → held. */
  async function recordAttendance(
    actor: Actor,
    id: string,
    input: VoterSessionAttendance,
    audit: AuditContext,
    now = new Date(),
  ) {
    await db.transaction(async (tx) => {
      const row = await loadRow(tx, id, true);
      requireStatus(row, ['planned', 'held', 'minutes_done'], {
        vi: 'Hội nghị đã hủy: không ghi nhận tham dự.',
        en: 'The session was cancelled.',
      });
      if (now < new Date(row.starts_at)) throw notStarted(row);
      const delegates = new Set((await delegatesOf(tx, id)).map((d) => d.recipientId));
      const strangers = input.delegatesPresent.filter((d) => !delegates.has(d));
      if (strangers.length)
        throw badRequest(
          {
            vi: 'Có đại biểu không thuộc danh sách đại biểu của hội nghị: hãy chọn trong danh sách đại biểu đã mời.',
            en: "Some delegates are not among the session's delegates.",
          },
          strangers.map((s) => ({ path: 'delegatesPresent', message: `Không thuộc hội nghị: ${s}` })),
        );
      await tx.execute(sql`
        UPDATE petition_session_delegate SET present = (recipient_id = ANY(${uuidArray(input.delegatesPresent)}::uuid[]))
         WHERE session_id = ${id}`);
      if (input.attendees) {
        await tx.execute(sql`DELETE FROM petition_session_attendee WHERE session_id = ${id}`);
        if (input.attendees.length)
          await tx.execute(sql`
            INSERT INTO petition_session_attendee (session_id, name, note, position)
            SELECT ${id}, a->>'name', a->>'note', (ordinality - 1)::int
              FROM jsonb_array_elements(${JSON.stringify(input.attendees)}::jsonb) WITH ORDINALITY AS t(a, ordinality)`);
      }
      await tx.execute(sql`
        UPDATE petition_session
           SET voter_count = ${input.voterCount}, attendance_at = ${now.toISOString()}::timestamptz,
               status = CASE WHEN status = 'planned' THEN 'held' ELSE status END, updated_at = now()
         WHERE id = ${id}`);
      await recordAudit(tx, audit, {
        action: 'voter_session.attendance',
        entityType: 'petition_session',
        entityId: id,
        unitId: row.unit_id,
        before: { voterCount: row.voter_count, status: row.status },
        after: {
          voterCount: input.voterCount,
          delegatesPresent: input.delegatesPresent.length,
          namedAttendees: input.attendees?.length ?? null,
        },
      });
    });
    return detailOf(db, actor, id, now);
  }

  /**
   * The minutes (biên bản): held → minutes_done; corrections later are allowed and audited. The
   * audit keeps a SHA-256 of the three texts, so the hash chain attests what the minutes said.
   */
  async function writeMinutes(
    actor: Actor,
    id: string,
    input: VoterSessionMinutes,
    audit: AuditContext,
    now = new Date(),
  ) {
    await db.transaction(async (tx) => {
      const row = await loadRow(tx, id, true);
      requireStatus(row, ['held', 'minutes_done'], {
        vi:
          row.status === 'cancelled'
            ? 'Hội nghị đã hủy: không lập biên bản.'
            : 'Cần ghi nhận tham dự (số cử tri, đại biểu có mặt) trước khi lập biên bản.',
        en:
          row.status === 'cancelled'
            ? 'The session was cancelled.'
            : 'Record the attendance before the minutes.',
      });
      await tx.execute(sql`
        UPDATE petition_session
           SET minutes_summary = ${input.summary}, minutes_opinions = ${input.opinions},
               minutes_responses = ${input.responses}, minutes_at = ${now.toISOString()}::timestamptz,
               minutes_by = ${actor.staffId}, status = 'minutes_done', updated_at = now()
         WHERE id = ${id}`);
      const digest = createHash('sha256')
        .update(JSON.stringify([input.summary, input.opinions, input.responses]))
        .digest('hex');
      await recordAudit(tx, audit, {
        action: row.status === 'minutes_done' ? 'voter_session.minutes_correct' : 'voter_session.minutes',
        entityType: 'petition_session',
        entityId: id,
        unitId: row.unit_id,
        after: { sha256: digest, summaryLength: input.summary.length },
      });
    });
    return detailOf(db, actor, id, now);
  }

  /** Cancels a planned session with a reason; those already notified hear of it. */
  async function cancel(actor: Actor, id: string, reason: string, audit: AuditContext, now = new Date()) {
    await db.transaction(async (tx) => {
      const row = await loadRow(tx, id, true);
      requireStatus(row, ['planned'], {
        vi: 'Chỉ hủy được hội nghị chưa tổ chức.',
        en: 'Only a planned session can be cancelled.',
      });
      await tx.execute(sql`
        UPDATE petition_session SET status = 'cancelled', cancelled_at = ${now.toISOString()}::timestamptz,
               cancel_reason = ${reason}, updated_at = now()
         WHERE id = ${id}`);
      if (row.notified_at) {
        const invited = await tx.execute<{ staff_id: string }>(sql`
          SELECT staff_id::text FROM petition_session_invitee
           WHERE session_id = ${id} AND kind = 'staff' AND invited_at IS NOT NULL`);
        await notifier.notify(tx, {
          staffIds: [
            ...(await leadersOf(tx, row.unit_id, 'petitions.sessions')),
            ...invited.rows.map((r) => r.staff_id),
          ],
          unitId: row.unit_id,
          kind: 'voter_session.cancelled',
          title: `Hủy hội nghị tiếp xúc cử tri: ${row.title}`,
          body: `Lý do: ${reason}`,
          link: `/voter-sessions/${id}`,
          urgent: true,
        });
      }
      await recordAudit(tx, audit, {
        action: 'voter_session.cancel',
        entityType: 'petition_session',
        entityId: id,
        unitId: row.unit_id,
        after: { reason },
      });
    });
    return detailOf(db, actor, id, now);
  }

  /** Deletes a session planned by mistake: never notified and without petitions; otherwise cancel it. */
  async function remove(id: string, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const row = await loadRow(tx, id, true);
      if (row.status !== 'planned' || row.notified_at || row.petition_count > 0)
        throw conflict({
          vi: 'Hội nghị đã thông báo, đã tổ chức hoặc có kiến nghị: không xóa được, hãy hủy kèm lý do.',
          en: 'The session was announced, held or has petitions: cancel it with a reason instead.',
        });
      await tx.execute(sql`DELETE FROM petition_session WHERE id = ${id}`);
      await recordAudit(tx, audit, {
        action: 'voter_session.delete',
        entityType: 'petition_session',
        entityId: id,
        unitId: row.unit_id,
        before: { title: row.title, startsAt: iso(row.starts_at) },
      });
    });
  }

  /**
   * Records a petition raised at the session (channel 'session', the session's term) through the
   * one intake path, in one transaction with its timeline event and audit entry.
   */
  async function raisePetition(
    actor: Actor,
    id: string,
    input: RaiseSessionPetition,
    audit: AuditContext,
    now = new Date(),
  ) {
    return db.transaction(async (tx) => {
      const row = await loadRow(tx, id, true);
      requireStatus(row, ['planned', 'held', 'minutes_done'], {
        vi: 'Hội nghị đã hủy: không ghi nhận kiến nghị.',
        en: 'The session was cancelled.',
      });
      if (now < new Date(row.starts_at)) throw notStarted(row);
      const unitId = input.unitId ?? row.unit_id;
      const area = await tx.execute<{ ok: boolean }>(sql`
        SELECT EXISTS (SELECT 1 FROM unit WHERE id = ${unitId} AND status = 'active' AND path <@ ${row.unit_path}::ltree) AS ok`);
      if (!area.rows[0]?.ok)
        throw badRequest({
          vi: 'Địa bàn của kiến nghị phải là đơn vị tổ chức hội nghị hoặc một đơn vị trực thuộc.',
          en: "The petition's area must be the organising unit or a unit below it.",
        });
      const subject = await tx.execute<{ ok: boolean }>(
        sql`SELECT EXISTS (SELECT 1 FROM petition_subject WHERE code = ${input.subjectCode} AND is_active) AS ok`,
      );
      if (!subject.rows[0]?.ok)
        throw badRequest(
          { vi: 'Lĩnh vực không tồn tại: hãy chọn lĩnh vực trong danh sách.', en: 'Unknown subject area.' },
          [{ path: 'subjectCode', message: 'Lĩnh vực không tồn tại (unknown subject)' }],
        );
      if (input.addressedToId) {
        const recipient = await tx.execute<{ ok: boolean }>(
          sql`SELECT EXISTS (SELECT 1 FROM petition_recipient WHERE id = ${input.addressedToId} AND is_active) AS ok`,
        );
        if (!recipient.rows[0]?.ok)
          throw badRequest(
            { vi: 'Không tìm thấy cơ quan, đại biểu nhận kiến nghị.', en: 'Unknown addressee.' },
            [{ path: 'addressedToId', message: 'Không tìm thấy (not found)' }],
          );
      }
      const person = input.petitioner;
      return createPetition(tx, audit, {
        unitId,
        subjectCode: input.subjectCode,
        competenceLevel: input.competenceLevel,
        title: input.title,
        description: input.description,
        channel: 'session',
        sessionId: id,
        term: row.term,
        place: input.place ?? null,
        addressedToId: input.addressedToId ?? null,
        createdByStaffId: actor.staffId,
        petitioner: person
          ? {
              name: person.name ?? null,
              phone: person.phone ?? null,
              email: person.email ?? null,
              address: person.address ?? null,
              consent: person.consent,
              notifyByEmail: person.notifyByEmail ?? false,
            }
          : null,
      });
    });
  }

  /** Links petitions recorded elsewhere (walk-in, paper…) to the session where they were raised. */
  async function linkPetitions(actor: Actor, id: string, petitionIds: string[], audit: AuditContext) {
    return db.transaction(async (tx) => {
      const row = await loadRow(tx, id, true);
      if (row.status === 'cancelled')
        throw conflict({ vi: 'Hội nghị đã hủy: không gắn kiến nghị.', en: 'The session was cancelled.' });
      const linked = await tx.execute<{ id: string; status: PetitionStatus; unit_id: string }>(sql`
        UPDATE petition p SET session_id = ${id}, term = coalesce(p.term, ${row.term}), updated_at = now()
          FROM unit u
         WHERE p.id = ANY(${uuidArray(petitionIds)}::uuid[]) AND u.id = p.unit_id AND p.session_id IS NULL
           AND u.path <@ ${row.unit_path}::ltree AND ${pathWithin(sql`u.path`, scopePaths(actor, 'petitions.sessions'))}
        RETURNING p.id, p.status, p.unit_id`);
      if (linked.rows.length !== petitionIds.length) {
        const done = new Set(linked.rows.map((r) => r.id));
        throw badRequest(
          {
            vi: 'Có kiến nghị không tìm thấy, ngoài địa bàn của hội nghị hoặc đã gắn với một hội nghị khác: không gắn kiến nghị nào.',
            en: "Some petitions were not found, lie outside the session's area or belong to another session: nothing was linked.",
          },
          petitionIds
            .filter((p) => !done.has(p))
            .map((p) => ({ path: 'petitionIds', message: `Không gắn được ${p} (cannot link)` })),
        );
      }
      for (const petition of linked.rows)
        await recordPetitionEvent(tx, audit, {
          petitionId: petition.id,
          kind: 'session_linked',
          status: petition.status,
          internalNote: `Gắn với hội nghị tiếp xúc cử tri: ${row.title}`,
          actorStaffId: actor.staffId,
          unitId: petition.unit_id,
          data: { sessionId: id },
        });
      return { linked: linked.rows.length };
    });
  }

  async function petitionsOf(tx: Queryable, id: string, page?: { limit: number; offset: number }) {
    const result = await tx.execute<{
      id: string;
      tracking_code: string;
      title: string;
      subject_code: string;
      subject_name: string;
      subject_order: number;
      competence_level: VoterSessionPetition['competenceLevel'];
      status: string;
      unit_id: string;
      unit_name: string;
      received_at: Date;
    }>(sql`
      SELECT p.id, p.tracking_code, p.title, p.subject_code, ps.name_vi AS subject_name, ps.sort_order AS subject_order,
             p.competence_level, p.status, p.unit_id, u.name AS unit_name, p.received_at
        FROM petition p JOIN petition_subject ps ON ps.code = p.subject_code JOIN unit u ON u.id = p.unit_id
       WHERE p.session_id = ${id}
       ORDER BY ps.sort_order, ps.code,
                array_position(ARRAY['central', 'province', 'commune'], p.competence_level), p.serial
       ${page ? sql`LIMIT ${page.limit} OFFSET ${page.offset}` : sql``}`);
    return result.rows.map((r) => ({
      id: r.id,
      trackingCode: r.tracking_code,
      title: r.title,
      subjectCode: r.subject_code,
      subjectName: r.subject_name,
      subjectOrder: r.subject_order,
      competenceLevel: r.competence_level,
      status: r.status,
      unitId: r.unit_id,
      unitName: r.unit_name,
      receivedAt: iso(r.received_at)!,
    }));
  }

  /** The petitions raised at the session, by subject and competence level (no personal data). */
  async function listPetitions(id: string, page: { limit: number; offset: number }) {
    await loadRow(db, id);
    const [items, total] = await Promise.all([
      petitionsOf(db, id, page),
      db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM petition WHERE session_id = ${id}`),
    ]);
    return { items: items.map(({ subjectOrder: _order, ...rest }) => rest), total: total.rows[0]!.n };
  }

  /** What the summary report shows; the export is audited (it leaves the system). */
  async function reportData(id: string, format: string, audit: AuditContext): Promise<ReportData> {
    const row = await loadRow(db, id);
    const session = toSession(row, await noticeDueBy(db, row.starts_at));
    const [delegates, invitees, petitions] = await Promise.all([
      delegatesOf(db, id),
      inviteesOf(db, id),
      petitionsOf(db, id),
    ]);
    await db.transaction((tx) =>
      recordAudit(tx, audit, {
        action: 'voter_session.export',
        entityType: 'petition_session',
        entityId: id,
        unitId: row.unit_id,
        after: { format, petitions: petitions.length },
      }),
    );
    return { session, delegates, invitees, petitions };
  }

  return {
    create,
    detail,
    list,
    update,
    setInvitations,
    notify,
    recordAttendance,
    writeMinutes,
    cancel,
    remove,
    raisePetition,
    linkPetitions,
    listPetitions,
    reportData,
  };
}

export type SessionsService = ReturnType<typeof createSessionsService>;
