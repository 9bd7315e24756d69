/**
 * Vietnamese-aware similarity of petitions, pure functions. The pipeline, the same here and in the
 * database function `petition_similarity_terms` (see similarity-sql.ts, which generates it from the
 * lists below, and similar.int.test.ts, which checks both agree):
 *
 *   text ─ foldVietnamese ─▶ "de nghi nang cap ql1a doan qua xa hoa phu"
 *        ─ expand abbreviations (UBND, GPMB, BHYT, QL1A …) ─▶ "… quoc lo 1a …"
 *        ─ drop stop words: two-syllable phrases ("de nghi", "cu tri", "xem xet") and single
 *          function syllables ("cua", "va", "cac") ─▶ content syllables
 *        ─ syllable bigrams of adjacent content syllables ("nang_cap", "quoc_lo", "lo_1a") …
 *
 * Vietnamese writes one syllable per space and most words have two syllables ("đất đai", "bồi
 * thường"), so syllable bigrams are close to words, and unigrams catch the rest. The score is the
 * Dice coefficient over both, chosen by measuring on the labelled pairs in
 * similarity-data/pairs.json against trigram similarity and weighted variants (README.md).
 */
import { foldVietnamese } from '../../platform/text/index.ts';

export { foldVietnamese };

/**
 * Abbreviations common in petitions and minutes (folded), expanded before comparing, so "UBND xã"
 * meets "Ủy ban nhân dân xã" and "GPMB" meets "giải phóng mặt bằng". Road numbers written together
 * ("QL1A", "ĐT741") are split first: see ROAD_PREFIX.
 */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  ubnd: 'uy ban nhan dan',
  hdnd: 'hoi dong nhan dan',
  mttq: 'mat tran to quoc',
  ubmttq: 'uy ban mat tran to quoc',
  dbqh: 'dai bieu quoc hoi',
  gpmb: 'giai phong mat bang',
  tdc: 'tai dinh cu',
  gcn: 'giay chung nhan',
  qsdd: 'quyen su dung dat',
  gcnqsdd: 'giay chung nhan quyen su dung dat',
  bhyt: 'bao hiem y te',
  bhxh: 'bao hiem xa hoi',
  bhtn: 'bao hiem that nghiep',
  thcs: 'trung hoc co so',
  thpt: 'trung hoc pho thong',
  ql: 'quoc lo',
  tl: 'tinh lo',
  dt: 'duong tinh',
  kcn: 'khu cong nghiep',
  ccn: 'cum cong nghiep',
  kdc: 'khu dan cu',
  tdp: 'to dan pho',
  ntm: 'nong thon moi',
  csgt: 'canh sat giao thong',
  pccc: 'phong chay chua chay',
  atgt: 'an toan giao thong',
  attp: 'an toan thuc pham',
  vsmt: 've sinh moi truong',
  dvc: 'dich vu cong',
  tthc: 'thu tuc hanh chinh',
  tp: 'thanh pho',
  tx: 'thi xa',
};

/** "ql1a", "dt741", "tl10" → "ql 1a", "dt 741", "tl 10" (then expanded as abbreviations). */
export const ROAD_PREFIX = ['ql', 'tl', 'dt'] as const;

/**
 * Two-syllable phrases that carry no topic in a petition: the formulas of the genre ("cử tri kiến
 * nghị đề nghị các cấp, các ngành quan tâm xem xét giải quyết"), addressees, hedges. Folded; a
 * syllable is dropped when it forms one of these with its neighbour. Chosen so that folding does
 * not make them collide with a topic word ("đê" dyke, "chợ" market, "cửa" door stay).
 */
export const STOP_PHRASES: readonly string[] = [
  'de nghi',
  'kien nghi',
  'cu tri',
  'phan anh',
  'xem xet',
  'quan tam',
  'giai quyet',
  'co quan',
  'chuc nang',
  'tham quyen',
  'lien quan',
  'cac cap',
  'cac nganh',
  'nguoi dan',
  'ba con',
  'nhan dan',
  'hien nay',
  'thoi gian',
  'gan day',
  'tinh trang',
  'thuong xuyen',
  'dia phuong',
  'dia ban',
  'kinh mong',
  'kinh gui',
  'dong chi',
  'dai bieu',
  'tra loi',
  'duoc biet',
  'dut diem',
  'triet de',
  'cu the',
  'thay mat',
  'chung toi',
  'nhu sau',
  'sau day',
  'van de',
  'nhanh chong',
  'kip thoi',
  'den nay',
  'hien tai',
  'nam nay',
  'ngay cang',
];

/**
 * Single syllables without topic (folded function words: của, và, các, những, được, với, là …).
 * Syllables whose folded form is also a topic word are kept: "cho" (chợ market), "do" (sổ đỏ),
 * "de" (đê dyke), "den" (đèn lamp), "o" (ô nhiễm, ổ gà), "ve" (vệ sinh), "tai" (quá tải, tái định
 * cư), "dang" (đăng ký), "cung" (cung cấp), "khi" (khí thải), "moi" (môi trường), "chua" (sửa
 * chữa), "thi" (thị trấn, thi công), "qua" (quá tải).
 */
