import { describe, expect, it } from 'vitest';
import { isSymbolLike, MARK_END, MARK_START, renderHighlight } from './search.query.ts';

const mark = (s: string) => `${MARK_START}${s}${MARK_END}`;

describe('renderHighlight', () => {
  it('escapes HTML in the text and keeps only <mark> as markup', () => {
    expect(renderHighlight(`<script>alert("x")</script> & ${mark('quyết')} định`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>quyết</mark> định',
    );
  });

  it('closes a match cut at the end of a fragment and drops stray end markers', () => {
    expect(renderHighlight(`a ${MARK_END}b ${MARK_START}c`)).toBe('a b <mark>c</mark>');
  });
});

describe('isSymbolLike', () => {
  it('reads symbols as symbols', () => {
    for (const q of ['123/QĐ-UBND', 'QĐ-MTTQ', '05/', '249/MTTQ-BTT']) expect(isSymbolLike(q)).toBe(true);
  });
  it('reads words and phrases as words', () => {
    for (const q of ['quyết định', '"đại đoàn kết"', 'kinh-tế', 'V/v', ''])
      expect(isSymbolLike(q)).toBe(false);
  });
});
