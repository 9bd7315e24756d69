import { createHash, randomBytes } from 'node:crypto';

/** A random secret for cookies and tokens; only its SHA-256 is stored. */
export const newSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');
export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');
