import { createHash } from 'node:crypto';
import { PETITION_DESCRIPTION_MAX, PETITION_TITLE_MAX } from '@mts/contracts';
import { htmlToText } from 'html-to-text';
import type { ParsedMail } from 'mailparser';
import { attachmentType, MAX_ATTACHMENTS } from '../../../platform/storage/index.ts';

/** The name of the stored full text when a message is longer than a description may be. */
export const FULL_TEXT_NAME = 'noi-dung-thu-day-du.txt';
export const FULL_TEXT_TYPE = 'text/plain; charset=utf-8';
/** Attachments kept: images and PDF, recognised by their bytes (a "photo.jpg" that is HTML is skipped). */
const KEPT_TYPES = new Set(['image/jpeg', 'image/png', 'application/pdf']);
const DEFAULT_TITLE = 'Kiến nghị gửi qua thư điện tử';
const NO_BODY = '(Thư không có nội dung; xem tệp đính kèm.)';

export interface MailDraft {
  /** Message-ID, or the SHA-256 of the message when it has none: a redelivery finds the same draft. */
  messageId: string;
  title: string;
  description: string;
  /** The whole body when the description had to be cut (stored as a text attachment), else null. */
  fullText: string | null;
  petitioner: { name: string | null; email: string | null };
  attachments: Array<{ name: string; contentType: string; content: Buffer }>;
  /** Attachments left out (not an image or a PDF by content, or beyond the fifth), by name. */
  skipped: string[];
}

/** Why a message cannot become a draft (answered with a permanent SMTP error). */
export class MailRefused extends Error {}

/**
 * Text as stored: NFC, LF line ends, no control characters but tab and newline, no trailing
 * spaces, at most one blank line in a row.
 */
export function cleanText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/(?![\n\t])[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const oneLine = (text: string) => cleanText(text).replace(/\s+/g, ' ');

/**
 * The text of an HTML-only body: html-to-text drops markup, scripts and styles; images (tracking
 * pixels, logos) are skipped and lines are not re-wrapped. Deeply nested HTML is refused by the
 * converter's limits and the body is then empty rather than the listener stuck.
 */
export function textOfHtml(html: string): string {
  try {
    return htmlToText(html, {
      wordwrap: false,
      limits: { maxDepth: 200, maxInputLength: 2_000_000 },
      selectors: [{ selector: 'img', format: 'skip' }],
    });
  } catch {
    return '';
  }
}

/** Cuts at the last space before `max` (never inside a word or a surrogate pair) and marks the cut. */
function cut(text: string, max: number, mark: string): string {
  const room = max - mark.length;
  const head = text.slice(0, room);
  const space = head.search(/\s\S*$/);
  return `${(space > room * 0.8 ? head.slice(0, space) : head.replace(/[\ud800-\udbff]$/, '')).trimEnd()}${mark}`;
}

/** A file name safe to show and store: no path, no control characters, at most 200 characters. */
function safeName(name: string | undefined, index: number, contentType: string): string {
  const base = oneLine(name ?? '')
    .replace(/^.*[\\/]/, '')
    .slice(0, 200);
  if (base) return base;
  const extension = contentType === 'application/pdf' ? 'pdf' : contentType === 'image/png' ? 'png' : 'jpg';
  return `tep-dinh-kem-${index + 1}.${extension}`;
}

/**
 * Turns a parsed message (parsed with `skipHtmlToText`) into a draft petition: subject → title,
 * the text body, or the HTML body converted to text (textOfHtml) → description, cut at the
 * description limit with the whole text kept as an attachment; the sender as petitioner; images
 * and PDF attachments checked by content. Throws MailRefused for a message with nothing in it.
 */
export function draftFromMail(mail: ParsedMail, raw: Buffer, envelopeFrom: string | null): MailDraft {
  const attachments: MailDraft['attachments'] = [];
  const skipped: string[] = [];
  for (const [index, attachment] of (mail.attachments ?? []).entries()) {
    const contentType = attachmentType(attachment.content);
    const name = safeName(attachment.filename, index, contentType ?? '');
    if (!contentType || !KEPT_TYPES.has(contentType) || attachments.length >= MAX_ATTACHMENTS) {
      skipped.push(name);
      continue;
    }
    attachments.push({ name, contentType, content: attachment.content });
  }

  const body = cleanText(mail.text || (typeof mail.html === 'string' ? textOfHtml(mail.html) : ''));
  if (!body && attachments.length === 0)
    throw new MailRefused('the message has no text and no image or PDF attachment');
  let description = body || NO_BODY;
  let fullText: string | null = null;
  if (description.length > PETITION_DESCRIPTION_MAX) {
    fullText = body;
    description = cut(
      body,
      PETITION_DESCRIPTION_MAX,
      `\n\n[…] Thư dài ${body.length.toLocaleString('vi-VN')} ký tự: toàn văn ở tệp đính kèm "${FULL_TEXT_NAME}".`,
    );
  }

  const subject = oneLine(mail.subject ?? '');
  const title = !subject
    ? DEFAULT_TITLE
    : subject.length > PETITION_TITLE_MAX
      ? cut(subject, PETITION_TITLE_MAX, '…')
      : subject;

  const from = mail.from?.value?.[0];
  const email = (from?.address || envelopeFrom || '').trim().toLowerCase();
  const name = oneLine(from?.name ?? '').slice(0, 200);
  return {
    messageId: oneLine(mail.messageId ?? '').slice(0, 500) || createHash('sha256').update(raw).digest('hex'),
    title,
    description,
    fullText,
    petitioner: {
      name: name || null,
      email: email && email.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null,
    },
    attachments,
    skipped,
  };
}
