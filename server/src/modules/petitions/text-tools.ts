/**
 * Pure text helpers of assisted intake and moderation (no I/O; unit-tested beside).
 */

const TITLE_TARGET = 80;

/**
 * A title from the first words of a description, for the fast intake form where the cadre may
 * leave the title empty: whitespace collapsed, cut at a word boundary near 80 characters, "…"
 * when cut. "Đề nghị sửa chữa đường liên thôn 3 - thôn 5 bị sạt lở sau mưa lũ, …" stays readable.
 */
export function deriveTitle(description: string): string {
  const flat = description.replace(/\s+/gu, ' ').trim();
  if (flat.length <= TITLE_TARGET) return flat;
  const words = flat.split(' ');
  let title = '';
  for (const word of words) {
    const next = title ? `${title} ${word}` : word;
    if (next.length > TITLE_TARGET) break;
    title = next;
  }
  // One very long "word" (a URL, a run of characters): cut it.
  if (!title) title = flat.slice(0, TITLE_TARGET);
  return `${title.replace(/[\s,;:.\-–]+$/u, '')}…`;
}

export interface Replacement {
  text: string;
  replacement: string;
}

export interface RedactionResult {
  title: string;
  description: string;
  /** Replacements whose text occurs in neither field (the caller refuses them). */
  missing: string[];
  /** How many occurrences were replaced in all. */
  count: number;
}

/**
 * Replaces every occurrence of each `text` in the public title and description (literally, case
 * as written). Applied in order, so a later replacement sees the earlier ones' result.
 */
export function applyRedactions(
  title: string,
  description: string,
  replacements: readonly Replacement[],
): RedactionResult {
  let t = title;
  let d = description;
  let count = 0;
  const missing: string[] = [];
  for (const { text, replacement } of replacements) {
    const found = occurrences(t, text) + occurrences(d, text);
    if (found === 0) {
      missing.push(text);
      continue;
    }
    count += found;
    t = t.split(text).join(replacement);
    d = d.split(text).join(replacement);
  }
  return { title: t, description: d, missing, count };
}

function occurrences(haystack: string, needle: string): number {
  if (!needle) return 0;
  return haystack.split(needle).length - 1;
}
