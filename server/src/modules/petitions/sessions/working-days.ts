import { addDays, addWorkingDays, type Day, loadHolidays, vietnamDayOf } from '../deadlines.ts';

/**
 * The working-day calendar of the sessions area, on the shared one in ../deadlines.ts (Monday to
 * Friday minus petition_holiday, Vietnam days): NQLT 72/2025 Art. 32 counts the standing board's
 * notice in working days.
 */
export { isWorkingDay } from '../deadlines.ts';
export const vietnamDay = vietnamDayOf;
export const shiftDay = addDays;
export const holidaysBetween = loadHolidays;

/**
 * The day `count` working days before `day`, stepping back from the day before and counting only
 * working days: a session on Monday with count 3 gives the Wednesday before (Fri, Thu, Wed). A
 * notice sent on that day or earlier is on time.
 */
export const workingDaysBefore = (day: Day, count: number, holidays: ReadonlySet<Day>): Day =>
  addWorkingDays(day, -count, holidays);

/** Enough days before a session to cover three working days across Tết and other long holidays. */
export const HOLIDAY_WINDOW_DAYS = 45;
