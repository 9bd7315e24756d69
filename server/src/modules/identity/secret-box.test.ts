import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secret-box.ts';

const box = createSecretBox('k'.repeat(40));

describe('secret box', () => {
  it('round-trips and never stores the plaintext', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(sealed).not.toBe(box.seal('JBSWY3DPEHPK3PXP')); // fresh IV each time
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses a value sealed with another key or altered', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    expect(() => createSecretBox('x'.repeat(40)).open(sealed)).toThrow();
    const [v, iv, tag, data] = sealed.split('.');
    const flipped = Buffer.from(data!, 'base64url');
    flipped[0]! ^= 1;
    expect(() => box.open([v, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
  });

  it('keys the recovery-code hash with the secret key', () => {
    expect(box.mac('abcde-fghij')).toBe(box.mac('abcde-fghij'));
    expect(createSecretBox('x'.repeat(40)).mac('abcde-fghij')).not.toBe(box.mac('abcde-fghij'));
  });
});
