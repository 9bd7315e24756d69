export type { AppModule, PlatformDeps } from './module.ts';
export { type UploadedFile, uploadedFile } from './uploads.ts';
