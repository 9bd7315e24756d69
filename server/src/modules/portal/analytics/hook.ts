import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../../db/client.ts';
import { deviceOf, referrerHostOf } from './classify.ts';
import type { PageView } from './counter.ts';
import { vietnamDay, visitorHash } from './salt.ts';

/**
 * The pages of a site that are counted (route URLs of public/public.routes.ts). Feeds, sitemaps,
 * the stylesheet and the list of sites are not: they are not a person reading a page.
 */
const COUNTED = new Set([
  '/trang/:site',
  '/trang/:site/bai-viet/:slug',
  '/trang/:site/chuyen-muc/:slug',
  '/trang/:site/the/:slug',
  '/trang/:site/tim-kiem',
  '/trang/:site/lien-he',
  '/trang/:site/kien-nghi',
]);
/** As public/host.ts: the host name without port, lowercase. */
const hostNameOf = (host: string | undefined) =>
  (host ?? '').trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
const ARTICLE_ROUTE = '/trang/:site/bai-viet/:slug';
const LOOKUP_TTL_MS = 60_000;
const LOOKUP_MAX = 5000;

/** A small time-limited cache of slug → id lookups (a counted page exists: it was just served). */
function cached<T>(load: (key: string) => Promise<T>) {
  const entries = new Map<string, { value: T; until: number }>();
  return async (key: string): Promise<T> => {
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = await load(key);
    if (entries.size >= LOOKUP_MAX) entries.clear();
    entries.set(key, { value, until: now + LOOKUP_TTL_MS });
    return value;
  };
}

export interface CountingDeps {
  db: Database;
  saltOf(day: string): Promise<Buffer>;
  count(view: PageView): void;
}

/**
 * Adds an onResponse hook counting the site pages served with 200, and 304 (a reader's browser
 * showing its cached copy of the page is a view too). Micro-cached responses go through the route
 * handler, so they are counted as well. Bots and requests without a user agent are not. The
 * address and user agent only enter the day's visitor hash: neither is stored.
 */
export function addCountingHook(app: FastifyInstance, deps: CountingDeps) {
  const { db } = deps;
  const siteBySlug = cached(async (slug) => {
    const rows = await db.execute<{ id: string; host: string | null }>(
      sql`SELECT id, host FROM portal_site WHERE slug = ${slug}`,
    );
    return rows.rows[0] ?? null;
  });
  const articleBySlug = cached(async (key) => {
    const [siteId, slug] = key.split(' ');
    const rows = await db.execute<{ id: string }>(
      sql`SELECT id FROM portal_article WHERE site_id = ${siteId} AND slug = ${slug}`,
    );
    return rows.rows[0]?.id ?? null;
  });

  async function countView(request: FastifyRequest, reply: FastifyReply) {
    const route = request.routeOptions.url;
    if (request.method !== 'GET' || !route || !COUNTED.has(route)) return;
    const status = reply.statusCode;
    if (status === 200) {
      if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return;
    } else if (status !== 304) return;
    const userAgent = request.headers['user-agent'];
    const device = deviceOf(userAgent);
    if (!device) return;
    const params = request.params as { site: string; slug?: string };
    const site = await siteBySlug(params.site);
    if (!site) return;
    const day = vietnamDay();
    const articleId =
      route === ARTICLE_ROUTE && params.slug ? await articleBySlug(`${site.id} ${params.slug}`) : null;
    const path =
      route === '/trang/:site' ? '/' : route.slice('/trang/:site'.length).replace(':slug', params.slug ?? '');
    const ownHosts = [hostNameOf(request.headers.host), ...(site.host ? [site.host] : [])];
    deps.count({
      siteId: site.id,
      day,
      path,
      articleId,
      referrerHost: referrerHostOf(request.headers.referer, ownHosts),
      device,
      visitorHash: visitorHash(await deps.saltOf(day), site.id, request.ip, userAgent ?? ''),
    });
  }

  // Counting runs after the response is sent; `idle` lets a flush wait for views still being counted.
  const running = new Set<Promise<void>>();
  app.addHook('onResponse', async (request, reply) => {
    const work = countView(request, reply).catch((err) => request.log.warn({ err }, 'page view not counted'));
    running.add(work);
    await work;
    running.delete(work);
  });
  return {
    idle: async () => {
      await Promise.all(running);
    },
  };
}
