import { createHash } from 'node:crypto';
import {
  type BusinessDocType,
  businessDocTypes,
  defaultCodeTables,
  EDXML_NAMESPACE,
  type EdxmlAttachment,
  type EdxmlCodeTables,
  type EdxmlDocumentMessage,
  type EdxmlOrganization,
  type EdxmlResponseFor,
  type EdxmlStaffInfo,
  type EdxmlStatusMessage,
  isStatusCode,
  ORGAN_ID_PATTERN,
  statusCodeList,
} from './edxml-model.ts';
import { type EdxmlSigner, signEdxml, verifyEdxmlSignature } from './signature/index.ts';
import {
  assertXmlText,
  decodeMessage,
  parseXmlTree,
  reject,
  serialiseXml,
  type XmlElement,
  type XmlNode,
  type XmlValue,
} from './xml.ts';

const XLINK_NAMESPACE = 'http://www.w3.org/1999/xlink';
const P = 'edXML:';

export interface EdxmlOptions {
  codes?: EdxmlCodeTables;
  maxBytes?: number;
  maxAttachments?: number;
  maxAttachmentBytes?: number;
  /**
   * Writes edXML:Size and edXML:DigestSHA256 in each manifest Reference (our extension, not in the
   * reconstructed standard; receivers ignore unknown children). The parser checks them when present.
   */
  manifestIntegrity?: boolean;
  /**
   * Builder: signs the message (enveloped XML-DSig in edXMLHeader/edXML:Signature, see
   * signature/README in the exchange README). The parser always verifies a signature it finds.
   */
  signer?: EdxmlSigner | undefined;
}

const defaults: Required<Omit<EdxmlOptions, 'signer'>> & Pick<EdxmlOptions, 'signer'> = {
  codes: defaultCodeTables,
  maxBytes: 50 * 1024 * 1024,
  maxAttachments: 100,
  maxAttachmentBytes: 25 * 1024 * 1024,
  manifestIntegrity: true,
  signer: undefined,
};

// =============================================================================================
// Shared checks (the builder refuses what the parser would refuse)

const fail = (code: 'MISSING_FIELD' | 'INVALID_VALUE', path: string, vi: string, en: string) =>
  reject({ code, path, vi, en });

function requireText(value: string | undefined, path: string, maxLength = 2000) {
  if (value === undefined || value.trim() === '') {
    fail('MISSING_FIELD', path, `Thiếu trường bắt buộc ${path}.`, `Required field ${path} is missing.`);
  }
  checkText(value, path, maxLength);
}

function checkText(value: string | undefined, path: string, maxLength = 2000) {
  if (value === undefined) return;
  assertXmlText(value, path);
  if ([...value].length > maxLength) {
    fail(
      'INVALID_VALUE',
      path,
      `Trường ${path} dài quá ${maxLength} ký tự.`,
      `${path} is longer than ${maxLength} characters.`,
    );
  }
}

