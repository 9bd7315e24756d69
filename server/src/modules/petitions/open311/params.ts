import { badParameter } from './render.ts';

/**
 * The parameters of one call (query string, or form body over query string). An empty parameter
 * is the same as a missing one ("Optional Arguments" in the specification), so every accessor
 * answers `undefined` for '' or blanks.
 */
export class Params {
  private readonly values = new Map<string, string[]>();

  constructor(...sources: Array<unknown>) {
    // Later sources win: the form body over the query string.
    for (const source of sources) {
      if (!source || typeof source !== 'object') continue;
      for (const [key, raw] of Object.entries(source as Record<string, unknown>)) {
        const values = (Array.isArray(raw) ? raw : [raw])
          .filter((v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v))
          .map(String)
          .filter((v) => v.trim() !== '');
        if (values.length) this.values.set(key, values);
      }
    }
  }

  keys() {
    return [...this.values.keys()];
  }

  all(name: string): string[] {
    return this.values.get(name) ?? [];
  }

  text(name: string): string | undefined {
    const value = this.values.get(name)?.[0];
    return value === undefined ? undefined : value.trim();
  }

  /** Comma-delimited and/or repeated: `status=open,closed` or `status=open&status=closed`. */
  list(name: string): string[] {
    return this.all(name)
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
  }

  dateTime(name: string): Date | undefined {
    const value = this.text(name);
    return value === undefined ? undefined : parseW3cDateTime(value, name);
  }

  integer(name: string, min: number, max: number): number | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max)
      throw badParameter({
        vi: `Tham số ${name} phải là số nguyên từ ${min} đến ${max}.`,
        en: `${name} must be an integer from ${min} to ${max}.`,
      });
    return n;
  }

  flag(name: string): boolean {
    const value = this.text(name)?.toLowerCase();
    if (value === undefined || value === 'false' || value === '0') return false;
    if (value === 'true' || value === '1') return true;
    throw badParameter({
      vi: `Tham số ${name} chỉ nhận true hoặc false.`,
      en: `${name} must be true or false.`,
    });
  }
}

const W3C_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A W3C date-time (the ISO 8601 subset of the specification). A time must carry its time zone
 * ("2010-01-01T00:00:00Z", "…+07:00"); a date alone means that day from 00:00 in Vietnam. A '+'
 * turned into a space by a client that did not encode the query string is accepted.
 */
export function parseW3cDateTime(input: string, name: string): Date {
  const value = input.trim().replace(/ (\d{2}:?\d{2})$/, '+$1');
  const match = W3C_DATE_TIME.exec(value);
  const invalid = () =>
    badParameter({
      vi: `Tham số ${name} không đúng định dạng ngày giờ W3C có múi giờ, ví dụ 2026-01-31T08:00:00+07:00.`,
      en: `${name} must be a W3C date-time with a time zone, e.g. 2026-01-31T08:00:00+07:00.`,
    });
  if (!match) throw invalid();
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  if (h !== undefined && zone === undefined)
    throw badParameter({
      vi: `Tham số ${name} thiếu múi giờ (thêm Z hoặc +07:00).`,
      en: `${name} has no time zone (add Z or +07:00).`,
    });
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) throw invalid();
  if (Number(h ?? 0) > 23 || Number(mi ?? 0) > 59 || Number(s ?? 0) > 59) throw invalid();
  const offset =
    zone === undefined ? '+07:00' : zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const iso = `${y}-${mo}-${d}T${h ?? '00'}:${mi ?? '00'}:${s ?? '00'}${fraction ?? ''}${offset}`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw invalid();
  return date;
}
