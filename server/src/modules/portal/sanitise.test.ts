import { describe, expect, it } from 'vitest';
import { htmlToText, sanitiseArticleHtml } from './sanitise.ts';

// Classic XSS payloads (OWASP cheat sheet and friends). None may survive with anything executable.
const XSS_CORPUS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<<script>script>alert(1)<</script>/script>',
  '<img src=x onerror=alert(1)>',
  '<img src="https://ok.vn/a.png" onerror="alert(1)">',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<IMG SRC=JaVaScRiPt:alert(1)>',
  '<img src="jav&#x09;ascript:alert(1)">',
  '<img src="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">',
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JAVASCRIPT:alert(1)">x</a>',
  '<a href=" &#14;  javascript:alert(1)">x</a>',
  '<a href="java&#x0A;script:alert(1)">x</a>',
  '<a href="&#x6A;avascript:alert(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<iframe src="https://evil.example/embed/x"></iframe>',
  '<iframe src="https://www.youtube.com.evil.example/embed/x"></iframe>',
  '<iframe src="https://www.youtube.com/embed/x" onload="alert(1)" srcdoc="<script>alert(1)</script>"></iframe>',
  '<p style="background:url(javascript:alert(1))">x</p>',
  '<div style="width: expression(alert(1))">x</div>',
  '<style>@import "https://evil.example/x.css";</style>',
  '<form action="javascript:alert(1)"><input type=submit></form>',
  '<button formaction="javascript:alert(1)">x</button>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<body onload=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<base href="javascript:alert(1)//">',
  '<link rel=stylesheet href="https://evil.example/x.css">',
  '<p onmouseover="alert(1)" class="x" id="y">hover</p>',
  '"><script>alert(1)</script>',
  '<a href="https://ok.vn" target="_blank" onclick="alert(1)">ok</a>',
];

function assertInert(out: string): void {
  const lower = out.toLowerCase();
  expect(lower).not.toContain('<script');
  expect(lower).not.toMatch(/\son[a-z]+\s*=/);
  expect(lower).not.toMatch(/(javascript|vbscript|data):/);
  for (const tag of [
    '<style',
    '<object',
    '<embed',
    '<form',
    '<meta',
    '<svg',
    '<math',
    '<base',
    '<link',
    '<input',
  ]) {
    expect(lower).not.toContain(tag);
  }
  for (const m of lower.matchAll(/<iframe[^>]*>/g)) {
    expect(m[0]).toMatch(
      /src="https:\/\/(www\.youtube-nocookie\.com\/embed\/|www\.youtube\.com\/embed\/|www\.facebook\.com\/plugins\/video\.php)/,
    );
    expect(m[0]).not.toContain('srcdoc');
  }
  expect(lower).not.toMatch(/\s(style|class|id|srcdoc|formaction)\s*=/);
}

describe('sanitiseArticleHtml', () => {
  it.each(XSS_CORPUS.map((p) => [p]))('leaves nothing executable in %s', (payload) => {
    const out = sanitiseArticleHtml(payload);
    assertInert(out);
    // Sanitising twice gives the same, still inert, result (stored HTML is re-sanitised on render).
    expect(sanitiseArticleHtml(out)).toBe(out);
  });

  it('has a corpus of at least 30 payloads', () => {
    expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(30);
  });

  it('keeps ordinary article formatting', () => {
    const html =
      '<h2>Tin hoạt động</h2><p><strong>Mặt trận</strong> xã <em>An Bình</em> tổ chức <u>hội nghị</u>.</p>' +
      '<ul><li>Một</li></ul><blockquote>Trích dẫn</blockquote><table><thead><tr><th>A</th></tr></thead>' +
      '<tbody><tr><td>1</td></tr></tbody></table><pre><code>x</code></pre>';
    expect(sanitiseArticleHtml(html)).toBe(html);
  });

  it('drops script and style content entirely, not just the tags', () => {
    expect(sanitiseArticleHtml('<p>a</p><script>var secret = 1;</script><style>p{}</style><p>b</p>')).toBe(
      '<p>a</p><p>b</p>',
    );
  });

  it('adds rel="noopener noreferrer" to links opening a new tab and keeps safe schemes', () => {
    expect(sanitiseArticleHtml('<a href="https://mttq.vn" target="_blank" rel="opener">x</a>')).toBe(
      '<a href="https://mttq.vn" target="_blank" rel="noopener noreferrer">x</a>',
    );
    expect(sanitiseArticleHtml('<a href="mailto:mt@xa.vn">thư</a>')).toBe(
      '<a href="mailto:mt@xa.vn">thư</a>',
    );
    expect(sanitiseArticleHtml('<a href="ftp://x.vn/f">f</a>')).toBe('<a>f</a>');
  });

  it('accepts images only from https or the media library, dropping the others', () => {
    const out = sanitiseArticleHtml(
      '<figure><img src="/anh/abc/800.webp" alt="Ảnh" width="800" loading="lazy"><figcaption>Chú thích</figcaption></figure>' +
        '<img src="http://insecure.vn/a.png"><img src="//cdn.evil/a.png"><img src="/uploads/a.png"><img src="https://cdn.vn/b.jpg">',
    );
    expect(out).toBe(
      '<figure><img src="/anh/abc/800.webp" alt="Ảnh" width="800" loading="lazy" /><figcaption>Chú thích</figcaption></figure>' +
        '<img src="https://cdn.vn/b.jpg" />',
    );
  });

  it('keeps video embeds from YouTube and Facebook only', () => {
    const yt =
      '<iframe src="https://www.youtube-nocookie.com/embed/abc" width="560" height="315" allowfullscreen title="Video"></iframe>';
    const fb =
      '<iframe src="https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Ffb.com%2Fv%2F1"></iframe>';
    expect(sanitiseArticleHtml(yt)).toBe(yt);
    expect(sanitiseArticleHtml(fb)).toBe(fb);
    expect(sanitiseArticleHtml('<iframe src="https://www.youtube.com/watch?v=abc"></iframe>')).toBe('');
    expect(sanitiseArticleHtml('<iframe src="https://www.facebook.com/evil"></iframe>')).toBe('');
    expect(sanitiseArticleHtml('<iframe src="http://www.youtube.com/embed/abc"></iframe>')).toBe('');
  });
});

describe('htmlToText', () => {
  it('gives the readable text with block boundaries as spaces and entities decoded', () => {
    expect(htmlToText('<h2>Tiêu đề</h2><p>Mặt trận &amp; nhân dân</p><p>xã&nbsp;An   Bình</p>')).toBe(
      'Tiêu đề Mặt trận & nhân dân xã An Bình',
    );
  });

  it('leaves out script and style content', () => {
    expect(htmlToText('<p>Tin</p><script>alert("x")</script><style>p{color:red}</style>')).toBe('Tin');
  });
});
