import type { FastifyInstance } from 'fastify';
import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';
import { ownedByUnit } from '../../platform/policy/index.ts';
import { createApiTokenService } from './api-tokens.service.ts';
import { registerIdentityRoutes } from './identity.routes.ts';
import { createLoginService } from './login.service.ts';
import { registerMfaRoutes } from './mfa.routes.ts';
import { createMfaService } from './mfa.service.ts';
import { registerOidcRoutes } from './oidc.routes.ts';
import { createOidcService } from './oidc.service.ts';
import { registerPasskeyRoutes } from './passkey.routes.ts';
import { createPasskeyService } from './passkey.service.ts';
import { registerPasswordRoutes } from './password.routes.ts';
import { createPasswordService } from './password.service.ts';
import { registerRoleRoutes } from './roles.routes.ts';
import { createRolesService } from './roles.service.ts';
import { createSecretBox } from './secret-box.ts';
import { createSessionService } from './session.service.ts';
import { createSessionManagementService } from './session-management.service.ts';
import { registerSessionRoutes } from './sessions.routes.ts';
import { registerTokenRoutes } from './tokens.routes.ts';

export * from './identity.schema.ts';
export { hashPassword } from './password.ts';
export { createSecretBox } from './secret-box.ts';

/**
 * Identity: sign-in (password, TOTP, recovery codes, passkeys, OIDC single sign-on), sessions,
 * API tokens, roles and their assignment. Provides the authenticator the policy layer uses.
 */
export function createIdentityModule(deps: PlatformDeps) {
  const { db, config } = deps;
  if (!config.SECRET_KEY) throw new Error('SECRET_KEY is required by the identity module');
  deps.resources.register('api_token', ownedByUnit('api_token'));

  const sessions = createSessionService(deps);
  const logins = createLoginService({ db, config, sessions });
  const mfa = createMfaService({ db, box: createSecretBox(config.SECRET_KEY), sessions, logins });
  const passwords = createPasswordService({ db, config, mailer: deps.mailer, sessions, logins });
  const passkeys = createPasskeyService({ db, config, sessions, mfa });
  const oidc = createOidcService({ db, config, sessions });
  const management = createSessionManagementService({ db, sessions });
  const tokens = createApiTokenService({ db });
  const roles = createRolesService({ db });

  return {
    name: 'identity',
    authenticator: sessions.authenticator,
    registerRoutes(app: FastifyInstance) {
      registerIdentityRoutes(app, { db, sessions, logins });
      registerPasswordRoutes(app, passwords);
      registerMfaRoutes(app, mfa);
      registerPasskeyRoutes(app, { passkeys, sessions });
      registerOidcRoutes(app, { config, oidc, sessions });
      registerSessionRoutes(app, { management, sessions });
      registerTokenRoutes(app, tokens);
      registerRoleRoutes(app, roles);
    },
  } satisfies AppModule & { authenticator: unknown };
}
