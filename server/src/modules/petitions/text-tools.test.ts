import { describe, expect, it } from 'vitest';
import { applyRedactions, deriveTitle } from './text-tools.ts';

describe('deriveTitle', () => {
  it('keeps a short description whole, whitespace collapsed', () => {
    expect(deriveTitle('  Đèn đường   thôn 3\nbị hỏng  ')).toBe('Đèn đường thôn 3 bị hỏng');
  });

  it('cuts a long description at a word boundary and marks the cut', () => {
    const description =
      'Đề nghị sửa chữa đường liên thôn 3 - thôn 5 bị sạt lở nghiêm trọng sau đợt mưa lũ tháng 10, xe máy không đi được, học sinh phải lội bùn đến trường.';
    const title = deriveTitle(description);
    expect(title.endsWith('…')).toBe(true);
    expect(title.length).toBeLessThanOrEqual(81);
    expect(description.startsWith(title.slice(0, -1))).toBe(true);
    expect(title).not.toMatch(/\s…$/);
  });

  it('cuts a single endless word', () => {
    const title = deriveTitle('x'.repeat(500));
    expect(title).toBe(`${'x'.repeat(80)}…`);
  });
});

describe('applyRedactions', () => {
  it('replaces every occurrence in title and description and counts them', () => {
    const result = applyRedactions(
      'Ông Nguyễn Văn A phản ánh',
      'Ông Nguyễn Văn A, số 0912 345 678, nhà ông Nguyễn Văn A bị ngập.',
      [
        { text: 'Nguyễn Văn A', replacement: '[đã ẩn]' },
        { text: '0912 345 678', replacement: '[số điện thoại]' },
      ],
    );
    expect(result).toEqual({
      title: 'Ông [đã ẩn] phản ánh',
      description: 'Ông [đã ẩn], số [số điện thoại], nhà ông [đã ẩn] bị ngập.',
      missing: [],
      count: 4,
    });
  });

  it('reports texts that occur nowhere, and treats special characters literally', () => {
    const result = applyRedactions('Tiêu đề', 'Giá (dự kiến) $5.*', [
      { text: '(dự kiến) $5.*', replacement: '…' },
      { text: 'không có', replacement: 'x' },
    ]);
    expect(result.description).toBe('Giá …');
    expect(result.missing).toEqual(['không có']);
    expect(result.count).toBe(1);
  });
});
