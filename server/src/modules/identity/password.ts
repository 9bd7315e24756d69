import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes).
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, ARGON2_OPTIONS);

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  // Hash something even when the account has no password, so timing does not reveal it.
  if (!passwordHash) {
    await hash(password, ARGON2_OPTIONS);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