export const STOP_SYLLABLES: readonly string[] = [
  'cua',
  'va',
  'cac',
  'nhung',
  'duoc',
  'voi',
  'la',
  'khong',
  'nay',
  'da',
  'se',
  'rat',
  'nhieu',
  'mot',
  'nhu',
  'tu',
  'bi',
  'ma',
  'nen',
  'ra',
  'len',
  'vao',
  'tren',
  'duoi',
  'xin',
  'a',
  'theo',
  'nhat',
  'viec',
  'toi',
  'som',
  'ay',
  'kia',
  'hay',
  'hoac',
  'nua',
  'neu',
  'vi',
  'vay',
  'rang',
  'lai',
  'deu',
];

const STOP_PHRASE_SET = new Set(STOP_PHRASES);
const STOP_SYLLABLE_SET = new Set(STOP_SYLLABLES);
const ROAD_SPLIT = new RegExp(`(^| )(${ROAD_PREFIX.join('|')})(?=[0-9])`, 'g');

/**
 * Longer "syllables" are dropped: no Vietnamese syllable has more than 7 letters, and a 10,000
 * character run without spaces must not become an index term (tsvector lexemes are bounded).
 */
export const MAX_SYLLABLE_LENGTH = 30;

/**
 * The content syllables of a folded text, in order: abbreviations expanded, stop words removed
 * (a syllable is dropped when it is a stop syllable or forms a stop phrase with a neighbour).
 * "de nghi ubnd xa som sua duong ql1a" → ["uy", "ban", "xa", "sua", "duong", "quoc", "lo", "1a"].
 */
export function contentSyllables(folded: string): string[] {
  const words: string[] = [];
  for (const word of folded.replace(ROAD_SPLIT, '$1$2 ').split(' ')) {
    if (word === '' || [...word].length > MAX_SYLLABLE_LENGTH) continue;
    const long = ABBREVIATIONS[word];
    if (long) words.push(...long.split(' '));
    else words.push(word);
  }
  return words.filter(
    (word, i) =>
      !STOP_SYLLABLE_SET.has(word) &&
      !(i > 0 && STOP_PHRASE_SET.has(`${words[i - 1]} ${word}`)) &&
      !(i + 1 < words.length && STOP_PHRASE_SET.has(`${word} ${words[i + 1]}`)),
  );
}

/** Adjacent pairs of content syllables, as index terms: "nang_cap", "quoc_lo". */
export function syllableBigrams(syllables: readonly string[]): string[] {
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < syllables.length; i++) bigrams.push(`${syllables[i]}_${syllables[i + 1]}`);
  return bigrams;
}

/**
 * The distinct bigram terms of a folded text: what `petition.similarity_terms` stores (with the
 * subject as one more term, "@dat-dai") and what a query retrieves candidates by.
 */
export function similarityTerms(folded: string): string[] {
  return [...new Set(syllableBigrams(contentSyllables(folded)))];
}

/** What the score compares: distinct content syllables and syllable bigrams. */
export interface TextFeatures {
  unigrams: ReadonlySet<string>;
  bigrams: ReadonlySet<string>;
}

/** Features of a folded text (`petition.folded`, or `foldVietnamese(title + ' ' + description)`). */
export function featuresOfFolded(folded: string): TextFeatures {
  const syllables = contentSyllables(folded);
  return { unigrams: new Set(syllables), bigrams: new Set(syllableBigrams(syllables)) };
}

/** Features of raw text (any case, with or without diacritics). */
export const textFeatures = (text: string): TextFeatures => featuresOfFolded(foldVietnamese(text));

/**
 * Weight of a bigram against a syllable. Measured on the labelled pairs (README.md): 1 (plain Dice
 * over syllables and bigrams together) beat 2 and 3 on held-out halves.
 */
export const BIGRAM_WEIGHT = 1;

const intersectionSize = (a: ReadonlySet<string>, b: ReadonlySet<string>) => {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const item of small) if (large.has(item)) n++;
  return n;
};

/**
 * Similarity of two petitions in [0, 1]: the Dice coefficient over content syllables and syllable
 * bigrams, 2·|A∩B| / (|A| + |B|), bigrams counted BIGRAM_WEIGHT times. 1 for the same
 * content words in the same order; 0 when nothing but stop words is shared.
 */
export function similarityScore(a: TextFeatures, b: TextFeatures): number {
  const total = a.unigrams.size + b.unigrams.size + BIGRAM_WEIGHT * (a.bigrams.size + b.bigrams.size);
  if (total === 0) return 0;
  const shared =
    intersectionSize(a.unigrams, b.unigrams) + BIGRAM_WEIGHT * intersectionSize(a.bigrams, b.bigrams);
  return (2 * shared) / total;
}

/** Convenience for raw texts (tests, tools): similarityScore of their features. */
export const textSimilarity = (a: string, b: string) => similarityScore(textFeatures(a), textFeatures(b));

/**
 * At or above this score two petitions are taken to raise the same issue (a likely repeat): set
 * from the labelled pairs (similarity-quality.test.ts prints precision and recall at it).
 */
export const REPEAT_THRESHOLD = 0.3;

/** Suggestions shown while typing start lower: a cadre judges, the list stays short. */
export const SUGGEST_THRESHOLD = 0.2;
