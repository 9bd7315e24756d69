import { html } from 'ghtml';
import { formatDate } from './layout.ts';
import type { PublicPetitionRow, SiteRow } from './public.repository.ts';

/** What each petition status means to a citizen (the words of the petition pages). */
const STATUS_LABELS: Record<string, string> = {
  received: 'Đã tiếp nhận',
  forwarded: 'Đã chuyển đến nơi có thẩm quyền',
  accepted: 'Đang được giải quyết',
  returned: 'Đang chuyển lại nơi có thẩm quyền',
  answered: 'Đã trả lời',
  closed: 'Đã kết thúc',
  reopened: 'Đang xem xét lại',
  merged: 'Đã tổng hợp vào kiến nghị khác',
  rejected: 'Không tiếp nhận',
};

/**
 * The unit's petitions page: how to send one (the form preselected for the unit), tracking, and the
 * latest public petitions of its area — serial, public title, status, date; never who sent them.
 */
export function petitionsView(site: SiteRow, petitions: PublicPetitionRow[]): string {
  return html`<h1>Kiến nghị cử tri</h1>
<p>Công dân có thể gửi kiến nghị, phản ánh tới ${site.unitName} qua mạng, không cần tài khoản. Mỗi kiến nghị được cấp một mã tra cứu để theo dõi kết quả giải quyết. Thông tin cá nhân của người gửi không bao giờ được công khai.</p>
<ul>
<li><a href="/kien-nghi/gui?don-vi=${site.unitId}">Gửi kiến nghị tới ${site.unitName}</a></li>
<li><a href="/kien-nghi/tra-cuu">Tra cứu kiến nghị bằng mã</a></li>
</ul>
<h2>Kiến nghị mới tại địa bàn</h2>
!${
    petitions.length === 0
      ? html`<p>Chưa có kiến nghị công khai nào.</p>`
      : html`<table class="petitions"><thead><tr><th scope="col">Số</th><th scope="col">Nội dung</th><th scope="col">Tình trạng</th><th scope="col">Ngày nhận</th></tr></thead><tbody>!${petitions.map(
          (p) =>
            html`<tr><td>${p.serial}</td><td><a href="/kien-nghi/so/${p.serial}">${p.title}</a><br><span class="meta">${p.unitName}</span></td><td>${STATUS_LABELS[p.status] ?? p.status}</td><td><time datetime="${p.receivedAt.toISOString()}">${formatDate(p.receivedAt)}</time></td></tr>`,
        )}</tbody></table>`
  }`;
}
