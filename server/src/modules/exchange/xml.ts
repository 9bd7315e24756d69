import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Why a message was refused: a stable code, the tag path when there is one, and vi/en text. */
export interface RejectionReason {
  code:
    | 'NOT_UTF8'
    | 'TOO_LARGE'
    | 'DOCTYPE_REFUSED'
    | 'MALFORMED_XML'
    | 'WRONG_ROOT'
    | 'WRONG_NAMESPACE'
    | 'MISSING_FIELD'
    | 'DUPLICATE_FIELD'
    | 'INVALID_ORGAN_ID'
    | 'INVALID_DATE'
    | 'INVALID_VALUE'
    | 'UNKNOWN_CODE'
    | 'UNKNOWN_STATUS_CODE'
    | 'ATTACHMENT_MISMATCH'
    | 'SIGNATURE_MALFORMED'
    | 'SIGNATURE_MISPLACED'
    | 'SIGNATURE_REFERENCE'
    | 'SIGNATURE_ALGORITHM'
    | 'SIGNATURE_CERTIFICATE'
    | 'SIGNATURE_DIGEST_MISMATCH'
    | 'SIGNATURE_VALUE_MISMATCH';
  path?: string;
  vi: string;
  en: string;
}

export class EdxmlRejection extends Error {
  constructor(readonly reason: RejectionReason) {
    super(`${reason.code}${reason.path ? ` at ${reason.path}` : ''}: ${reason.en}`);
    this.name = 'EdxmlRejection';
  }
}

export const reject = (reason: RejectionReason): never => {
  throw new EdxmlRejection(reason);
};

// ---------------------------------------------------------------------------------------------
// Writing: a tiny deterministic serialiser over an element tree (two-space indent, UTF-8).

export interface XmlElement {
  name: string;
  attributes?: Array<[string, string]>;
  children?: XmlElement[];
  text?: string;
}

/** Characters XML 1.0 cannot carry at all (control characters other than tab, LF, CR; lone surrogates). */
const FORBIDDEN_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export function assertXmlText(value: string, path: string) {
  if (FORBIDDEN_CHARACTER.test(value)) {
    reject({
      code: 'INVALID_VALUE',
      path,
      vi: `Trường ${path} chứa ký tự điều khiển không được phép trong XML.`,
      en: `${path} contains a control character XML cannot carry.`,
    });
  }
}

const textEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const attributeEscapes: Record<string, string> = {
  ...textEscapes,
  '"': '&quot;',
  '\n': '&#10;',
  '\t': '&#9;',
};

const escapeText = (value: string) => value.replace(/[&<>\r]/g, (ch) => textEscapes[ch]!);
const escapeAttribute = (value: string) => value.replace(/[&<>\r"\n\t]/g, (ch) => attributeEscapes[ch]!);

export function serialiseXml(root: XmlElement): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const write = (element: XmlElement, depth: number) => {
    const indent = '  '.repeat(depth);
    const attributes = (element.attributes ?? [])
      .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
      .join('');
    const open = `${indent}<${element.name}${attributes}`;
    if (element.children?.length) {
      lines.push(`${open}>`);
      for (const child of element.children) write(child, depth + 1);
      lines.push(`${indent}</${element.name}>`);
    } else if (element.text !== undefined && element.text !== '') {
      lines.push(`${open}>${escapeText(element.text)}</${element.name}>`);
    } else {
      lines.push(`${open}/>`);
    }
  };
  write(root, 0);
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Reading: decode strictly, refuse DTDs, check well-formedness, then parse into a tree where every
// element is an array (so a duplicated single-valued field is caught, not silently merged).

export interface ParseLimits {
  /** Largest message accepted, in bytes. */
  maxBytes: number;
}

export type XmlNode = { [name: string]: XmlValue[] | string | undefined };
export type XmlValue = XmlNode | string;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** UTF-8 text of a message, or a rejection (non-UTF-8 bytes, UTF-16 BOM, oversized). */
export function decodeMessage(input: Buffer | string, limits: ParseLimits): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (bytes.length > limits.maxBytes) {
    reject({
      code: 'TOO_LARGE',
      vi: `Thông điệp ${bytes.length} byte vượt quá giới hạn ${limits.maxBytes} byte.`,
      en: `The message has ${bytes.length} bytes; the limit is ${limits.maxBytes}.`,
    });
  }
  const utf16 =
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  let text = '';
  try {
    if (utf16) throw new Error('UTF-16');
    text = utf8.decode(bytes); // strips a UTF-8 BOM
  } catch {
    reject({
      code: 'NOT_UTF8',
      vi: 'Thông điệp không được mã hóa UTF-8.',
      en: 'The message is not encoded in UTF-8.',
    });
  }
  return text;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  // An (empty) table of named entities: numeric character references are decoded, HTML names
  // (&nbsp; …) are not — the typings only know the boolean form.
  htmlEntities: {} as unknown as boolean,
  ignoreDeclaration: false,
  commentPropName: false,
  // Base64 attachment content is taken as it stands (no entity pass over megabytes of text);
  // the parser of the message checks it is canonical base64.
  stopNodes: ['*.edXML:ContentTransferEncoded'],
  isArray: (_name: string, _path: unknown, _isLeaf: boolean, isAttribute: boolean) => !isAttribute,
});

/**
 * Parses a decoded message into a tree. DTDs are refused outright: edXML never needs one, and a
 * DOCTYPE is how entity-expansion and external-entity (XXE) attacks start. The check looks for the
 * markup-declaration openers anywhere (also inside comments and CDATA): strict, never unsafe.
 */
export function parseXmlTree(text: string): XmlNode {
  const upper = text.toUpperCase();
  if (upper.includes('<!DOCTYPE') || upper.includes('<!ENTITY')) {
    reject({
      code: 'DOCTYPE_REFUSED',
      vi: 'Thông điệp chứa khai báo DOCTYPE/ENTITY; edXML không dùng DTD nên thông điệp bị từ chối.',
      en: 'The message declares a DOCTYPE or ENTITY; edXML uses no DTD, so it is refused.',
    });
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    reject({
      code: 'MALFORMED_XML',
      vi: `XML không hợp lệ (dòng ${valid.err.line}, cột ${valid.err.col}): ${valid.err.msg}`,
      en: `Malformed XML (line ${valid.err.line}, column ${valid.err.col}): ${valid.err.msg}`,
    });
  }
  const tree = parser.parse(text) as XmlNode;
  const declaration = tree['?xml'];
  const encoding = Array.isArray(declaration)
    ? (declaration[0] as XmlNode | undefined)?.['@encoding']
    : undefined;
  if (typeof encoding === 'string' && encoding.toUpperCase() !== 'UTF-8') {
    reject({
      code: 'NOT_UTF8',
      vi: `Thông điệp khai báo mã hóa ${encoding}; chỉ chấp nhận UTF-8.`,
      en: `The message declares encoding ${encoding}; only UTF-8 is accepted.`,
    });
  }
  return tree;
}
