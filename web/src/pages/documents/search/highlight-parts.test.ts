import { describe, expect, it } from 'vitest';
import { highlightParts } from './highlight-parts.ts';

describe('search highlights', () => {
  it('turns <mark> into marked parts and the escaped text back into plain text', () => {
    expect(highlightParts('<mark>Quyết</mark> <mark>định</mark> số 5 &amp; &quot;Hòa&quot;')).toEqual([
      { text: 'Quyết', marked: true },
      { text: ' ', marked: false },
      { text: 'định', marked: true },
      { text: ' số 5 & "Hòa"', marked: false },
    ]);
  });

  it('keeps any other markup as visible text, never as elements', () => {
    const parts = highlightParts(
      'Giấy mời &lt;script&gt;alert(1)&lt;/script&gt; <img src=x onerror=alert(1)>',
    );
    expect(parts).toEqual([
      { text: 'Giấy mời <script>alert(1)</script> <img src=x onerror=alert(1)>', marked: false },
    ]);
  });

  it('does not decode entities twice (&amp;lt; stays "&lt;" as text)', () => {
    expect(highlightParts('a &amp;lt; b')).toEqual([{ text: 'a &lt; b', marked: false }]);
  });
});
