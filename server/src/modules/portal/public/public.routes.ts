import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../../db/client.ts';
import { AppError } from '../../../platform/errors/index.ts';
import { publicAccess } from '../../../platform/policy/index.ts';
import { foldVietnamese } from '../../../platform/text/index.ts';
import { articleMeta, articleView } from './article.view.ts';
import { etagOf, type MicroCache, type Rendered, sendRendered } from './cache.ts';
import { contactView } from './contact.view.ts';
import { FEED_SIZE, FEED_TYPES, type FeedKind, renderFeed } from './feeds.ts';
import { homeView, sitesView } from './home.view.ts';
import { hostNameOf } from './host.ts';
import {
  messageView,
  type PortalAssets,
  renderPlainPage,
  renderSitePage,
  type SiteLinks,
  type SitePage,
  siteLinks,
} from './layout.ts';
import { listView, PAGE_SIZE, searchView } from './list.view.ts';
import { petitionsView } from './petitions.view.ts';
import * as repository from './public.repository.ts';
import { renderSitemap } from './sitemap.ts';

export interface PublicSitesRoutesDeps {
  db: Database;
  publicUrl: string;
  assets: PortalAssets;
  cache: MicroCache;
}

const HTML = 'text/html; charset=utf-8';
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SEARCH_MAX = 200;
const open = { config: { access: publicAccess }, schema: { hide: true } };

type Params = { site: string; slug?: string };

/** A request's page number (?trang=2); undefined when it is not a page number. */
function pageOf(request: FastifyRequest): number | undefined {
  const raw = (request.query as Record<string, unknown>).trang;
  if (raw === undefined || raw === '') return 1;
  return typeof raw === 'string' && /^[1-9][0-9]{0,3}$/.test(raw) ? Number(raw) : undefined;
}

const newest = (...dates: Date[]) => new Date(Math.max(...dates.map((d) => d.getTime())));

/**
 * The unit sites: server-rendered pages, feeds and sitemaps under /trang/{site} (or a site's own
 * host name, rewritten to it by the app). Every response is micro-cached for seconds, carries
 * ETag/Last-Modified and answers conditional GETs with 304.
 */
