import { describe, expect, it } from 'vitest';
import { anyOf, retrievalTsquery, type TermStatistics } from './similar.repository.ts';
import {
  contentSyllables,
  foldVietnamese,
  REPEAT_THRESHOLD,
  similarityTerms,
  syllableBigrams,
  textFeatures,
  textSimilarity,
} from './similarity.ts';
import { similarityTermsFunctionSql } from './similarity-sql.ts';

describe('foldVietnamese', () => {
  it('lower-cases, folds every diacritic and đ, and keeps letters and digits only', () => {
    expect(foldVietnamese('Đường liên thôn bị sạt lở')).toBe('duong lien thon bi sat lo');
    expect(foldVietnamese('ĂÂÊÔƠƯĐ ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ýỳỷỹỵ')).toBe(
      'aaeooud aaaaa aaaaa eeeee ooooo ooooo uuuuu yyyyy',
    );
    expect(foldVietnamese('  QL1A — km 15+200, "thôn 3"!  ')).toBe('ql1a km 15 200 thon 3');
  });

  it('folds composed (NFC) and decomposed (NFD) input alike', () => {
    const composed = 'Hòa Khánh ngập úng'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(foldVietnamese(decomposed)).toBe(foldVietnamese(composed));
    expect(foldVietnamese(composed)).toBe('hoa khanh ngap ung');
  });
});

describe('content syllables and bigrams', () => {
  it('drops the formulas of the genre and function words, keeps the topic', () => {
    const folded = foldVietnamese(
      'Cử tri kiến nghị: đề nghị các cấp, các ngành quan tâm xem xét việc nâng cấp đường của thôn Đông.',
    );
    expect(contentSyllables(folded)).toEqual(['nang', 'cap', 'duong', 'thon', 'dong']);
  });

  it('keeps syllables whose folded form is also a topic word (đê, chợ, đèn, ô nhiễm)', () => {
    expect(contentSyllables(foldVietnamese('Đê bao bị vỡ, chợ ngập, đèn hỏng, ô nhiễm'))).toEqual([
      'de',
      'bao',
      'vo',
      'cho',
      'ngap',
      'den',
      'hong',
      'o',
      'nhiem',
    ]);
  });

  it('expands abbreviations and road numbers written together', () => {
    expect(contentSyllables(foldVietnamese('UBND xã, GPMB QL1A và ĐT741, thẻ BHYT'))).toEqual([
      'uy',
      'ban',
      'xa',
      'giai',
      'phong',
      'mat',
      'bang',
      'quoc',
      'lo',
      '1a',
      'duong',
      'tinh',
      '741',
      'the',
      'bao',
      'hiem',
      'y',
      'te',
    ]);
    expect(similarityTerms(foldVietnamese('Giải phóng mặt bằng Quốc lộ 1A'))).toEqual(
      similarityTerms(foldVietnamese('GPMB QL1A')),
    );
  });

  it('drops runs too long to be a syllable, so no huge index term is made', () => {
    expect(contentSyllables(`sat lo ${'a'.repeat(5_000)} duong`)).toEqual(['sat', 'lo', 'duong']);
  });

  it('pairs adjacent content syllables', () => {
    expect(syllableBigrams(['giai', 'phong', 'mat', 'bang'])).toEqual([
      'giai_phong',
      'phong_mat',
      'mat_bang',
    ]);
    expect(syllableBigrams(['mot'])).toEqual([]);
    expect(similarityTerms('de nghi cua va')).toEqual([]);
  });
});

