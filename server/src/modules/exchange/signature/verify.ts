import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { EDXML_NAMESPACE } from '../edxml-model.ts';
import { type RejectionReason, reject } from '../xml.ts';
import {
  acceptedCanonicalizations,
  acceptedDigests,
  acceptedSignatureMethods,
  acceptedTransforms,
  DSIG_NAMESPACE,
  ECDSA_SHA256,
  EcdsaSha256,
  ENVELOPED,
} from './algorithms.ts';

const PLACE = 'edXMLEnvelope/edXMLHeader/Signature';

/** A received signature that verified: who signed (as the certificate says) and how. */
export interface EdxmlSignatureInfo {
  /** The signature value and every digest match: the message is as the key holder signed it. */
  status: 'valid';
  /** The signer's certificate subject, e.g. `C=VN, CN=Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng`. */
  subject: string;
  issuer: string;
  serialNumber: string;
  validFrom: string;
  validTo: string;
  /** SHA-256 fingerprint of the certificate (hex, colon-separated). */
  fingerprint256: string;
  signatureMethod: string;
  /** Whether the certificate chains to a trusted CA and is not revoked: not checked yet. */
  trust: 'not_checked';
}

export const TRUST_NOT_CHECKED = {
  vi: 'Độ tin cậy của chứng thư số: chưa kiểm tra — chuỗi chứng thư và tình trạng thu hồi sẽ được kiểm tra cùng chức năng chữ ký số.',
  en: 'Certificate trust: not checked — chain and revocation come with the signatures issue.',
} as const;

type Code = Extract<RejectionReason['code'], `SIGNATURE_${string}`>;
const refuse = (code: Code, vi: string, en: string): never =>
  reject({ code, path: PLACE, vi: `Chữ ký số không hợp lệ: ${vi}`, en: `Invalid signature: ${en}` });

type El = Element;
const elements = (node: Node): El[] =>
  Array.from(node.childNodes as unknown as ArrayLike<Node>).filter((n): n is El => n.nodeType === 1);
const dsChildren = (node: Node, localName: string) =>
  elements(node).filter((e) => e.namespaceURI === DSIG_NAMESPACE && e.localName === localName);

function one(parent: Node, localName: string, where: string): El {
  const found = dsChildren(parent, localName);
  if (found.length !== 1) {
    refuse(
      'SIGNATURE_MALFORMED',
      `cần đúng một phần tử ${localName} trong ${where}, có ${found.length}.`,
      `exactly one ${localName} is needed in ${where}, found ${found.length}.`,
    );
  }
  return found[0]!;
}

function checkAlgorithm(element: El, accepted: readonly string[], what: { vi: string; en: string }) {
  const algorithm = element.getAttribute('Algorithm') ?? '';
  if (!accepted.includes(algorithm)) {
    refuse(
      'SIGNATURE_ALGORITHM',
      `${what.vi} "${algorithm}" không được chấp nhận (chấp nhận: ${accepted.join(', ')}).`,
      `${what.en} "${algorithm}" is not accepted (accepted: ${accepted.join(', ')}).`,
    );
  }
  return algorithm;
}

/** Every ds:Signature in the document, wherever it is. */
function allSignatures(doc: Document): El[] {
  return Array.from(doc.getElementsByTagNameNS(DSIG_NAMESPACE, 'Signature') as unknown as ArrayLike<El>);
}

function hasCommentOrInstruction(node: Node): boolean {
  for (const child of Array.from(node.childNodes as unknown as ArrayLike<Node>)) {
    if (child.nodeType === 8 || child.nodeType === 7) return true;
    if (child.nodeType === 1 && hasCommentOrInstruction(child)) return true;
  }
  return false;
}

/**
 * Verifies the XML-DSig signature of an edXML message, if it carries one. The message must
 * already be well-formed UTF-8 without a DTD (the parser checks that first). Returns undefined for
 * an unsigned message; the signer and algorithm for a valid one; otherwise throws a rejection
 * naming the check that failed.
 *
 * Accepted: one ds:Signature, the only child of edXML:edXMLHeader/edXML:Signature, with one
 * Reference URI="" (the whole message, so no other element can be substituted for the one signed:
 * no signature wrapping), transforms enveloped-signature and C14N 1.0 or exclusive C14N, SHA-256
 * or SHA-512 digests, RSA-SHA256/512 or ECDSA-SHA256, the signer's certificate in KeyInfo/X509Data.
 */
