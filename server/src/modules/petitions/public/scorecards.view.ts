import type { Scorecard } from '@mts/contracts';
import { html } from 'ghtml';
import { formatDate, formatNumber, formatPercent } from './format.ts';

function table(caption: string, rows: Scorecard[]) {
  if (rows.length === 0) return html`<p>Chưa có số liệu.</p>`;
  return html`<div class="table-scroll" role="region" aria-label="${caption}" tabindex="0">
<table>
<caption>${caption}</caption>
<thead><tr>
<th scope="col">Tên</th>
<th scope="col" class="number">Đã nhận</th>
<th scope="col" class="number">Đã trả lời</th>
<th scope="col" class="number">Đúng hạn</th>
<th scope="col" class="number">Số ngày (trung vị)</th>
<th scope="col" class="number">Kiến nghị lặp lại</th>
<th scope="col" class="number">Hài lòng</th>
</tr></thead>
<tbody>
!${rows.map(
    (row) => html`<tr>
<th scope="row">${row.label}<span class="meta"><br>${row.unitName}</span></th>
<td class="number">${formatNumber(row.received)}</td>
<td class="number">${formatNumber(row.answered)}</td>
<td class="number">${formatPercent(row.onTimeRate)}</td>
<td class="number">${row.medianDays === null ? '—' : formatNumber(row.medianDays)}</td>
<td class="number">${formatPercent(row.repeatRate)}</td>
<td class="number">${formatPercent(row.satisfactionRate)}</td>
</tr>`,
  )}
</tbody>
</table>
</div>`;
}

/** Public scorecards per agency and per delegate. */
export function scorecardsView(report: { from: string; to: string; items: Scorecard[] }): string {
  const rows = report.items;
  return html`<h1>Kết quả giải quyết kiến nghị</h1>
<p>Số liệu của từng cơ quan và đại biểu nhận kiến nghị: số kiến nghị đã nhận, đã trả lời, tỷ lệ trả lời đúng hạn, số ngày giải quyết (trung vị), tỷ lệ kiến nghị bị nêu lại và tỷ lệ cử tri hài lòng với câu trả lời. Tính trên các kiến nghị được chuyển từ ngày ${formatDate(report.from)} đến ngày ${formatDate(report.to)}.</p>
<h2>Cơ quan</h2>
!${table(
    'Kết quả giải quyết của các cơ quan',
    rows.filter((r) => r.kind === 'agency'),
  )}
<h2>Đại biểu</h2>
!${table(
    'Kết quả giải quyết của các đại biểu',
    rows.filter((r) => r.kind === 'delegate'),
  )}`;
}
