import { describe, expect, it } from 'vitest';
import { safeHref, splitLinks } from './message-text.ts';

describe('splitLinks', () => {
  it('turns http(s) addresses into links and leaves the rest as text', () => {
    expect(splitLinks('Xem https://mattran.vn/tin-tuc, rồi báo cáo.')).toEqual([
      { kind: 'text', text: 'Xem ' },
      { kind: 'link', text: 'https://mattran.vn/tin-tuc', href: 'https://mattran.vn/tin-tuc' },
      { kind: 'text', text: ', rồi báo cáo.' },
    ]);
  });

  it('never links a script or data address, and keeps markup as text', () => {
    const payloads = [
      'javascript:alert(1)',
      '<a href="javascript:alert(1)">bấm</a>',
      'data:text/html,<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      'JaVaScRiPt:alert(document.cookie)',
    ];
    for (const body of payloads) expect(splitLinks(body)).toEqual([{ kind: 'text', text: body }]);
  });

  it('stops an address at quotes and angle brackets', () => {
    const parts = splitLinks('"><a href="http://x.test/a"onmouseover=alert(1)>');
    expect(parts.filter((p) => p.kind === 'link').map((p) => p.text)).toEqual(['http://x.test/a']);
    expect(parts.map((p) => p.text).join('')).toBe('"><a href="http://x.test/a"onmouseover=alert(1)>');
  });
});

describe('safeHref', () => {
  it('accepts only http and https', () => {
    expect(safeHref('https://a.vn/x')).toBe('https://a.vn/x');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('vbscript:x')).toBeNull();
    expect(safeHref('không phải địa chỉ')).toBeNull();
  });
});
