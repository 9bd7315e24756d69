import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { html } from 'ghtml';
import { pictureHtml } from '../media/index.ts';
import type { MenuItem } from '../portal.schema.ts';
import type { SiteRow } from './public.repository.ts';

/** Dates as the sites show them: Vietnamese, Vietnam's time zone ("05/03/2026"). */
const dateFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
export const formatDate = (value: Date) => dateFormat.format(value);

/** The stylesheet, read once, served under a content-hashed name with a year of caching. */
export interface PortalAssets {
  stylesheet: string;
  files: Map<string, { body: Buffer; contentType: string }>;
}
/** "-" is never a site's slug (slugs are words), so assets cannot shadow a site. */
export const ASSET_BASE = '/trang/-/';

export function loadPortalAssets(): PortalAssets {
  const css = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'portal.css'));
  const name = `portal.${createHash('sha256').update(css).digest('hex').slice(0, 10)}.css`;
  return {
    stylesheet: `${ASSET_BASE}${name}`,
    files: new Map([[name, { body: css, contentType: 'text/css; charset=utf-8' }]]),
  };
}

/**
 * Where a site's pages are, for links: "" at its own host name, "/trang/{slug}" elsewhere; and the
 * absolute base for canonical URLs, feeds and the sitemap (its host when it has one).
 */
export interface SiteLinks {
  prefix: string;
  base: string;
  /** The absolute origin the site is served from (its images' URLs in Open Graph and feeds). */
  origin: string;
}
export const siteLinks = (
  site: Pick<SiteRow, 'slug' | 'host'>,
  publicUrl: string,
  atOwnHost: boolean,
): SiteLinks => ({
  prefix: atOwnHost ? '' : `/trang/${site.slug}`,
  base: site.host ? `https://${site.host}` : `${publicUrl}/trang/${site.slug}`,
  origin: site.host ? `https://${site.host}` : publicUrl,
});
export const homeHref = (links: SiteLinks) => links.prefix || '/';

export interface SitePage {
  title: string;
  main: string;
  description?: string;
  /** Absolute canonical URL. */
  canonical?: string;
  /** Extra `<head>` content made with `html` (Open Graph, JSON-LD, feed links). */
  head?: string;
  noindex?: boolean;
  /** The menu entry to mark as current (its href). */
  current?: string;
}

/** The menu when the site has none configured: home, every category, petitions, contact. */
function defaultMenu(site: SiteRow): MenuItem[] {
  return [
    { kind: 'page', page: 'home' },
    ...site.categories.map((c): MenuItem => ({ kind: 'category', categoryId: c.id })),
    { kind: 'page', page: 'petitions' },
    { kind: 'page', page: 'contact' },
  ];
}

const PAGE_LINKS: Record<Extract<MenuItem, { kind: 'page' }>['page'], [string, string]> = {
  home: ['', 'Trang chủ'],
  petitions: ['/kien-nghi', 'Kiến nghị'],
  tracking: ['/kien-nghi/tra-cuu', 'Tra cứu kiến nghị'],
  contact: ['/lien-he', 'Liên hệ'],
  search: ['/tim-kiem', 'Tìm kiếm'],
};

/** Menu entries as [href, label]; categories gone since and unsafe links are left out. */
export function menuLinks(site: SiteRow, links: SiteLinks): Array<[string, string]> {
  const items = site.menu.length > 0 ? site.menu : defaultMenu(site);
  return items.flatMap((item): Array<[string, string]> => {
    if (item.kind === 'category') {
      const category = site.categories.find((c) => c.id === item.categoryId);
      return category ? [[`${links.prefix}/chuyen-muc/${category.slug}`, item.label || category.name]] : [];
    }
    if (item.kind === 'page') {
      const [path, label] = PAGE_LINKS[item.page];
      // Tracking is the platform's page; the others are the site's.
      const href = item.page === 'tracking' ? path : `${links.prefix}${path}` || '/';
      return [[href, item.label || label]];
    }
    return /^(https:\/\/|http:\/\/|\/)/.test(item.href) ? [[item.href, item.label]] : [];
  });
}

