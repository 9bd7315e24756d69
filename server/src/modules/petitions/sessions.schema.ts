import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.ts';
import { staff, unit } from '../organisation/organisation.schema.ts';
import { COMPETENCE_LEVELS, petitionRecipient } from './petitions.schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** How voters meet their delegates: in a hall, online, or both (the 2025 draft amendment allows online). */
export const VOTER_SESSION_MODES = ['onsite', 'online', 'hybrid'] as const;
export type VoterSessionMode = (typeof VOTER_SESSION_MODES)[number];

/** planned → held (attendance recorded) → minutes_done (biên bản); or cancelled, with a reason. */
export const VOTER_SESSION_STATUSES = ['planned', 'held', 'minutes_done', 'cancelled'] as const;
export type VoterSessionStatus = (typeof VOTER_SESSION_STATUSES)[number];

/**
 * A voter-contact session (hội nghị tiếp xúc cử tri), organised by the standing board of a Front
 * committee (`unit_id`, NQLT 72/2025 Art. 32) for delegates of the National Assembly and/or the
 * People's Councils, before (or after) an assembly session (`assembly_session`, kỳ họp) of a term
 * (`term`, nhiệm kỳ). `level` is the delegates' level: central = National Assembly.
 * `notified_at` is when the standing board was notified; `notice_late` whether that was fewer than
 * three working days before the session.
 */
export const petitionSession = pgTable(
  'petition_session',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unit.id),
    title: text('title').notNull(),
    level: text('level', { enum: COMPETENCE_LEVELS }).notNull(),
    mode: text('mode', { enum: VOTER_SESSION_MODES }).notNull(),
    place: text('place'),
    onlineUrl: text('online_url'),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    term: text('term'),
    assemblySession: text('assembly_session'),
    status: text('status', { enum: VOTER_SESSION_STATUSES }).notNull().default('planned'),
    notifiedAt: at('notified_at'),
    notifiedBy: uuid('notified_by').references(() => staff.id),
    noticeLate: boolean('notice_late'),
    /** Attendance (số cử tri tham dự), recorded once the session is held. */
    voterCount: integer('voter_count'),
    attendanceAt: at('attendance_at'),
    /** The minutes (biên bản): what was reported, the opinions discussed, the delegates' answers on the spot. */
    minutesSummary: text('minutes_summary'),
    minutesOpinions: text('minutes_opinions'),
    minutesResponses: text('minutes_responses'),
    minutesAt: at('minutes_at'),
    minutesBy: uuid('minutes_by').references(() => staff.id),
    cancelledAt: at('cancelled_at'),
    cancelReason: text('cancel_reason'),
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('petition_session_unit_idx').on(t.unitId, t.startsAt),
    index('petition_session_starts_idx').on(t.startsAt),
    check('petition_session_title_length', sql`char_length(${t.title}) BETWEEN 1 AND 300`),
    check('petition_session_times', sql`${t.endsAt} > ${t.startsAt}`),
    check(
      'petition_session_where',
      sql`(${t.mode} = 'online' OR ${t.place} IS NOT NULL) AND (${t.mode} = 'onsite' OR ${t.onlineUrl} IS NOT NULL)`,
    ),
    check('petition_session_voter_count', sql`${t.voterCount} IS NULL OR ${t.voterCount} >= 0`),
    check(
      'petition_session_cancel_reason',
      sql`(${t.status} = 'cancelled') = (${t.cancelReason} IS NOT NULL)`,
    ),
  ],
);

/** The delegates who meet the voters (petition_recipient rows of kind 'delegate'); `present` once held. */
export const petitionSessionDelegate = pgTable(
  'petition_session_delegate',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => petitionSession.id, { onDelete: 'cascade' }),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => petitionRecipient.id),
    present: boolean('present'),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.recipientId] }),
    index('petition_session_delegate_recipient_idx').on(t.recipientId),
  ],
);

/**
 * Who is invited (giấy mời): a Front unit, a staff member, an agency or delegate (recipient), or a
 * person from outside (name, organisation, optional e-mail). `invited_at`: when the invitation went.
 */
export const petitionSessionInvitee = pgTable(
  'petition_session_invitee',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => petitionSession.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['unit', 'staff', 'recipient', 'person'] }).notNull(),
    unitId: uuid('unit_id').references(() => unit.id),
    staffId: uuid('staff_id').references(() => staff.id),
    recipientId: uuid('recipient_id').references(() => petitionRecipient.id),
    name: text('name'),
    organisation: text('organisation'),
    email: text('email'),
    invitedAt: at('invited_at'),
  },
  (t) => [
    index('petition_session_invitee_session_idx').on(t.sessionId),
    check(
      'petition_session_invitee_kind',
      sql`(${t.kind} = 'unit') = (${t.unitId} IS NOT NULL) AND (${t.kind} = 'staff') = (${t.staffId} IS NOT NULL)
        AND (${t.kind} = 'recipient') = (${t.recipientId} IS NOT NULL) AND (${t.kind} <> 'person' OR ${t.name} IS NOT NULL)`,
    ),
  ],
);

/**
 * Voters named in the attendance list (optional; the count is on the session). Personal data:
 * shown only to staff holding petitions.personal_data, never in the public output or the report.
 */
export const petitionSessionAttendee = pgTable(
  'petition_session_attendee',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => petitionSession.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Where the voter comes from (thôn, tổ dân phố) or their role. */
    note: text('note'),
    position: integer('position').notNull(),
  },
  (t) => [index('petition_session_attendee_session_idx').on(t.sessionId, t.position)],
);
