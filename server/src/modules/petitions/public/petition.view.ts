import { html } from 'ghtml';
import type { PetitionStatus } from '../petitions.schema.ts';
import {
  FORWARD_STATE_LABELS,
  formatCoordinate,
  formatDate,
  formatDateTime,
  isoOf,
  isSettled,
  roundCoordinate,
  STATUS_LABELS,
} from './format.ts';
import type {
  listForwards,
  listPublicEvents,
  PetitionSummary,
  PublicPetition,
  PublishedAnswer,
} from './public.repository.ts';

const time = (date: Date | string, withTime = false) =>
  html`<time datetime="${isoOf(date)}">${withTime ? formatDateTime(date) : formatDate(date)}</time>`;

/** The status in words, and "Quá hạn" beside it when the deadline passed without an answer. */
export function statusBadges(status: PetitionStatus, isOverdue: boolean) {
  return html`<span class="badge ${isSettled(status) ? 'badge-done' : 'badge-open'}">${STATUS_LABELS[status]}</span>!${
    isOverdue ? html` <span class="badge badge-overdue">Quá hạn</span>` : ''
  }`;
}

/** One petition in a list: number, title (linked by number: public pages never carry tracking codes), status, answer. */
export function summaryItem(item: PetitionSummary): string {
  return html`<h3 class="petition-title"><a href="/kien-nghi/so/${item.serial}">${item.title}</a></h3>
<p class="meta">Số ${item.serial} · ${item.subjectName} · ${item.unitName} · tiếp nhận !${time(item.receivedAt)}</p>
<p>!${statusBadges(item.status, item.isOverdue)}</p>
!${item.answerSummary ? html`<p class="answer-excerpt"><strong>Trả lời:</strong> ${excerpt(item.answerSummary)}</p>` : ''}`;
}

export function summaryList(items: PetitionSummary[]): string {
  return html`<ul class="petition-list">!${items.map((item) => html`<li>!${summaryItem(item)}</li>`)}</ul>`;
}

/** The map container (hidden until the script draws in it) for points listed elsewhere on the page. */
export function mapContainer(tileUrl: string | undefined) {
  return html`<div id="ban-do" class="map" hidden data-tiles="${tileUrl ?? ''}" role="region" aria-label="Bản đồ (danh sách bên dưới có cùng nội dung)"></div>`;
}

const excerpt = (text: string, max = 280) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export interface PetitionPageData {
  petition: PublicPetition;
  forwards: Awaited<ReturnType<typeof listForwards>>;
  events: Awaited<ReturnType<typeof listPublicEvents>>;
  answer: PublishedAnswer | null;
  /** When merged: the petition it follows (linked by number when that one is listed). */
  primary: { serial: number; isListed: boolean; status: PetitionStatus } | null;
  media: Array<{ id: string; name: string }>;
  /** Present when the reader holds the tracking code: the rating and reopen forms. */
  holder?: HolderForms;
  /** Map tiles for the location (none: a blank map with the marker, when scripts run). */
  tileUrl?: string;
}

export interface HolderForms {
  code: string;
  token: string;
  canRate: boolean;
  canReopen: boolean;
  /** After a post: what went wrong, or what was done. */
  errors?: { satisfied?: string; comment?: string; reason?: string; general?: string };
  notice?: string;
  values?: { satisfied?: string; comment?: string; reason?: string };
}

/** A hidden petition: that it was hidden, nothing else. */
export function hiddenView(serial: number): string {
  return html`<h1>Kiến nghị số ${serial} đã bị ẩn</h1>
<p>Kiến nghị này đã được ẩn khỏi trang công khai theo quy định kiểm duyệt nội dung.</p>
<p><a href="/kien-nghi">Về trang kiến nghị cử tri</a></p>`;
}

