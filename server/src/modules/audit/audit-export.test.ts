import { describe, expect, it } from 'vitest';
import { toAuditQuery } from './audit.service.ts';
import { csvField, formatVietnamTime } from './audit-export.ts';

describe('CSV fields', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvField('Xã An Bình')).toBe('Xã An Bình');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('nói "không"')).toBe('"nói ""không"""');
    expect(csvField('dòng 1\ndòng 2')).toBe('"dòng 1\ndòng 2"');
    expect(csvField(42)).toBe('42');
  });

  it('keeps a spreadsheet from running user text as a formula', () => {
    for (const text of ['=1+1', '+84 912', '-2', '@SUM(A1)', '\tx']) expect(csvField(text)).toBe(`'${text}`);
    expect(csvField('=A1,B1')).toBe(`"'=A1,B1"`);
  });

  it('writes times as Vietnamese read them, in Vietnam time', () => {
    expect(formatVietnamTime(new Date('2026-01-31T17:30:05Z'))).toBe('01/02/2026 00:30:05');
    expect(csvField(new Date('2026-06-01T02:00:00Z'))).toBe('01/06/2026 09:00:00');
  });
});

describe('date filters', () => {
  it('reads a date as the whole calendar day in Vietnam, `to` included', () => {
    const query = toAuditQuery({ from: '2026-03-01', to: '2026-03-31' });
    expect(query.since?.toISOString()).toBe('2026-02-28T17:00:00.000Z');
    expect(query.until?.toISOString()).toBe('2026-03-31T17:00:00.000Z');
  });

  it('reads an instant as itself, `to` included', () => {
    const query = toAuditQuery({ from: '2026-03-01T08:00:00+07:00', to: '2026-03-01T09:00:00Z' });
    expect(query.since?.toISOString()).toBe('2026-03-01T01:00:00.000Z');
    expect(query.until?.toISOString()).toBe('2026-03-01T09:00:00.001Z');
  });
});
