import sanitizeHtml from 'sanitize-html';

/**
 * Article HTML is sanitised on save (what is stored is already clean) and again on render
 * (defence in depth: a row written by an older version or by hand is never trusted).
 * The allow-list is deliberately small: structure, emphasis, links, images, tables and video
 * embeds from a few known players. No style, class, id or event attributes ever pass.
 */

const ALLOWED_TAGS = [
  'p',
  'h2',
  'h3',
  'h4',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'a',
  'ul',
  'ol',
  'li',
  'blockquote',
  'figure',
  'figcaption',
  'img',
  'br',
  'hr',
  'code',
  'pre',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'iframe',
];

/** Video players that may be embedded: host name → allowed path prefix. */
const IFRAME_SOURCES: ReadonlyArray<{ host: string; pathPrefix: string }> = [
  { host: 'www.youtube-nocookie.com', pathPrefix: '/embed/' },
  { host: 'www.youtube.com', pathPrefix: '/embed/' },
  { host: 'www.facebook.com', pathPrefix: '/plugins/video.php' },
];

/** Local images are served by the media library under /anh/; anything else must be https. */
export function isAllowedImageSrc(src: string): boolean {
  const value = src.trim();
  if (value.startsWith('/anh/')) return !value.includes('..') && !value.startsWith('/anh//');
  return /^https:\/\/[^/\s]/i.test(value);
}

export function isAllowedIframeSrc(src: string): boolean {
  let url: URL;
  try {
    url = new URL(src.trim());
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  return IFRAME_SOURCES.some((s) => url.hostname === s.host && url.pathname.startsWith(s.pathPrefix));
}

const ARTICLE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'width', 'height', 'loading'],
    iframe: ['src', 'width', 'height', 'allowfullscreen', 'title'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'], iframe: ['https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  allowedIframeHostnames: IFRAME_SOURCES.map((s) => s.host),
  allowIframeRelativeUrls: false,
  // Content of these is dropped entirely, not kept as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'template', 'xmp', 'noembed'],
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => {
      const out: sanitizeHtml.Attributes = { ...attribs };
      if (out.target !== undefined && out.target !== '_blank') delete out.target;
      if (out.target === '_blank') out.rel = 'noopener noreferrer';
      return { tagName, attribs: out };
    },
    img: (tagName, attribs) => {
      const out: sanitizeHtml.Attributes = { ...attribs };
      if (out.src !== undefined && !isAllowedImageSrc(out.src)) delete out.src;
      if (out.loading !== undefined && out.loading !== 'lazy' && out.loading !== 'eager') delete out.loading;
      return { tagName, attribs: out };
    },
  },
  exclusiveFilter: (frame) => {
    // An image without a usable source, or an embed from anywhere else, is dropped whole.
    if (frame.tag === 'img') return !frame.attribs.src || !isAllowedImageSrc(frame.attribs.src);
    if (frame.tag === 'iframe') return !frame.attribs.src || !isAllowedIframeSrc(frame.attribs.src);
    return false;
  },
};

/** Clean article HTML to the portal's allow-list. Idempotent: sanitising clean output changes nothing. */
export function sanitiseArticleHtml(html: string): string {
  return sanitizeHtml(html, ARTICLE_OPTIONS);
}

const TEXT_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'template', 'xmp', 'noembed'],
};

// Block boundaries become spaces so "<p>a</p><p>b</p>" reads "a b", not "ab".
const BLOCK_TAG =
  /<(\/?)(p|br|hr|h[1-6]|li|ul|ol|div|tr|td|th|table|blockquote|figure|figcaption|pre|section|article)\b/gi;

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
  '&nbsp;': ' ',
};

/**
 * Plain text of an article body for search (folded) and summaries. The result is NOT HTML:
 * entities are decoded, so it must be escaped again if it is ever put into a page.
 */
export function htmlToText(html: string): string {
  const stripped = sanitizeHtml(html.replace(BLOCK_TAG, ' <$1$2'), TEXT_OPTIONS);
  return stripped
    .replace(/&(?:amp|lt|gt|quot|#39|#x27|nbsp);/g, (e) => ENTITIES[e] ?? e)
    .replace(/\s+/g, ' ')
    .trim();
}
