import { describe, expect, it } from 'vitest';
import { documentIdentifier, formatSymbol, isValidTemplate, padNumber, vietnamToday } from './symbol.ts';

const templates = { withType: '{n}/{type}-{unit}', withoutType: '{n}/{unit}' };

describe('document symbols', () => {
  it('pad numbers below 10 with a zero', () => {
    expect([1, 9, 10, 249].map(padNumber)).toEqual(['01', '09', '10', '249']);
  });

  it('follow the register grammar, with and without a type code (công văn)', () => {
    expect(formatSymbol(templates, { number: 15, typeCode: 'QĐ', unitSymbol: 'MTTQ-BTT' })).toEqual({
      codeNumber: '15',
      codeNotation: 'QĐ-MTTQ-BTT',
      symbol: '15/QĐ-MTTQ-BTT',
    });
    expect(formatSymbol(templates, { number: 5, typeCode: null, unitSymbol: 'MTTQ-BTT' }).symbol).toBe(
      '05/MTTQ-BTT',
    );
    expect(formatSymbol(templates, { number: 1018, typeCode: 'CV', unitSymbol: 'MTTW-BTT' }).symbol).toBe(
      '1018/CV-MTTW-BTT',
    );
  });

  it('accept only templates that start with the number', () => {
    expect(isValidTemplate('{n}/{type}-{unit}')).toBe(true);
    expect(isValidTemplate('{type}/{n}')).toBe(false);
    expect(isValidTemplate('{n}/{n}')).toBe(false);
  });

  it('build the edXML document identifier and the Vietnamese calendar year', () => {
    expect(documentIdentifier('000.00.00.H01', '2026-03-05', '05', 'QĐ-MTTQ-BTT')).toBe(
      '000.00.00.H01,2026/03/05,05/QĐ-MTTQ-BTT',
    );
    // 31 December 20:00 UTC is already 1 January in Vietnam: the new year's series.
    expect(vietnamToday(new Date('2026-12-31T20:00:00Z'))).toEqual({ date: '2027-01-01', year: 2027 });
  });
});
