import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import webpush from 'web-push';
import type { Config } from '../../config.ts';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

export type VapidConfig = Pick<
  Config,
  'VAPID_PUBLIC_KEY' | 'VAPID_PRIVATE_KEY' | 'VAPID_SUBJECT' | 'DATA_DIR' | 'PUBLIC_URL' | 'MAIL_FROM'
>;

const KEY_FILE = 'vapid-keys.json';
const cache = new Map<string, Promise<{ publicKey: string; privateKey: string }>>();

/** The contact push services may reach: VAPID_SUBJECT, PUBLIC_URL when https, else MAIL_FROM's address. */
export function vapidSubject(config: VapidConfig): string {
  if (config.VAPID_SUBJECT) return config.VAPID_SUBJECT;
  if (config.PUBLIC_URL.startsWith('https://')) return config.PUBLIC_URL;
  const address = /<([^>]+)>/.exec(config.MAIL_FROM)?.[1] ?? config.MAIL_FROM.trim();
  return `mailto:${address}`;
}

/**
 * The server's VAPID key pair (RFC 8292): VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY, or a pair generated
 * once into DATA_DIR/vapid-keys.json (mode 0600). Browsers bind a subscription to the public key,
 * so it must not change: several instances on one database must configure the same pair.
 */
export async function loadVapidKeys(config: VapidConfig): Promise<VapidKeys> {
  const subject = vapidSubject(config);
  if (config.VAPID_PUBLIC_KEY || config.VAPID_PRIVATE_KEY) {
    if (!config.VAPID_PUBLIC_KEY || !config.VAPID_PRIVATE_KEY)
      throw new Error('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must be set together');
    return { publicKey: config.VAPID_PUBLIC_KEY, privateKey: config.VAPID_PRIVATE_KEY, subject };
  }
  const file = path.join(config.DATA_DIR, KEY_FILE);
  let pair = cache.get(file);
  if (!pair) {
    pair = readOrCreate(config.DATA_DIR, file);
    cache.set(file, pair);
    pair.catch(() => cache.delete(file));
  }
  return { ...(await pair), subject };
}

async function readOrCreate(dataDir: string, file: string) {
  const read = async () =>
    JSON.parse(await readFile(file, 'utf8')) as { publicKey: string; privateKey: string };
  try {
    return await read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const fresh = webpush.generateVAPIDKeys();
  try {
    // 'wx': when two processes race, the second reads the first one's pair.
    await writeFile(file, `${JSON.stringify(fresh)}\n`, { mode: 0o600, flag: 'wx' });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return read();
  }
}
