import { sql } from 'drizzle-orm';
import type { PlatformDeps } from '../../../platform/http/index.ts';
import { SITE_CHANGED_TOPIC } from '../index.ts';

/** Paths that belong to the platform on every host name, never to a unit's site. */
const PLATFORM_PREFIXES = ['/api', '/app', '/open311', '/kien-nghi', '/anh', '/tep', '/assets', '/trang'];

/** The host name without port, lowercase: "MatTran.LamDong.vn:443" → "mattran.lamdong.vn". */
export const hostNameOf = (host: string | undefined) =>
  (host ?? '').trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');

/**
 * The URL a request to a site's own host name is served as: GET / on "mattran.lamdong.vn" is the
 * home of its site (/trang/lam-dong), /bai-viet/x its article; the platform's own paths (API, staff
 * app, petitions, images, files, assets, /trang itself) stay as they are, as does every URL on a
 * host that is not a site's. Pure: the app's rewriteUrl calls it with the current map.
 */
export function portalPathForHost(host: string | undefined, url: string, hosts: Map<string, string>): string {
  const slug = hosts.get(hostNameOf(host));
  if (!slug) return url;
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? '' : url.slice(queryAt);
  if (PLATFORM_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return url;
  return `/trang/${slug}${path === '/' || path === '' ? '' : path}${query}`;
}

export interface HostMap {
  /** host name → site slug, of the active sites that have a host; replaced in place on reload. */
  readonly hosts: Map<string, string>;
  /** Resolves when the first load is done. */
  readonly ready: Promise<void>;
  reload(): Promise<void>;
  /** Stops listening for site changes. */
  close(): void;
}

/**
 * The host names of the active sites, loaded at start and reloaded whenever a site changes on any
 * instance (SITE_CHANGED_TOPIC): a host added or removed by an administrator is served at once.
 */
export function createHostMap(deps: Pick<PlatformDeps, 'db' | 'realtime'>): HostMap {
  const hosts = new Map<string, string>();
  const reload = async () => {
    const rows = await deps.db.execute<{ host: string; slug: string }>(
      sql`SELECT host, slug FROM portal_site WHERE host IS NOT NULL AND is_active`,
    );
    hosts.clear();
    for (const row of rows.rows) hosts.set(hostNameOf(row.host), row.slug);
  };
  const unsubscribe = deps.realtime.subscribe(SITE_CHANGED_TOPIC, () => {
    reload().catch(() => undefined); // the next change or restart loads it again
  });
  return { hosts, ready: reload(), reload, close: unsubscribe };
}