export function verifyEdxmlSignature(xml: string): EdxmlSignatureInfo | undefined {
  // No element of any namespace can be called Signature without these letters in its tag (names
  // cannot be written with character references): an unsigned message skips the DOM parse.
  if (!xml.includes('Signature')) return undefined;
  const doc = readDom(xml);
  const root = doc.documentElement!;
  const envelope = elements(root).find(
    (e) => e.namespaceURI === EDXML_NAMESPACE && e.localName === 'edXMLEnvelope',
  );
  const header =
    envelope &&
    elements(envelope).find((e) => e.namespaceURI === EDXML_NAMESPACE && e.localName === 'edXMLHeader');
  const places = header
    ? elements(header).filter((e) => e.namespaceURI === EDXML_NAMESPACE && e.localName === 'Signature')
    : [];
  const signatures = allSignatures(doc);
  if (signatures.length === 0 && places.length === 0) return undefined;

  if (places.length > 1) {
    refuse(
      'SIGNATURE_MISPLACED',
      'edXML:Signature xuất hiện nhiều lần.',
      'edXML:Signature appears more than once.',
    );
  }
  if (signatures.length !== 1) {
    refuse(
      signatures.length === 0 ? 'SIGNATURE_MALFORMED' : 'SIGNATURE_MISPLACED',
      signatures.length === 0
        ? 'edXML:Signature không chứa chữ ký XML-DSig (ds:Signature).'
        : `thông điệp chứa ${signatures.length} chữ ký ds:Signature; chỉ chấp nhận một, đặt trong edXML:Signature.`,
      signatures.length === 0
        ? 'edXML:Signature holds no XML-DSig signature (ds:Signature).'
        : `the message carries ${signatures.length} ds:Signature elements; exactly one is accepted, inside edXML:Signature.`,
    );
  }
  const signature = signatures[0]!;
  const place = places[0];
  if (!place || signature.parentNode !== place || elements(place).length !== 1) {
    refuse(
      'SIGNATURE_MISPLACED',
      'chữ ký ds:Signature phải là phần tử duy nhất trong edXMLEnvelope/edXMLHeader/edXML:Signature; chữ ký đã bị di chuyển.',
      'ds:Signature must be the only element inside edXMLEnvelope/edXMLHeader/edXML:Signature; the signature was moved.',
    );
  }
  if (hasCommentOrInstruction(root)) {
    refuse(
      'SIGNATURE_MALFORMED',
      'thông điệp có chữ ký không được chứa chú thích (comment) hay chỉ thị xử lý: chúng không được ký.',
      'a signed message may not contain comments or processing instructions: they are not signed.',
    );
  }

  const signedInfo = one(signature, 'SignedInfo', 'ds:Signature');
  checkAlgorithm(one(signedInfo, 'CanonicalizationMethod', 'SignedInfo'), acceptedCanonicalizations, {
    vi: 'Thuật toán chuẩn hóa',
    en: 'Canonicalization',
  });
  const signatureMethod = checkAlgorithm(
    one(signedInfo, 'SignatureMethod', 'SignedInfo'),
    acceptedSignatureMethods,
    {
      vi: 'Thuật toán ký',
      en: 'Signature method',
    },
  );
  const references = dsChildren(signedInfo, 'Reference');
  if (references.length !== 1 || references[0]!.getAttribute('URI') !== '') {
    refuse(
      'SIGNATURE_REFERENCE',
      `chữ ký phải tham chiếu toàn bộ thông điệp (một Reference URI=""), có ${references.length} tham chiếu${references[0] ? ` tới "${references[0].getAttribute('URI') ?? '(không có URI)'}"` : ''}; phần được ký không phải thông điệp đang được đọc.`,
      `the signature must reference the whole message (one Reference URI=""), found ${references.length}${references[0] ? ` referencing "${references[0].getAttribute('URI') ?? '(no URI)'}"` : ''}; what was signed is not the message being read.`,
    );
  }
  const reference = references[0]!;
  const transforms = dsChildren(reference, 'Transforms')[0];
  const transformList = transforms ? dsChildren(transforms, 'Transform') : [];
  for (const t of transformList) {
    checkAlgorithm(t, acceptedTransforms, { vi: 'Phép biến đổi', en: 'Transform' });
  }
  if (!transformList.some((t) => t.getAttribute('Algorithm') === ENVELOPED)) {
    refuse(
      'SIGNATURE_REFERENCE',
      'tham chiếu thiếu phép biến đổi enveloped-signature.',
      'the reference lacks the enveloped-signature transform.',
    );
  }
  checkAlgorithm(one(reference, 'DigestMethod', 'Reference'), acceptedDigests, {
    vi: 'Thuật toán băm',
    en: 'Digest method',
  });

  const certificate = signerCertificate(signature);
  const sig = new SignedXml({ publicCert: certificate.toString(), getCertFromKeyInfo: () => null });
  sig.SignatureAlgorithms[ECDSA_SHA256 as never] = EcdsaSha256 as never;
  sig.loadSignature(signature);
  let referencesMatch: boolean;
  try {
    referencesMatch = sig.checkSignature(xml);
  } catch {
    refuse(
      'SIGNATURE_VALUE_MISMATCH',
      'giá trị chữ ký (SignatureValue) không khớp khóa công khai trong chứng thư số: SignedInfo đã bị sửa hoặc chữ ký không do khóa này tạo ra.',
      'the SignatureValue does not match the public key of the certificate: SignedInfo was altered or another key signed it.',
    );
  }
  if (!referencesMatch!) {
    refuse(
      'SIGNATURE_DIGEST_MISMATCH',
      'giá trị băm (DigestValue) không khớp nội dung: thông điệp (nội dung hoặc tệp đính kèm) đã bị thay đổi sau khi ký.',
      'the DigestValue does not match the content: the message (its content or an attachment) was changed after signing.',
    );
  }
  return {
    status: 'valid',
    subject: readableName(certificate.subject),
    issuer: readableName(certificate.issuer),
    serialNumber: certificate.serialNumber,
    validFrom: new Date(certificate.validFrom).toISOString(),
    validTo: new Date(certificate.validTo).toISOString(),
    fingerprint256: certificate.fingerprint256,
    signatureMethod,
    trust: 'not_checked',
  };
}

