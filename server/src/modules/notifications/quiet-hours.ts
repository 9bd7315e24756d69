/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving time). */
const OFFSET_MINUTES = 7 * 60;
const DAY = 24 * 60;

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * When something due at `now` may go out given quiet hours [start, end) in Vietnam's local time
 * ('HH:MM'; a range past midnight such as 22:00–06:30 is allowed): `now` outside them, else the
 * next end of quiet hours.
 */
export function afterQuietHours(now: Date, quiet: { start: string; end: string } | null): Date {
  if (!quiet) return now;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return now;
  const local = new Date(now.getTime() + OFFSET_MINUTES * 60_000);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return now;
  const wait = (end - minute + DAY) % DAY;
  const at = new Date(now.getTime() + wait * 60_000);
  at.setUTCSeconds(0, 0);
  return at;
}
