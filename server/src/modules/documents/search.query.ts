/**
 * Pure helpers of document search: how a query is read, and how highlighted text is made safe.
 * The SQL side (normalisation, ranking) is in search.repository.ts and migration 0013.
 */

/** Markers ts_headline puts around a match (private-use characters, removed from the text first). */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** The text HTML-escaped, with each marked match wrapped in `<mark>` (and nothing else as markup). */
export function renderHighlight(marked: string): string {
  let html = marked.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
  // An unbalanced marker (a fragment cut inside a match) must not leave an open <mark>.
  let open = false;
  html = html.replace(/[\uE000\uE001]/g, (m) => {
    if (m === MARK_START && !open) {
      open = true;
      return '<mark>';
    }
    if (m === MARK_END && open) {
      open = false;
      return '</mark>';
    }
    return '';
  });
  return open ? `${html}</mark>` : html;
}

/** True when the text contains a marked match. */
export const hasMark = (marked: string) => marked.includes(MARK_START);

/**
 * A query made of one token containing "/" or "-" with a digit or two capital letters
 * ("123/QĐ-UBND", "QĐ-MTTQ", "05/") is a document symbol (số, ký hiệu), not words ("V/v" is not).
 */
export function isSymbolLike(query: string): boolean {
  const q = query.trim();
  if (q.length === 0 || /[\s"]/u.test(q)) return false;
  return /[/-]/u.test(q) && /\p{N}|\p{Lu}.*\p{Lu}/u.test(q);
}

/** A word query needs at least one letter or digit (punctuation alone matches nothing). */
export const hasSearchableWord = (query: string) => /[\p{L}\p{N}]/u.test(query);
