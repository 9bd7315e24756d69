/** A day (yyyy-mm-dd) and a time "HH:mm" in Vietnam → an ISO instant with +07:00. */
export function vietnamInstant(dayIso: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dayIso) || !/^\d{2}:\d{2}$/.test(time)) return null;
  return `${dayIso}T${time}:00+07:00`;
}

/** A rate 0…1 as a percentage, '—' when null. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 100)}%`;
}
