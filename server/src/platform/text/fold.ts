/**
 * Vietnamese text for matching: lower case, diacritics folded (ă â → a, đ → d, ư → u …), anything
 * but letters and digits turned into single spaces. "Đường liên thôn bị sạt lở" → "duong lien thon
 * bi sat lo". Composed and decomposed input (NFC, NFD: text pasted from Word or macOS) fold alike.
 * Stored as the `folded` column of what is searched diacritics-free (petitions, articles, media).
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * A URL slug from Vietnamese text: folded, ASCII letters and digits only, words joined by hyphens,
 * cut at a word boundary within `maxLength`. "Hội nghị MTTQ xã An Bình (lần 2)" →
 * "hoi-nghi-mttq-xa-an-binh-lan-2". Empty when nothing is left (the caller picks another).
 */
export function slugify(text: string, maxLength = 80): string {
  const words = foldVietnamese(text)
    .replace(/[^a-z0-9 ]+/g, ' ')
    .split(' ')
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxLength) break;
    slug = next;
  }
  return slug || (words[0] ?? '').slice(0, maxLength);
}