function checkOrganId(value: string | undefined, path: string) {
  requireText(value, path);
  if (!ORGAN_ID_PATTERN.test(value!)) {
    reject({
      code: 'INVALID_ORGAN_ID',
      path,
      vi: `Mã định danh cơ quan "${value}" tại ${path} không đúng dạng 000.00.00.A00.`,
      en: `Agency identifier "${value}" at ${path} is not of the form 000.00.00.A00.`,
    });
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

function isRealDate(year: number, month: number, day: number) {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function badDate(path: string, value: string, format: string): never {
  return reject({
    code: 'INVALID_DATE',
    path,
    vi: `Ngày "${value}" tại ${path} không hợp lệ (định dạng ${format}).`,
    en: `Date "${value}" at ${path} is invalid (format ${format}).`,
  });
}

function checkDate(value: string | undefined, path: string) {
  if (value === undefined) return;
  const m = ISO_DATE.exec(value);
  if (!m || !isRealDate(+m[1]!, +m[2]!, +m[3]!)) badDate(path, value, 'yyyy/MM/dd');
}

function checkTimestamp(value: string, path: string) {
  const m = ISO_TIMESTAMP.exec(value);
  if (!m || !isRealDate(+m[1]!, +m[2]!, +m[3]!) || +m[4]! > 23 || +m[5]! > 59 || +m[6]! > 59) {
    badDate(path, value, 'yyyy/MM/dd HH:mm:ss');
  }
}

function checkCode(table: Record<number, string>, value: number | undefined, path: string) {
  if (value === undefined) return;
  if (!Number.isInteger(value) || !Object.hasOwn(table, value)) {
    reject({
      code: 'UNKNOWN_CODE',
      path,
      vi: `Mã ${value} tại ${path} không có trong bảng mã đã cấu hình.`,
      en: `Code ${value} at ${path} is not in the configured code table.`,
    });
  }
}

function checkCount(value: number | undefined, path: string) {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= 1_000_000)) {
    fail(
      'INVALID_VALUE',
      path,
      `${path} phải là số nguyên không âm.`,
      `${path} must be a non-negative integer.`,
    );
  }
}

function checkOrganization(org: EdxmlOrganization, path: string) {
  checkOrganId(org.organId, `${path}/OrganId`);
  requireText(org.organName, `${path}/OrganName`, 500);
  for (const [key, tag] of organizationTags) {
    if (key !== 'organId' && key !== 'organName') checkText(org[key], `${path}/${tag}`, 500);
  }
}

function checkResponseFor(r: EdxmlResponseFor, path: string) {
  checkOrganId(r.organId, `${path}/OrganId`);
  requireText(r.code, `${path}/Code`, 100);
  requireText(r.promulgationDate, `${path}/PromulgationDate`);
  checkDate(r.promulgationDate, `${path}/PromulgationDate`);
  requireText(r.documentId, `${path}/DocumentId`, 200);
}

function checkStaffInfo(s: EdxmlStaffInfo | undefined, path: string) {
  if (!s) return;
  for (const [key, tag] of staffInfoTags) checkText(s[key], `${path}/${tag}`, 200);
}

const HEADER = 'edXMLEnvelope/edXMLHeader';
const MH = `${HEADER}/MessageHeader`;
const TRACE = `${HEADER}/TraceHeaderList`;
const STATUS = `${HEADER}/Status`;
/** `Tag[n]` when the tag repeats, as the parser names paths. */
const nth = (tag: string, i: number, count: number) => (count > 1 ? `${tag}[${i + 1}]` : tag);
/** Runs `check` on every item with its path `base/Tag[n]`. */
function eachAt<T>(items: T[], base: string, tag: string, check: (item: T, path: string) => void) {
  items.forEach((item, i) => {
    check(item, `${base}/${nth(tag, i, items.length)}`);
  });
}

function checkDocumentMessage(m: EdxmlDocumentMessage, o: typeof defaults) {
  checkOrganization(m.from, `${MH}/From`);
  if (m.to.length === 0) {
    fail(
      'MISSING_FIELD',
      `${MH}/To`,
      'Thông điệp phải có ít nhất một nơi nhận (To).',
      'At least one To is required.',
    );
  }
  eachAt(m.to, MH, 'To', checkOrganization);
  requireText(m.code.codeNumber, `${MH}/Code/CodeNumber`, 11);
  if (!/^\d+$/.test(m.code.codeNumber)) {
    fail(
      'INVALID_VALUE',
      `${MH}/Code/CodeNumber`,
      'Số văn bản phải là chữ số.',
      'CodeNumber must be digits.',
    );
  }
  requireText(m.code.codeNotation, `${MH}/Code/CodeNotation`, 100);
  requireText(m.promulgationInfo.place, `${MH}/PromulgationInfo/Place`, 200);
  requireText(m.promulgationInfo.promulgationDate, `${MH}/PromulgationInfo/PromulgationDate`);
  checkDate(m.promulgationInfo.promulgationDate, `${MH}/PromulgationInfo/PromulgationDate`);
  checkCode(o.codes.documentTypes, m.documentType.type, `${MH}/DocumentType/Type`);
  requireText(m.documentType.typeName, `${MH}/DocumentType/TypeName`, 200);
  requireText(m.subject, `${MH}/Subject`, 500); // Appendix VI: trích yếu ≤ 500
  checkText(m.content, `${MH}/Content`, 100_000);
  checkText(m.signerInfo.competence, `${MH}/SignerInfo/Competence`, 200);
  checkText(m.signerInfo.position, `${MH}/SignerInfo/Position`, 200);
  requireText(m.signerInfo.fullName, `${MH}/SignerInfo/FullName`, 200);
  checkDate(m.dueDate, `${MH}/DueDate`);
  eachAt(m.toPlaces, `${MH}/ToPlaces`, 'Place', (place, path) => requireText(place, path, 500));
  checkCode(o.codes.priorities, m.otherInfo.priority, `${MH}/OtherInfo/Priority`);
  checkText(m.otherInfo.sphereOfPromulgation, `${MH}/OtherInfo/SphereOfPromulgation`, 200);
  checkText(m.otherInfo.typerNotation, `${MH}/OtherInfo/TyperNotation`, 100);
  checkCount(m.otherInfo.promulgationAmount, `${MH}/OtherInfo/PromulgationAmount`);
  checkCount(m.otherInfo.pageAmount, `${MH}/OtherInfo/PageAmount`);
  eachAt(m.otherInfo.appendixes, `${MH}/OtherInfo/Appendixes`, 'Appendix', (a, path) =>
    requireText(a, path, 500),
  );
  eachAt(m.responseFor, MH, 'ResponseFor', checkResponseFor);
  checkCode(o.codes.steeringTypes, m.steeringType, `${MH}/SteeringType`);
  checkDocumentId(m.documentId, m.from.organId, `${MH}/DocumentId`);

  eachAt(m.traceHeaders, TRACE, 'TraceHeader', (t, path) => {
    checkOrganId(t.organId, `${path}/OrganId`);
    checkTimestamp(t.timestamp, `${path}/Timestamp`);
  });
  if (!Object.hasOwn(businessDocTypes, m.business.bussinessDocType)) {
    reject({
      code: 'UNKNOWN_CODE',
      path: `${TRACE}/Bussiness/BussinessDocType`,
      vi: `Loại nghiệp vụ ${m.business.bussinessDocType} không hợp lệ (0 mới, 1 thu hồi, 2 cập nhật, 3 thay thế).`,
      en: `BussinessDocType ${m.business.bussinessDocType} is not 0 new, 1 recall, 2 update or 3 replace.`,
    });
  }
  checkText(m.business.bussinessDocReason, `${TRACE}/Bussiness/BussinessDocReason`, 2000);
  checkText(m.business.documentId, `${TRACE}/Bussiness/DocumentId`, 200);
  checkStaffInfo(m.business.staffInfo, `${TRACE}/Bussiness/StaffInfo`);

  if (m.attachments.length > o.maxAttachments) {
    reject({
      code: 'TOO_LARGE',
      path: 'AttachmentEncoded',
      vi: `Thông điệp có ${m.attachments.length} tệp đính kèm, vượt giới hạn ${o.maxAttachments}.`,
      en: `The message has ${m.attachments.length} attachments; the limit is ${o.maxAttachments}.`,
    });
  }
  const seen = new Set<string>();
  eachAt(m.attachments, 'AttachmentEncoded', 'Attachment', (a, path) => {
    requireText(a.contentId, `${path}/ContentId`, 200);
    if (seen.has(a.contentId)) {
      reject({
        code: 'ATTACHMENT_MISMATCH',
        path: `${path}/ContentId`,
        vi: `ContentId "${a.contentId}" bị trùng giữa các tệp đính kèm.`,
        en: `ContentId "${a.contentId}" is used by more than one attachment.`,
      });
    }
    seen.add(a.contentId);
    requireText(a.contentType, `${path}/ContentType`, 200);
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(a.contentType)) {
      fail(
        'INVALID_VALUE',
        `${path}/ContentType`,
        `Kiểu nội dung "${a.contentType}" không đúng dạng type/subtype.`,
        `Content type "${a.contentType}" is not of the form type/subtype.`,
      );
    }
    requireText(a.attachmentName, `${path}/AttachmentName`, 255);
    checkText(a.description, `${path}/Description`, 1000);
    if (a.content.length === 0) {
      reject({
        code: 'ATTACHMENT_MISMATCH',
        path: `${path}/ContentTransferEncoded`,
        vi: `Tệp đính kèm "${a.attachmentName}" rỗng.`,
        en: `Attachment "${a.attachmentName}" is empty.`,
      });
    }
    if (a.content.length > o.maxAttachmentBytes) {
      reject({
        code: 'TOO_LARGE',
        path,
        vi: `Tệp đính kèm "${a.attachmentName}" (${a.content.length} byte) vượt giới hạn ${o.maxAttachmentBytes} byte.`,
        en: `Attachment "${a.attachmentName}" (${a.content.length} bytes) exceeds ${o.maxAttachmentBytes} bytes.`,
      });
    }
  });
}

