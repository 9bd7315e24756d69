import { XMLBuilder } from 'fast-xml-parser';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, defaultMessages } from '../../../platform/errors/index.ts';
import { type Language, pickLanguage } from '../../../platform/i18n/index.ts';

/**
 * GeoReport v2 output. XML is the required format; JSON is its mechanical mapping by the Spark
 * convention (a list element becomes an array, the root element disappears). Every response is
 * built once as a `SparkValue` tree and rendered into either, so the two formats cannot drift.
 */
export const FORMATS = ['xml', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export const CONTENT_TYPES: Record<Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** A list: in XML the `item` element repeated inside its parent, in JSON an array. */
export class SparkList {
  constructor(
    readonly item: string,
    readonly items: readonly SparkValue[],
  ) {}
}

/** `undefined` leaves the element out ("may not be returned"); `null` is an empty element / JSON null. */
export type SparkValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | SparkList
  | { [key: string]: SparkValue };

export const list = (item: string, items: readonly SparkValue[]) => new SparkList(item, items);

/** Characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
export const xmlSafe = (text: string) => text.replace(NOT_XML_CHAR, '');

function toJson(value: SparkValue): unknown {
  if (value instanceof SparkList) return value.items.map(toJson);
  // The same text as the XML carries, so the two formats hold the same document.
  if (typeof value === 'string') return xmlSafe(value);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) if (child !== undefined) out[key] = toJson(child);
  return out;
}

function toXml(value: SparkValue): unknown {
  if (value instanceof SparkList) return value.items.length ? { [value.item]: value.items.map(toXml) } : '';
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return xmlSafe(value);
  if (typeof value !== 'object') return String(value);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) if (child !== undefined) out[key] = toXml(child);
  return out;
}

// Text is escaped by the builder (processEntities); attributes only carry the XML declaration.
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: false,
  processEntities: true,
});

/** The document: `root` names the XML root element (dropped in JSON by the Spark convention). */
export function render(format: Format, root: string, body: SparkValue): string {
  if (format === 'json') return JSON.stringify(toJson(body));
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    [root]: toXml(body),
  });
}

export function send(reply: FastifyReply, format: Format, root: string, body: SparkValue, status = 200) {
  return reply
    .code(status)
    .type(CONTENT_TYPES[format])
    .send(render(format, root, body));
}

/** Localised text: the error descriptions are "meant to be seen by the user". */
export interface Text {
  vi: string;
  en: string;
}

/**
 * An error in the specification's shape: HTTP 404 for what does not exist, 403 for a missing or
 * invalid api_key, 400 for anything else; the body lists one or more `{code, description}`.
 */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly errors: Text[],
  ) {
    super(errors[0]?.en ?? 'Open311 error');
  }
}

export const badParameter = (text: Text) => new Open311Error(400, [text]);
export const notFoundError = (text: Text) => new Open311Error(404, [text]);
export const forbiddenError = (text: Text) => new Open311Error(403, [text]);

/** The format the client asked for by the URL's extension; XML (the required format) otherwise. */
export function formatOf(request: FastifyRequest): Format {
  const path = request.url.split('?')[0] ?? '';
  return path.toLowerCase().endsWith('.json') ? 'json' : 'xml';
}

export function sendErrors(reply: FastifyReply, format: Format, language: Language, error: Open311Error) {
  const errors = error.errors.map((text) => ({ code: error.status, description: text[language] }));
  return send(reply, format, 'errors', list('error', errors), error.status);
}

/** What any failure becomes on this API (thrown by handlers, the body parser or the rate limiter). */
export function toOpen311Error(error: unknown): Open311Error {
  if (error instanceof Open311Error) return error;
  // A rule of the petitions' services (reopen once, …): 404 and 403 stay, the rest is 400.
  if (error instanceof AppError && error.status < 500) {
    const status = error.status === 404 || error.status === 403 ? error.status : 400;
    return new Open311Error(status, [error.text ?? defaultMessages[error.code]]);
  }
  const status = (error as { statusCode?: number }).statusCode ?? 500;
  if (status === 429)
    return new Open311Error(429, [
      {
        vi: 'Gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.',
        en: 'Too many requests. Please try again shortly.',
      },
    ]);
  if (status === 413)
    return new Open311Error(413, [{ vi: 'Nội dung gửi lên quá lớn.', en: 'The request body is too large.' }]);
  if (status >= 400 && status < 500)
    return badParameter({
      vi: 'Yêu cầu không hợp lệ: hãy gửi dạng application/x-www-form-urlencoded theo đặc tả GeoReport v2.',
      en: 'Invalid request: send application/x-www-form-urlencoded as the GeoReport v2 specification says.',
    });
  return new Open311Error(500, [
    {
      vi: 'Lỗi máy chủ khi xử lý yêu cầu. Vui lòng thử lại hoặc báo cho quản trị viên.',
      en: 'The server failed to process the request. Please retry or tell the administrators.',
    },
  ]);
}

export const languageOf = (request: FastifyRequest) => pickLanguage(request.headers['accept-language']);

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** W3C date-time in Vietnam's time zone (UTC+07:00, no daylight saving): "2026-11-23T07:48:36+07:00". */
export function w3cDateTime(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const time = new Date(value).getTime();
  if (Number.isNaN(time)) return null;
  return `${new Date(time + VIETNAM_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}
