import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
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

/** Any S3-compatible store (MinIO, Ceph RGW, AWS). Objects keyed by SHA-256, checked on read. */
export class S3Storage implements Storage {
  private readonly client: S3Client;

  constructor(private readonly options: S3Options) {
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials:
        options.accessKeyId && options.secretAccessKey
          ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
          : undefined,
    });
  }

  private objectKey(key: string) {
    assertKey(key);
    return `objects/${key.slice(0, 2)}/${key}`;
  }

  async put(content: Buffer): Promise<StoredObject> {
    const key = sha256(content);
    if (!(await this.exists(key))) {
      await this.client.send(
        new PutObjectCommand({
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
    const result = await this.client
      .send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }))
      .catch(() => {
        throw new StorageError(`Missing object ${key}`);
      });
    const content = Buffer.from(await result.Body!.transformToByteArray());
    if (sha256(content) !== key) throw new StorageError(`Checksum mismatch for ${key}`);
    return content;
  }

  async exists(key: string): Promise<boolean> {
    return this.client
      .send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }))
      .then(
        () => true,
        () => false,
      );
  }

  async delete(key: string): Promise<void> {
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }),
    );
  }
}