function checkDocumentId(value: string, fromOrganId: string, path: string) {
  requireText(value, path, 200);
  const [organId, date, code, ...rest] = value.split(',');
  const wrong = (vi: string, en: string) =>
    fail('INVALID_VALUE', path, `DocumentId "${value}" ${vi}`, `DocumentId "${value}" ${en}`);
  if (rest.length > 0 || !organId || !date || !code || !code.includes('/')) {
    wrong(
      'không đúng dạng <mã cơ quan gửi>,<yyyy/MM/dd>,<số>/<ký hiệu>.',
      'is not of the form <senderOrganId>,<yyyy/MM/dd>,<number>/<notation>.',
    );
  }
  if (organId !== fromOrganId) {
    wrong(
      `không bắt đầu bằng mã cơ quan gửi ${fromOrganId}.`,
      `does not start with the sender's ${fromOrganId}.`,
    );
  }
  checkDate(wireDateToIso(date!, path), path);
}

// =============================================================================================
// Wire formats

const isoToWireDate = (iso: string) => iso.replaceAll('-', '/');
const isoToWireTimestamp = (iso: string) => iso.replaceAll('-', '/').replace('T', ' ');

function wireDateToIso(value: string, path: string): string {
  const m = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(value);
  if (!m) badDate(path, value, 'yyyy/MM/dd');
  return `${m![1]}-${m![2]}-${m![3]}`;
}

