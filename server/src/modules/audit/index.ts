import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';
import { registerAuditRoutes } from './audit.routes.ts';
import { createAuditService } from './audit.service.ts';

/** Viewing, exporting and verifying the hash-chained audit log (nhật ký hệ thống). */
export function createAuditModule(deps: Pick<PlatformDeps, 'db'>): AppModule {
  const service = createAuditService(deps);
  return {
    name: 'audit',
    registerRoutes: (app) => registerAuditRoutes(app, service),
  };
}
