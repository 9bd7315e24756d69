import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KeystoreSealBrokenError } from './errors.ts';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

function checkKey(serverKey: Uint8Array): void {
  if (serverKey.length !== 32) throw new Error('The keystore server key must be 32 bytes (AES-256).');
}

/**
 * Wraps an already PIN-encrypted .p12 with the server key (AES-256-GCM) for storage at rest.
 * `context` (e.g. the keystore id) is bound as associated data, so a sealed blob cannot be moved
 * to another row. Layout: version (1) | iv (12) | tag (16) | ciphertext.
 */
export function sealKeystore(bytes: Uint8Array, serverKey: Uint8Array, context = ''): Uint8Array {
  checkKey(serverKey);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', serverKey, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(bytes), cipher.final()]);
  return new Uint8Array(Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ciphertext]));
}

/** Reverses `sealKeystore`; any altered byte, wrong key or wrong context throws `KeystoreSealBrokenError`. */
export function unsealKeystore(sealed: Uint8Array, serverKey: Uint8Array, context = ''): Uint8Array {
  checkKey(serverKey);
  const data = Buffer.from(sealed);
  if (data.length < 1 + IV_BYTES + TAG_BYTES || data[0] !== VERSION) throw new KeystoreSealBrokenError();
  const iv = data.subarray(1, 1 + IV_BYTES);
  const tag = data.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', serverKey, iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return new Uint8Array(
      Buffer.concat([decipher.update(data.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]),
    );
  } catch {
    throw new KeystoreSealBrokenError();
  }
}
