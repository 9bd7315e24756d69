import { describe, expect, it } from 'vitest';
import { checkPetitionForm, formValuesOf } from './petition-form.ts';

const valid = {
  unitId: '0b4f9c2e-1d3a-4c5b-8e6f-7a8b9c0d1e2f',
  subjectCode: 'giao-thong',
  title: 'Đường liên thôn xuống cấp',
  description: 'Mặt đường bong tróc, mùa mưa ngập sâu.',
};

describe('the petition form rules', () => {
  it('pass a minimal anonymous petition on, blanks as null', () => {
    const result = checkPetitionForm(formValuesOf(valid));
    expect(result).toEqual({
      ok: true,
      form: {
        ...valid,
        place: null,
        lat: null,
        lng: null,
        name: null,
        phone: null,
        email: null,
        consent: false,
        notifyByEmail: false,
      },
    });
  });

  it('read coordinates with a decimal comma and strip control characters', () => {
    const result = checkPetitionForm(
      formValuesOf({ ...valid, title: 'Đèn\u0000 đường hỏng', lat: ' 11,9404 ', lng: '108.4583' }),
    );
    expect(result).toMatchObject({
      ok: true,
      form: { title: 'Đèn đường hỏng', lat: 11.9404, lng: 108.4583 },
    });
  });

  it('give one Vietnamese message per field, the joint rules included', () => {
    const result = checkPetitionForm(
      formValuesOf({
        unitId: 'khong-phai-uuid',
        subjectCode: '',
        title: 'abc',
        description: 'x'.repeat(4001),
        lat: '95',
        lng: '',
        phone: 'goi toi',
        email: 'a@',
        notifyByEmail: '1',
      }),
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        unitId: 'Chọn địa bàn (xã, phường hoặc tỉnh) mà kiến nghị đề cập.',
        subjectCode: 'Chọn lĩnh vực của kiến nghị.',
        title: 'Tiêu đề cần ít nhất 5 ký tự.',
        description:
          'Nội dung kiến nghị dài quá 4.000 ký tự (hiện có 4.001 ký tự); vui lòng rút gọn hoặc tách thành nhiều kiến nghị.',
        lat: 'Vĩ độ phải nằm trong khoảng -90 đến 90.',
        phone: 'Số điện thoại không hợp lệ (ví dụ 0912 345 678).',
        email: 'E-mail không hợp lệ (ví dụ ten@example.com).',
        notifyByEmail: 'Để nhận thông báo qua e-mail, hãy chọn ô đồng ý lưu thông tin liên hệ.',
      },
    });
  });

  it('ask for both coordinates or neither, and for an e-mail before notifying by e-mail', () => {
    expect(checkPetitionForm(formValuesOf({ ...valid, lng: '108' }))).toEqual({
      ok: false,
      errors: { lat: 'Nhập cả vĩ độ và kinh độ, hoặc để trống cả hai.' },
    });
    expect(checkPetitionForm(formValuesOf({ ...valid, consent: '1', notifyByEmail: '1' }))).toEqual({
      ok: false,
      errors: { notifyByEmail: 'Nhập e-mail để nhận thông báo, hoặc bỏ chọn ô này.' },
    });
  });

  it('ignore anything but strings (repeated or odd fields)', () => {
    expect(formValuesOf({ title: ['a', 'b'], description: 3 }).title).toBe('');
  });
});
