const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** The server's escaped text back to plain text (only the five entities it writes). */
const unescapeHtml = (html: string) =>
  html.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name] ?? '');

/**
 * Splits the search API's highlight (HTML-escaped text with `<mark>…</mark>`) into plain text
 * parts, each marked or not. Nothing is ever inserted as HTML: any other markup stays visible
 * text, so a subject containing `<script>` cannot run even if the server forgot to escape it.
 */
export function highlightParts(html: string): Array<{ text: string; marked: boolean }> {
  const parts: Array<{ text: string; marked: boolean }> = [];
  let marked = false;
  for (const token of html.split(/(<\/?mark>)/)) {
    if (token === '<mark>') marked = true;
    else if (token === '</mark>') marked = false;
    else if (token !== '') parts.push({ text: unescapeHtml(token), marked });
  }
  return parts;
}
