import type { EdxmlSignatureInfo } from './signature/verify.ts';

/**
 * The edXML message model (QCVN 102:2016/BTTTT), field for field. Property names are the edXML /
 * Decree 30 Appendix VI tag names in camelCase (`OrganId` → `organId`), so the mapping to XML and to
 * the documents module's metadata is one-to-one. See README.md in this folder for the assumptions.
 *
 * Dates in the model are ISO (`2026-11-22`); timestamps are local Vietnam time without offset
 * (`2026-11-22T08:30:00`). On the wire they are `yyyy/MM/dd` and `yyyy/MM/dd HH:mm:ss`.
 */

export const EDXML_NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

/** An agency (cơ quan) with its electronic identifier (mã định danh, e.g. `000.00.00.G22`). */
export interface EdxmlOrganization {
  organId: string;
  organizationInCharge?: string;
  organName: string;
  organAdd?: string;
  email?: string;
  telephone?: string;
  fax?: string;
  website?: string;
}

/** Số and ký hiệu: `15` / `QĐ-UBND`. */
export interface EdxmlCode {
  codeNumber: string;
  codeNotation: string;
}

/** The earlier document a message replies to (or a status message is about). */
export interface EdxmlResponseFor {
  organId: string;
  /** "số/ký hiệu" of the earlier document, e.g. `15/QĐ-UBND`. */
  code: string;
  promulgationDate: string;
  documentId: string;
}

export interface EdxmlTraceHeader {
  organId: string;
  timestamp: string;
}

export interface EdxmlStaffInfo {
  department?: string;
  staff?: string;
  mobile?: string;
  email?: string;
}

/** BussinessDocType: 0 new, 1 recall (thu hồi), 2 update, 3 replace. */
export const businessDocTypes = { 0: 'new', 1: 'recall', 2: 'update', 3: 'replace' } as const;
export type BusinessDocType = keyof typeof businessDocTypes;

export interface EdxmlBusiness {
  bussinessDocType: BusinessDocType;
  bussinessDocReason?: string;
  /** The document the recall / update / replacement is about. */
  documentId?: string;
  staffInfo?: EdxmlStaffInfo;
}

export interface EdxmlAttachment {
  contentId: string;
  contentType: string;
  description?: string;
  attachmentName: string;
  content: Buffer;
}

export interface EdxmlDocumentMessage {
  from: EdxmlOrganization;
  to: EdxmlOrganization[];
  code: EdxmlCode;
  promulgationInfo: { place: string; promulgationDate: string };
  documentType: { type: number; typeName: string };
  subject: string;
  content?: string;
  signerInfo: { competence?: string; position?: string; fullName: string };
  dueDate?: string;
  toPlaces: string[];
  otherInfo: {
    priority: number;
    sphereOfPromulgation?: string;
    typerNotation?: string;
    promulgationAmount?: number;
    pageAmount?: number;
    appendixes: string[];
  };
  responseFor: EdxmlResponseFor[];
  steeringType?: number;
  /** `<senderOrganId>,<yyyy/MM/dd>,<number>/<notation>` — see {@link formatDocumentId}. */
  documentId: string;
  traceHeaders: EdxmlTraceHeader[];
  business: EdxmlBusiness;
  attachments: EdxmlAttachment[];
  /** Set by the parser when the message carries a signature that verified (a bad one is refused). */
  signature?: EdxmlSignatureInfo;
}

/** Status codes sent back by a receiver (exchange-edxml.md). */
export const statusCodes = {
  '01': { name: 'arrived', vi: 'Đã đến', en: 'Arrived' },
  '02': { name: 'rejected', vi: 'Từ chối tiếp nhận', en: 'Rejected / returned' },
  '03': { name: 'accepted', vi: 'Đã tiếp nhận', en: 'Accepted' },
  '04': { name: 'assigned', vi: 'Phân công', en: 'Assigned' },
  '05': { name: 'processing', vi: 'Đang xử lý', en: 'Processing' },
  '06': { name: 'finished', vi: 'Hoàn thành', en: 'Finished' },
  '13': { name: 'recall_requested', vi: 'Đề nghị lấy lại', en: 'Sender asks to recall' },
  '15': { name: 'recall_accepted', vi: 'Đồng ý lấy lại', en: 'Recall accepted' },
  '16': { name: 'recall_refused', vi: 'Từ chối lấy lại', en: 'Recall refused' },
} as const;
export type StatusCode = keyof typeof statusCodes;
/** In numeric order (an object's integer-like keys would not keep it). */
export const statusCodeList: readonly StatusCode[] = ['01', '02', '03', '04', '05', '06', '13', '15', '16'];
export type StatusName = (typeof statusCodes)[StatusCode]['name'];

export const isStatusCode = (value: string): value is StatusCode => Object.hasOwn(statusCodes, value);

export function statusCodeOf(name: StatusName): StatusCode {
  const entry = Object.entries(statusCodes).find(([, v]) => v.name === name);
  return entry![0] as StatusCode;
}

export interface EdxmlStatusMessage {
  responseFor: EdxmlResponseFor;
  from: EdxmlOrganization;
  statusCode: StatusCode;
  /** Required for 02 (the reason for returning the document). */
  description?: string;
  timestamp: string;
  staffInfo?: EdxmlStaffInfo;
  /** Set by the parser when the message carries a signature that verified. */
  signature?: EdxmlSignatureInfo;
}

/**
 * DocumentType.Type, Priority and SteeringType integer codes are not confirmed (samples disagree):
 * the parser accepts only the codes listed here, and callers may pass their own tables.
 */
export interface EdxmlCodeTables {
  documentTypes: Record<number, string>;
  priorities: Record<number, string>;
  steeringTypes: Record<number, string>;
}

export const defaultCodeTables: EdxmlCodeTables = {
  // The integer is the sender's catalogue entry; TypeName carries the meaning. Accept 1–99.
  documentTypes: Object.fromEntries(Array.from({ length: 99 }, (_, i) => [i + 1, `Loại ${i + 1}`])),
  priorities: { 0: 'Thường', 1: 'Khẩn', 2: 'Thượng khẩn', 3: 'Hỏa tốc', 4: 'Hỏa tốc hẹn giờ' },
  steeringTypes: { 0: 'Không', 1: 'Chỉ đạo', 2: 'Để biết', 3: 'Để xử lý' },
};

/** Mã định danh điện tử of an agency: three digits, two, two, a letter and two digits (13 characters). */
export const ORGAN_ID_PATTERN = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;

/** `<senderOrganId>,<yyyy/MM/dd>,<number>/<notation>`. */
export function formatDocumentId(organId: string, promulgationDate: string, code: EdxmlCode): string {
  return `${organId},${promulgationDate.replaceAll('-', '/')},${code.codeNumber}/${code.codeNotation}`;
}
