/**
 * Videos embedded by URL: only YouTube (through its privacy-enhanced youtube-nocookie.com player,
 * no tracking cookie until the reader presses play) and Facebook's video plugin. Anything else —
 * another host, `javascript:`, a page of YouTube that is not a video — is refused: the public
 * sites' Content-Security-Policy frames these two players only.
 */
export interface VideoEmbed {
  provider: 'youtube' | 'facebook';
  /** What the public page puts in `<iframe src>`. */
  embedUrl: string;
}

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'youtube-nocookie.com']);
const FACEBOOK_HOSTS = new Set(['facebook.com', 'www.facebook.com', 'm.facebook.com', 'web.facebook.com']);
const FACEBOOK_NAME = /^[A-Za-z0-9.\-_]{1,100}$/;
const DIGITS = /^\d{1,25}$/;
const FB_WATCH_CODE = /^[A-Za-z0-9_-]{1,40}$/;

const youtube = (id: string | null | undefined): VideoEmbed | null =>
  id && YOUTUBE_ID.test(id)
    ? { provider: 'youtube', embedUrl: `https://www.youtube-nocookie.com/embed/${id}` }
    : null;

const facebook = (canonical: string): VideoEmbed => ({
  provider: 'facebook',
  embedUrl: `https://www.facebook.com/plugins/video.php?href=${encodeURIComponent(canonical)}`,
});

/** The embed of a YouTube or Facebook video URL as people copy it; null for anything else. */
export function parseVideoEmbed(input: string): VideoEmbed | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  // Plain http is upgraded (both players are https-only); every other scheme is refused.
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.port) return null;
  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split('/').filter(Boolean);

  if (host === 'youtu.be') return segments.length === 1 ? youtube(segments[0]) : null;
  if (YOUTUBE_HOSTS.has(host) || host === 'www.youtube-nocookie.com') {
    if (segments.length === 1 && segments[0] === 'watch') return youtube(url.searchParams.get('v'));
    if (segments.length === 2 && ['shorts', 'embed', 'live'].includes(segments[0]!))
      return youtube(segments[1]);
    return null;
  }

  if (host === 'fb.watch')
    return segments.length === 1 && FB_WATCH_CODE.test(segments[0]!)
      ? facebook(`https://fb.watch/${segments[0]}/`)
      : null;
  if (FACEBOOK_HOSTS.has(host)) {
    const [first, second, third] = segments;
    if (segments.length === 1 && first === 'watch') {
      const v = url.searchParams.get('v');
      return v && DIGITS.test(v) ? facebook(`https://www.facebook.com/watch/?v=${v}`) : null;
    }
    if (segments.length === 3 && second === 'videos' && FACEBOOK_NAME.test(first!) && DIGITS.test(third!))
      return facebook(`https://www.facebook.com/${first}/videos/${third}/`);
    return null;
  }
  return null;
}
