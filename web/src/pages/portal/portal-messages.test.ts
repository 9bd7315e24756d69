import { describe, expect, it } from 'vitest';
import { portalMessages } from './portal-messages.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the portal pages’ strings', () => {
  it('say everything in Vietnamese and in English, with the same placeholders', () => {
    const problems: string[] = [];
    for (const [key, [vi, en]] of Object.entries(portalMessages)) {
      if (!vi.trim() || !en.trim()) problems.push(`${key}: empty`);
      if (placeholders(vi).join() !== placeholders(en).join())
        problems.push(`${key}: {${placeholders(vi)}} vs {${placeholders(en)}}`);
    }
    expect(problems).toEqual([]);
  });
});
