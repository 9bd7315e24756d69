import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.ts';

export type KeystoreKeyConfig = Pick<
  Config,
  'SIGNATURE_KEYSTORE_KEY' | 'DATA_DIR' | 'DATABASE_URL' | 'NODE_ENV'
>;

const KEY_FILE = 'signature-keystore.key';
const cache = new Map<string, Uint8Array>();

const decode = (base64: string, where: string) => {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${where}: the signature keystore key must be 32 bytes in base64`);
  return new Uint8Array(key);
};

/**
 * The server key that seals signing keystores at rest (AES-256): SIGNATURE_KEYSTORE_KEY, or one
 * generated once into DATA_DIR/signature-keystore.key (mode 0600) — except in production on an
 * external database, where several instances must share one key and losing it loses every
 * stored keystore: there it must be configured.
 */
export async function loadKeystoreKey(config: KeystoreKeyConfig): Promise<Uint8Array> {
  if (config.SIGNATURE_KEYSTORE_KEY) return decode(config.SIGNATURE_KEYSTORE_KEY, 'SIGNATURE_KEYSTORE_KEY');
  const file = path.join(config.DATA_DIR, KEY_FILE);
  const cached = cache.get(file);
  if (cached) return cached;
  if (config.NODE_ENV === 'production' && config.DATABASE_URL)
    throw new Error(
      'SIGNATURE_KEYSTORE_KEY is required in production with DATABASE_URL (base64 of 32 random bytes: openssl rand -base64 32)',
    );
  let key: Uint8Array;
  try {
    key = decode(await readFile(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(config.DATA_DIR, { recursive: true });
    const fresh = randomBytes(32).toString('base64');
    try {
      // 'wx': when two processes race, the second reads the first one's key.
      await writeFile(file, `${fresh}\n`, { mode: 0o600, flag: 'wx' });
      key = decode(fresh, file);
    } catch (writeError) {
      if ((writeError as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError;
      key = decode(await readFile(file, 'utf8'), file);
    }
  }
  cache.set(file, key);
  return key;
}
