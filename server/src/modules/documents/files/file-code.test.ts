import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, derivedArchiveDueDate, formatFileCode, retentionLabel } from './file-code.ts';

describe('file codes (ký hiệu hồ sơ)', () => {
  it('follow the unit’s pattern with a two-digit index', () => {
    expect(formatFileCode('{year}.{unit}.{n}', { year: 2026, unit: 'MTTQ-BTT', index: 3 })).toBe(
      '2026.MTTQ-BTT.03',
    );
    expect(formatFileCode('{n}/HS-{unit}', { year: 2026, unit: 'VP', index: 112 })).toBe('112/HS-VP');
  });
});

describe('archive transfer dates', () => {
  it('fall due on 31 December of the year after the file’s year', () => {
    expect(derivedArchiveDueDate(2025)).toBe('2026-12-31');
  });
  it('count days across months and years', () => {
    expect(daysBetween('2026-12-01', '2026-12-31')).toBe(30);
    expect(daysBetween('2027-01-02', '2026-12-31')).toBe(-2);
    expect(addDays('2026-12-01', 30)).toBe('2026-12-31');
  });
  it('label retention in Vietnamese', () => {
    expect(retentionLabel(null)).toBe('Vĩnh viễn');
    expect(retentionLabel(10)).toBe('10 năm');
  });
});
