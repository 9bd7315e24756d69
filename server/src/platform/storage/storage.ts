/** Stored objects are content-addressed: the key is the SHA-256 of the bytes. */
export interface StoredObject {
  key: string;
  size: number;
}

export interface Storage {
  /** Stores bytes; storing the same content twice returns the same key and keeps one copy. */
  put(content: Buffer): Promise<StoredObject>;
  /** Reads bytes back and verifies them against their key; throws when missing or corrupt. */
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}

export const KEY_PATTERN = /^[0-9a-f]{64}$/;

export class StorageError extends Error {}

export function assertKey(key: string) {
  if (!KEY_PATTERN.test(key)) throw new StorageError(`Invalid storage key: ${key}`);
}
