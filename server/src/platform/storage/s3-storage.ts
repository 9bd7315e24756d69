import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { assertKey, type Storage, StorageError, type StoredObject } from './storage.ts';

export interface S3Options {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

const isNotFound = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (e.name === 'NoSuchBucket') return false;
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
};
const describe = (error: unknown) => (error instanceof Error ? error.name || error.message : String(error));

/** Any S3-compatible store (MinIO, Ceph RGW, AWS). Objects keyed by SHA-256, checked on read. */
export class S3Storage implements Storage {
  private connection?: Promise<{ client: S3Client; sdk: typeof import('@aws-sdk/client-s3') }>;

  constructor(private readonly options: S3Options) {}

  /** The AWS SDK is large: it is loaded on first use, so instances on local disk never pay for it. */
  private connect() {
    this.connection ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        endpoint: this.options.endpoint,
        region: this.options.region,
        forcePathStyle: this.options.forcePathStyle,
        credentials:
          this.options.accessKeyId && this.options.secretAccessKey
            ? { accessKeyId: this.options.accessKeyId, secretAccessKey: this.options.secretAccessKey }
            : undefined,
      }),
    }));
    return this.connection;
  }

  private objectKey(key: string) {
    assertKey(key);
    return `objects/${key.slice(0, 2)}/${key}`;
  }

  async put(content: Buffer): Promise<StoredObject> {
    const key = sha256(content);
    if (!(await this.exists(key))) {
      const { client, sdk } = await this.connect();
      await client.send(
        new sdk.PutObjectCommand({
          Bucket: this.options.bucket,
          Key: this.objectKey(key),
          Body: content,
          ChecksumSHA256: Buffer.from(key, 'hex').toString('base64'),
        }),
      );
    }
    return { key, size: content.length };
  }

  async get(key: string): Promise<Buffer> {
    const { client, sdk } = await this.connect();
    const result = await client
      .send(new sdk.GetObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }))
      .catch((error: unknown) => {
        throw isNotFound(error)
          ? new StorageError(`Missing object ${key}`)
          : new StorageError(`Cannot read object ${key}: ${describe(error)}`, { cause: error });
      });
    const content = Buffer.from(await result.Body!.transformToByteArray());
    if (sha256(content) !== key) throw new StorageError(`Checksum mismatch for ${key}`);
    return content;
  }

  async exists(key: string): Promise<boolean> {
    const { client, sdk } = await this.connect();
    return client
      .send(new sdk.HeadObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }))
      .then(
        () => true,
        (error: unknown) => {
          // Absent is an answer; an unreachable or misconfigured store is not.
          if (isNotFound(error)) return false;
          throw new StorageError(`Cannot reach object storage: ${describe(error)}`, { cause: error });
        },
      );
  }

  async delete(key: string): Promise<void> {
    const { client, sdk } = await this.connect();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
  }
}
