import { defaultFileCodeTemplate, type Retention } from '@mts/contracts';
import { padNumber } from '../symbol.ts';

export { defaultFileCodeTemplate };

/**
 * The file code (ký hiệu hồ sơ) from a unit's pattern: `{year}` the file's year, `{unit}` the
 * unit's symbol (its code when it has none), `{n}` the file's index in the year's list, two
 * digits at least (01, 02 … as Decree 30 pads numbers).
 */
export function formatFileCode(template: string, parts: { year: number; unit: string; index: number }) {
  return template
    .replaceAll('{year}', String(parts.year))
    .replaceAll('{unit}', parts.unit)
    .replaceAll('{n}', padNumber(parts.index));
}

/**
 * The archive transfer due date (Luật Lưu trữ, Art. 11; Decree 30): a file goes to the unit's
 * archive within one year after its year ends, so by 31 December of the following year.
 */
export const derivedArchiveDueDate = (year: number) => `${year + 1}-12-31`;

/** Whole days from `from` to `to` (ISO dates; negative when `to` is earlier). */
export function daysBetween(from: string, to: string) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** ISO date `days` after `date`. */
export function addDays(date: string, days: number) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** dd/mm/yyyy, as Vietnamese notices write dates. */
export const vnDisplayDate = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** Thời hạn bảo quản in the database (years, null = permanent) and on the wire. */
export const retentionToYears = (retention: Retention) => (retention === 'permanent' ? null : retention);
export const retentionOf = (years: number | null): Retention => years ?? 'permanent';
export const retentionLabel = (years: number | null) => (years === null ? 'Vĩnh viễn' : `${years} năm`);
