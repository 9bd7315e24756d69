import { randomInt } from 'node:crypto';

// No 0/o, 1/l/i: codes are read off paper and typed by hand.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_COUNT = 10;

/** Ten single-use codes like `k7pq2-xm9ta` (about 50 bits each), shown to the person once. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    codes.add(`${chars.slice(0, 5)}-${chars.slice(5)}`);
  }
  return [...codes];
}

/** What is hashed and compared: case, spaces and dashes do not matter. */
export const normaliseRecoveryCode = (input: string) => input.toLowerCase().replace(/[^a-z0-9]/g, '');
