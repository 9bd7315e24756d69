import { z } from 'zod';
import { UUID_PATTERN } from '../../../platform/policy/index.ts';

/**
 * The public petition form: its fields as posted (every one a string, checkboxes "on" or absent),
 * the rules with a Vietnamese message per field, and what passes on to createPetition.
 */
export const FORM_FIELDS = [
  'unitId',
  'subjectCode',
  'title',
  'description',
  'place',
  'lat',
  'lng',
  'name',
  'phone',
  'email',
  'consent',
  'notifyByEmail',
] as const;
export type FormField = (typeof FORM_FIELDS)[number] | 'photo';
export type FormValues = Record<(typeof FORM_FIELDS)[number], string>;
export type FieldErrors = Partial<Record<FormField, string>>;

export const TITLE_MAX = 300;
/** As Open311's description: at most 4,000 characters. */
export const DESCRIPTION_MAX = 4000;
export const PLACE_MAX = 200;
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

/** Values from a parsed body (urlencoded or multipart fields): strings only, anything else dropped. */
export function formValuesOf(body: Record<string, unknown>): FormValues {
  const values = {} as FormValues;
  for (const field of FORM_FIELDS) {
    const value = body[field];
    values[field] = typeof value === 'string' ? value : '';
  }
  return values;
}

export const emptyFormValues = (): FormValues => formValuesOf({});

const number = (n: number) => n.toLocaleString('vi-VN');
/** Control characters other than line breaks and tabs never belong in a petition (NUL breaks storage). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const clean = (value: string) => value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();

const requiredText = (what: string, min: number, max: number, hint = 'vui lòng rút gọn') =>
  z
    .string()
    .transform(clean)
    .check((ctx) => {
      const length = ctx.value.length;
      if (length === 0) ctx.issues.push({ code: 'custom', input: ctx.value, message: `Nhập ${what}.` });
      else if (length < min)
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `${capitalise(what)} cần ít nhất ${min} ký tự.`,
        });
      else if (length > max)
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `${capitalise(what)} dài quá ${number(max)} ký tự (hiện có ${number(length)} ký tự); ${hint}.`,
        });
    });

const optionalText = (what: string, max: number) =>
  z
    .string()
    .transform(clean)
    .refine((value) => value.length <= max, { message: `${capitalise(what)} dài quá ${number(max)} ký tự.` })
    .transform((value) => value || null);

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A decimal degree as people type it in Vietnam ("11,9404" or "11.9404"); empty → null. */
const coordinate = (what: string, example: string, limit: number) =>
  z
    .string()
    .transform((value) => value.trim().replace(',', '.'))
    .check((ctx) => {
      if (ctx.value === '') return;
      const n = Number(ctx.value);
      if (!/^-?\d{1,3}(\.\d{1,10})?$/.test(ctx.value) || !Number.isFinite(n))
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `${what} phải là số, ví dụ ${example}.`,
        });
      else if (Math.abs(n) > limit)
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `${what} phải nằm trong khoảng -${limit} đến ${limit}.`,
        });
    })
    .transform((value) => (value === '' ? null : Number(value)));

const checkbox = z.string().transform((value) => value !== '');

export const petitionFormSchema = z.object({
  unitId: z.string().check((ctx) => {
    if (!UUID_PATTERN.test(ctx.value))
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: 'Chọn địa bàn (xã, phường hoặc tỉnh) mà kiến nghị đề cập.',
      });
  }),
  subjectCode: z.string().check((ctx) => {
    if (!/^[a-z0-9-]{1,50}$/.test(ctx.value))
      ctx.issues.push({ code: 'custom', input: ctx.value, message: 'Chọn lĩnh vực của kiến nghị.' });
  }),
  title: requiredText('tiêu đề', 5, TITLE_MAX),
  description: requiredText(
    'nội dung kiến nghị',
    10,
    DESCRIPTION_MAX,
    'vui lòng rút gọn hoặc tách thành nhiều kiến nghị',
  ),
  place: optionalText('địa điểm', PLACE_MAX),
  lat: coordinate('Vĩ độ', '11,9404', 90),
  lng: coordinate('Kinh độ', '108,4583', 180),
  name: optionalText('họ và tên', 100),
  phone: z
    .string()
    .transform(clean)
    .refine((value) => value === '' || /^\+?[0-9 .()-]{8,20}$/.test(value), {
      message: 'Số điện thoại không hợp lệ (ví dụ 0912 345 678).',
    })
    .transform((value) => value || null),
  email: z
    .string()
    .transform(clean)
    .refine((value) => value === '' || (value.length <= 254 && z.email().safeParse(value).success), {
      message: 'E-mail không hợp lệ (ví dụ ten@example.com).',
    })
    .transform((value) => value || null),
  consent: checkbox,
  notifyByEmail: checkbox,
});
export type PetitionForm = z.output<typeof petitionFormSchema>;

/**
 * The form checked: the values to create from, or one message per field in error. The rules that
 * tie two fields together are checked on the raw values, so they are reported with the others.
 */
export function checkPetitionForm(
  values: FormValues,
): { ok: true; form: PetitionForm } | { ok: false; errors: FieldErrors } {
  const parsed = petitionFormSchema.safeParse(values);
  const errors: FieldErrors = {};
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = issue.path[0] as FormField | undefined;
    if (field && !errors[field]) errors[field] = issue.message;
  }
  const lat = values.lat.trim();
  const lng = values.lng.trim();
  if (!errors.lat && !errors.lng && (lat === '') !== (lng === ''))
    errors[lat === '' ? 'lat' : 'lng'] = 'Nhập cả vĩ độ và kinh độ, hoặc để trống cả hai.';
  if (values.notifyByEmail !== '') {
    if (values.email.trim() === '')
      errors.notifyByEmail = 'Nhập e-mail để nhận thông báo, hoặc bỏ chọn ô này.';
    else if (values.consent === '')
      errors.notifyByEmail = 'Để nhận thông báo qua e-mail, hãy chọn ô đồng ý lưu thông tin liên hệ.';
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, form: parsed.data };
}
