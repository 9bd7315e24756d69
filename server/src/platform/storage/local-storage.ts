import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assertKey, type Storage, StorageError, type StoredObject } from './storage.ts';

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** Files under `root/ab/cd/<sha256>`; written to a temporary name then renamed, so never partial. */
export class LocalStorage implements Storage {
  constructor(private readonly root: string) {}

  private pathOf(key: string) {
    assertKey(key);
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(content: Buffer): Promise<StoredObject> {
    const key = sha256(content);
    const target = this.pathOf(key);
    // Same content already stored: keep the one copy, unless that copy is damaged.
    if (!(await this.isIntact(key))) {
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await writeFile(temporary, content, { flag: 'wx' });
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    }
    return { key, size: content.length };
  }

  private async isIntact(key: string): Promise<boolean> {
    const content = await readFile(this.pathOf(key)).catch(() => null);
    return content !== null && sha256(content) === key;
  }

  async get(key: string): Promise<Buffer> {
    const content = await readFile(this.pathOf(key)).catch(() => {
      throw new StorageError(`Missing object ${key}`);
    });
    if (sha256(content) !== key) throw new StorageError(`Checksum mismatch for ${key}`);
    return content;
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
