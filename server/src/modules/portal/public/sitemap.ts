import type { SiteLinks } from './layout.ts';
import type { CategoryRow, TagRow } from './public.repository.ts';

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

const url = (loc: string, lastmod?: Date) =>
  `<url><loc>${escapeXml(loc)}</loc>${lastmod ? `<lastmod>${lastmod.toISOString()}</lastmod>` : ''}</url>`;

/** sitemap.xml of a site: home, categories, tags and every published article with its last change. */
export function renderSitemap(input: {
  links: SiteLinks;
  siteUpdatedAt: Date;
  categories: CategoryRow[];
  tags: TagRow[];
  articles: Array<{ slug: string; updatedAt: Date }>;
}): string {
  const { base } = input.links;
  const newest = input.articles.reduce(
    (max, a) => (a.updatedAt > max ? a.updatedAt : max),
    input.siteUpdatedAt,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    url(`${base}/`, newest),
    ...input.categories.map((c) => url(`${base}/chuyen-muc/${c.slug}`)),
    ...input.tags.map((t) => url(`${base}/the/${t.slug}`)),
    ...input.articles.map((a) => url(`${base}/bai-viet/${a.slug}`, a.updatedAt)),
    '</urlset>',
  ].join('\n');
}