function answerSection(answer: PublishedAnswer, merged: boolean) {
  const hasDocument = Boolean(answer.documentNumber || answer.documentDate);
  return html`<section aria-labelledby="tra-loi" class="answer">
<h2 id="tra-loi">Câu trả lời</h2>
!${merged ? html`<p class="note">Đây là câu trả lời chung cho các kiến nghị đã được tổng hợp.</p>` : ''}
<p class="answer-meta">!${answer.recipientName ? html`${answer.recipientName} · ` : ''}công bố !${time(answer.publishedAt ?? answer.answeredAt)}</p>
<div class="text">${answer.summary}</div>
!${
    hasDocument
      ? html`<p>Văn bản trả lời!${answer.documentNumber ? html` số ${answer.documentNumber}` : ''}!${
          answer.documentDate ? html` ngày ${formatDate(answer.documentDate)}` : ''
        }!${answer.documentOrgan ? html` của ${answer.documentOrgan}` : ''}!${
          answer.documentSubject ? html`: ${answer.documentSubject}` : ''
        }.</p>`
      : ''
  }
</section>`;
}

function forwardsSection(forwards: PetitionPageData['forwards']) {
  if (forwards.length === 0) return '';
  return html`<section aria-labelledby="chuyen-xu-ly">
<h2 id="chuyen-xu-ly">Quá trình chuyển xử lý</h2>
<ol class="chain">!${forwards.map(
    (f) => html`<li>
<p><strong>${f.recipientName}</strong> <span class="meta">(${f.recipientKind === 'delegate' ? 'đại biểu' : 'cơ quan'})</span></p>
<p>${FORWARD_STATE_LABELS[f.state]} · chuyển ngày !${time(f.forwardedAt)} · hạn trả lời !${time(f.deadlineAt)}</p>
!${f.state === 'returned' && f.returnReason ? html`<p>Lý do trả lại: ${f.returnReason}</p>` : ''}
</li>`,
  )}</ol>
</section>`;
}

function timelineSection(events: PetitionPageData['events']) {
  if (events.length === 0) return '';
  return html`<section aria-labelledby="dien-bien">
<h2 id="dien-bien">Diễn biến</h2>
<ol class="timeline">!${events.map((e) => html`<li>!${time(e.at, true)}: ${e.note}</li>`)}</ol>
</section>`;
}

function holderSection(petition: PublicPetition, forms: HolderForms) {
  const errors = forms.errors ?? {};
  const values = forms.values ?? {};
  const action = (path: string) => `/kien-nghi/${forms.code}/${path}`;
  const rated =
    petition.ratedAt !== null
      ? html`<p>Bạn đã đánh giá câu trả lời: <strong>${petition.satisfied ? 'hài lòng' : 'chưa hài lòng'}</strong> (!${time(petition.ratedAt)}).</p>`
      : '';
  const invalid = (field: keyof NonNullable<HolderForms['errors']>) =>
    errors[field] ? html` aria-invalid="true" aria-describedby="${field}-error"` : '';
  const error = (field: keyof NonNullable<HolderForms['errors']>) =>
    errors[field]
      ? html`<p class="field-error" id="${field}-error"><span class="visually-hidden">Lỗi: </span>${errors[field]}</p>`
      : '';
  const rateForm = forms.canRate
    ? html`<form method="post" action="${action('danh-gia')}" class="holder-form">
<input type="hidden" name="formToken" value="${forms.token}">
<fieldset!${errors.satisfied ? ' aria-describedby="satisfied-error"' : ''}>
<legend>Bạn có hài lòng với câu trả lời không?</legend>
!${error('satisfied')}
<div class="radio"><input type="radio" id="f-satisfied-yes" name="satisfied" value="yes"!${values.satisfied === 'yes' ? ' checked' : ''}><label for="f-satisfied-yes">Hài lòng</label></div>
<div class="radio"><input type="radio" id="f-satisfied-no" name="satisfied" value="no"!${values.satisfied === 'no' ? ' checked' : ''}><label for="f-satisfied-no">Chưa hài lòng</label></div>
</fieldset>
<div class="field">
<label for="f-comment">Ý kiến thêm (không bắt buộc)</label>
!${error('comment')}
<textarea id="f-comment" name="comment" rows="3" maxlength="2000"!${invalid('comment')}>${values.comment ?? ''}</textarea>
</div>
<button type="submit" class="button">Gửi đánh giá</button>
</form>`
    : '';
  const reopenForm = forms.canReopen
    ? html`<form method="post" action="${action('mo-lai')}" class="holder-form">
<input type="hidden" name="formToken" value="${forms.token}">
<h3>Đề nghị xem xét lại</h3>
<p>Nếu câu trả lời chưa giải quyết được vấn đề, bạn có thể đề nghị xem xét lại <strong>một lần</strong>, nêu rõ lý do.</p>
<div class="field">
<label for="f-reason">Lý do đề nghị xem xét lại <span class="required">(bắt buộc)</span></label>
!${error('reason')}
<textarea id="f-reason" name="reason" rows="4" maxlength="2000" required!${invalid('reason')}>${values.reason ?? ''}</textarea>
</div>
<button type="submit" class="button button-secondary">Gửi đề nghị xem xét lại</button>
</form>`
    : '';
  if (!rated && !rateForm && !reopenForm && !forms.notice && !errors.general) return '';
  return html`<section aria-labelledby="danh-gia" class="holder">
<h2 id="danh-gia">Đánh giá câu trả lời</h2>
!${forms.notice ? html`<p class="notice" role="status">${forms.notice}</p>` : ''}
!${errors.general ? html`<div class="error-summary" role="alert" tabindex="-1" autofocus><p>${errors.general}</p></div>` : ''}
!${rated}
!${rateForm}
!${reopenForm}
!${petition.reopenedAt ? html`<p>Bạn đã đề nghị xem xét lại ngày !${time(petition.reopenedAt)}.</p>` : ''}
</section>`;
}

