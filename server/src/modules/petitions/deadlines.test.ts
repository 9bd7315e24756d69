import { describe, expect, it } from 'vitest';
import {
  addDays,
  addWorkingDays,
  type DeadlineRule,
  deadlineOf,
  endOfVietnamDay,
  isWorkingDay,
  nextWorkingDay,
  pickRule,
  vietnamDayOf,
  workingDaysBetween,
} from './deadlines.ts';

// 2026: Giỗ Tổ Hùng Vương falls on Sunday 26 April, made up on Monday 27 April; 30/4 and 1/5 are
// Thursday and Friday; Tết Nguyên đán Bính Ngọ is Monday 16 – Friday 20 February.
const holidays = new Set([
  '2026-01-01',
  '2026-02-16',
  '2026-02-17',
  '2026-02-18',
  '2026-02-19',
  '2026-02-20',
  '2026-04-27',
  '2026-04-30',
  '2026-05-01',
]);
const none = new Set<string>();

const rule = (fields: Partial<DeadlineRule> & { name: string; days: number }): DeadlineRule => ({
  level: null,
  channel: null,
  forwardedBy: null,
  workingDays: false,
  ...fields,
});

// The rules migration 0042 seeds, plus two more specific ones.
const rules = [
  rule({ name: 'Quốc hội chuyển', forwardedBy: 'national_assembly', days: 60 }),
  rule({ name: 'Cấp tỉnh', level: 'province', days: 30, workingDays: true }),
  rule({ name: 'Cấp xã', level: 'commune', days: 15, workingDays: true }),
  rule({ name: 'Mặc định', days: 60 }),
  rule({ name: 'Cấp xã, qua điện thoại', level: 'commune', channel: 'phone', days: 10, workingDays: true }),
  rule({ name: 'Gửi qua mạng xã hội', channel: 'social', days: 20 }),
];

describe('Vietnamese days', () => {
  it('reads the day an instant falls on in Vietnam, not in UTC', () => {
    expect(vietnamDayOf(new Date('2026-03-02T16:59:59Z'))).toBe('2026-03-02');
    expect(vietnamDayOf(new Date('2026-03-02T17:00:00Z'))).toBe('2026-03-03'); // 00:00 in Hà Nội
  });

  it('ends a day at 23:59:59.999 Vietnam time', () => {
    expect(endOfVietnamDay('2026-06-30').toISOString()).toBe('2026-06-30T16:59:59.999Z');
    expect(vietnamDayOf(endOfVietnamDay('2026-06-30'))).toBe('2026-06-30');
    expect(vietnamDayOf(new Date(endOfVietnamDay('2026-06-30').getTime() + 1))).toBe('2026-07-01');
  });

  it('adds calendar days across months and leap years', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(() => addDays('2026-13-01', 1)).toThrow();
  });
});

describe('working days', () => {
  it('are Monday to Friday except holidays', () => {
    expect(isWorkingDay('2026-04-24', holidays)).toBe(true); // Friday
    expect(isWorkingDay('2026-04-25', holidays)).toBe(false); // Saturday
    expect(isWorkingDay('2026-04-26', holidays)).toBe(false); // Sunday
    expect(isWorkingDay('2026-04-27', holidays)).toBe(false); // Giỗ Tổ, made up on Monday
    expect(nextWorkingDay('2026-04-25', holidays)).toBe('2026-04-28');
  });

  it('skip the weekend and a holiday', () => {
    expect(addWorkingDays('2026-04-24', 1, none)).toBe('2026-04-27');
    expect(addWorkingDays('2026-04-24', 1, holidays)).toBe('2026-04-28');
    // Tue 28, Wed 29, then 30/4, 1/5 and the weekend, then Mon 4 May.
    expect(addWorkingDays('2026-04-27', 3, holidays)).toBe('2026-05-04');
    expect(addWorkingDays('2026-04-24', 0, holidays)).toBe('2026-04-24');
  });

  it('count backwards for "at least N working days before"', () => {
    // A session on Monday 4 May 2026: three working days back (Wed 29, Tue 28 and, past Giỗ Tổ
    // and the weekend, Fri 24) — the board must be notified by Friday 24 April.
    expect(addWorkingDays('2026-05-04', -3, holidays)).toBe('2026-04-24');
    expect(workingDaysBetween('2026-04-28', '2026-05-04', holidays)).toBe(2); // Wed 29, Mon 4
    expect(workingDaysBetween('2026-04-24', '2026-05-04', holidays)).toBe(3); // Tue, Wed, Mon
    expect(workingDaysBetween('2026-05-04', '2026-04-28', holidays)).toBe(0);
  });

  it('jump the whole of Tết', () => {
    // Friday 13 February 2026 + 1 working day: Tết runs Mon 16 – Fri 20, so Monday 23.
    expect(addWorkingDays('2026-02-13', 1, holidays)).toBe('2026-02-23');
  });
});

