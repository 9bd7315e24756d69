import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { cleanText, draftFromMail, FULL_TEXT_NAME, MailRefused } from './message.ts';

const parse = async (raw: string) => {
  const bytes = Buffer.from(raw.replace(/\n/g, '\r\n'));
  return { mail: await simpleParser(bytes, { skipHtmlToText: true }), bytes };
};

describe('draftFromMail', () => {
  it('takes the subject as title and the sender as petitioner', async () => {
    const { mail, bytes } = await parse(
      'From: =?UTF-8?B?VHLhuqduIFRo4buLIELDrG5o?= <Binh@Example.VN>\nTo: kiennghi@x.vn\nSubject: =?UTF-8?Q?=C4=90=C6=B0=E1=BB=9Dng_h=E1=BB=8Fng?=\nMessage-ID: <abc@example.vn>\nContent-Type: text/plain; charset=utf-8\n\nNội dung\u0007 kiến nghị.\n\n\n\nHết.\n',
    );
    const draft = draftFromMail(mail, bytes, 'bounce@example.vn');
    expect(draft).toMatchObject({
      messageId: '<abc@example.vn>',
      title: 'Đường hỏng',
      description: 'Nội dung kiến nghị.\n\nHết.',
      fullText: null,
      petitioner: { name: 'Trần Thị Bình', email: 'binh@example.vn' },
    });
  });

  it('converts an HTML-only body to text, without scripts or tracking images', async () => {
    const { mail, bytes } = await parse(
      'From: a@example.vn\nSubject: x\nContent-Type: text/html; charset=utf-8\n\n<p>Xin <b>chào</b></p><script>alert(1)</script><img src="https://t.example/p.gif">\n',
    );
    expect(draftFromMail(mail, bytes, null).description).toBe('Xin chào');
  });

  it('cuts a long body at the description limit and keeps the whole text', async () => {
    const long = 'Câu kiến nghị dài. '.repeat(3000).trim();
    const { mail, bytes } = await parse(
      `From: a@example.vn\nSubject: Dài\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n${long}\n`,
    );
    const draft = draftFromMail(mail, bytes, null);
    expect(draft.description.length).toBeLessThanOrEqual(10_000);
    expect(draft.description).toContain(FULL_TEXT_NAME);
    expect(draft.fullText).toBe(long);
  });

  it('refuses a message with neither text nor a kept attachment', async () => {
    const { mail, bytes } = await parse('From: a@example.vn\nSubject: Trống\n\n\n');
    expect(() => draftFromMail(mail, bytes, null)).toThrow(MailRefused);
  });

  it('uses the envelope sender when From is missing, and a hash when Message-ID is', async () => {
    const { mail, bytes } = await parse('Subject: Không có From\n\nNội dung.\n');
    const draft = draftFromMail(mail, bytes, 'envelope@example.vn');
    expect(draft.petitioner).toEqual({ name: null, email: 'envelope@example.vn' });
    expect(draft.messageId).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('cleanText', () => {
  it('normalises to NFC and strips control characters but newlines and tabs', () => {
    expect(cleanText('  Ho\u0300a\u0000\tb  \r\n\r\n\r\n\r\nc\u200b ')).toBe('Hòa\tb\n\nc');
  });
});
