import { describe, expect, it } from 'vitest';
import { pickLanguage } from './language.ts';

describe('pickLanguage', () => {
  it('defaults to Vietnamese', () => {
    expect(pickLanguage(undefined)).toBe('vi');
    expect(pickLanguage('fr-FR,de;q=0.5')).toBe('vi');
  });
  it('honours an English preference ranked above Vietnamese', () => {
    expect(pickLanguage('en-US,en;q=0.9,vi;q=0.5')).toBe('en');
    expect(pickLanguage('vi-VN,en;q=0.8')).toBe('vi');
    expect(pickLanguage('vi;q=0.2,en;q=0.7')).toBe('en');
  });
});