describe('choosing a rule', () => {
  const pick = (level: DeadlineRule['level'] & string, channel: string, forwardedBy?: string) =>
    pickRule(rules, {
      level,
      channel: channel as never,
      forwardedBy: (forwardedBy ?? null) as never,
    })?.name;

  it('prefers level + channel, then level, then channel or forwarding body, then the default', () => {
    expect(pick('commune', 'phone')).toBe('Cấp xã, qua điện thoại');
    expect(pick('commune', 'web')).toBe('Cấp xã');
    expect(pick('central', 'social')).toBe('Gửi qua mạng xã hội');
    expect(pick('central', 'web', 'national_assembly')).toBe('Quốc hội chuyển');
    expect(pick('central', 'web')).toBe('Mặc định');
    expect(pick('province', 'session', 'national_assembly')).toBe('Cấp tỉnh');
  });

  it('never picks a rule naming another value', () => {
    expect(pick('central', 'web', 'peoples_council')).toBe('Mặc định');
    expect(
      pickRule([rule({ name: 'Cấp tỉnh', level: 'province', days: 5 })], {
        level: 'commune',
        channel: 'web',
      }),
    ).toBe(null);
  });

  it('breaks a tie between equally specific rules by the stricter deadline', () => {
    const tied = [
      rule({ name: 'B', level: 'commune', days: 20 }),
      rule({ name: 'A', level: 'commune', days: 12 }),
    ];
    expect(pickRule(tied, { level: 'commune', channel: 'web' })?.name).toBe('A');
  });
});

describe('the deadline of a forward', () => {
  it('is 60 calendar days later, at the end of that day in Vietnam', () => {
    // Forwarded 09:00 on Monday 2 March 2026 (Hà Nội): day 60 is Friday 1 May (a holiday), so the
    // period ends on the next working day, Monday 4 May.
    const from = new Date('2026-03-02T02:00:00Z');
    expect(deadlineOf({ days: 60, workingDays: false }, from, holidays)).toEqual({
      lastDay: '2026-05-04',
      deadlineAt: new Date('2026-05-04T16:59:59.999Z'),
    });
    // Without the holidays day 60 is a working day and stands.
    expect(deadlineOf({ days: 60, workingDays: false }, from, none).lastDay).toBe('2026-05-01');
  });

  it('counts from the Vietnamese day of the forward, late in the evening included', () => {
    // 23:30 on Thursday 23 April in Hà Nội is still the 23rd, though UTC says 16:30.
    const late = new Date('2026-04-23T16:30:00Z');
    expect(deadlineOf({ days: 2, workingDays: true }, late, holidays).lastDay).toBe('2026-04-28');
  });

  it('in working days skips the weekend and the holiday', () => {
    // Friday 24 April + 15 working days: 28, 29 April, 4–8 May, 11–15 May, 18–20 May → Wednesday 20 May.
    const from = new Date('2026-04-24T03:00:00Z');
    expect(deadlineOf({ days: 15, workingDays: true }, from, holidays).lastDay).toBe('2026-05-20');
    expect(deadlineOf({ days: 15, workingDays: true }, from, none).lastDay).toBe('2026-05-15');
  });
});
