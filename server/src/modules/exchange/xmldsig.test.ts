import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocumentMessage, parseDocumentMessage, parseEdxml } from './edxml.ts';
import type { EdxmlDocumentMessage } from './edxml-model.ts';
import { createEdxmlSigner, type EdxmlSigner, edxmlSignerFromFiles } from './signature/index.ts';
import { createTestPki, LEAF_SUBJECT, type TestPki, xmlsecSign, xmlsecVerify } from './test-support/pki.ts';
import { sampleDocument } from './test-support/samples.ts';
import { EdxmlRejection, type RejectionReason } from './xml.ts';

// Keys and certificates come from the real openssl CLI; xmlsec1 is the independent verifier.
let pki: TestPki;
let rsa: EdxmlSigner;
beforeAll(() => {
  pki = createTestPki();
  rsa = createEdxmlSigner(pki.rsa.key, pki.rsa.cert);
});
afterAll(() => pki.close());

function rejectionOf(run: () => unknown): RejectionReason {
  try {
    run();
  } catch (error) {
    if (error instanceof EdxmlRejection) return error.reason;
    throw error;
  }
  throw new Error('expected a rejection');
}

const PLACE = 'edXMLEnvelope/edXMLHeader/Signature';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const EXC = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const signed = (message: EdxmlDocumentMessage = sampleDocument(), signer = rsa) =>
  buildDocumentMessage(message, { signer });

/** An xmlsec1 signing template placed where edXML puts the signature. */
function template(
  xml: string,
  {
    method = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    digest = 'http://www.w3.org/2001/04/xmlenc#sha256',
    uri = '',
    transforms = [`${DSIG}enveloped-signature`, EXC],
    object = '',
  } = {},
) {
  const signature =
    `<ds:Signature xmlns:ds="${DSIG}"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${EXC}"/>` +
    `<ds:SignatureMethod Algorithm="${method}"/><ds:Reference URI="${uri}"><ds:Transforms>` +
    transforms.map((t) => `<ds:Transform Algorithm="${t}"/>`).join('') +
    `</ds:Transforms><ds:DigestMethod Algorithm="${digest}"/><ds:DigestValue/></ds:Reference>` +
    `</ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo>${object}</ds:Signature>`;
  return xml.replace(
    '</edXML:TraceHeaderList>\n',
    `</edXML:TraceHeaderList>\n      <edXML:Signature>${signature}</edXML:Signature>\n`,
  );
}

describe('signing our edXML envelopes', () => {
  it('xmlsec1 verifies our RSA-SHA256 signature against the CA, and a flipped byte fails it', () => {
    // CR LF in the text (written as &#13;) and characters XML escapes survive signing.
    const xml = signed(sampleDocument({ content: 'Dòng 1\r\nDòng 2: "trích" & <ghi chú>' }));
    expect(xml).toContain('Dòng 1&#13;\nDòng 2');
    const verified = xmlsecVerify(pki, xml);
    expect(verified.output).toContain('OK');
    expect(verified.ok).toBe(true);
    // Negative control: one changed character of the subject and xmlsec1 refuses.
    const tampered = xml.replace('Ngày hội Đại đoàn kết', 'Ngày hội Đại đoàn kêt');
    expect(tampered).not.toBe(xml);
    expect(xmlsecVerify(pki, tampered).ok).toBe(false);
  });

  it('places one ds:Signature in edXMLHeader/edXML:Signature with the stated algorithms and the certificate', () => {
    const xml = signed();
    expect(xml.match(/<ds:Signature /g)).toHaveLength(1);
    expect(xml).toMatch(/<\/edXML:TraceHeaderList>\n {6}<edXML:Signature><ds:Signature /);
    expect(xml).toContain('<ds:Reference URI="">');
    expect(xml).toContain('Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"');
    expect(xml).toContain('Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"');
    expect(xml).toContain('Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"');
    const certificate = pki.rsa.cert.replace(/-----[A-Z ]+-----|\s/g, '');
    expect(xml).toContain(`<ds:X509Certificate>${certificate}</ds:X509Certificate>`);
    // The message itself is unchanged: it reads back to the same document.
    expect(parseDocumentMessage(xml)).toMatchObject({ ...sampleDocument(), signature: { status: 'valid' } });
  });

  it('signs with an EC key as ECDSA-SHA256, which xmlsec1 and our verifier accept', () => {
    const xml = signed(sampleDocument(), createEdxmlSigner(pki.ec.key, pki.ec.cert));
    expect(xml).toContain('Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"');
    expect(xmlsecVerify(pki, xml).ok).toBe(true);
    expect(parseDocumentMessage(xml).signature).toMatchObject({
      status: 'valid',
      subject: `C=VN, CN=${LEAF_SUBJECT}`,
    });
  });

  it('refuses a key and a certificate that do not belong together, and half a configuration', () => {
    expect(() => createEdxmlSigner(pki.rsa.key, pki.other.cert)).toThrow(/does not hold the public key/);
    expect(() => edxmlSignerFromFiles({ EDXML_SIGNING_KEY_FILE: pki.rsa.keyFile })).toThrow(/both/);
    expect(edxmlSignerFromFiles({})).toBeUndefined();
    expect(
      edxmlSignerFromFiles({
        EDXML_SIGNING_KEY_FILE: pki.rsa.keyFile,
        EDXML_SIGNING_CERT_FILE: pki.rsa.certFile,
      }),
    ).toBeDefined();
  });
});

