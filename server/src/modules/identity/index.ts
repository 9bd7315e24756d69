import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';
import { registerIdentityRoutes } from './identity.routes.ts';
import { createLoginService } from './login.service.ts';
import { createSessionService } from './session.service.ts';

export * from './identity.schema.ts';
export { hashPassword } from './password.ts';

export function createIdentityModule(deps: PlatformDeps) {
  const sessions = createSessionService(deps);
  const logins = createLoginService({ ...deps, sessions });
  return {
    name: 'identity',
    authenticator: sessions.authenticator,
    registerRoutes: (app) => registerIdentityRoutes(app, { db: deps.db, sessions, logins }),
  } satisfies AppModule & { authenticator: unknown };
}
