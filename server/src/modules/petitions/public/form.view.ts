import { html } from 'ghtml';
import {
  DESCRIPTION_MAX,
  type FieldErrors,
  type FormField,
  type FormValues,
  PLACE_MAX,
  TITLE_MAX,
} from './petition-form.ts';
import type { AreaChoice } from './public.repository.ts';
import { areaName } from './public.repository.ts';

/** Labels of the fields, in form order: the error summary lists them in the same order. */
const LABELS: Record<FormField, string> = {
  unitId: 'Địa bàn',
  subjectCode: 'Lĩnh vực',
  title: 'Tiêu đề',
  description: 'Nội dung kiến nghị',
  place: 'Địa điểm',
  lat: 'Vĩ độ',
  lng: 'Kinh độ',
  photo: 'Ảnh minh họa',
  name: 'Họ và tên',
  phone: 'Số điện thoại',
  email: 'E-mail',
  consent: 'Đồng ý lưu thông tin liên hệ',
  notifyByEmail: 'Nhận thông báo qua e-mail',
};
const ORDER = Object.keys(LABELS) as FormField[];

const idOf = (field: FormField) => `f-${field}`;

/** "Có 2 lỗi cần sửa" with a link to each field in error; focused first (autofocus) after a post. */
export function errorSummary(errors: FieldErrors, general?: string): string {
  const fields = ORDER.filter((field) => errors[field]);
  if (fields.length === 0 && !general) return '';
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">!${
    fields.length > 0 ? html`Có ${fields.length} lỗi cần sửa trước khi gửi` : html`Chưa gửi được kiến nghị`
  }</h2>
!${general ? html`<p>${general}</p>` : ''}
!${fields.length > 0 ? html`<ul>!${fields.map((field) => html`<li><a href="#${idOf(field)}">${LABELS[field]}: ${errors[field]}</a></li>`)}</ul>` : ''}
</div>`;
}

/** The attributes and messages a field needs to say it is in error and what it expects. */
function described(field: FormField, errors: FieldErrors, hint?: string) {
  const error = errors[field];
  const ids = [hint ? `${idOf(field)}-hint` : '', error ? `${idOf(field)}-error` : ''].filter(Boolean);
  return {
    attributes: html`id="${idOf(field)}" name="${field}"!${ids.length ? html` aria-describedby="${ids.join(' ')}"` : ''}!${error ? ' aria-invalid="true"' : ''}`,
    hint: hint ? html`<p class="hint" id="${idOf(field)}-hint">${hint}</p>` : '',
    error: error
      ? html`<p class="field-error" id="${idOf(field)}-error"><span class="visually-hidden">Lỗi: </span>${error}</p>`
      : '',
    className: error ? 'field has-error' : 'field',
  };
}

function textField(
  field: FormField,
  values: FormValues,
  errors: FieldErrors,
  options: {
    hint?: string;
    required?: boolean;
    type?: string;
    autocomplete?: string;
    maxlength?: number;
    inputmode?: string;
  } = {},
) {
  const d = described(field, errors, options.hint);
  const value = values[field as keyof FormValues] ?? '';
  return html`<div class="${d.className}">
<label for="${idOf(field)}">${LABELS[field]}!${options.required ? html` <span class="required">(bắt buộc)</span>` : ''}</label>
!${d.hint}!${d.error}
<input !${d.attributes} type="${options.type ?? 'text'}" value="${value}"!${options.required ? ' required' : ''}!${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''}!${options.maxlength ? html` maxlength="${options.maxlength}"` : ''}!${options.inputmode ? html` inputmode="${options.inputmode}"` : ''}>
</div>`;
}

function checkboxField(
  field: 'consent' | 'notifyByEmail',
  label: string,
  values: FormValues,
  errors: FieldErrors,
) {
  const d = described(field, errors);
  return html`<div class="${d.className} checkbox">
!${d.error}
<input !${d.attributes} type="checkbox" value="1"!${values[field] ? ' checked' : ''}>
<label for="${idOf(field)}">${label}</label>
</div>`;
}

export interface FormContext {
  areas: AreaChoice[];
  subjects: Array<{ code: string; name: string; group: string }>;
  values: FormValues;
  errors: FieldErrors;
  /** A message about the whole form (expired, posted twice, sent too fast). */
  general?: string;
  token: string;
  /** The query string that chose the areas (`?don-vi=`), kept on the form's action. */
  action: string;
  /** A photo was attached to a post that failed: it must be chosen again. */
  photoDropped?: boolean;
}

/** Areas grouped by province: the province itself ("cấp tỉnh") first, then its communes. */
function areaSelect(context: FormContext) {
  const d = described(
    'unitId',
    context.errors,
    'Xã, phường nơi xảy ra sự việc; chọn cấp tỉnh nếu kiến nghị liên quan cả tỉnh.',
  );
  const provinces = context.areas.filter((area) => area.levelId === 'province');
  const selected = context.values.unitId;
  const option = (area: AreaChoice, label: string) =>
    html`<option value="${area.id}"!${area.id === selected ? ' selected' : ''}>${label}</option>`;
  return html`<div class="${d.className}">
<label for="${idOf('unitId')}">${LABELS.unitId} <span class="required">(bắt buộc)</span></label>
!${d.hint}!${d.error}
<select !${d.attributes} required>
<option value="">Chọn xã, phường hoặc tỉnh</option>
!${provinces.map(
    (province) => html`<optgroup label="${areaName(province.name)}">
!${option(province, `Cấp tỉnh: ${areaName(province.name)}`)}
!${context.areas
      .filter((area) => area.provinceId === province.id && area.levelId !== 'province')
      .map((area) => option(area, areaName(area.name)))}
</optgroup>`,
  )}
