/** Dates as the Front's paperwork writes them, in Vietnam time (UTC+07:00 all year). */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

const vietnamIso = (at: Date | string) => new Date(new Date(at).getTime() + VIETNAM_OFFSET_MS).toISOString();

/** "08:00 ngày 01/12/2026". */
export function vietnamDateTime(at: Date | string): string {
  const iso = vietnamIso(at);
  return `${iso.slice(11, 16)} ngày ${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** "01/12/2026" from a date or a YYYY-MM-DD day. */
export function vietnamDate(at: Date | string): string {
  const iso = typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at) ? at : vietnamIso(at);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** "08:00–11:30 ngày 01/12/2026", or both full ends when the session runs past midnight. */
export function vietnamPeriod(startsAt: Date | string, endsAt: Date | string): string {
  const start = vietnamIso(startsAt);
  const end = vietnamIso(endsAt);
  if (start.slice(0, 10) === end.slice(0, 10)) return `${start.slice(11, 16)}–${vietnamDateTime(endsAt)}`;
  return `${vietnamDateTime(startsAt)} đến ${vietnamDateTime(endsAt)}`;
}
