import { html } from 'ghtml';
import { formatCoordinate, roundCoordinate } from './format.ts';
import { mapContainer, summaryItem } from './petition.view.ts';
import type { PetitionSummary } from './public.repository.ts';

/** Listed petitions that carry a location: a list first and always, a map when scripts run. */
export function mapView(input: {
  items: Array<PetitionSummary & { lat: number; lng: number }>;
  tileUrl?: string;
}) {
  return html`<h1>Bản đồ kiến nghị</h1>
<p>Các kiến nghị có vị trí. Vị trí được làm tròn (khoảng 100 m) để bảo vệ người gửi; danh sách dưới đây có đầy đủ thông tin như bản đồ.</p>
!${mapContainer(input.tileUrl)}
<h2>Danh sách kiến nghị có vị trí</h2>
!${
    input.items.length
      ? html`<ul class="petition-list">!${input.items.map(
          (
            item,
          ) => html`<li data-lat="${roundCoordinate(item.lat)}" data-lng="${roundCoordinate(item.lng)}" data-title="${item.title}">
!${summaryItem(item)}
<p class="meta">Vị trí: ${formatCoordinate(item.lat)}, ${formatCoordinate(item.lng)}</p>
</li>`,
        )}</ul>`
      : html`<p>Chưa có kiến nghị nào có vị trí.</p>`
  }`;
}