/**
 * The message as a DOM (xmldom, as xml-crypto reads it). The parser has already refused what is
 * not well-formed; what xmldom alone objects to (an unbound prefix …) is refused here, not a 500.
 */
function readDom(xml: string): Document {
  const stop = (message: string) => {
    throw new Error(message);
  };
  try {
    const doc = new DOMParser({ errorHandler: { error: stop, fatalError: stop } }).parseFromString(
      xml,
      'text/xml',
    );
    if (!doc.documentElement) throw new Error('no root element');
    return doc as unknown as Document;
  } catch (error) {
    return refuse(
      'SIGNATURE_MALFORMED',
      `không đọc được thông điệp để kiểm tra chữ ký (${(error as Error).message.slice(0, 200)}).`,
      `the message cannot be read to check its signature (${(error as Error).message.slice(0, 200)}).`,
    );
  }
}

/** Node prints a name one attribute a line; one line reads better in a list. */
const readableName = (name: string) => name.split('\n').join(', ');

function signerCertificate(signature: El): X509Certificate {
  const keyInfo = dsChildren(signature, 'KeyInfo')[0];
  const data = keyInfo ? dsChildren(keyInfo, 'X509Data') : [];
  const certificates = data.flatMap((d) => dsChildren(d, 'X509Certificate'));
  if (certificates.length === 0) {
    refuse(
      'SIGNATURE_CERTIFICATE',
      'thiếu chứng thư số của người ký (KeyInfo/X509Data/X509Certificate).',
      "the signer's certificate is missing (KeyInfo/X509Data/X509Certificate).",
    );
  }
  // The first certificate is the signer's; others (a chain) are for the trust check, not done yet.
  const text = (certificates[0]!.textContent ?? '').replace(/\s+/g, '');
  try {
    return new X509Certificate(Buffer.from(text, 'base64'));
  } catch {
    return refuse(
      'SIGNATURE_CERTIFICATE',
      'không đọc được chứng thư số X.509 trong KeyInfo.',
      'the X.509 certificate in KeyInfo cannot be read.',
    );
  }
}
