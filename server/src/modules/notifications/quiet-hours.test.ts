import { describe, expect, it } from 'vitest';
import { afterQuietHours } from './quiet-hours.ts';

// 15:30 UTC is 22:30 in Hà Nội.
const at = (iso: string) => new Date(iso);

describe('afterQuietHours', () => {
  it('lets a notice out at once outside quiet hours or without them', () => {
    expect(afterQuietHours(at('2026-03-02T05:00:10Z'), { start: '22:00', end: '06:30' })).toEqual(
      at('2026-03-02T05:00:10Z'),
    );
    expect(afterQuietHours(at('2026-03-02T15:30:00Z'), null)).toEqual(at('2026-03-02T15:30:00Z'));
  });

  it('holds a notice until the end of quiet hours that run past midnight, in Vietnam time', () => {
    // 22:30 local on 2 March → 06:30 local on 3 March = 23:30 UTC on 2 March.
    expect(afterQuietHours(at('2026-03-02T15:30:12Z'), { start: '22:00', end: '06:30' })).toEqual(
      at('2026-03-02T23:30:00Z'),
    );
    // 01:00 local on 3 March (18:00 UTC on 2 March) → the same 06:30.
    expect(afterQuietHours(at('2026-03-02T18:00:00Z'), { start: '22:00', end: '06:30' })).toEqual(
      at('2026-03-02T23:30:00Z'),
    );
  });

  it('handles quiet hours within one day (a lunch break)', () => {
    // 11:45 local (04:45 UTC) within 11:30–13:30 → 13:30 local = 06:30 UTC.
    expect(afterQuietHours(at('2026-03-02T04:45:00Z'), { start: '11:30', end: '13:30' })).toEqual(
      at('2026-03-02T06:30:00Z'),
    );
    expect(afterQuietHours(at('2026-03-02T06:30:00Z'), { start: '11:30', end: '13:30' })).toEqual(
      at('2026-03-02T06:30:00Z'),
    );
  });
});
