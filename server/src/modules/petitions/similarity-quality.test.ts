import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldVietnamese, REPEAT_THRESHOLD, textSimilarity } from './similarity.ts';

/**
 * Quality of the similarity on the labelled pairs (similarity-data/pairs.json): precision and
 * recall of "same issue" at REPEAT_THRESHOLD, printed and held to floors set from the measured
 * figures (README.md, "Similar and repeated petitions"). The pairs were written by hand as clusters
 * of paraphrases of one petition (with and without diacritics, with abbreviations, wrapped in the
 * genre's formulas) and hard negatives: the same topic in another place or with another request,
 * the same place with another issue, two formula-heavy texts on different issues.
 */
interface Pair {
  a: string;
  b: string;
  similar: boolean;
  note?: string;
}

const pairs: Pair[] = JSON.parse(
  readFileSync(path.join(import.meta.dirname, 'similarity-data', 'pairs.json'), 'utf8'),
);

/** pg_trgm's similarity() on the folded text, for comparison: words padded "  w ", Jaccard of trigrams. */
function trigramSimilarity(a: string, b: string) {
  const trigrams = (text: string) => {
    const set = new Set<string>();
    for (const word of foldVietnamese(text).split(' ').filter(Boolean)) {
      const padded = `  ${word} `;
      for (let i = 0; i + 3 <= padded.length; i++) set.add(padded.slice(i, i + 3));
    }
    return set;
  };
  const [x, y] = [trigrams(a), trigrams(b)];
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  return shared / (x.size + y.size - shared);
}

function measure(scores: { score: number; similar: boolean }[], threshold: number) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const { score, similar } of scores) {
    if (score >= threshold && similar) tp++;
    else if (score >= threshold) fp++;
    else if (similar) fn++;
  }
  return { precision: tp / (tp + fp), recall: tp / (tp + fn), f1: (2 * tp) / (2 * tp + fp + fn), fp, fn };
}

const bestF1 = (scores: { score: number; similar: boolean }[]) => {
  let best = { threshold: 0, ...measure(scores, 0) };
  for (let t = 0.05; t < 0.9; t += 0.01) {
    const m = measure(scores, t);
    if (m.f1 > best.f1) best = { threshold: t, ...m };
  }
  return best;
};

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

describe('similarity on the labelled Vietnamese petitions', () => {
  const scored = pairs.map((pair) => ({ ...pair, score: textSimilarity(pair.a, pair.b) }));

  it('has at least 200 pairs, both kinds, every text distinct from its partner', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(200);
    expect(pairs.filter((p) => p.similar).length).toBeGreaterThanOrEqual(100);
    expect(pairs.filter((p) => !p.similar).length).toBeGreaterThanOrEqual(100);
    for (const pair of pairs) expect(pair.a).not.toBe(pair.b);
  });

  it(`reaches precision ≥ 0.90 and recall ≥ 0.95 at the repeat threshold ${REPEAT_THRESHOLD}`, () => {
    const m = measure(scored, REPEAT_THRESHOLD);
    const hard = scored.filter((p) => !p.similar && /same (topic|place)|boilerplate/.test(p.note ?? ''));
    const hardFalse = hard.filter((p) => p.score >= REPEAT_THRESHOLD).length;
    const baseline = bestF1(pairs.map((p) => ({ similar: p.similar, score: trigramSimilarity(p.a, p.b) })));
    console.log(
      [
        `similarity quality: ${pairs.length} pairs (${pairs.filter((p) => p.similar).length} similar), threshold ${REPEAT_THRESHOLD}`,
        `  precision ${pct(m.precision)}, recall ${pct(m.recall)}, F1 ${m.f1.toFixed(3)} (${m.fp} false positives, ${m.fn} false negatives)`,
        `  hard negatives (same topic or place, formula-heavy): ${hardFalse} of ${hard.length} above the threshold`,
        `  baseline pg_trgm similarity on the folded text, at its best threshold ${baseline.threshold.toFixed(2)}: precision ${pct(baseline.precision)}, recall ${pct(baseline.recall)}, F1 ${baseline.f1.toFixed(3)}`,
      ].join('\n'),
    );
    expect(m.precision).toBeGreaterThanOrEqual(0.9);
    expect(m.recall).toBeGreaterThanOrEqual(0.95);
    // The Vietnamese-aware score beats plain trigram similarity even at the latter's best threshold.
    expect(m.f1).toBeGreaterThan(baseline.f1);
  });

  it('holds on held-out halves: a threshold tuned on one half does as well on the other', () => {
    for (const [tune, test] of [
      [0, 1],
      [1, 0],
    ] as const) {
      const best = bestF1(scored.filter((_, i) => i % 2 === tune));
      const m = measure(
        scored.filter((_, i) => i % 2 === test),
        best.threshold,
      );
      console.log(
        `  tuned on ${tune ? 'odd' : 'even'} pairs (threshold ${best.threshold.toFixed(2)}), tested on the others: precision ${pct(m.precision)}, recall ${pct(m.recall)}, F1 ${m.f1.toFixed(3)}`,
      );
      expect(m.f1).toBeGreaterThanOrEqual(0.9);
    }
  });
});
