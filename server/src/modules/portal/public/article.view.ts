import { html } from 'ghtml';
import { imageUrl, pictureHtml } from '../media/index.ts';
import { sanitiseArticleHtml } from '../sanitise.ts';
import { formatDate, type SiteLinks } from './layout.ts';
import type { Article, MediaRef, SiteRow } from './public.repository.ts';

/** The absolute URL of an image's largest JPEG rendition up to 1200 px (Open Graph, feeds, JSON-LD). */
export function coverImageUrl(cover: MediaRef | null, links: SiteLinks): string | undefined {
  const variants = [...(cover?.variants ?? [])].sort((a, b) => a.width - b.width);
  const best = variants.filter((v) => v.width <= 1200).at(-1) ?? variants[0];
  return cover && best ? `${links.origin}${imageUrl(cover.id, best.width, 'jpg')}` : undefined;
}

/** JSON inside a <script> element: "<" escaped so no "</script>" or "<!--" can end it early. */
export const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

export interface ArticleMeta {
  canonical: string;
  head: string;
  description: string;
}

/** Canonical link, Open Graph and the NewsArticle structured data of an article page. */
export function articleMeta(site: SiteRow, links: SiteLinks, article: Article): ArticleMeta {
  const canonical = `${links.base}/bai-viet/${article.slug}`;
  const image = coverImageUrl(article.cover, links);
  const description = article.summary;
  const organisation = { '@type': 'Organization', name: site.unitName, url: `${links.base}/` };
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.title,
    description: description || undefined,
    datePublished: article.publishedAt.toISOString(),
    dateModified: article.updatedAt.toISOString(),
    author: organisation,
    publisher: organisation,
    image: image ? [image] : undefined,
    mainEntityOfPage: { '@type': 'WebPage', '@id': canonical },
    inLanguage: 'vi',
  };
  const head = html`<meta property="og:type" content="article">
<meta property="og:site_name" content="${site.name}">
<meta property="og:locale" content="vi_VN">
<meta property="og:title" content="${article.title}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${canonical}">
!${image ? html`<meta property="og:image" content="${image}">` : ''}
<meta property="article:published_time" content="${article.publishedAt.toISOString()}">
<meta property="article:modified_time" content="${article.updatedAt.toISOString()}">
!${article.category ? html`<meta property="article:section" content="${article.category.name}">` : ''}
<script type="application/ld+json">!${scriptJson(jsonLd)}</script>`;
  return { canonical, head, description };
}

/** The article: title, date, category, tags, cover, and its body sanitised again on render. */
export function articleView(links: SiteLinks, article: Article): string {
  const cover = article.cover ? pictureHtml(article.cover, { eager: true }) : '';
  return html`<article>
<h1>${article.title}</h1>
<p class="meta"><time datetime="${article.publishedAt.toISOString()}">${formatDate(article.publishedAt)}</time>!${
    article.category
      ? html` · <a href="${links.prefix}/chuyen-muc/${article.category.slug}">${article.category.name}</a>`
      : ''
  }</p>
!${cover ? html`<figure class="cover">!${cover}</figure>` : ''}
!${article.summary ? html`<p><strong>${article.summary}</strong></p>` : ''}
<div class="article-body">
!${sanitiseArticleHtml(article.bodyHtml)}
</div>
!${
    article.tags.length > 0
      ? html`<h2 class="visually-hidden">Thẻ</h2><ul class="tags">!${article.tags.map(
          (t) => html`<li><a class="badge" href="${links.prefix}/the/${t.slug}">${t.name}</a></li>`,
        )}</ul>`
      : ''
  }
</article>`;
}