/** The public page of one petition: never the petitioner, only what the public may know. */
export function petitionView(data: PetitionPageData): string {
  const { petition, answer, primary } = data;
  const located = petition.lat !== null && petition.lng !== null;
  return html`<p class="meta">Kiến nghị số ${petition.serial}</p>
<h1>${petition.title}</h1>
<p class="status">!${statusBadges(petition.status, petition.isOverdue)}</p>
!${
    petition.isPublic
      ? ''
      : html`<p class="note">Kiến nghị này không hiển thị công khai; chỉ người có mã tra cứu xem được trang này.</p>`
  }
!${
    primary
      ? html`<p class="note">Kiến nghị này đã được tổng hợp cùng các kiến nghị tương tự vào !${
          primary.isListed
            ? html`<a href="/kien-nghi/so/${primary.serial}">kiến nghị số ${primary.serial}</a>`
            : html`kiến nghị số ${primary.serial}`
        } (${STATUS_LABELS[primary.status]}) để được trả lời chung.</p>`
      : ''
  }
<dl class="facts">
<div><dt>Lĩnh vực</dt><dd>${petition.subjectName}</dd></div>
<div><dt>Địa bàn</dt><dd>${petition.unitName}</dd></div>
!${petition.place ? html`<div><dt>Địa điểm</dt><dd>${petition.place}</dd></div>` : ''}
!${located ? html`<div data-lat="${roundCoordinate(petition.lat!)}" data-lng="${roundCoordinate(petition.lng!)}" data-title="${petition.title}"><dt>Vị trí (làm tròn)</dt><dd>${formatCoordinate(petition.lat!)}, ${formatCoordinate(petition.lng!)}</dd></div>` : ''}
<div><dt>Ngày tiếp nhận</dt><dd>!${time(petition.receivedAt)}</dd></div>
!${petition.deadlineAt ? html`<div><dt>Hạn trả lời</dt><dd>!${time(petition.deadlineAt)}!${petition.isOverdue ? html` <strong class="overdue-text">(đã quá hạn)</strong>` : ''}</dd></div>` : ''}
</dl>
!${located ? mapContainer(data.tileUrl) : ''}
<section aria-labelledby="noi-dung-kien-nghi">
<h2 id="noi-dung-kien-nghi">Nội dung</h2>
<div class="text">${petition.description}</div>
!${data.media.length ? html`<ul class="photos">!${data.media.map((m) => html`<li><img src="/kien-nghi/anh/${m.id}" alt="Ảnh kèm kiến nghị: ${m.name}" loading="lazy"></li>`)}</ul>` : ''}
</section>
!${answer ? answerSection(answer, primary !== null) : ''}
!${forwardsSection(data.forwards)}
!${timelineSection(data.events)}
!${data.holder ? holderSection(petition, data.holder) : ''}`;
}

