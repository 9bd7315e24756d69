import { describe, expect, it } from 'vitest';
import { isWorkingDay, vietnamDay, workingDaysBefore } from './working-days.ts';

const none = new Set<string>();

describe('working days before a session (NQLT 72/2025 Art. 32)', () => {
  it('reads the calendar day in Vietnam time', () => {
    expect(vietnamDay(new Date('2026-11-30T16:59:59Z'))).toBe('2026-11-30');
    expect(vietnamDay(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01');
  });

  it('skips weekends', () => {
    expect(isWorkingDay('2026-11-28', none)).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29', none)).toBe(false); // Sunday
    expect(isWorkingDay('2026-11-30', none)).toBe(true); // Monday
    // Thursday 3 Dec 2026: Wed 2, Tue 1, Mon 30 Nov.
    expect(workingDaysBefore('2026-12-03', 3, none)).toBe('2026-11-30');
    // Monday 7 Dec 2026: Fri 4, Thu 3, Wed 2.
    expect(workingDaysBefore('2026-12-07', 3, none)).toBe('2026-12-02');
  });

  it('skips public holidays', () => {
    // National Day 2 Sep 2026 (Wednesday) and 1 Sep (Tuesday) off: a session on Friday 4 Sep
    // needs the notice by Friday 28 Aug (Thu 3, Mon 31, Fri 28).
    const holidays = new Set(['2026-09-01', '2026-09-02']);
    expect(workingDaysBefore('2026-09-04', 3, holidays)).toBe('2026-08-28');
    expect(isWorkingDay('2026-09-02', holidays)).toBe(false);
  });
});