</select>
</div>`;
}

function subjectSelect(context: FormContext) {
  const d = described('subjectCode', context.errors);
  const groups = [...new Set(context.subjects.map((s) => s.group))];
  return html`<div class="${d.className}">
<label for="${idOf('subjectCode')}">${LABELS.subjectCode} <span class="required">(bắt buộc)</span></label>
!${d.error}
<select !${d.attributes} required>
<option value="">Chọn lĩnh vực</option>
!${groups.map(
    (group) =>
      html`<optgroup label="${group}">!${context.subjects
        .filter((s) => s.group === group)
        .map(
          (s) =>
            html`<option value="${s.code}"!${s.code === context.values.subjectCode ? ' selected' : ''}>${s.name}</option>`,
        )}</optgroup>`,
  )}
</select>
</div>`;
}

function descriptionField(context: FormContext) {
  const d = described(
    'description',
    context.errors,
    `Nêu rõ sự việc, từ khi nào, ảnh hưởng đến ai và đề nghị cụ thể. Tối đa ${DESCRIPTION_MAX.toLocaleString('vi-VN')} ký tự. Không ghi thông tin cá nhân vào đây: nội dung có thể được công khai.`,
  );
  return html`<div class="${d.className}">
<label for="${idOf('description')}">${LABELS.description} <span class="required">(bắt buộc)</span></label>
!${d.hint}!${d.error}
<textarea !${d.attributes} rows="8" required>${context.values.description}</textarea>
</div>`;
}

function photoField(context: FormContext) {
  const hint = context.photoDropped
    ? 'Ảnh bạn đã chọn chưa được gửi: vui lòng chọn lại ảnh (nếu muốn) sau khi sửa các lỗi.'
    : 'Không bắt buộc. Ảnh JPEG hoặc PNG, tối đa 5 MB. Ảnh chỉ được công khai sau khi cán bộ kiểm duyệt.';
  const d = described('photo', context.errors, hint);
  return html`<div class="${d.className}">
<label for="${idOf('photo')}">${LABELS.photo}</label>
!${d.hint}!${d.error}
<input !${d.attributes} type="file" accept="image/jpeg,image/png">
</div>`;
}

/** The petition form: works without JavaScript, every field labelled, errors next to their fields. */
export function petitionFormView(context: FormContext): string {
  const { values, errors } = context;
  return html`<h1>Gửi kiến nghị</h1>
!${errorSummary(errors, context.general)}
<p>Kiến nghị của bạn được chuyển đến cơ quan hoặc đại biểu có thẩm quyền và được theo dõi đến khi có câu trả lời. Sau khi gửi, bạn nhận được <strong>mã tra cứu</strong> để theo dõi.</p>
<form class="petition-form" method="post" action="/kien-nghi/gui${context.action}" enctype="multipart/form-data" novalidate>
<input type="hidden" name="formToken" value="${context.token}">
<fieldset>
<legend>Kiến nghị</legend>
!${areaSelect(context)}
!${subjectSelect(context)}
!${textField('title', values, errors, { required: true, maxlength: TITLE_MAX, hint: 'Một câu ngắn nêu vấn đề, ví dụ: Đường liên thôn 3 xuống cấp.' })}
!${descriptionField(context)}
</fieldset>
<fieldset>
<legend>Địa điểm (không bắt buộc)</legend>
!${textField('place', values, errors, { maxlength: PLACE_MAX, hint: 'Thôn, tổ dân phố, tuyến đường… Không ghi số nhà của bạn.' })}
<div class="pair">
!${textField('lat', values, errors, { inputmode: 'decimal', hint: 'Nếu biết, ví dụ 11,9404.' })}
!${textField('lng', values, errors, { inputmode: 'decimal', hint: 'Nếu biết, ví dụ 108,4583.' })}
</div>
<p class="hint">Trang công khai chỉ hiện tọa độ đã làm tròn (khoảng 100 m).</p>
!${photoField(context)}
</fieldset>
<fieldset>
<legend>Thông tin liên hệ (không bắt buộc)</legend>
<p class="hint">Không bao giờ được công khai. Chỉ được lưu khi bạn chọn ô đồng ý bên dưới; nếu không, kiến nghị được gửi ẩn danh.</p>
!${textField('name', values, errors, { autocomplete: 'name', maxlength: 100 })}
!${textField('phone', values, errors, { type: 'tel', autocomplete: 'tel', maxlength: 20 })}
!${textField('email', values, errors, { type: 'email', autocomplete: 'email', maxlength: 254 })}
!${checkboxField('consent', 'Tôi đồng ý để Ủy ban MTTQ lưu và sử dụng thông tin liên hệ trên để giải quyết kiến nghị này (Nghị định 13/2023/NĐ-CP).', values, errors)}
!${checkboxField('notifyByEmail', 'Gửi thông báo cho tôi qua e-mail khi kiến nghị có tiến triển.', values, errors)}
</fieldset>
<div class="hp-field">
<label for="f-website">Để trống ô này</label>
<input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off">
</div>
<button type="submit" class="button">Gửi kiến nghị</button>
</form>`;
}

/** Step one when the areas are too many for one list: choose the province (a plain GET form). */
export function provinceChooserView(provinces: Array<{ id: string; name: string }>): string {
  return html`<h1>Gửi kiến nghị</h1>
<p>Trước hết, chọn tỉnh hoặc thành phố nơi xảy ra sự việc.</p>
<form method="get" action="/kien-nghi/gui">
<div class="field">
<label for="f-province">Tỉnh, thành phố</label>
<select id="f-province" name="don-vi" required>
!${provinces.map((p) => html`<option value="${p.id}">${areaName(p.name)}</option>`)}
</select>
</div>
<button type="submit" class="button">Tiếp tục</button>
</form>`;
}