/** After a successful post: the tracking code, then similar petitions already known. */
export function submittedView(input: {
  trackingCode: string;
  serial: number;
  identityDropped: boolean;
  photoStored: boolean;
  similar: PetitionSummary[];
}): string {
  return html`<h1>Đã gửi kiến nghị</h1>
<div class="success" role="status">
<p>Mã tra cứu của bạn:</p>
<p class="tracking-code">${input.trackingCode}</p>
<p>Hãy ghi lại mã này. Chỉ người có mã mới xem được đánh giá và đề nghị xem xét lại.</p>
<p><a href="/kien-nghi/${input.trackingCode}">Xem kiến nghị của bạn</a> (số ${input.serial})</p>
</div>
!${input.identityDropped ? html`<p class="note">Bạn không chọn ô đồng ý, nên họ tên, số điện thoại và e-mail <strong>không được lưu</strong>; kiến nghị được ghi nhận ẩn danh.</p>` : ''}
!${input.photoStored ? html`<p>Ảnh của bạn đã được nhận và sẽ được cán bộ kiểm duyệt trước khi công khai.</p>` : ''}
<section aria-labelledby="tuong-tu">
<h2 id="tuong-tu">Kiến nghị tương tự đã có</h2>
!${
    input.similar.length
      ? html`<p>Những kiến nghị dưới đây cùng địa bàn và lĩnh vực có nội dung gần giống; câu trả lời có thể đã có sẵn.</p>!${summaryList(input.similar)}`
      : html`<p>Chưa thấy kiến nghị tương tự ở địa bàn này.</p>`
  }
</section>`;
}

/** The tracking form, with what went wrong when a code was given. */
export function trackView(input: { code?: string; error?: string }): string {
  const error = input.error;
  return html`<h1>Tra cứu kiến nghị</h1>
<form method="get" action="/kien-nghi/tra-cuu" class="track-form">
<div class="field!${error ? ' has-error' : ''}">
<label for="f-ma">Mã tra cứu</label>
<p class="hint" id="f-ma-hint">Mã bạn nhận được khi gửi kiến nghị, ví dụ KN-7QX3-M2PA.</p>
!${error ? html`<p class="field-error" id="f-ma-error" role="alert"><span class="visually-hidden">Lỗi: </span>${error}</p>` : ''}
<input id="f-ma" name="ma" type="text" value="${input.code ?? ''}" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="f-ma-hint!${error ? ' f-ma-error' : ''}"!${error ? ' aria-invalid="true"' : ''} required>
</div>
<button type="submit" class="button">Tra cứu</button>
</form>`;
}

/** The landing page: what this is, the way in, tracking, and the latest published answers. */
export function homeView(input: { recent: PetitionSummary[] }): string {
  return html`<h1>Kiến nghị cử tri</h1>
<p class="lead">Gửi kiến nghị của bạn đến Ủy ban Mặt trận Tổ quốc Việt Nam. Kiến nghị được chuyển đến cơ quan hoặc đại biểu có thẩm quyền, theo dõi thời hạn trả lời và công khai kết quả, để cử tri không phải kiến nghị lại cùng một việc.</p>
<p><a class="button" href="/kien-nghi/gui">Gửi kiến nghị</a></p>
<section aria-labelledby="tra-cuu-nhanh">
<h2 id="tra-cuu-nhanh">Tra cứu bằng mã</h2>
<form method="get" action="/kien-nghi/tra-cuu" class="track-form inline">
<label for="f-ma-home">Mã tra cứu</label>
<input id="f-ma-home" name="ma" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder="KN-XXXX-XXXX">
<button type="submit" class="button">Tra cứu</button>
</form>
</section>
<section aria-labelledby="moi-tra-loi">
<h2 id="moi-tra-loi">Kiến nghị mới được trả lời</h2>
!${input.recent.length ? summaryList(input.recent) : html`<p>Chưa có câu trả lời nào được công bố.</p>`}
</section>
<p><a href="/kien-nghi/co-quan">Kết quả giải quyết của từng cơ quan, đại biểu</a></p>`;
}

/** An error page (not found, too many requests, bad request). */
export function messageView(title: string, message: string): string {
  return html`<h1>${title}</h1>
<p>${message}</p>
<p><a href="/kien-nghi">Về trang kiến nghị cử tri</a> · <a href="/kien-nghi/tra-cuu">Tra cứu kiến nghị</a></p>`;
}
