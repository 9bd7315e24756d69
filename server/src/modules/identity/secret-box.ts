import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (TOTP seeds) are sealed with AES-256-GCM under a key derived from SECRET_KEY:
 * `v1.<iv>.<tag>.<ciphertext>` in base64url. A separate derived key signs recovery codes.
 */
export function createSecretBox(secretKey: string) {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', secretKey, '', `mts:${purpose}:v1`, 32));
  const encryptionKey = derive('secret-box');
  const macKey = derive('recovery-code');

  function seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** Throws when the value was not sealed with this key or was altered. */
  function open(sealed: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('Not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  /** Keyed hash: a copy of the database alone is not enough to brute-force recovery codes. */
  const mac = (value: string) => createHmac('sha256', macKey).update(value).digest('hex');

  return { seal, open, mac };
}

export type SecretBox = ReturnType<typeof createSecretBox>;
