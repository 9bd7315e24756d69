import { html } from 'ghtml';
import { pictureHtml } from '../media/index.ts';
import { formatDate, type SiteLinks } from './layout.ts';
import type { ArticleSummary } from './public.repository.ts';

export const PAGE_SIZE = 10;

/** The article's address from a page of `siteId`: the site's own prefix, else its /trang path. */
export const articleHref = (article: ArticleSummary, siteId: string, links: SiteLinks) =>
  `${article.site.id === siteId ? links.prefix : `/trang/${article.site.slug}`}/bai-viet/${article.slug}`;

export interface ListOptions {
  siteId: string;
  links: SiteLinks;
  /** Mark each item with the unit it comes from (a province's list of its communes' news). */
  showUnit?: boolean;
  headingLevel?: 2 | 3;
}

/** A list of article teasers: cover (lazy), title link, date, category, summary. */
export function articleListView(items: ArticleSummary[], options: ListOptions): string {
  if (items.length === 0) return html`<p>Chưa có bài viết nào.</p>`;
  const heading = options.headingLevel === 3 ? 'h3' : 'h2';
  return html`<ul class="articles">!${items.map((a) => {
    const href = articleHref(a, options.siteId, options.links);
    const cover = a.cover ? pictureHtml(a.cover, { sizes: '(min-width: 48rem) 14rem, 100vw' }) : '';
    return html`<li!${cover ? '' : ' class="no-cover"'}>!${cover}<div>
<!${heading}><a href="${href}">${a.title}</a></!${heading}>
<p class="meta"><time datetime="${a.publishedAt.toISOString()}">${formatDate(a.publishedAt)}</time>!${
      options.showUnit ? html` · <span class="badge">${a.site.unitName}</span>` : ''
    }!${a.category && !options.showUnit ? html` · ${a.category.name}` : ''}</p>
!${a.summary ? html`<p>${a.summary}</p>` : ''}
</div></li>`;
  })}</ul>`;
}

/** Previous/next links keeping the other query parameters (?q=…). */
export function pagerView(page: number, total: number, href: (page: number) => string): string {
  const pages = Math.ceil(total / PAGE_SIZE);
  if (pages <= 1) return '';
  return html`<nav class="pager" aria-label="Phân trang">!${
    page > 1 ? html`<a href="${href(page - 1)}" rel="prev">← Trang trước</a>` : '<span></span>'
  }<span>Trang ${page}/${pages}</span>!${
    page < pages ? html`<a href="${href(page + 1)}" rel="next">Trang sau →</a>` : '<span></span>'
  }</nav>`;
}

export interface ListPage {
  heading: string;
  intro?: string;
  items: ArticleSummary[];
  total: number;
  page: number;
  href: (page: number) => string;
}

/** A category's or a tag's page. */
export function listView(input: ListPage, options: ListOptions): string {
  return html`<h1>${input.heading}</h1>
!${input.intro ? html`<p>${input.intro}</p>` : ''}
!${articleListView(input.items, options)}
!${pagerView(input.page, input.total, input.href)}`;
}

/** The search page: the form, then (when a query was given) what it found. */
export function searchView(
  q: string,
  result: Omit<ListPage, 'heading'> | null,
  options: ListOptions,
): string {
  return html`<h1>Tìm kiếm</h1>
<form class="search-page" role="search" method="get" action="${options.links.prefix}/tim-kiem">
<label for="q" class="visually-hidden">Từ khóa</label>
<input id="q" type="search" name="q" value="${q}" maxlength="200">
<button type="submit">Tìm</button>
</form>
<p class="meta">Có thể gõ có dấu hoặc không dấu, ví dụ "dai doan ket".</p>
!${
    result
      ? html`<p>${result.total > 0 ? `Tìm thấy ${result.total} bài viết cho "${q}".` : `Không tìm thấy bài viết nào cho "${q}". Hãy thử từ khóa khác.`}</p>
!${result.total > 0 ? articleListView(result.items, options) : ''}
!${pagerView(result.page, result.total, result.href)}`
      : ''
  }`;
}
