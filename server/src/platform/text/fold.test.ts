import { describe, expect, it } from 'vitest';
import { foldVietnamese, slugify } from './index.ts';

describe('foldVietnamese', () => {
  it('folds diacritics and đ, in composed and decomposed input alike', () => {
    expect(foldVietnamese('Đường liên thôn bị sạt lở!')).toBe('duong lien thon bi sat lo');
    expect(foldVietnamese('Quyết định'.normalize('NFD'))).toBe(foldVietnamese('Quyết định'.normalize('NFC')));
  });
});

describe('slugify', () => {
  it('makes an ASCII slug of Vietnamese words', () => {
    expect(slugify('Hội nghị MTTQ xã An Bình (lần 2)')).toBe('hoi-nghi-mttq-xa-an-binh-lan-2');
    expect(slugify('  Ngày hội Đại đoàn kết — 18/11  ')).toBe('ngay-hoi-dai-doan-ket-18-11');
  });

  it('cuts at a word boundary and keeps nothing but [a-z0-9-]', () => {
    const slug = slugify('Tuyên truyền '.repeat(20), 30);
    expect(slug.length).toBeLessThanOrEqual(30);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(slug.endsWith('-')).toBe(false);
    expect(slugify('Ωμέγα 日本')).toBe('');
    expect(slugify('!!!')).toBe('');
  });
});
