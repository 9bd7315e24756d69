import { describe, expect, it } from 'vitest';
import { generateRecoveryCodes, normaliseRecoveryCode } from './recovery-codes.ts';

describe('recovery codes', () => {
  it('are ten distinct codes that are easy to copy by hand', () => {
    const codes = generateRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-hj-km-np-z2-9]{5}-[a-hj-km-np-z2-9]{5}$/);
  });

  it('match however the person types them', () => {
    expect(normaliseRecoveryCode(' K7PQ2 XM9TA ')).toBe(normaliseRecoveryCode('k7pq2-xm9ta'));
  });
});
