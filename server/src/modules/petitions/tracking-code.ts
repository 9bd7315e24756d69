import { randomInt } from 'node:crypto';

/** Letters and digits a citizen can read out by phone without confusion (no 0/O, 1/I/L, 5/S, 8/B). */
const ALPHABET = '2345679ACDEFGHJKMNPQRTUVWXYZ';

/**
 * A tracking code (mã tra cứu) like "KN-7QX3-M2PA": 8 symbols of a 28-letter alphabet (≈ 38 bits),
 * from the system's CSPRNG, so codes cannot be guessed or enumerated.
 */
export function newTrackingCode(): string {
  let symbols = '';
  for (let i = 0; i < 8; i++) symbols += ALPHABET[randomInt(ALPHABET.length)];
  return `KN-${symbols.slice(0, 4)}-${symbols.slice(4)}`;
}

/** Normalises what a citizen typed ("kn 7qx3 m2pa") to the stored form, or null when it cannot be one. */
export function parseTrackingCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[^0-9A-Z]/g, '');
  const body = compact.startsWith('KN') ? compact.slice(2) : compact;
  if (body.length !== 8 || [...body].some((c) => !ALPHABET.includes(c))) return null;
  return `KN-${body.slice(0, 4)}-${body.slice(4)}`;
}
