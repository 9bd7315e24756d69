import { html } from 'ghtml';
import type { SiteRow } from './public.repository.ts';

/** The contact page: the unit's public office (address, phone, e-mail, hours, map link). */
export function contactView(site: SiteRow): string {
  const c = site.contact;
  const rows: Array<[string, string]> = [];
  if (c.address) rows.push(['Địa chỉ', html`${c.address}`]);
  if (c.phone)
    rows.push(['Điện thoại', html`<a href="tel:${c.phone.replace(/[^0-9+]/g, '')}">${c.phone}</a>`]);
  if (c.email) rows.push(['Thư điện tử', html`<a href="mailto:${c.email}">${c.email}</a>`]);
  if (c.hours) rows.push(['Giờ tiếp công dân', html`${c.hours}`]);
  if (c.mapUrl && /^https:\/\//.test(c.mapUrl))
    rows.push(['Bản đồ', html`<a href="${c.mapUrl}" rel="noopener">Xem đường đến trụ sở</a>`]);
  return html`<h1>Liên hệ</h1>
<p><strong>${site.unitName}</strong></p>
!${
    rows.length > 0
      ? html`<dl>!${rows.map(([label, value]) => html`<dt>${label}</dt><dd>!${value}</dd>`)}</dl>`
      : html`<p>Thông tin liên hệ đang được cập nhật.</p>`
  }
<p>Để gửi kiến nghị, phản ánh tới Mặt trận, xin dùng <a href="/kien-nghi/gui">biểu mẫu gửi kiến nghị</a>.</p>`;
}