/** A whole page of a unit's site: lang="vi", skip link, header with name and emblem, menu, footer. */
export function renderSitePage(site: SiteRow, links: SiteLinks, stylesheet: string, page: SitePage): string {
  const contact = site.contact;
  const home = homeHref(links);
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title === site.name ? site.name : `${page.title} — ${site.name}`}</title>
!${page.description ? html`<meta name="description" content="${page.description}">` : ''}
!${page.canonical ? html`<link rel="canonical" href="${page.canonical}">` : ''}
!${page.noindex ? html`<meta name="robots" content="noindex">` : ''}
<link rel="stylesheet" href="${stylesheet}">
<link rel="alternate" type="application/rss+xml" title="${site.name} (RSS)" href="${links.prefix}/rss.xml">
<link rel="alternate" type="application/atom+xml" title="${site.name} (Atom)" href="${links.prefix}/atom.xml">
!${page.head ?? ''}
</head>
<body>
<a class="skip-link" href="#noi-dung">Bỏ qua, đến nội dung chính</a>
<header class="site-header">
<div class="wrap brand">
!${site.emblem ? html`<span class="emblem">!${pictureHtml({ ...site.emblem, alt: '' }, { sizes: '48px', eager: true })}</span>` : ''}
<div><a class="site-name" href="${home}">${site.name}</a>!${site.tagline ? html`<p class="tagline">${site.tagline}</p>` : ''}</div>
</div>
<nav class="wrap" aria-label="Chuyên mục">
<ul>
!${menuLinks(site, links).map(
    ([href, label]) =>
      html`<li><a href="${href}"!${href === page.current ? ' aria-current="page"' : ''}>${label}</a></li>`,
  )}
</ul>
<form class="search" role="search" action="${links.prefix}/tim-kiem" method="get">
<label for="q-dau-trang" class="visually-hidden">Tìm bài viết</label>
<input id="q-dau-trang" type="search" name="q" maxlength="200" placeholder="Tìm bài viết">
<button type="submit">Tìm</button>
</form>
</nav>
</header>
<main id="noi-dung" class="wrap" tabindex="-1">
!${page.main}
</main>
<footer class="site-footer">
<div class="wrap">
<p><strong>${site.unitName}</strong></p>
!${contact.address ? html`<p>Địa chỉ: ${contact.address}</p>` : ''}
!${contact.phone ? html`<p>Điện thoại: <a href="tel:${contact.phone.replace(/[^0-9+]/g, '')}">${contact.phone}</a></p>` : ''}
!${contact.email ? html`<p>Thư điện tử: <a href="mailto:${contact.email}">${contact.email}</a></p>` : ''}
<p><a href="${links.prefix}/lien-he">Liên hệ</a> · <a href="${links.prefix}/rss.xml">RSS</a> · <a href="${links.prefix}/atom.xml">Atom</a> · <a href="/trang">Các trang thông tin</a></p>
</div>
</footer>
</body>
</html>`;
}

/** A page outside any site (the list of sites, an unknown site). */
export function renderPlainPage(stylesheet: string, title: string, main: string): string {
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Mặt trận số</title>
<link rel="stylesheet" href="${stylesheet}">
</head>
<body>
<a class="skip-link" href="#noi-dung">Bỏ qua, đến nội dung chính</a>
<header class="site-header"><div class="wrap brand"><a class="site-name" href="/trang">Trang thông tin điện tử Mặt trận Tổ quốc</a></div></header>
<main id="noi-dung" class="wrap" tabindex="-1">
!${main}
</main>
</body>
</html>`;
}

/** A message in the page body (not found, bad request). */
export const messageView = (title: string, message: string) => html`<h1>${title}</h1><p>${message}</p>`;
