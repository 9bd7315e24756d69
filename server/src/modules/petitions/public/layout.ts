import { html } from 'ghtml';

/**
 * The frame every public page is drawn in: whose site it is and where its stylesheet lives. The
 * per-unit public sites (a later issue) pass their own frame and embed these pages unchanged.
 */
export interface SiteFrame {
  /** Shown in the header and the window title: "Mặt trận số", "Ủy ban MTTQ xã An Bình" … */
  siteName: string;
  homeHref: string;
  /** The stylesheet's URL (fingerprinted, cached for a year). */
  stylesheet: string;
}

export interface Page {
  title: string;
  /** The main content: HTML made with `html` (escaped), never raw input. */
  main: string;
  /** Which navigation entry is the current page. */
  current?: NavKey;
  /** Pages that carry a tracking code stay out of search engines. */
  noindex?: boolean;
  /** Extra scripts from our origin (progressive enhancement only: every page works without). */
  scripts?: string[];
  styles?: string[];
}

export type NavKey = 'home' | 'submit' | 'track' | 'scorecards' | 'map';
const NAV: Array<[NavKey, string, string]> = [
  ['home', '/kien-nghi', 'Kiến nghị cử tri'],
  ['submit', '/kien-nghi/gui', 'Gửi kiến nghị'],
  ['track', '/kien-nghi/tra-cuu', 'Tra cứu'],
  ['scorecards', '/kien-nghi/co-quan', 'Kết quả giải quyết'],
  ['map', '/kien-nghi/ban-do', 'Bản đồ'],
];

/** A whole HTML document: lang="vi", a skip link, the site header and navigation, main, footer. */
export function renderPage(frame: SiteFrame, page: Page): string {
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} — ${frame.siteName}</title>
!${page.noindex ? html`<meta name="robots" content="noindex">` : ''}
<link rel="stylesheet" href="${frame.stylesheet}">
!${(page.styles ?? []).map((href) => html`<link rel="stylesheet" href="${href}">`)}
</head>
<body>
<a class="skip-link" href="#noi-dung">Bỏ qua, đến nội dung chính</a>
<header class="site-header">
<div class="wrap">
<a class="site-name" href="${frame.homeHref}">${frame.siteName}</a>
<nav aria-label="Kiến nghị cử tri">
<ul>
!${NAV.map(
    ([key, href, label]) =>
      html`<li><a href="${href}"!${key === page.current ? ' aria-current="page"' : ''}>${label}</a></li>`,
  )}
</ul>
</nav>
</div>
</header>
<main id="noi-dung" class="wrap" tabindex="-1">
!${page.main}
</main>
<footer class="site-footer">
<div class="wrap">
<p>Thông tin cá nhân của người gửi kiến nghị không bao giờ được công khai (Nghị định 13/2023/NĐ-CP).</p>
<p>Kiến nghị cử tri được giải quyết theo Nghị quyết liên tịch 72/2025/NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN.</p>
</div>
</footer>
!${(page.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</body>
</html>`;
}
