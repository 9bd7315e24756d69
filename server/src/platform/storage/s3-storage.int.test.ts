import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { createStorage, S3Storage, StorageError } from './index.ts';

/**
 * S3Storage against a real S3-compatible HTTP server (s3rver, on loopback): the AWS SDK's
 * signing, checksums and error shapes are exercised as they would be against MinIO or AWS.
 */
const BUCKET = 'mts-test';
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
let directory: string;
let server: S3rver;
let endpoint: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'mts-s3-'));
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

const keyOf = (content: Buffer) => createHash('sha256').update(content).digest('hex');
const report = Buffer.from('Báo cáo kết quả giám sát năm 2026 — Ủy ban MTTQ tỉnh Thử Nghiệm');

function storageFromConfig(bucket = BUCKET) {
  return createStorage(
    loadConfig(
      {
        STORAGE_DRIVER: 's3',
        S3_ENDPOINT: endpoint,
        S3_BUCKET: bucket,
        S3_ACCESS_KEY_ID: credentials.accessKeyId,
        S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      },
      { dotenv: false },
    ),
  );
}

describe('S3Storage on an S3-compatible server', () => {
  it('is what STORAGE_DRIVER=s3 configures, and stores, finds, reads and deletes by content hash', async () => {
    const storage = storageFromConfig();
    expect(storage).toBeInstanceOf(S3Storage);
    const stored = await storage.put(report);
    expect(stored).toEqual({ key: keyOf(report), size: report.length });
    expect(await storage.put(Buffer.from(report))).toEqual(stored);
    expect(await storage.exists(stored.key)).toBe(true);
    expect(await storage.get(stored.key)).toEqual(report);
    await storage.delete(stored.key);
    expect(await storage.exists(stored.key)).toBe(false);
    await expect(storage.get(stored.key)).rejects.toThrow(/Missing object/);
  });

  it('detects an object whose bytes no longer match its key', async () => {
    const storage = storageFromConfig();
    const { key } = await storage.put(report);
    const raw = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    await raw.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `objects/${key.slice(0, 2)}/${key}`,
        Body: Buffer.from('đã bị sửa'),
      }),
    );
    await expect(storage.get(key)).rejects.toThrow(StorageError);
    await expect(storage.get(key)).rejects.toThrow(/Checksum mismatch/);
  });

  it('says the store is unreachable rather than that an object is absent', async () => {
    const storage = new S3Storage({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      bucket: BUCKET,
      ...credentials,
      forcePathStyle: true,
    });
    await expect(storage.exists(keyOf(report))).rejects.toThrow(/Cannot reach object storage/);
    await expect(storage.get(keyOf(report))).rejects.toThrow(/Cannot read object/);
  });
});
