import { and, gte, lte } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import {
  type CompetenceLevel,
  type PetitionChannel,
  petitionDeadlineRule,
  petitionHoliday,
} from './petitions.schema.ts';

/**
 * Deadlines of voters' petitions: which configured rule applies, and the instant it ends.
 *
 * Days are Vietnamese calendar days, written 'YYYY-MM-DD'. A deadline ends at the end of its last
 * day in Asia/Ho_Chi_Minh. Working days are Monday to Friday minus the configured public holidays
 * (`petition_holiday`). The first half of this file is pure (unit-tested in deadlines.test.ts);
 * the second reads the rules and holidays from the database.
 */

export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** A calendar day in Vietnam, 'YYYY-MM-DD'. */
export type Day = string;

/** The delegates' body that forwards a petition (the 60-day rule is the National Assembly's). */
export const FORWARDING_BODIES = ['national_assembly', 'peoples_council'] as const;
export type ForwardingBody = (typeof FORWARDING_BODIES)[number];

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

const vietnamDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: VIETNAM_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Vietnamese calendar day an instant falls on. */
export function vietnamDayOf(at: Date): Day {
  const parts = Object.fromEntries(vietnamDate.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

function utcMidnight(day: Day): number {
  if (!DAY_PATTERN.test(day)) throw new Error(`Not a day (YYYY-MM-DD): ${day}`);
  const time = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(time)) throw new Error(`Not a day (YYYY-MM-DD): ${day}`);
  return time;
}

export const addDays = (day: Day, days: number): Day =>
  new Date(utcMidnight(day) + days * MS_PER_DAY).toISOString().slice(0, 10);

/** Saturday or Sunday. */
export const isWeekend = (day: Day) => {
  const weekday = new Date(utcMidnight(day)).getUTCDay();
  return weekday === 0 || weekday === 6;
};

export const isWorkingDay = (day: Day, holidays: ReadonlySet<Day>) => !isWeekend(day) && !holidays.has(day);

/** The day itself when it is a working day, else the next working day. */
export function nextWorkingDay(day: Day, holidays: ReadonlySet<Day>): Day {
  let current = day;
  while (!isWorkingDay(current, holidays)) current = addDays(current, 1);
  return current;
}

/**
 * The day `count` working days after `day` (before it when negative); `day` itself is not counted,
 * whether or not it is a working day. `addWorkingDays('2026-04-24', 1, …)` (a Friday) is the next
 * Monday, or the Tuesday when that Monday is a holiday.
 */
export function addWorkingDays(day: Day, count: number, holidays: ReadonlySet<Day>): Day {
  if (!Number.isInteger(count)) throw new Error(`Not a whole number of days: ${count}`);
  const step = count < 0 ? -1 : 1;
  let current = day;
  for (let left = Math.abs(count); left > 0; ) {
    current = addDays(current, step);
    if (isWorkingDay(current, holidays)) left -= 1;
  }
  return current;
}

/** The number of working days d with `from` < d ≤ `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: Day, to: Day, holidays: ReadonlySet<Day>): number {
  let count = 0;
  for (let current = addDays(from, 1); current <= to; current = addDays(current, 1))
    if (isWorkingDay(current, holidays)) count += 1;
  return count;
}

/**
 * The last instant of a Vietnamese day. Vietnam keeps UTC+7 all year (no daylight saving since
 * 1975), so the end of a day is a fixed offset from its UTC midnight.
 */
export const endOfVietnamDay = (day: Day): Date =>
  new Date(utcMidnight(day) + MS_PER_DAY - 7 * 3_600_000 - 1);

/** A configured rule (petition_deadline_rule); a null field matches anything. */
export interface DeadlineRule {
  id?: string;
  name: string;
  level: CompetenceLevel | null;
  channel: PetitionChannel | null;
  forwardedBy: ForwardingBody | null;
  days: number;
  workingDays: boolean;
}

/** What a forward is judged by: the petition's competence level and channel, and the forwarding body. */
export interface DeadlineContext {
  level: CompetenceLevel;
  channel: PetitionChannel;
  forwardedBy?: ForwardingBody | null;
}

const matches = (rule: DeadlineRule, context: DeadlineContext) =>
  (rule.level === null || rule.level === context.level) &&
  (rule.channel === null || rule.channel === context.channel) &&
  (rule.forwardedBy === null || rule.forwardedBy === (context.forwardedBy ?? null));

/**
 * How specific a rule is, compared lexicographically: the number of fields it names first, then
 * the field it names (level before forwarding body before channel). Hence level + channel beats
 * level alone, which beats channel or forwarding body alone, which beats the default.
 */
function specificity(rule: DeadlineRule): number[] {
  const named = [rule.level, rule.channel, rule.forwardedBy].filter((field) => field !== null).length;
  return [named, rule.level ? 1 : 0, rule.forwardedBy ? 1 : 0, rule.channel ? 1 : 0];
}

function compareSpecificity(a: DeadlineRule, b: DeadlineRule): number {
  const sa = specificity(a);
  const sb = specificity(b);
  for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sb[i]! - sa[i]!;
  // Two rules naming the same fields: the stricter deadline, then the name, so the choice is stable.
  return a.days - b.days || a.name.localeCompare(b.name);
}

/** The most specific rule matching the context; null when none matches (no default configured). */
export function pickRule<R extends DeadlineRule>(rules: readonly R[], context: DeadlineContext): R | null {
  return [...rules].filter((rule) => matches(rule, context)).sort(compareSpecificity)[0] ?? null;
}

/**
 * The last day and the deadline of a period starting on the day of `from` (that day not counted).
 * Working days skip weekends and holidays; a period in calendar days whose last day is a weekend
 * day or a holiday ends on the next working day (Civil Code 2015, Art. 148(5)).
 */
export function deadlineOf(
  rule: Pick<DeadlineRule, 'days' | 'workingDays'>,
  from: Date,
  holidays: ReadonlySet<Day>,
): { lastDay: Day; deadlineAt: Date } {
  const start = vietnamDayOf(from);
  const lastDay = rule.workingDays
    ? addWorkingDays(start, rule.days, holidays)
    : nextWorkingDay(addDays(start, rule.days), holidays);
  return { lastDay, deadlineAt: endOfVietnamDay(lastDay) };
}

/** A generous span of calendar days that holds `days` working days (weekends, Tết and a margin). */
export const calendarSpanOf = (days: number) => Math.ceil(days * 1.6) + 30;

// ---------------------------------------------------------------------------------------------
// Reading the configuration

/** The holidays in [from, to] (inclusive), as a set of days. */
export async function loadHolidays(db: Queryable, from: Day, to: Day): Promise<Set<Day>> {
  const rows = await db
    .select({ day: petitionHoliday.day })
    .from(petitionHoliday)
    .where(and(gte(petitionHoliday.day, from), lte(petitionHoliday.day, to)));
  return new Set(rows.map((row) => row.day));
}

export async function loadDeadlineRules(db: Queryable): Promise<Required<DeadlineRule>[]> {
  return db
    .select({
      id: petitionDeadlineRule.id,
      name: petitionDeadlineRule.name,
      level: petitionDeadlineRule.level,
      channel: petitionDeadlineRule.channel,
      forwardedBy: petitionDeadlineRule.forwardedBy,
      days: petitionDeadlineRule.days,
      workingDays: petitionDeadlineRule.workingDays,
    })
    .from(petitionDeadlineRule);
}

/** The deadline of a forward made at `at`, and the rule that set it (its name is kept on the forward). */
export interface ComputedDeadline {
  deadlineAt: Date;
  lastDay: Day;
  rule: Required<DeadlineRule>;
  /** "<rule name> — N ngày (làm việc)": what petition_forward.deadline_rule records. */
  description: string;
}

/**
 * The deadline for a petition forwarded at `at` under the configured rules and holidays. Throws when
 * no rule matches — migration 0042 seeds a default rule and the rules API refuses to delete the last one.
 */
export async function deadlineFor(
  db: Queryable,
  context: DeadlineContext & { at: Date },
): Promise<ComputedDeadline> {
  const rule = pickRule(await loadDeadlineRules(db), context);
  if (!rule) throw new Error('No petition deadline rule matches, and no default rule is configured');
  const start = vietnamDayOf(context.at);
  const holidays = await loadHolidays(db, start, addDays(start, calendarSpanOf(rule.days)));
  const { lastDay, deadlineAt } = deadlineOf(rule, context.at, holidays);
  const description = `${rule.name} — ${rule.days} ngày${rule.workingDays ? ' làm việc' : ''}`;
  return { deadlineAt, lastDay, rule, description };
}

/**
 * `count` working days from `day` under the configured holidays (negative: before it). For other
 * areas: e.g. the sessions check "the standing board was notified at least 3 working days before":
 * `notifiedDay <= await addWorkingDaysIn(db, sessionDay, -3)`.
 */
export async function addWorkingDaysIn(db: Queryable, day: Day, count: number): Promise<Day> {
  const span = calendarSpanOf(Math.abs(count));
  const holidays =
    count < 0
      ? await loadHolidays(db, addDays(day, -span), day)
      : await loadHolidays(db, day, addDays(day, span));
  return addWorkingDays(day, count, holidays);
}

/** The number of working days d with `from` < d ≤ `to`, under the configured holidays. */
export async function workingDaysBetweenIn(db: Queryable, from: Day, to: Day): Promise<number> {
  return workingDaysBetween(from, to, await loadHolidays(db, from, to));
}
