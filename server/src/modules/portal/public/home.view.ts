import { html } from 'ghtml';
import type { SiteLinks } from './layout.ts';
import { articleListView, pagerView } from './list.view.ts';
import type { ArticleSummary, CategoryRow, SiteRow } from './public.repository.ts';

export interface HomeInput {
  site: SiteRow;
  links: SiteLinks;
  latest: ArticleSummary[];
  total: number;
  page: number;
  /** The communes' latest news (a province aggregating its units' sites), first page only. */
  children: ArticleSummary[];
  href: (page: number) => string;
}

const categoryLinks = (categories: CategoryRow[], links: SiteLinks) =>
  categories.length === 0
    ? ''
    : html`<section aria-labelledby="chuyen-muc"><h2 id="chuyen-muc">Chuyên mục</h2><ul>!${categories.map(
        (c) => html`<li><a href="${links.prefix}/chuyen-muc/${c.slug}">${c.name}</a></li>`,
      )}</ul></section>`;

/** A site's home: its latest articles (paged), its units' news and its categories aside. */
export function homeView(input: HomeInput): string {
  const { site, links } = input;
  const options = { siteId: site.id, links, headingLevel: 3 as const };
  return html`<h1 class="visually-hidden">${site.name}</h1>
<div class="columns">
<section aria-labelledby="tin-moi"><h2 id="tin-moi">Tin mới${input.page > 1 ? ` (trang ${input.page})` : ''}</h2>
!${articleListView(input.latest, options)}
!${pagerView(input.page, input.total, input.href)}
</section>
<aside>
!${
    input.children.length > 0
      ? html`<section aria-labelledby="tin-co-so"><h2 id="tin-co-so">Tin từ cơ sở</h2>!${articleListView(
          input.children,
          {
            ...options,
            showUnit: true,
          },
        )}</section>`
      : ''
  }
!${categoryLinks(site.categories, links)}
<section aria-labelledby="kien-nghi"><h2 id="kien-nghi">Kiến nghị cử tri</h2>
<p><a href="${links.prefix}/kien-nghi">Gửi và theo dõi kiến nghị</a> tới ${site.unitName}.</p></section>
</aside>
</div>`;
}

/** The list of every active site. */
export function sitesView(sites: Array<{ slug: string; name: string; tagline: string }>): string {
  return html`<h1>Trang thông tin điện tử của Mặt trận Tổ quốc các cấp</h1>
!${
    sites.length === 0
      ? html`<p>Chưa có trang thông tin nào.</p>`
      : html`<ul class="articles">!${sites.map(
          (s) =>
            html`<li class="no-cover"><div><h2><a href="/trang/${s.slug}">${s.name}</a></h2>!${s.tagline ? html`<p>${s.tagline}</p>` : ''}</div></li>`,
        )}</ul>`
  }`;
}
