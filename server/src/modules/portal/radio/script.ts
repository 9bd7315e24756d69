import { PORTAL_BULLETIN_SCRIPT_MAX } from '@mts/contracts';
import { htmlToText } from '../sanitise.ts';

/**
 * The text a radio bulletin reads aloud, composed from articles (pure). espeak-ng reads digits
 * itself, so numbers stay as written; only abbreviations a listener would not understand when
 * spelled out letter by letter are expanded.
 */

export interface ScriptArticle {
  title: string;
  summary: string;
  bodyHtml: string;
}

/** Body text read per article, at most: a bulletin is a digest, the site has the full text. */
export const ARTICLE_BODY_LIMIT = 1_500;

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** Abbreviations of the Front and of local government, longest first (MTTQVN before MTTQ). */
const ABBREVIATIONS: ReadonlyArray<[string, string]> = [
  ['MTTQVN', 'Mặt trận Tổ quốc Việt Nam'],
  ['MTTQ', 'Mặt trận Tổ quốc'],
  ['UBND', 'Ủy ban nhân dân'],
  ['HĐND', 'Hội đồng nhân dân'],
  ['UBMTTQ', 'Ủy ban Mặt trận Tổ quốc'],
  ['TTXVN', 'Thông tấn xã Việt Nam'],
  ['CHXHCN', 'Cộng hòa xã hội chủ nghĩa'],
  ['BHYT', 'bảo hiểm y tế'],
  ['BHXH', 'bảo hiểm xã hội'],
  ['KDC', 'khu dân cư'],
  ['TP.', 'thành phố'],
  ['TW', 'Trung ương'],
];
const ABBREVIATION_PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}])(${[...ABBREVIATIONS]
    .sort((a, b) => b[0].length - a[0].length)
    .map(([short]) => short.replace('.', '\\.'))
    .join('|')})(?![\\p{L}\\p{N}])`,
  'gu',
);
const EXPANSIONS = new Map(ABBREVIATIONS);

export function expandAbbreviations(text: string): string {
  return text.replace(ABBREVIATION_PATTERN, (short) => EXPANSIONS.get(short) ?? short);
}

/** "Thứ Hai, ngày 23 tháng 11 năm 2026", the date in Vietnam whatever the server's zone. */
export function vietnameseDate(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Asia/Ho_Chi_Minh',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const [year, month, day] = [part('year'), part('month'), part('day')];
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return `${WEEKDAYS[weekday]}, ngày ${day} tháng ${month} năm ${year}`;
}

/** Ends a spoken unit with a full stop so the voice pauses (unless it already ends a sentence). */
const sentence = (text: string) => {
  const trimmed = text.trim();
  return trimmed && !/[.!?…:;]$/.test(trimmed) ? `${trimmed}.` : trimmed;
};

/**
 * At most `limit` characters, cut after the last sentence end within the limit; failing that
 * (one very long sentence) after the last word, with a full stop.
 */
export function cutAtSentence(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const head = text.slice(0, limit);
  const ends = [...head.matchAll(/[.!?…](?=\s|$)/g)];
  const lastEnd = ends.at(-1);
  if (lastEnd?.index !== undefined && lastEnd.index > limit / 3) return head.slice(0, lastEnd.index + 1);
  const lastSpace = head.lastIndexOf(' ');
  return sentence(head.slice(0, lastSpace > 0 ? lastSpace : limit).replace(/[,;:–-]+$/, ''));
}

export interface ComposeInput {
  unitName: string;
  articles: ScriptArticle[];
  at: Date;
}

/**
 * Opening, then each article (title, pause, summary, body cut at a sentence within
 * ARTICLE_BODY_LIMIT), then a closing; never longer than PORTAL_BULLETIN_SCRIPT_MAX (articles
 * that would not fit are left out whole, so no item stops mid-sentence).
 */
export function composeScript(input: ComposeInput): string {
  const unitName = expandAbbreviations(input.unitName);
  const opening = `Đây là bản tin phát thanh của ${unitName}, ${vietnameseDate(input.at)}.`;
  const closing = `Bản tin phát thanh của ${unitName} đến đây là kết thúc. Cảm ơn bà con đã lắng nghe.`;
  const items: string[] = [];
  let length = opening.length + closing.length + 4;
  for (const [index, article] of input.articles.entries()) {
    const body = cutAtSentence(htmlToText(article.bodyHtml), ARTICLE_BODY_LIMIT);
    const lead = input.articles.length > 1 ? `Tin thứ ${index + 1}. ` : '';
    const text = [`${lead}${sentence(article.title)}`, sentence(article.summary), sentence(body)]
      .filter(Boolean)
      .join('\n');
    const item = expandAbbreviations(text);
    if (length + item.length + 2 > PORTAL_BULLETIN_SCRIPT_MAX) break;
    items.push(item);
    length += item.length + 2;
  }
  return [opening, ...items, closing].join('\n\n');
}
