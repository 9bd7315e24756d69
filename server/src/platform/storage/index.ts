import path from 'node:path';
import type { Config } from '../../config.ts';
import { LocalStorage } from './local-storage.ts';
import { S3Storage } from './s3-storage.ts';
import type { Storage } from './storage.ts';

export { attachmentType, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from './attachment-type.ts';
export { LocalStorage } from './local-storage.ts';
export { S3Storage } from './s3-storage.ts';
export type { Storage, StoredObject } from './storage.ts';
export { StorageError } from './storage.ts';

export function createStorage(config: Config): Storage {
  if (config.STORAGE_DRIVER === 's3') {
    return new S3Storage({
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      bucket: config.S3_BUCKET!,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    });
  }
  return new LocalStorage(path.join(config.DATA_DIR, 'files'));
}
