import { describe, expect, it } from 'vitest';
import { percent, vietnamInstant } from './petition-format.ts';
import { petitionMessages } from './petition-messages.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the petitions pages’ strings', () => {
  it('say everything in Vietnamese and in English, with the same placeholders', () => {
    const problems: string[] = [];
    for (const [key, [vi, en]] of Object.entries(petitionMessages)) {
      if (!vi.trim() || !en.trim()) problems.push(`${key}: empty`);
      if (placeholders(vi).join() !== placeholders(en).join())
        problems.push(`${key}: {${placeholders(vi)}} vs {${placeholders(en)}}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('vietnamInstant', () => {
  it('puts a day and a time in Vietnam time (+07:00)', () => {
    expect(vietnamInstant('2026-12-01', '08:30')).toBe('2026-12-01T08:30:00+07:00');
    expect(new Date(vietnamInstant('2026-12-01', '06:00')!).toISOString()).toBe('2026-11-30T23:00:00.000Z');
  });
  it('refuses a missing day or time', () => {
    expect(vietnamInstant('', '08:00')).toBeNull();
    expect(vietnamInstant('2026-12-01', '')).toBeNull();
  });
});

describe('percent', () => {
  it('rounds a rate, and shows a dash when there is none', () => {
    expect(percent(0.666)).toBe('67%');
    expect(percent(1)).toBe('100%');
    expect(percent(null)).toBe('—');
  });
});
