import { describe, expect, it } from 'vitest';
import { parseMentions } from './mentions.ts';

describe('parseMentions', () => {
  it('finds @username and @unit:<code>, ignoring e-mail addresses and trailing punctuation', () => {
    expect(
      parseMentions('Nhờ @Nguyen.Van.A và @unit:000.00.00.h42. xem lại; gửi tới a@b.vn, cảm ơn @tran_b!'),
    ).toEqual({ usernames: ['nguyen.van.a', 'tran_b'], unitCodes: ['000.00.00.H42'] });
  });

  it('returns nothing for a body without mentions', () => {
    expect(parseMentions('Không có ai @ đây')).toEqual({ usernames: [], unitCodes: [] });
  });
});