describe('similarityScore', () => {
  it('is 1 for the same content, whatever the case, marks and formulas', () => {
    expect(
      textSimilarity(
        'Đề nghị sửa chữa cầu treo bản Nà Lầu',
        'Cử tri kiến nghị các cấp quan tâm: SUA CHUA CAU TREO BAN NA LAU ạ',
      ),
    ).toBe(1);
  });

  it('is 0 when only stop words are shared', () => {
    expect(
      textSimilarity(
        'Cử tri đề nghị các cấp quan tâm xem xét giải quyết việc cấp thẻ bảo hiểm y tế',
        'Cử tri đề nghị các cấp quan tâm xem xét giải quyết việc sạt lở bờ sông',
      ),
    ).toBe(0);
  });

  it('scores a paraphrase with abbreviations above the repeat threshold, another issue below', () => {
    const a = 'Đơn giá bồi thường giải phóng mặt bằng dự án mở rộng Quốc lộ 1A qua xã Hòa Phú quá thấp';
    const b = 'De nghi tang don gia boi thuong GPMB du an mo rong QL1A doan qua Hoa Phu';
    const c = 'Trạm y tế xã Hòa Phú thiếu bác sĩ';
    expect(textSimilarity(a, b)).toBeGreaterThanOrEqual(REPEAT_THRESHOLD);
    expect(textSimilarity(a, c)).toBeLessThan(REPEAT_THRESHOLD);
  });

  it('is symmetric and within [0, 1]', () => {
    const a = textFeatures('Đường liên thôn Đông - Đoài xuống cấp, nhiều ổ gà');
    const b = textFeatures('Nâng cấp đường liên thôn Đông Đoài');
    const ab = textSimilarity(
      'Đường liên thôn Đông - Đoài xuống cấp, nhiều ổ gà',
      'Nâng cấp đường liên thôn Đông Đoài',
    );
    const ba = textSimilarity(
      'Nâng cấp đường liên thôn Đông Đoài',
      'Đường liên thôn Đông - Đoài xuống cấp, nhiều ổ gà',
    );
    expect(ab).toBe(ba);
    expect(ab).toBeGreaterThan(0);
    expect(ab).toBeLessThan(1);
    expect(a.bigrams.has('lien_thon')).toBe(true);
    expect(b.unigrams.has('doai')).toBe(true);
  });
});

describe('retrieval terms', () => {
  const stats: TermStatistics = {
    rows: 1_000_000,
    frequency: new Map([
      ['nang_cap', 0.05],
      ['duong_lien', 0.02],
      ['lien_thon', 0.03],
      ['xuong_cap', 0.04],
    ]),
    floor: 0.0004,
  };

  it('ORs the rarest terms while the estimated rows stay within the budget, at least two', () => {
    const terms = ['nang_cap', 'duong_lien', 'lien_thon', 'thon_dong', 'dong_doai', 'xuong_cap'];
    // Unlisted terms are estimated at half the floor: 200 rows each; listed ones at 20,000 and more.
    expect(retrievalTsquery(terms, stats)).toBe("'thon_dong' | 'dong_doai'");
    // A subject keeping 1 % of the rows makes the common terms affordable too.
    expect(retrievalTsquery(terms, stats, 0.01)).toBe(
      "'thon_dong' | 'dong_doai' | 'duong_lien' | 'lien_thon' | 'xuong_cap' | 'nang_cap'",
    );
  });

  it('adds pairs of the next four rarest when fewer than two terms fit the budget', () => {
    expect(retrievalTsquery(['nang_cap', 'duong_lien', 'lien_thon', 'xuong_cap', 'tram_bom'], stats)).toBe(
      "'tram_bom' | ('duong_lien' & 'lien_thon') | ('duong_lien' & 'xuong_cap') | ('duong_lien' & 'nang_cap') | " +
        "('lien_thon' & 'xuong_cap') | ('lien_thon' & 'nang_cap') | ('xuong_cap' & 'nang_cap')",
    );
    expect(retrievalTsquery(['nang_cap', 'lien_thon'], stats)).toBe("('lien_thon' & 'nang_cap')");
    expect(retrievalTsquery(['tram_bom'], stats)).toBe("'tram_bom'");
    expect(retrievalTsquery(['nang_cap'], stats)).toBeNull();
    expect(retrievalTsquery([], stats)).toBeNull();
  });

  it('without statistics takes any of the first 48 terms', () => {
    const terms = Array.from({ length: 60 }, (_, i) => `t_${i}`);
    expect(retrievalTsquery(terms, null)).toBe(anyOf(terms.slice(0, 48)));
  });

  it('quotes lexemes for the tsquery syntax', () => {
    expect(anyOf(['quoc_lo', "o'x", 'a\\b'])).toBe("'quoc_lo' | 'o''x' | 'a\\\\b'");
  });
});

describe('the SQL twin', () => {
  it('is generated from the same lists', () => {
    const text = similarityTermsFunctionSql();
    expect(text).toContain("('gpmb', 'giai phong mat bang')");
    expect(text).toContain("'de nghi'");
    expect(text).toContain('(ql|tl|dt)');
  });
});
