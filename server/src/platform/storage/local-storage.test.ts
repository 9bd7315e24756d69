import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalStorage } from './local-storage.ts';
import { StorageError } from './storage.ts';

const failure = vi.hoisted(() => ({ rename: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    rename: async (from: string, to: string) => {
      if (failure.rename)
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return actual.rename(from, to);
    },
  };
});

let root: string;
let storage: LocalStorage;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mts-storage-'));
  storage = new LocalStorage(root);
  failure.rename = false;
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** Every file under the storage root, relative to it. */
async function filesOnDisk(): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

const document = Buffer.from('Công văn số 12/UBMTTQ-BTT về việc tổ chức Ngày hội Đại đoàn kết');
const keyOf = (content: Buffer) => createHash('sha256').update(content).digest('hex');

describe('LocalStorage', () => {
  it('addresses content by its SHA-256 and reads it back', async () => {
    const stored = await storage.put(document);
    expect(stored).toEqual({ key: keyOf(document), size: document.length });
    expect(await storage.exists(stored.key)).toBe(true);
    expect(await storage.get(stored.key)).toEqual(document);
    expect(await filesOnDisk()).toEqual([
      path.join(stored.key.slice(0, 2), stored.key.slice(2, 4), stored.key),
    ]);
  });

  it('keeps one copy of the same content, even when stored concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => storage.put(Buffer.from(document))));
    expect(new Set(results.map((r) => r.key))).toEqual(new Set([keyOf(document)]));
    await storage.put(Buffer.from('khác'));
    expect(await filesOnDisk()).toHaveLength(2);
  });

  it('detects a file changed on disk, and a new upload of the content repairs it', async () => {
    const { key } = await storage.put(document);
    const file = path.join(root, key.slice(0, 2), key.slice(2, 4), key);
    await writeFile(file, Buffer.from('Công văn số 13/UBMTTQ-BTT'));
    await expect(storage.get(key)).rejects.toThrow(StorageError);
    await expect(storage.get(key)).rejects.toThrow(/Checksum mismatch/);
    await storage.put(document);
    expect(await storage.get(key)).toEqual(document);
  });

  it('leaves no partial or temporary file when a write fails', async () => {
    failure.rename = true;
    await expect(storage.put(document)).rejects.toThrow(/ENOSPC/);
    expect(await filesOnDisk()).toEqual([]);
    expect(await storage.exists(keyOf(document))).toBe(false);
    failure.rename = false;
    expect((await storage.put(document)).key).toBe(keyOf(document));
    expect(await filesOnDisk()).toHaveLength(1);
  });

  it('reports missing objects and refuses keys that are not SHA-256 hex', async () => {
    await expect(storage.get('a'.repeat(64))).rejects.toThrow(/Missing object/);
    await expect(storage.get('../../etc/passwd')).rejects.toThrow(/Invalid storage key/);
    await storage.delete(keyOf(document)); // deleting what is absent is not an error
    const { key } = await storage.put(document);
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
  });
});
