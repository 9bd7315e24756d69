import type { PlatformDeps } from '../../../platform/http/index.ts';
import type { PetitionsArea, PetitionsWiring } from '../index.ts';
import { loadPublicAssets } from './assets.ts';
import { formTokenKey, purgeFormNonces } from './form-token.ts';
import type { SiteFrame } from './layout.ts';
import { registerPublicRoutes } from './public.routes.ts';

export { type Page, renderPage, type SiteFrame } from './layout.ts';

const PURGE_QUEUE = 'petitions.form-nonces-purge';

/**
 * The public petition pages at the site root (/kien-nghi…): about and recent answers, the form
 * (no JavaScript needed), tracking by code, rating and reopening, scorecards and the map.
 * Server-rendered with ghtml (escapes every value unless marked), one stylesheet, no third parties.
 */
export function setupPublicPages(deps: PlatformDeps, _wiring?: PetitionsWiring): PetitionsArea {
  const secret = deps.config.SECRET_KEY;
  if (!secret) throw new Error('SECRET_KEY is required by the public petition pages (form tokens)');
  const assets = loadPublicAssets();
  const frame: SiteFrame = { siteName: 'Mặt trận số', homeHref: '/kien-nghi', stylesheet: assets.stylesheet };
  deps.jobs.define(PURGE_QUEUE, () => purgeFormNonces(deps.db));
  deps.jobs.schedule(PURGE_QUEUE, '41 * * * *', { tz: 'Asia/Ho_Chi_Minh' });
  const tileUrl = deps.config.PETITIONS_MAP_TILE_URL;
  return {
    registerRoutes: (app) =>
      registerPublicRoutes(app, {
        db: deps.db,
        storage: deps.storage,
        mailer: deps.mailer,
        publicUrl: deps.config.PUBLIC_URL,
        tokenKey: formTokenKey(secret),
        frame,
        assets,
        tileUrl,
      }),
  };
}