describe('verifying received signatures', () => {
  it('reads the signer of a valid signature with the Vietnamese name intact; trust is not checked', () => {
    const message = parseDocumentMessage(signed());
    expect(message.signature).toMatchObject({
      status: 'valid',
      subject: `C=VN, CN=${LEAF_SUBJECT}`,
      issuer: 'C=VN, O=Ban Cơ yếu Chính phủ (thử nghiệm), CN=CA chuyên dùng thử nghiệm',
      signatureMethod: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      trust: 'not_checked',
    });
    expect(message.signature!.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('accepts a message signed by xmlsec1 (exclusive C14N, certificate filled in by xmlsec1)', () => {
    const xml = xmlsecSign(pki, template(buildDocumentMessage(sampleDocument())));
    expect(xml).toContain('<ds:X509Certificate>');
    expect(parseDocumentMessage(xml).signature).toMatchObject({
      status: 'valid',
      subject: `C=VN, CN=${LEAF_SUBJECT}`,
    });
  });

  it('leaves an unsigned message unsigned', () => {
    expect(parseDocumentMessage(buildDocumentMessage(sampleDocument())).signature).toBeUndefined();
  });

  it('refuses a message whose subject was changed after signing: the digest does not match', () => {
    const xml = signed().replace('<edXML:Subject>Hướng dẫn', '<edXML:Subject>Bãi bỏ hướng dẫn');
    expect(rejectionOf(() => parseEdxml(xml))).toMatchObject({
      code: 'SIGNATURE_DIGEST_MISMATCH',
      path: PLACE,
      vi: expect.stringContaining('đã bị thay đổi sau khi ký'),
    });
  });

  it('refuses a message whose attachment was changed after signing, even with the manifest updated', () => {
    const original = sampleDocument();
    const xml = signed(original);
    const other = sampleDocument({
      attachments: original.attachments.map((a, i) =>
        i === 0 ? { ...a, content: Buffer.concat([a.content, Buffer.from('%% sửa đổi')]) } : a,
      ),
    });
    // The forger rebuilds body and manifest consistently; only the signature is left as it was.
    const forged = buildDocumentMessage(other, { signer: rsa }).replace(
      /<ds:Signature [\s\S]*<\/ds:Signature>/,
      xml.match(/<ds:Signature [\s\S]*<\/ds:Signature>/)![0],
    );
    expect(forged).not.toBe(xml);
    expect(rejectionOf(() => parseEdxml(forged))).toMatchObject({ code: 'SIGNATURE_DIGEST_MISMATCH' });
  });

  it("refuses a signature value made by another key than the certificate's", () => {
    const xml = signed();
    const otherCert = pki.other.cert.replace(/-----[A-Z ]+-----|\s/g, '');
    const swapped = xml.replace(/<ds:X509Certificate>[^<]+</, `<ds:X509Certificate>${otherCert}<`);
    expect(rejectionOf(() => parseEdxml(swapped))).toMatchObject({ code: 'SIGNATURE_VALUE_MISMATCH' });
    const flipped = xml.replace(
      /<ds:SignatureValue>(.)/,
      (_m, c: string) => `<ds:SignatureValue>${c === 'A' ? 'B' : 'A'}`,
    );
    expect(rejectionOf(() => parseEdxml(flipped))).toMatchObject({ code: 'SIGNATURE_VALUE_MISMATCH' });
  });

  it('refuses a signature moved out of edXML:Signature', () => {
    const xml = signed();
    const signature = xml.match(/<ds:Signature [\s\S]*<\/ds:Signature>/)![0];
    const moved = xml
      .replace(signature, '')
      .replace('</edXML:edXMLEnvelope>', `</edXML:edXMLEnvelope>${signature}`);
    expect(rejectionOf(() => parseEdxml(moved))).toMatchObject({
      code: 'SIGNATURE_MISPLACED',
      en: expect.stringContaining('the signature was moved'),
    });
    const unwrapped = xml.replace(`<edXML:Signature>${signature}</edXML:Signature>`, signature);
    expect(rejectionOf(() => parseEdxml(unwrapped))).toMatchObject({ code: 'SIGNATURE_MISPLACED' });
    const twice = xml.replace(
      '</edXML:edXMLBody>',
      `<edXML:Signature>${signature}</edXML:Signature></edXML:edXMLBody>`,
    );
    expect(rejectionOf(() => parseEdxml(twice))).toMatchObject({ code: 'SIGNATURE_MISPLACED' });
  });

  it('refuses signature wrapping: a signature xmlsec1 accepts over a hidden copy of the envelope', () => {
    const original = buildDocumentMessage(sampleDocument());
    const envelope = original.match(/<edXML:edXMLEnvelope>[\s\S]*<\/edXML:edXMLEnvelope>/)![0];
    // The signed part is the genuine envelope tucked into ds:Object; the envelope read is forged.
    const wrapped = xmlsecSign(
      pki,
      template(original, {
        uri: '#signed-envelope',
        transforms: [EXC],
        object: `<ds:Object Id="signed-envelope">${envelope}</ds:Object>`,
      }),
    ).replace('<edXML:Subject>Hướng dẫn', '<edXML:Subject>Giả mạo');
    expect(xmlsecVerify(pki, wrapped).ok).toBe(true); // cryptographically fine…
    expect(rejectionOf(() => parseEdxml(wrapped))).toMatchObject({
      code: 'SIGNATURE_REFERENCE', // …but what it signs is not the message being read
      vi: expect.stringContaining('toàn bộ thông điệp'),
    });
  });

  it('refuses SHA-1 (RSA-SHA1 or a SHA-1 digest) naming the algorithm', () => {
    const sha1 = xmlsecSign(
      pki,
      template(buildDocumentMessage(sampleDocument()), { method: `${DSIG}rsa-sha1` }),
    );
    expect(rejectionOf(() => parseEdxml(sha1))).toMatchObject({
      code: 'SIGNATURE_ALGORITHM',
      en: expect.stringContaining(`${DSIG}rsa-sha1`),
    });
    const digest = xmlsecSign(
      pki,
      template(buildDocumentMessage(sampleDocument()), { digest: `${DSIG}sha1` }),
    );
    expect(rejectionOf(() => parseEdxml(digest))).toMatchObject({ code: 'SIGNATURE_ALGORITHM' });
  });

  it('refuses a comment slipped into signed text (canonical XML drops comments, so the digest would still match)', () => {
    const xml = signed().replace('<edXML:Subject>Hướng dẫn', '<edXML:Subject>Hướng<!-- --> dẫn');
    expect(rejectionOf(() => parseEdxml(xml))).toMatchObject({ code: 'SIGNATURE_MALFORMED' });
  });

  it('refuses a signature without the certificate, and an empty edXML:Signature', () => {
    const xml = signed().replace(/<ds:KeyInfo>[\s\S]*<\/ds:KeyInfo>/, '');
    expect(rejectionOf(() => parseEdxml(xml))).toMatchObject({ code: 'SIGNATURE_CERTIFICATE' });
    const empty = signed().replace(/<ds:Signature [\s\S]*<\/ds:Signature>/, '');
    expect(rejectionOf(() => parseEdxml(empty))).toMatchObject({ code: 'SIGNATURE_MALFORMED' });
  });
});
