import { Feed } from 'feed';
import { coverImageUrl } from './article.view.ts';
import type { SiteLinks } from './layout.ts';
import type { ArticleSummary, CategoryRow, SiteRow } from './public.repository.ts';

export const FEED_SIZE = 20;
export const FEED_TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
} as const;
export type FeedKind = keyof typeof FEED_TYPES;

/**
 * RSS 2.0 or Atom of a site's (or one category's) latest published articles, absolute URLs only:
 * readers fetch the feed from anywhere.
 */
export function renderFeed(
  kind: FeedKind,
  input: { site: SiteRow; links: SiteLinks; category?: CategoryRow; items: ArticleSummary[]; now: Date },
): string {
  const { site, links, category } = input;
  const home = category ? `${links.base}/chuyen-muc/${category.slug}` : `${links.base}/`;
  const self = category ? `${links.base}/chuyen-muc/${category.slug}` : links.base;
  const feed = new Feed({
    id: home,
    title: category ? `${category.name} — ${site.name}` : site.name,
    description: category?.description || site.tagline || `Tin tức của ${site.unitName}`,
    link: home,
    language: 'vi',
    updated: input.items[0]?.updatedAt ?? input.now,
    generator: 'Mặt trận số',
    feedLinks: { rss: `${self}/rss.xml`, atom: `${self}/atom.xml` },
    copyright: `© ${site.unitName}`,
    author: { name: site.unitName, link: `${links.base}/` },
  });
  for (const article of input.items) {
    const url = `${links.base}/bai-viet/${article.slug}`;
    const image = coverImageUrl(article.cover, links);
    feed.addItem({
      title: article.title,
      id: url,
      link: url,
      date: article.updatedAt,
      published: article.publishedAt,
      description: article.summary,
      ...(article.category ? { category: [{ name: article.category.name }] } : {}),
      ...(image ? { image: { url: image, type: 'image/jpeg' } } : {}),
      author: [{ name: site.unitName }],
    });
  }
  return kind === 'rss' ? feed.rss2() : feed.atom1();
}
