import formbody from '@fastify/formbody';
import type { PlatformDeps } from '../../../platform/http/index.ts';
import type { PetitionsArea, PetitionsWiring } from '../index.ts';
import { registerOpen311KeyRoutes } from './keys.routes.ts';
import { createOpen311KeyService } from './keys.ts';
import { registerOpen311Routes } from './open311.routes.ts';
import { createOpen311Service } from './open311.service.ts';

export { DEMO_OPEN311_API_KEY, seedDemoOpen311Key } from './keys.ts';

const FORM = 'application/x-www-form-urlencoded';

/**
 * The Open311 GeoReport v2 API of the petitions, mounted under /open311/v2: discovery, services
 * and their definitions, POST requests with an API key, tokens, GET requests with every filter,
 * mySociety's service request updates — XML and JSON alike (see README.md).
 */
export function setupOpen311(deps: PlatformDeps, _wiring?: PetitionsWiring): PetitionsArea {
  const service = createOpen311Service({ db: deps.db, publicUrl: deps.config.PUBLIC_URL });
  return {
    async registerRoutes(app) {
      // POST calls are form-encoded (the specification); parsed in this scope only.
      if (!app.hasContentTypeParser(FORM)) await app.register(formbody);
      registerOpen311Routes(app, service);
    },
  };
}

/** The staff API of the Open311 keys (/api/open311-keys), with the other staff areas. */
export function setupOpen311Keys(deps: PlatformDeps): PetitionsArea {
  const keys = createOpen311KeyService({ db: deps.db });
  return {
    registerRoutes(app) {
      registerOpen311KeyRoutes(app, keys);
    },
  };
}