function wireTimestampToIso(value: string, path: string): string {
  const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (!m) badDate(path, value, 'yyyy/MM/dd HH:mm:ss');
  return `${m![1]}-${m![2]}-${m![3]}T${m![4]}:${m![5]}:${m![6]}`;
}

// =============================================================================================
// Builder

const organizationTags = [
  ['organId', 'OrganId'],
  ['organizationInCharge', 'OrganizationInCharge'],
  ['organName', 'OrganName'],
  ['organAdd', 'OrganAdd'],
  ['email', 'Email'],
  ['telephone', 'Telephone'],
  ['fax', 'Fax'],
  ['website', 'Website'],
] as const satisfies ReadonlyArray<readonly [keyof EdxmlOrganization, string]>;

const staffInfoTags = [
  ['department', 'Department'],
  ['staff', 'Staff'],
  ['mobile', 'Mobile'],
  ['email', 'Email'],
] as const satisfies ReadonlyArray<readonly [keyof EdxmlStaffInfo, string]>;

/** An element with text; undefined values are left out (optional fields). */
const leaf = (tag: string, value: string | number | undefined): XmlElement[] =>
  value === undefined ? [] : [{ name: P + tag, text: String(value).trim() }];
const group = (tag: string, children: XmlElement[], attributes?: Array<[string, string]>): XmlElement => ({
  name: P + tag,
  children,
  ...(attributes ? { attributes } : {}),
});

const organization = (tag: string, org: EdxmlOrganization) =>
  group(
    tag,
    organizationTags.flatMap(([key, name]) => leaf(name, org[key])),
  );

const responseFor = (r: EdxmlResponseFor) =>
  group('ResponseFor', [
    ...leaf('OrganId', r.organId),
    ...leaf('Code', r.code),
    ...leaf('PromulgationDate', isoToWireDate(r.promulgationDate)),
    ...leaf('DocumentId', r.documentId),
  ]);

const staffInfo = (s: EdxmlStaffInfo | undefined) =>
  s
    ? [
        group(
          'StaffInfo',
          staffInfoTags.flatMap(([key, name]) => leaf(name, s[key])),
        ),
      ]
    : [];

const rootAttributes: Array<[string, string]> = [
  ['xmlns:edXML', EDXML_NAMESPACE],
  ['xmlns:xlink', XLINK_NAMESPACE],
];

/** Builds the edXML text of a document message: deterministic (same input, same bytes), UTF-8. */
export function buildDocumentMessage(message: EdxmlDocumentMessage, options: EdxmlOptions = {}): string {
  const o = { ...defaults, ...options };
  checkDocumentMessage(message, o);
  const m = message;
  const header = group('MessageHeader', [
    organization('From', m.from),
    ...m.to.map((to) => organization('To', to)),
    group('Code', [...leaf('CodeNumber', m.code.codeNumber), ...leaf('CodeNotation', m.code.codeNotation)]),
    group('PromulgationInfo', [
      ...leaf('Place', m.promulgationInfo.place),
      ...leaf('PromulgationDate', isoToWireDate(m.promulgationInfo.promulgationDate)),
    ]),
    group('DocumentType', [
      ...leaf('Type', m.documentType.type),
      ...leaf('TypeName', m.documentType.typeName),
    ]),
    ...leaf('Subject', m.subject),
    ...leaf('Content', m.content),
    group('SignerInfo', [
      ...leaf('Competence', m.signerInfo.competence),
      ...leaf('Position', m.signerInfo.position),
      ...leaf('FullName', m.signerInfo.fullName),
    ]),
    ...leaf('DueDate', m.dueDate && isoToWireDate(m.dueDate)),
    group(
      'ToPlaces',
      m.toPlaces.flatMap((place) => leaf('Place', place)),
    ),
    group('OtherInfo', [
      ...leaf('Priority', m.otherInfo.priority),
      ...leaf('SphereOfPromulgation', m.otherInfo.sphereOfPromulgation),
      ...leaf('TyperNotation', m.otherInfo.typerNotation),
      ...leaf('PromulgationAmount', m.otherInfo.promulgationAmount),
      ...leaf('PageAmount', m.otherInfo.pageAmount),
      group(
        'Appendixes',
        m.otherInfo.appendixes.flatMap((a) => leaf('Appendix', a)),
      ),
    ]),
    ...m.responseFor.map(responseFor),
    ...leaf('SteeringType', m.steeringType),
    ...leaf('DocumentId', m.documentId),
  ]);
  const trace = group('TraceHeaderList', [
    ...m.traceHeaders.map((t) =>
      group('TraceHeader', [
        ...leaf('OrganId', t.organId),
        ...leaf('Timestamp', isoToWireTimestamp(t.timestamp)),
      ]),
    ),
    group('Bussiness', [
      ...leaf('BussinessDocType', m.business.bussinessDocType),
      ...leaf('BussinessDocReason', m.business.bussinessDocReason),
      ...leaf('DocumentId', m.business.documentId),
      ...staffInfo(m.business.staffInfo),
    ]),
  ]);
  const manifest = group(
    'edXMLManifest',
    m.attachments.map((a) =>
      group(
        'Reference',
        [
          ...leaf('Description', a.description),
          ...leaf('AttachmentName', a.attachmentName),
          ...leaf('ContentType', a.contentType),
          ...leaf('ContentId', a.contentId),
          ...(o.manifestIntegrity
            ? [...leaf('Size', a.content.length), ...leaf('DigestSHA256', sha256(a.content))]
            : []),
        ],
        [['xlink:href', `cid:${a.contentId}`]],
      ),
    ),
  );
  const attachments = group(
    'AttachmentEncoded',
    m.attachments.map((a) =>
      group('Attachment', [
        ...leaf('ContentType', a.contentType),
        ...leaf('ContentId', a.contentId),
        ...leaf('Description', a.description),
        ...leaf('AttachmentName', a.attachmentName),
        ...leaf('ContentTransferEncoded', a.content.toString('base64')),
      ]),
    ),
  );
  const xml = serialiseXml({
    name: 'edXML',
    attributes: rootAttributes,
    children: [
      group('edXMLEnvelope', [
        // An empty edXML:Signature is the placeholder the signature is spliced into.
        group('edXMLHeader', [header, trace, ...(o.signer ? [group('Signature', [])] : [])]),
        group('edXMLBody', [manifest]),
      ]),
      attachments,
    ],
  });
  return o.signer ? signEdxml(xml, o.signer) : xml;
}

