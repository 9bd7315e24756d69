import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';

/** Viewing, exporting and verifying the hash-chained audit log. */
export function createAuditModule(_deps: PlatformDeps): AppModule {
  return {
    name: 'audit',
    registerRoutes() {},
  };
}