export async function registerPublicSiteRoutes(app: FastifyInstance, deps: PublicSitesRoutesDeps) {
  const { db, assets, cache } = deps;
  const stylesheet = assets.stylesheet;

  /** The micro-cache in front of a render, then validators and 304. */
  async function serve(request: FastifyRequest, reply: FastifyReply, render: () => Promise<Rendered>) {
    const key = `${hostNameOf(request.headers.host)} ${request.url}`;
    const hit = cache.get(key);
    if (hit) return sendRendered(request, reply, hit);
    const generation = cache.currentGeneration;
    const rendered = await render();
    const entry =
      rendered.status === 200
        ? cache.set(key, rendered, generation)
        : { ...rendered, etag: etagOf(rendered.body) };
    return sendRendered(request, reply, entry);
  }

  const plain = (status: number, title: string, message: string): Rendered => ({
    status,
    contentType: HTML,
    body: renderPlainPage(stylesheet, title, messageView(title, message)),
    lastModified: new Date(),
    siteId: null,
    aggregates: false,
  });
  const siteNotFound = () =>
    plain(
      404,
      'Không tìm thấy trang thông tin',
      'Không có trang thông tin điện tử này. Xem danh sách các trang.',
    );

  interface SiteContext {
    site: repository.SiteRow;
    links: SiteLinks;
    /** A page of the site: rendered in its frame. */
    page(status: number, page: SitePage, lastModified?: Date): Rendered;
    body(status: number, contentType: string, body: string, lastModified: Date): Rendered;
    notFound(message?: string): Rendered;
  }

  /** A site route: finds the active site, then renders with its frame (404 page when there is none). */
  const siteRoute =
    (render: (ctx: SiteContext, request: FastifyRequest) => Promise<Rendered>) =>
    (request: FastifyRequest, reply: FastifyReply) =>
      serve(request, reply, async () => {
        const params = request.params as Params;
        const site = SLUG.test(params.site) ? await repository.findSite(db, params.site) : null;
        if (!site) return siteNotFound();
        const atOwnHost = site.host !== null && hostNameOf(request.headers.host) === site.host;
        const links = siteLinks(site, deps.publicUrl, atOwnHost);
        const body: SiteContext['body'] = (status, contentType, text, lastModified) => ({
          status,
          contentType,
          body: text,
          lastModified: newest(site.updatedAt, lastModified),
          siteId: site.id,
          aggregates: site.aggregateChildren,
        });
        const page: SiteContext['page'] = (status, p, lastModified = new Date()) =>
          body(status, HTML, renderSitePage(site, links, stylesheet, p), lastModified);
        const notFound = (
          message = 'Không tìm thấy trang bạn cần. Có thể bài viết đã được gỡ hoặc địa chỉ bị gõ sai.',
        ) =>
          page(404, { title: 'Không tìm thấy', main: messageView('Không tìm thấy', message), noindex: true });
        return render({ site, links, page, body, notFound }, request);
      });

  const badPage = (ctx: SiteContext) =>
    ctx.page(400, {
      title: 'Số trang không hợp lệ',
      main: messageView(
        'Số trang không hợp lệ',
        'Tham số "trang" phải là một số từ 1 đến 9999, ví dụ ?trang=2.',
      ),
      noindex: true,
    });
  const latest = (items: repository.ArticleSummary[]) => items.map((a) => a.updatedAt);

  await app.register(async (scope) => {
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error instanceof AppError ? error.status : (error.statusCode ?? 500);
      if (status >= 500) request.log.error({ err: error }, 'public site page failed');
      const [title, message] =
        status === 429
          ? ['Quá nhiều yêu cầu', 'Bạn truy cập quá nhanh. Vui lòng chờ ít phút rồi thử lại.']
          : status < 500
            ? ['Yêu cầu không hợp lệ', 'Địa chỉ hoặc tham số không hợp lệ. Vui lòng kiểm tra lại.']
            : ['Đã có lỗi', 'Hệ thống gặp lỗi. Vui lòng thử lại sau ít phút.'];
      return reply
        .code(status)
        .type(HTML)
        .header('cache-control', 'no-store')
        .send(renderPlainPage(stylesheet, title, messageView(title, message)));
    });

    scope.get(
      '/trang/-/:file',
      { config: { access: publicAccess, rateLimit: false }, schema: { hide: true } },
      (request, reply) => {
        const asset = assets.files.get((request.params as { file: string }).file);
        if (!asset)
          return reply
            .code(404)
            .type(HTML)
            .send(
              renderPlainPage(
                stylesheet,
                'Không tìm thấy',
                messageView('Không tìm thấy', 'Không có tệp này.'),
              ),
            );
        return reply
          .type(asset.contentType)
          .header('cache-control', 'public, max-age=31536000, immutable')
          .send(asset.body);
      },
    );

    scope.get('/trang', open, (request, reply) =>
      serve(request, reply, async () => {
        const sites = await repository.listActiveSites(db);
        return {
          status: 200,
          contentType: HTML,
          body: renderPlainPage(stylesheet, 'Trang thông tin điện tử', sitesView(sites)),
          lastModified: newest(new Date(0), ...sites.map((s) => s.updatedAt)),
          siteId: null,
          aggregates: false,
        };
      }),
    );

    scope.get(
      '/trang/:site',
      open,
      siteRoute(async (ctx, request) => {
        const page = pageOf(request);
        if (!page) return badPage(ctx);
        const { site, links } = ctx;
        const [own, children] = await Promise.all([
          repository.listArticles(db, { siteId: site.id, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
          site.aggregateChildren && page === 1
            ? repository.listArticles(db, { siteId: site.id, children: true, limit: 8 })
            : { items: [], total: 0 },
        ]);
        if (page > 1 && own.items.length === 0) return ctx.notFound('Trang này không có bài viết nào.');
        const main = homeView({
          site,
          links,
          latest: own.items,
          total: own.total,
          page,
          children: children.items,
          href: (n) => `${links.prefix || '/'}${n > 1 ? `?trang=${n}` : ''}`,
        });
        return ctx.page(
          200,
          {
            title: site.name,
            main,
            description: site.tagline,
            canonical: `${links.base}/${page > 1 ? `?trang=${page}` : ''}`,
            current: links.prefix || '/',
          },
          newest(new Date(0), ...latest(own.items), ...latest(children.items)),
        );
      }),
    );

    scope.get(
      '/trang/:site/bai-viet/:slug',
      open,
      siteRoute(async (ctx, request) => {
        const slug = (request.params as Params).slug ?? '';
        const article = SLUG.test(slug) ? await repository.findArticle(db, ctx.site.id, slug) : null;
        if (!article)
          return ctx.notFound(
            'Không tìm thấy bài viết này. Có thể bài viết đã được gỡ hoặc địa chỉ bị gõ sai.',
          );
        const meta = articleMeta(ctx.site, ctx.links, article);
        return ctx.page(
          200,
          { title: article.title, main: articleView(ctx.links, article), ...meta },
          article.updatedAt,
        );
      }),
    );

    /** A category's or a tag's list page. */
    const listRoute = (kind: 'category' | 'tag') =>
      siteRoute(async (ctx, request) => {
        const slug = (request.params as Params).slug ?? '';
        const page = pageOf(request);
        if (!page) return badPage(ctx);
        const { site, links } = ctx;
        const found = !SLUG.test(slug)
          ? null
          : kind === 'category'
            ? (site.categories.find((c) => c.slug === slug) ?? null)
            : await repository.findTag(db, site.id, slug);
        if (!found)
          return ctx.notFound(kind === 'category' ? 'Không có chuyên mục này.' : 'Không có thẻ này.');
        const result = await repository.listArticles(db, {
          siteId: site.id,
          ...(kind === 'category' ? { categoryId: found.id } : { tagId: found.id }),
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        });
        const path = `${links.prefix}/${kind === 'category' ? 'chuyen-muc' : 'the'}/${slug}`;
        const main = listView(
          {
            heading: kind === 'category' ? found.name : `Thẻ: ${found.name}`,
            intro: kind === 'category' ? (found as repository.CategoryRow).description : undefined,
            items: result.items,
            total: result.total,
            page,
            href: (n) => `${path}${n > 1 ? `?trang=${n}` : ''}`,
          },
          { siteId: site.id, links },
        );
        const canonical = `${links.base}${path.slice(links.prefix.length)}${page > 1 ? `?trang=${page}` : ''}`;
        return ctx.page(
          200,
          { title: found.name, main, canonical, current: path },
          newest(new Date(0), ...latest(result.items)),
        );
      });
    scope.get('/trang/:site/chuyen-muc/:slug', open, listRoute('category'));
    scope.get('/trang/:site/the/:slug', open, listRoute('tag'));

    scope.get(
      '/trang/:site/tim-kiem',
      open,
      siteRoute(async (ctx, request) => {
        const raw = (request.query as Record<string, unknown>).q;
        const q = typeof raw === 'string' ? raw.trim() : '';
        const { site, links } = ctx;
        const options = { siteId: site.id, links };
        if (q.length > SEARCH_MAX)
          return ctx.page(400, {
            title: 'Lỗi: Tìm kiếm',
            main: searchView(q.slice(0, SEARCH_MAX), null, options).concat(
              messageView(
                'Từ khóa quá dài',
                `Từ khóa tìm kiếm tối đa ${SEARCH_MAX} ký tự. Vui lòng rút gọn.`,
              ),
            ),
            noindex: true,
          });
        const page = pageOf(request);
        if (!page) return badPage(ctx);
        const words = [...new Set(foldVietnamese(q).split(' ').filter(Boolean))].slice(0, 12);
        const result =
          words.length > 0
            ? await repository.listArticles(db, {
                siteId: site.id,
                words,
                limit: PAGE_SIZE,
                offset: (page - 1) * PAGE_SIZE,
              })
            : null;
        const href = (n: number) =>
          `${links.prefix}/tim-kiem?q=${encodeURIComponent(q)}${n > 1 ? `&trang=${n}` : ''}`;
        const main = searchView(q, result && { ...result, page, href }, options);
        return ctx.page(200, {
          title: q ? `Tìm kiếm: ${q}` : 'Tìm kiếm',
          main,
          noindex: true,
          current: `${links.prefix}/tim-kiem`,
        });
      }),
    );

    scope.get(
      '/trang/:site/lien-he',
      open,
      siteRoute(async (ctx) =>
        ctx.page(
          200,
          {
            title: 'Liên hệ',
            main: contactView(ctx.site),
            canonical: `${ctx.links.base}/lien-he`,
            current: `${ctx.links.prefix}/lien-he`,
          },
          ctx.site.updatedAt,
        ),
      ),
    );

    scope.get(
      '/trang/:site/kien-nghi',
      open,
      siteRoute(async (ctx) => {
        const petitions = await repository.listAreaPetitions(db, ctx.site.unitId);
        return ctx.page(200, {
          title: 'Kiến nghị cử tri',
          main: petitionsView(ctx.site, petitions),
          canonical: `${ctx.links.base}/kien-nghi`,
          current: `${ctx.links.prefix}/kien-nghi`,
        });
      }),
    );

    const feedRoute = (kind: FeedKind, byCategory: boolean) =>
      siteRoute(async (ctx, request) => {
        const slug = (request.params as Params).slug;
        const category = byCategory ? ctx.site.categories.find((c) => c.slug === slug) : undefined;
        if (byCategory && !category) return ctx.notFound('Không có chuyên mục này.');
        const { items } = await repository.listArticles(db, {
          siteId: ctx.site.id,
          ...(category ? { categoryId: category.id } : {}),
          limit: FEED_SIZE,
        });
        const now = new Date();
        const body = renderFeed(kind, { site: ctx.site, links: ctx.links, category, items, now });
        return ctx.body(200, FEED_TYPES[kind], body, newest(new Date(0), ...latest(items)));
      });
    scope.get('/trang/:site/rss.xml', open, feedRoute('rss', false));
    scope.get('/trang/:site/atom.xml', open, feedRoute('atom', false));
    scope.get('/trang/:site/chuyen-muc/:slug/rss.xml', open, feedRoute('rss', true));
    scope.get('/trang/:site/chuyen-muc/:slug/atom.xml', open, feedRoute('atom', true));

    scope.get(
      '/trang/:site/sitemap.xml',
      open,
      siteRoute(async (ctx) => {
        const [tags, articles] = await Promise.all([
          repository.listTags(db, ctx.site.id),
          repository.listPublishedSlugs(db, ctx.site.id),
        ]);
        const body = renderSitemap({
          links: ctx.links,
          siteUpdatedAt: ctx.site.updatedAt,
          categories: ctx.site.categories,
          tags,
          articles,
        });
        return ctx.body(
          200,
          'application/xml; charset=utf-8',
          body,
          newest(new Date(0), ...articles.map((a) => a.updatedAt)),
        );
      }),
    );
  });
}
