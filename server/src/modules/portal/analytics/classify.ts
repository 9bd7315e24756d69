import type { PortalDeviceKind } from '@mts/contracts';

/**
 * Pure classification of a request for the page-view counters: the kind of device from the user
 * agent (null for a bot: not counted), and the referring host.
 *
 * Bots are what declare themselves (search and social crawlers, monitoring, command-line and
 * library HTTP clients) and requests without a user agent. A headless browser (HeadlessChrome)
 * IS counted, as a desktop: it renders the page like a reader's browser, and the end-to-end
 * tests see their visits counted.
 */
const BOT =
  /bot\b|bot\/|crawl|spider|slurp|facebookexternalhit|facebookcatalog|zalo(?:-| )?(?:preview|crawler)|preview|lighthouse|pingdom|uptime|monitor|curl\/|wget\/|python|httpclient|http-client|okhttp|axios|node-fetch|undici|java\/|libwww|perl|ruby|scrapy|go-http|postman|feed|rss|validator/i;
const TABLET = /ipad|tablet|kindle|silk\/|playbook|nexus (?:7|9|10)|sm-t\d/i;
const MOBILE = /mobi|iphone|ipod|android|windows phone|opera mini|blackberry|zalotheme/i;

export function deviceOf(userAgent: string | undefined): PortalDeviceKind | null {
  const ua = userAgent?.trim() ?? '';
  if (ua === '' || BOT.test(ua)) return null;
  if (TABLET.test(ua)) return 'tablet';
  // An Android browser without "Mobile" is a tablet (Google's convention for Android UAs).
  if (/android/i.test(ua) && !/mobi/i.test(ua)) return 'tablet';
  if (MOBILE.test(ua)) return 'mobile';
  return 'desktop';
}

/** Sub-domains that say nothing about the source (m.facebook.com and l.facebook.com are facebook.com). */
const NOISE = /^(?:www\d?|m|l|lm|mobile|mbasic|touch)\./;

/**
 * The referring host, lowercased, without "www." or mobile/link-shim prefixes; "" when there is
 * none, it is not an http(s) address, or it is the site itself (`ownHosts`, a visit moving inside
 * the site). Only the host is kept: never the path or query (they may carry personal data).
 */
export function referrerHostOf(referer: string | undefined, ownHosts: readonly string[]): string {
  if (!referer) return '';
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    return '';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return '';
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host === '' || ownHosts.includes(host)) return '';
  let short = host;
  while (NOISE.test(short) && short.split('.').length > 2) short = short.replace(NOISE, '');
  return short.slice(0, 253);
}