/** Builds a status message (edXML "Status") sent back by a receiver. */
export function buildStatusMessage(status: EdxmlStatusMessage): string {
  checkStatusMessage(status);
  const s = status;
  return serialiseXml({
    name: 'edXML',
    attributes: rootAttributes,
    children: [
      group('edXMLEnvelope', [
        group('edXMLHeader', [
          group('Status', [
            responseFor(s.responseFor),
            organization('From', s.from),
            ...leaf('StatusCode', s.statusCode),
            ...leaf('Description', s.description),
            ...leaf('Timestamp', isoToWireTimestamp(s.timestamp)),
            ...staffInfo(s.staffInfo),
          ]),
        ]),
      ]),
    ],
  });
}

function checkStatusMessage(s: EdxmlStatusMessage) {
  checkResponseFor(s.responseFor, `${STATUS}/ResponseFor`);
  checkOrganization(s.from, `${STATUS}/From`);
  if (!isStatusCode(s.statusCode)) {
    reject({
      code: 'UNKNOWN_STATUS_CODE',
      path: `${STATUS}/StatusCode`,
      vi: `Mã trạng thái "${s.statusCode}" không có trong danh mục (01–06, 13, 15, 16).`,
      en: `Status code "${s.statusCode}" is not one of 01–06, 13, 15, 16.`,
    });
  }
  checkText(s.description, `${STATUS}/Description`, 2000);
  if (s.statusCode === '02' && !s.description?.trim()) {
    fail(
      'MISSING_FIELD',
      `${STATUS}/Description`,
      'Trạng thái 02 (từ chối tiếp nhận) phải nêu lý do trong Description.',
      'Status 02 (rejected) needs the reason in Description.',
    );
  }
  checkTimestamp(s.timestamp, `${STATUS}/Timestamp`);
  checkStaffInfo(s.staffInfo, `${STATUS}/StaffInfo`);
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

// =============================================================================================
// Parser

/** Walks the parsed tree with the tag path of every node, for precise rejection reasons. */
class Node {
  constructor(
    readonly node: XmlNode,
    readonly path: string,
  ) {
    for (const key of Object.keys(node)) {
      if (key.startsWith('@') || key === '#text' || key.startsWith(P)) continue;
      reject({
        code: 'WRONG_NAMESPACE',
        path: `${path}/${key}`,
        vi: `Phần tử ${key} trong ${path} thiếu tiền tố edXML:.`,
        en: `Element ${key} in ${path} lacks the edXML: prefix.`,
      });
    }
  }

  private values(tag: string): XmlValue[] {
    const value = this.node[P + tag];
    return Array.isArray(value) ? value : [];
  }

  private at(tag: string, index: number, count: number) {
    return `${this.path ? `${this.path}/` : ''}${tag}${count > 1 ? `[${index + 1}]` : ''}`;
  }

  all(tag: string): Node[] {
    const values = this.values(tag);
    return values.map((value, i) => {
      const path = this.at(tag, i, values.length);
      if (typeof value === 'string') {
        if (value !== '') {
          fail('INVALID_VALUE', path, `${path} phải chứa các phần tử con.`, `${path} must contain elements.`);
        }
        return new Node({}, path);
      }
      return new Node(value, path);
    });
  }

  optional(tag: string): Node | undefined {
    const nodes = this.all(tag);
    if (nodes.length > 1) this.duplicate(tag);
    return nodes[0];
  }

  one(tag: string): Node {
    const node = this.optional(tag);
    if (!node) this.missing(tag);
    return node!;
  }

  texts(tag: string): string[] {
    return this.values(tag).map((value, i, list) => {
      if (typeof value === 'string') return value;
      const path = this.at(tag, i, list.length);
      const keys = Object.keys(value).filter((k) => !k.startsWith('@'));
      if (keys.some((k) => k !== '#text')) {
        fail('INVALID_VALUE', path, `${path} phải là văn bản thuần.`, `${path} must be plain text.`);
      }
      return String(value['#text'] ?? '');
    });
  }

  text(tag: string): string | undefined {
    const values = this.texts(tag);
    if (values.length > 1) this.duplicate(tag);
    return values[0] === '' ? undefined : values[0];
  }

  required(tag: string): string {
    const value = this.text(tag);
    if (value === undefined) this.missing(tag);
    return value!;
  }

  integer(tag: string, required: true): number;
  integer(tag: string, required?: false): number | undefined;
  integer(tag: string, required = false): number | undefined {
    const value = required ? this.required(tag) : this.text(tag);
    if (value === undefined) return undefined;
    if (!/^\d{1,9}$/.test(value)) {
      const path = this.at(tag, 0, 1);
      fail(
        'INVALID_VALUE',
        path,
        `${path} phải là số nguyên, nhận "${value}".`,
        `${path} must be an integer, got "${value}".`,
      );
    }
    return Number(value);
  }

  date(tag: string): string | undefined {
    const value = this.text(tag);
    return value === undefined ? undefined : wireDateToIso(value, this.at(tag, 0, 1));
  }

  timestamp(tag: string): string {
    return wireTimestampToIso(this.required(tag), this.at(tag, 0, 1));
  }

  private missing(tag: string): never {
    const path = this.at(tag, 0, 1);
    return fail(
      'MISSING_FIELD',
      path,
      `Thiếu trường bắt buộc ${path}.`,
      `Required field ${path} is missing.`,
    );
  }

  private duplicate(tag: string): never {
    const path = this.at(tag, 0, 1);
    return reject({
      code: 'DUPLICATE_FIELD',
      path,
      vi: `Trường ${path} chỉ được xuất hiện một lần.`,
      en: `${path} may appear only once.`,
    });
  }
}

function readOrganization(node: Node): EdxmlOrganization {
  const org: EdxmlOrganization = { organId: node.required('OrganId'), organName: node.required('OrganName') };
  for (const [key, tag] of organizationTags) {
    const value = node.text(tag);
    if (value !== undefined) org[key] = value;
  }
  return org;
}

function readResponseFor(node: Node): EdxmlResponseFor {
  return {
    organId: node.required('OrganId'),
    code: node.required('Code'),
    promulgationDate: wireDateToIso(node.required('PromulgationDate'), `${node.path}/PromulgationDate`),
    documentId: node.required('DocumentId'),
  };
}

function readStaffInfo(node: Node | undefined): EdxmlStaffInfo | undefined {
  if (!node) return undefined;
  const info: EdxmlStaffInfo = {};
  for (const [key, tag] of staffInfoTags) {
    const value = node.text(tag);
    if (value !== undefined) info[key] = value;
  }
  return info;
}

const compact = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

function readEnvelope(tree: ReturnType<typeof parseXmlTree>) {
  const roots = Object.keys(tree).filter((k) => !k.startsWith('?'));
  const rootValue = tree.edXML;
  if (roots.length !== 1 || !Array.isArray(rootValue) || typeof rootValue[0] !== 'object') {
    reject({
      code: 'WRONG_ROOT',
      vi: `Phần tử gốc phải là edXML, nhận ${roots.join(', ') || '(không có)'}.`,
      en: `The root element must be edXML, got ${roots.join(', ') || '(none)'}.`,
    });
  }
  const rootNode = (rootValue as XmlNode[])[0]!;
  if (rootNode['@xmlns:edXML'] !== EDXML_NAMESPACE) {
    reject({
      code: 'WRONG_NAMESPACE',
      path: 'edXML',
      vi: `Tiền tố edXML: phải gắn với không gian tên ${EDXML_NAMESPACE}.`,
      en: `The edXML: prefix must be bound to ${EDXML_NAMESPACE}.`,
    });
  }
  const root = new Node(rootNode, '');
  const envelope = root.one('edXMLEnvelope');
  const header = envelope.one('edXMLHeader');
  return { root, envelope, header };
}

export type ParsedEdxml =
  | { kind: 'document'; message: EdxmlDocumentMessage }
  | { kind: 'status'; status: EdxmlStatusMessage };

/**
 * Parses and validates an edXML message (document or status). Throws {@link EdxmlRejection} with
 * a precise reason (code, tag path, Vietnamese and English text) for anything it does not accept.
 */
export function parseEdxml(input: Buffer | string, options: EdxmlOptions = {}): ParsedEdxml {
  const o = { ...defaults, ...options };
  const text = decodeMessage(input, { maxBytes: o.maxBytes });
  const tree = parseXmlTree(text); // well-formed, no DTD
  // Before any element is read: a message whose signature fails is refused for that reason.
  const signature = verifyEdxmlSignature(text);
  const { root, envelope, header } = readEnvelope(tree);
  const status = header.optional('Status');
  if (status) return { kind: 'status', status: compact({ ...readStatus(status), signature }) };
  return { kind: 'document', message: compact({ ...readDocument(root, envelope, header, o), signature }) };
}

export function parseDocumentMessage(
  input: Buffer | string,
  options: EdxmlOptions = {},
): EdxmlDocumentMessage {
  const parsed = parseEdxml(input, options);
  if (parsed.kind !== 'document') {
    reject({
      code: 'MISSING_FIELD',
      path: MH,
      vi: 'Đây là thông điệp trạng thái, không phải văn bản.',
      en: 'This is a status message, not a document.',
    });
  }
  return (parsed as { message: EdxmlDocumentMessage }).message;
}

function readStatus(node: Node): EdxmlStatusMessage {
  const code = node.required('StatusCode');
  if (!isStatusCode(code)) {
    reject({
      code: 'UNKNOWN_STATUS_CODE',
      path: `${node.path}/StatusCode`,
      vi: `Mã trạng thái "${code}" không có trong danh mục (${statusCodeList.join(', ')}).`,
      en: `Status code "${code}" is not one of ${statusCodeList.join(', ')}.`,
    });
  }
  const status = compact<EdxmlStatusMessage>({
    responseFor: readResponseFor(node.one('ResponseFor')),
    from: readOrganization(node.one('From')),
    statusCode: code as EdxmlStatusMessage['statusCode'],
    description: node.text('Description'),
    timestamp: node.timestamp('Timestamp'),
    staffInfo: readStaffInfo(node.optional('StaffInfo')),
  });
  checkStatusMessage(status);
  return status;
}

function readDocument(root: Node, envelope: Node, header: Node, o: typeof defaults): EdxmlDocumentMessage {
  const mh = header.one('MessageHeader');
  const code = mh.one('Code');
  const promulgation = mh.one('PromulgationInfo');
  const type = mh.one('DocumentType');
  const signer = mh.one('SignerInfo');
  const other = mh.one('OtherInfo');
  const trace = header.one('TraceHeaderList');
  const business = trace.one('Bussiness');
  const docType = business.integer('BussinessDocType', true);

  const message: EdxmlDocumentMessage = compact({
    from: readOrganization(mh.one('From')),
    to: mh.all('To').map(readOrganization),
    code: { codeNumber: code.required('CodeNumber'), codeNotation: code.required('CodeNotation') },
    promulgationInfo: {
      place: promulgation.required('Place'),
      promulgationDate: promulgation.date('PromulgationDate')!,
    },
    documentType: { type: type.integer('Type', true), typeName: type.required('TypeName') },
    subject: mh.required('Subject'),
    content: mh.text('Content'),
    signerInfo: compact({
      competence: signer.text('Competence'),
      position: signer.text('Position'),
      fullName: signer.required('FullName'),
    }),
    dueDate: mh.date('DueDate'),
    toPlaces: mh.optional('ToPlaces')?.texts('Place') ?? [],
    otherInfo: compact({
      priority: other.integer('Priority', true),
      sphereOfPromulgation: other.text('SphereOfPromulgation'),
      typerNotation: other.text('TyperNotation'),
      promulgationAmount: other.integer('PromulgationAmount'),
      pageAmount: other.integer('PageAmount'),
      appendixes: other.optional('Appendixes')?.texts('Appendix') ?? [],
    }),
    responseFor: mh.all('ResponseFor').map(readResponseFor),
    steeringType: mh.integer('SteeringType'),
    documentId: mh.required('DocumentId'),
    traceHeaders: trace.all('TraceHeader').map((t) => ({
      organId: t.required('OrganId'),
      timestamp: t.timestamp('Timestamp'),
    })),
    business: compact({
      bussinessDocType: docType as BusinessDocType,
      bussinessDocReason: business.text('BussinessDocReason'),
      documentId: business.text('DocumentId'),
      staffInfo: readStaffInfo(business.optional('StaffInfo')),
    }),
    attachments: readAttachments(root, envelope, o),
  });
  if (message.promulgationInfo.promulgationDate === undefined) {
    fail(
      'MISSING_FIELD',
      `${MH}/PromulgationInfo/PromulgationDate`,
      `Thiếu trường bắt buộc ${MH}/PromulgationInfo/PromulgationDate.`,
      `Required field ${MH}/PromulgationInfo/PromulgationDate is missing.`,
    );
  }
  checkDocumentMessage(message, o);
  return message;
}

function mismatch(path: string, vi: string, en: string): never {
  return reject({ code: 'ATTACHMENT_MISMATCH', path, vi, en });
}

function readAttachments(root: Node, envelope: Node, o: typeof defaults): EdxmlAttachment[] {
  const references = envelope.optional('edXMLBody')?.optional('edXMLManifest')?.all('Reference') ?? [];
  const encoded = root.optional('AttachmentEncoded')?.all('Attachment') ?? [];
  if (encoded.length > o.maxAttachments) {
    reject({
      code: 'TOO_LARGE',
      path: 'AttachmentEncoded',
      vi: `Thông điệp có ${encoded.length} tệp đính kèm, vượt giới hạn ${o.maxAttachments}.`,
      en: `The message has ${encoded.length} attachments; the limit is ${o.maxAttachments}.`,
    });
  }
  const byId = new Map(references.map((r) => [r.required('ContentId'), r]));
  if (byId.size !== references.length) {
    mismatch(
      'edXMLEnvelope/edXMLBody/edXMLManifest',
      'Danh mục đính kèm có ContentId trùng.',
      'The manifest repeats a ContentId.',
    );
  }
  const attachments = encoded.map((node): EdxmlAttachment => {
    const contentId = node.required('ContentId');
    const reference = byId.get(contentId);
    if (!reference) {
      mismatch(
        `${node.path}/ContentId`,
        `Tệp đính kèm "${contentId}" không có trong danh mục edXMLManifest.`,
        `Attachment "${contentId}" is not listed in the edXMLManifest.`,
      );
    }
    byId.delete(contentId);
    const href = reference!.node['@xlink:href'];
    if (href !== undefined && href !== `cid:${contentId}`) {
      mismatch(
        `${reference!.path}/@xlink:href`,
        `Tham chiếu ${String(href)} không khớp ContentId "${contentId}".`,
        `Reference ${String(href)} does not match ContentId "${contentId}".`,
      );
    }
    const encodedText = node.required('ContentTransferEncoded').replace(/\s+/g, '');
    const approxBytes = Math.floor((encodedText.length * 3) / 4);
    if (approxBytes > o.maxAttachmentBytes) {
      reject({
        code: 'TOO_LARGE',
        path: node.path,
        vi: `Tệp đính kèm "${contentId}" vượt giới hạn ${o.maxAttachmentBytes} byte.`,
        en: `Attachment "${contentId}" exceeds ${o.maxAttachmentBytes} bytes.`,
      });
    }
    const content = Buffer.from(encodedText, 'base64');
    if (content.toString('base64') !== encodedText) {
      mismatch(
        `${node.path}/ContentTransferEncoded`,
        `Nội dung tệp đính kèm "${contentId}" không phải base64 hợp lệ.`,
        `The content of attachment "${contentId}" is not valid base64.`,
      );
    }
    const attachment = compact<EdxmlAttachment>({
      contentId,
      contentType: node.required('ContentType'),
      description: node.text('Description'),
      attachmentName: node.required('AttachmentName'),
      content,
    });
    for (const [field, tag] of [
      ['contentType', 'ContentType'],
      ['attachmentName', 'AttachmentName'],
    ] as const) {
      const listed = reference!.text(tag);
      if (listed !== undefined && listed !== attachment[field]) {
        mismatch(
          `${reference!.path}/${tag}`,
          `${tag} trong danh mục ("${listed}") khác tệp đính kèm ("${attachment[field]}").`,
          `${tag} in the manifest ("${listed}") differs from the attachment ("${attachment[field]}").`,
        );
      }
    }
    const size = reference!.integer('Size');
    if (size !== undefined && size !== content.length) {
      mismatch(
        `${reference!.path}/Size`,
        `Kích thước tệp "${contentId}" là ${content.length} byte, danh mục ghi ${size} byte.`,
        `Attachment "${contentId}" has ${content.length} bytes; the manifest says ${size}.`,
      );
    }
    const digest = reference!.text('DigestSHA256');
    if (digest !== undefined && digest.toLowerCase() !== sha256(content)) {
      mismatch(
        `${reference!.path}/DigestSHA256`,
        `Mã băm SHA-256 của tệp "${contentId}" không khớp danh mục: tệp đã bị thay đổi hoặc hỏng.`,
        `The SHA-256 digest of attachment "${contentId}" does not match the manifest: altered or corrupt.`,
      );
    }
    return attachment;
  });
  const [missing] = byId.keys();
  if (missing !== undefined) {
    mismatch(
      'AttachmentEncoded',
      `Danh mục liệt kê tệp "${missing}" nhưng thông điệp không chứa tệp đó.`,
      `The manifest lists "${missing}" but the message does not carry it.`,
    );
  }
  return attachments;
}
