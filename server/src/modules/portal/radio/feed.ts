import type { PortalBulletinFormat } from '@mts/contracts';
import { XMLBuilder } from 'fast-xml-parser';
import { AUDIO_TYPES } from './tts.ts';

/**
 * The podcast feed (RSS 2.0 with the iTunes namespace) of a site's ready bulletins: what podcast
 * apps and loudspeaker controllers subscribe to. Absolute URLs only.
 */

export interface FeedBulletin {
  id: string;
  title: string;
  script: string;
  format: PortalBulletinFormat;
  bytes: number;
  durationSeconds: number;
  producedAt: Date;
}

export interface FeedInput {
  siteName: string;
  unitName: string;
  /** The site's absolute base (https://host or PUBLIC_URL/trang/slug). */
  base: string;
  items: FeedBulletin[];
  now: Date;
}

/** hh:mm:ss, as itunes:duration expects. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

export const audioUrl = (base: string, item: Pick<FeedBulletin, 'id' | 'format'>) =>
  `${base}/phat-thanh/${item.id}.${item.format}`;

/** The first words of the script, as the episode's description. */
const excerpt = (script: string) =>
  script.length > 400 ? `${script.slice(0, 400).replace(/\s+\S*$/, '')}…` : script;

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  format: true,
  suppressEmptyNode: true,
});

export function renderPodcastFeed(input: FeedInput): string {
  const title = `Bản tin phát thanh — ${input.siteName}`;
  const latest = input.items[0]?.producedAt ?? input.now;
  const document = {
    '?xml': { '@version': '1.0', '@encoding': 'utf-8' },
    rss: {
      '@version': '2.0',
      '@xmlns:itunes': 'http://www.itunes.com/dtds/podcast-1.0.dtd',
      '@xmlns:atom': 'http://www.w3.org/2005/Atom',
      channel: {
        title,
        link: `${input.base}/`,
        description: `Bản tin phát thanh của ${input.unitName} cho hệ thống loa truyền thanh cơ sở.`,
        language: 'vi',
        lastBuildDate: latest.toUTCString(),
        generator: 'Mặt trận số',
        'atom:link': {
          '@href': `${input.base}/phat-thanh.xml`,
          '@rel': 'self',
          '@type': 'application/rss+xml',
        },
        'itunes:author': input.unitName,
        'itunes:explicit': 'false',
        'itunes:category': { '@text': 'News' },
        item: input.items.map((item) => {
          const url = audioUrl(input.base, item);
          return {
            title: item.title,
            description: excerpt(item.script),
            guid: { '@isPermaLink': 'false', '#text': `bulletin:${item.id}` },
            pubDate: item.producedAt.toUTCString(),
            enclosure: { '@url': url, '@length': String(item.bytes), '@type': AUDIO_TYPES[item.format] },
            'itunes:duration': formatDuration(item.durationSeconds),
          };
        }),
      },
    },
  };
  return builder.build(document) as string;
}
