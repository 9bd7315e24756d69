export type { AppModule, PlatformDeps } from './module.ts';
