import { PORTAL_BULLETIN_SCRIPT_MAX } from '@mts/contracts';
import { describe, expect, it } from 'vitest';
import {
  ARTICLE_BODY_LIMIT,
  composeScript,
  cutAtSentence,
  expandAbbreviations,
  vietnameseDate,
} from './script.ts';

// 2026-11-23 03:00 in Vietnam is still Sunday 22 November in UTC (20:00).
const AT = new Date('2026-11-22T20:00:00Z');

const sentences = (count: number, word = 'Bà con') =>
  Array.from({ length: count }, (_, i) => `${word} thôn ${i + 1} tham gia dọn vệ sinh đường làng.`).join(' ');

describe('vietnameseDate', () => {
  it('gives the weekday and date in Vietnam, not in the server zone', () => {
    expect(vietnameseDate(AT)).toBe('Thứ Hai, ngày 23 tháng 11 năm 2026');
    expect(vietnameseDate(new Date('2026-11-29T05:00:00Z'))).toBe('Chủ nhật, ngày 29 tháng 11 năm 2026');
  });
});

describe('expandAbbreviations', () => {
  it('expands the Front and government abbreviations as whole words only', () => {
    expect(expandAbbreviations('UBND xã và Ban Thường trực MTTQ, HĐND huyện; MTTQVN.')).toBe(
      'Ủy ban nhân dân xã và Ban Thường trực Mặt trận Tổ quốc, Hội đồng nhân dân huyện; Mặt trận Tổ quốc Việt Nam.',
    );
    expect(expandAbbreviations('Mã MTTQX1 và số 2026 giữ nguyên')).toBe('Mã MTTQX1 và số 2026 giữ nguyên');
  });
});

describe('cutAtSentence', () => {
  it('keeps short text and cuts long text after the last full sentence within the limit', () => {
    expect(cutAtSentence('Một câu ngắn.', 100)).toBe('Một câu ngắn.');
    const text = sentences(60);
    const cut = cutAtSentence(text, ARTICLE_BODY_LIMIT);
    expect(cut.length).toBeLessThanOrEqual(ARTICLE_BODY_LIMIT);
    expect(cut.length).toBeGreaterThan(ARTICLE_BODY_LIMIT - 80);
    expect(cut.endsWith('đường làng.')).toBe(true);
    expect(text.startsWith(cut)).toBe(true);
  });

  it('cuts one endless sentence at a word, ending it with a full stop', () => {
    const cut = cutAtSentence(`Người dân ${'rất '.repeat(100)}vui`, 50);
    expect(cut.length).toBeLessThanOrEqual(51);
    expect(cut).toMatch(/ rất\.$/);
  });
});

describe('composeScript', () => {
  const article = {
    title: 'UBND xã ra quân làm đường giao thông nông thôn',
    summary: 'Hơn 200 người dân tham gia',
    bodyHtml: `<p>Sáng 22/11, <strong>MTTQ</strong> xã phối hợp&nbsp;các đoàn thể.</p><p>${sentences(80)}</p>`,
  };

  it('opens with the unit and date, reads title, summary and a cut body, then closes', () => {
    const script = composeScript({ unitName: 'Ủy ban MTTQ xã An Bình', articles: [article], at: AT });
    const paragraphs = script.split('\n\n');
    expect(paragraphs[0]).toBe(
      'Đây là bản tin phát thanh của Ủy ban Mặt trận Tổ quốc xã An Bình, Thứ Hai, ngày 23 tháng 11 năm 2026.',
    );
    const [title, summary, body] = paragraphs[1]!.split('\n');
    expect(title).toBe('Ủy ban nhân dân xã ra quân làm đường giao thông nông thôn.');
    expect(summary).toBe('Hơn 200 người dân tham gia.');
    expect(body).toMatch(/^Sáng 22\/11, Mặt trận Tổ quốc xã phối hợp các đoàn thể\. Bà con thôn 1/);
    expect(body!.length).toBeLessThanOrEqual(ARTICLE_BODY_LIMIT + 60);
    expect(body).toMatch(/đường làng\.$/);
    expect(paragraphs.at(-1)).toContain('đến đây là kết thúc');
    expect(script).not.toMatch(/<|&nbsp;/);
  });

  it('numbers the items when there are several and never exceeds the script limit', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({
      ...article,
      title: `Tin ${i + 1}`,
      summary: sentences(12, 'Tóm tắt'),
      bodyHtml: `<p>${sentences(100)}</p>`,
    }));
    const script = composeScript({ unitName: 'xã An Bình', articles: many, at: AT });
    expect(script.length).toBeLessThanOrEqual(PORTAL_BULLETIN_SCRIPT_MAX);
    expect(script).toContain('Tin thứ 1. Tin 1.');
    expect(script).toContain('đến đây là kết thúc');
    const items = script.split('\n\n').slice(1, -1);
    expect(items.length).toBeLessThan(10);
    for (const item of items) expect(item).toMatch(/\.$/);
  });
});
