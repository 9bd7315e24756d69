import { describe, expect, it } from 'vitest';
import { buildDocumentMessage, buildStatusMessage, parseDocumentMessage, parseEdxml } from './edxml.ts';
import {
  type EdxmlDocumentMessage,
  type EdxmlStatusMessage,
  formatDocumentId,
  statusCodeList,
  statusCodes,
} from './edxml-model.ts';
import { sampleDocument, sampleStatus } from './test-support/samples.ts';
import { EdxmlRejection, type RejectionReason } from './xml.ts';

const MH = 'edXMLEnvelope/edXMLHeader/MessageHeader';

function rejectionOf(run: () => unknown): RejectionReason {
  try {
    run();
  } catch (error) {
    if (error instanceof EdxmlRejection) return error.reason;
    throw error;
  }
  throw new Error('expected a rejection');
}

// A small seeded generator (mulberry32): reproducible property tests without another dependency.
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const alphabet = [
  ...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ0123456789',
  ...'áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ',
  ...'ÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ',
  ...'<>&"\'/;:,.-()[]{}#%=?!',
  ' ',
  ' ',
  '\n',
  '\t',
  '\r',
  '🇻🇳',
  '“',
  '”',
  '–',
  ']]>',
  '&amp;',
];

function generator(seed: number) {
  const next = random(seed);
  const int = (max: number) => Math.floor(next() * max);
  const text = (max = 40) => {
    let out = '';
    const length = 1 + int(max);
    for (let i = 0; i < length; i++) out += alphabet[int(alphabet.length)];
    return out.trim() === '' ? 'x' : out;
  };
  const maybe = <T>(value: () => T) => (next() < 0.5 ? value() : undefined);
  const organId = () =>
    `${String(int(1000)).padStart(3, '0')}.${String(int(100)).padStart(2, '0')}.${String(int(100)).padStart(2, '0')}.${'ABCDGHK'[int(7)]}${String(int(100)).padStart(2, '0')}`;
  const date = () =>
    `${2000 + int(30)}-${String(1 + int(12)).padStart(2, '0')}-${String(1 + int(28)).padStart(2, '0')}`;
  const timestamp = () =>
    `${date()}T${String(int(24)).padStart(2, '0')}:${String(int(60)).padStart(2, '0')}:${String(int(60)).padStart(2, '0')}`;
  const list = <T>(max: number, item: () => T) => Array.from({ length: int(max + 1) }, item);
  const organization = () => ({
    organId: organId(),
    organName: text(),
    organizationInCharge: maybe(text),
    organAdd: maybe(text),
    email: maybe(text),
    telephone: maybe(text),
    fax: maybe(text),
    website: maybe(text),
  });
  const document = (): EdxmlDocumentMessage => {
    const from = organization();
    const notation = Array.from(
      { length: 1 + int(3) },
      () => ['QĐ', 'UBND', 'MTTQ', 'BTT', 'HD', 'CV'][int(6)],
    );
    const code = { codeNumber: String(1 + int(9999)).padStart(2, '0'), codeNotation: notation.join('-') };
    const promulgationDate = date();
    return {
      from,
      to: [organization(), ...list(3, organization)],
      code,
      promulgationInfo: { place: text(), promulgationDate },
      documentType: { type: 1 + int(99), typeName: text() },
      subject: text(200),
      content: maybe(() => text(500)),
      signerInfo: { competence: maybe(text), position: maybe(text), fullName: text() },
      dueDate: maybe(date),
      toPlaces: list(3, text),
      otherInfo: {
        priority: int(5),
        sphereOfPromulgation: maybe(text),
        typerNotation: maybe(text),
        promulgationAmount: maybe(() => int(500)),
        pageAmount: maybe(() => int(500)),
        appendixes: list(2, text),
      },
      responseFor: list(2, () => ({
        organId: organId(),
        code: text(20),
        promulgationDate: date(),
        documentId: text(60),
      })),
      steeringType: maybe(() => int(4)),
      documentId: formatDocumentId(from.organId, promulgationDate, code),
      traceHeaders: list(3, () => ({ organId: organId(), timestamp: timestamp() })),
      business: {
        bussinessDocType: int(4) as 0 | 1 | 2 | 3,
        bussinessDocReason: maybe(text),
        documentId: maybe(text),
        staffInfo: maybe(() => ({
          department: maybe(text),
          staff: maybe(text),
          mobile: maybe(text),
          email: maybe(text),
        })),
      },
      attachments: list(3, () => undefined).map((_, i) => ({
        contentId: `cid-${i}-${int(1e6)}`,
        contentType: ['application/pdf', 'image/jpeg', 'application/vnd.ms-word'][int(3)]!,
        description: maybe(text),
        attachmentName: `${text(20)}.pdf`,
        content: Buffer.from(Array.from({ length: 1 + int(300) }, () => int(256))),
      })),
    };
  };
  const status = (): EdxmlStatusMessage => {
    const codes = statusCodeList;
    return {
      responseFor: { organId: organId(), code: text(20), promulgationDate: date(), documentId: text(60) },
      from: organization(),
      statusCode: codes[int(codes.length)]!,
      description: text(),
      timestamp: timestamp(),
      staffInfo: maybe(() => ({
        department: maybe(text),
        staff: maybe(text),
        mobile: maybe(text),
        email: maybe(text),
      })),
    };
  };
  return { document, status };
}

/** What the receiver sees: surrounding whitespace of a text field is not significant in edXML. */
function normalised<T>(value: T): T {
  if (typeof value === 'string') return value.trim() as T;
  if (Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map(normalised) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, normalised(v)]),
    ) as T;
  }
  return value;
}

describe('edXML document messages: build → parse', () => {
  it('give back every field of a full message, Vietnamese text and escaped characters included', () => {
    const message = sampleDocument();
    const xml = buildDocumentMessage(message);
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"',
      ),
    ).toBe(true);
    expect(xml).toContain('<edXML:OrganName>Sở Nội vụ &lt;Thử &amp; Nghiệm&gt;</edXML:OrganName>');
    expect(xml).toContain('<edXML:PromulgationDate>2026/01/05</edXML:PromulgationDate>');
    expect(xml).toContain('<edXML:Timestamp>2026/01/05 08:30:00</edXML:Timestamp>');
    expect(xml).toContain('<edXML:Reference xlink:href="cid:vanban-05">');
    expect(parseDocumentMessage(xml)).toEqual(message);
  });

  it('is deterministic: the same message gives the same bytes, and a re-built parse is identical', () => {
    const message = sampleDocument();
    const xml = buildDocumentMessage(message);
    expect(buildDocumentMessage(sampleDocument())).toBe(xml);
    expect(buildDocumentMessage(parseDocumentMessage(xml))).toBe(xml);
  });

  // Property tests and large content do real work: generous timeouts, so a busy machine is not a failure.
  it('round-trips 200 generated messages (random Vietnamese text, markup characters, CR/LF, emoji, attachments)', {
    timeout: 60_000,
  }, () => {
    for (let seed = 1; seed <= 200; seed++) {
      const message = generator(seed).document();
      const xml = buildDocumentMessage(message);
      expect(parseDocumentMessage(Buffer.from(xml, 'utf8')), `seed ${seed}`).toEqual(normalised(message));
      expect(buildDocumentMessage(parseDocumentMessage(xml)), `seed ${seed}`).toBe(xml);
    }
  });

  it('accepts a UTF-8 byte-order mark', () => {
    const xml = buildDocumentMessage(sampleDocument());
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml, 'utf8')]);
    expect(parseDocumentMessage(withBom)).toEqual(parseDocumentMessage(xml));
  });

  it('refuses an edXML:Signature that holds no XML-DSig signature (signatures are verified, see signature/)', () => {
    const xml = buildDocumentMessage(sampleDocument()).replace(
      '</edXML:TraceHeaderList>',
      '</edXML:TraceHeaderList>\n<edXML:Signature>…</edXML:Signature>',
    );
    expect(rejectionOf(() => parseDocumentMessage(xml))).toMatchObject({
      code: 'SIGNATURE_MALFORMED',
      path: 'edXMLEnvelope/edXMLHeader/Signature',
    });
  });

  it('accepts base64 wrapped in 76-character lines, as MIME-minded senders write it', () => {
    const message = sampleDocument();
    const content = message.attachments[0]!.content.toString('base64');
    const wrapped = content.match(/.{1,76}/g)!.join('\n        ');
    const xml = buildDocumentMessage(message, { manifestIntegrity: false }).replace(
      content,
      `\n        ${wrapped}\n      `,
    );
    expect(parseDocumentMessage(xml).attachments[0]!.content).toEqual(message.attachments[0]!.content);
  });

  it('carries a large attachment (8 MiB of arbitrary bytes) intact', { timeout: 60_000 }, () => {
    const content = Buffer.alloc(8 * 1024 * 1024);
    for (let i = 0; i < content.length; i++) content[i] = (i * 7919) % 251;
    const message = sampleDocument({
      attachments: [
        { contentId: 'lon', contentType: 'application/pdf', attachmentName: 'Hồ sơ.pdf', content },
      ],
    });
    expect(parseDocumentMessage(buildDocumentMessage(message)).attachments[0]!.content.equals(content)).toBe(
      true,
    );
  });

  it('refuses to build a message the parser would refuse', () => {
    expect(rejectionOf(() => buildDocumentMessage(sampleDocument({ subject: '  ' })))).toMatchObject({
      code: 'MISSING_FIELD',
      path: `${MH}/Subject`,
    });
    expect(
      rejectionOf(() => buildDocumentMessage(sampleDocument({ subject: 'Trích yếu\u0007' }))),
    ).toMatchObject({
      code: 'INVALID_VALUE',
      path: `${MH}/Subject`,
    });
  });
});

describe('edXML status messages', () => {
  it('round-trip for every documented status code, with names and Vietnamese labels', () => {
    expect(statusCodeList.map((code) => `${code} ${statusCodes[code].name}`)).toEqual([
      '01 arrived',
      '02 rejected',
      '03 accepted',
      '04 assigned',
      '05 processing',
      '06 finished',
      '13 recall_requested',
      '15 recall_accepted',
      '16 recall_refused',
    ]);
    for (const statusCode of statusCodeList) {
      const status = sampleStatus({ statusCode });
      expect(parseEdxml(buildStatusMessage(status))).toEqual({ kind: 'status', status });
    }
  });

  it('round-trip 200 generated status messages', { timeout: 60_000 }, () => {
    for (let seed = 1; seed <= 200; seed++) {
      const status = generator(seed).status();
      expect(parseEdxml(buildStatusMessage(status)), `seed ${seed}`).toEqual({
        kind: 'status',
        status: normalised(status),
      });
    }
  });

  it('need a reason to return (02) a document', () => {
    expect(
      rejectionOf(() => buildStatusMessage(sampleStatus({ statusCode: '02', description: undefined }))),
    ).toMatchObject({
      code: 'MISSING_FIELD',
      path: 'edXMLEnvelope/edXMLHeader/Status/Description',
      vi: 'Trạng thái 02 (từ chối tiếp nhận) phải nêu lý do trong Description.',
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The malformed corpus: each message is a valid one with one defect, and the reason names it.

const valid = buildDocumentMessage(sampleDocument());
const validStatus = buildStatusMessage(sampleStatus());
const swap = (text: string, from: string, to: string) => {
  if (!text.includes(from)) throw new Error(`corpus fixture does not contain ${from}`);
  return text.replace(from, to);
};

const corpus: Array<{
  name: string;
  input: () => string | Buffer;
  reason: Partial<RejectionReason>;
  vi?: RegExp;
}> = [
  {
    name: 'not XML at all',
    input: () => 'xin chào',
    reason: { code: 'MALFORMED_XML' },
    vi: /^XML không hợp lệ \(dòng 1/,
  },
  {
    name: 'an unclosed element',
    input: () => swap(valid, '</edXML:Subject>', ''),
    reason: { code: 'MALFORMED_XML' },
    vi: /^XML không hợp lệ \(dòng \d+, cột \d+\)/,
  },
  {
    name: 'Latin-1 bytes (not UTF-8)',
    input: () => Buffer.from(swap(valid, 'encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'latin1'),
    reason: { code: 'NOT_UTF8', vi: 'Thông điệp không được mã hóa UTF-8.' },
  },
  {
    name: 'UTF-16 text',
    input: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(valid, 'utf16le')]),
    reason: { code: 'NOT_UTF8' },
  },
  {
    name: 'a declared encoding other than UTF-8',
    input: () => swap(valid, 'encoding="UTF-8"', 'encoding="windows-1258"'),
    reason: { code: 'NOT_UTF8', vi: 'Thông điệp khai báo mã hóa windows-1258; chỉ chấp nhận UTF-8.' },
  },
  {
    name: 'an external entity (XXE)',
    input: () =>
      swap(
        valid,
        '<edXML xmlns',
        '<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<edXML xmlns',
      ).replace('Hướng dẫn tổ chức', '&xxe;'),
    reason: { code: 'DOCTYPE_REFUSED' },
    vi: /DOCTYPE\/ENTITY/,
  },
  {
    name: 'an entity-expansion bomb',
    input: () =>
      swap(
        valid,
        '<edXML xmlns',
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n<edXML xmlns',
      ),
    reason: { code: 'DOCTYPE_REFUSED' },
  },
  {
    name: 'a lowercase doctype',
    input: () =>
      swap(valid, '<edXML xmlns', '<!doctype edXML SYSTEM "http://evil.example/x.dtd">\n<edXML xmlns'),
    reason: { code: 'DOCTYPE_REFUSED' },
  },
  {
    name: 'a wrong root element',
    input: () => '<?xml version="1.0" encoding="UTF-8"?><Document/>',
    reason: { code: 'WRONG_ROOT', vi: 'Phần tử gốc phải là edXML, nhận Document.' },
  },
  {
    name: 'the wrong namespace',
    input: () => swap(valid, 'http://www.mic.gov.vn/TBT/QCVN_102_2016', 'http://example.com/edxml'),
    reason: { code: 'WRONG_NAMESPACE', path: 'edXML' },
  },
  {
    name: 'a child without the edXML: prefix',
    input: () => swap(swap(valid, '<edXML:Subject>', '<Subject>'), '</edXML:Subject>', '</Subject>'),
    reason: {
      code: 'WRONG_NAMESPACE',
      path: `${MH}/Subject`,
      vi: `Phần tử Subject trong ${MH} thiếu tiền tố edXML:.`,
    },
  },
  {
    name: 'a missing Subject',
    input: () =>
      swap(
        valid,
        '<edXML:Subject>Hướng dẫn tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026</edXML:Subject>',
        '',
      ),
    reason: {
      code: 'MISSING_FIELD',
      path: `${MH}/Subject`,
      vi: `Thiếu trường bắt buộc ${MH}/Subject.`,
      en: `Required field ${MH}/Subject is missing.`,
    },
  },
  {
    name: 'a missing sender OrganId',
    input: () => swap(valid, '<edXML:OrganId>000.00.00.G22</edXML:OrganId>', ''),
    reason: { code: 'MISSING_FIELD', path: `${MH}/From/OrganId` },
  },
  {
    name: 'no recipient',
    input: () =>
      valid
        .split('\n')
        .filter((line, i, lines) => {
          const start = lines.findIndex((l) => l.includes('<edXML:To>'));
          const end = lines.findLastIndex((l) => l.includes('</edXML:To>'));
          return !(i >= start && i <= end) || !line;
        })
        .join('\n'),
    reason: { code: 'MISSING_FIELD', path: `${MH}/To` },
  },
  {
    name: 'a malformed recipient OrganId',
    input: () =>
      swap(valid, '<edXML:OrganId>000.00.02.H29</edXML:OrganId>', '<edXML:OrganId>H29-SNV</edXML:OrganId>'),
    reason: {
      code: 'INVALID_ORGAN_ID',
      path: `${MH}/To[2]/OrganId`,
      vi: `Mã định danh cơ quan "H29-SNV" tại ${MH}/To[2]/OrganId không đúng dạng 000.00.00.A00.`,
    },
  },
  {
    name: 'an impossible date',
    input: () => swap(valid, '<edXML:PromulgationDate>2026/01/05', '<edXML:PromulgationDate>2026/02/30'),
    reason: { code: 'INVALID_DATE', path: `${MH}/PromulgationInfo/PromulgationDate` },
  },
  {
    name: 'a date in another format',
    input: () => swap(valid, '<edXML:DueDate>2026/02/15', '<edXML:DueDate>15/02/2026'),
    reason: {
      code: 'INVALID_DATE',
      path: `${MH}/DueDate`,
      vi: `Ngày "15/02/2026" tại ${MH}/DueDate không hợp lệ (định dạng yyyy/MM/dd).`,
    },
  },
  {
    name: 'a bad trace timestamp',
    input: () => swap(valid, '2026/01/05 08:30:00', '2026/01/05 25:30:00'),
    reason: { code: 'INVALID_DATE', path: 'edXMLEnvelope/edXMLHeader/TraceHeaderList/TraceHeader/Timestamp' },
  },
  {
    name: 'a non-numeric priority',
    input: () => swap(valid, '<edXML:Priority>1</edXML:Priority>', '<edXML:Priority>khẩn</edXML:Priority>'),
    reason: { code: 'INVALID_VALUE', path: `${MH}/OtherInfo/Priority` },
  },
  {
    name: 'a priority outside the configured table',
    input: () => swap(valid, '<edXML:Priority>1</edXML:Priority>', '<edXML:Priority>9</edXML:Priority>'),
    reason: { code: 'UNKNOWN_CODE', path: `${MH}/OtherInfo/Priority` },
  },
  {
    name: 'an unknown business document type',
    input: () => swap(valid, '<edXML:BussinessDocType>0<', '<edXML:BussinessDocType>7<'),
    reason: {
      code: 'UNKNOWN_CODE',
      path: 'edXMLEnvelope/edXMLHeader/TraceHeaderList/Bussiness/BussinessDocType',
    },
  },
  {
    name: 'a duplicated Subject',
    input: () =>
      swap(valid, '<edXML:Content>', '<edXML:Subject>Trích yếu khác</edXML:Subject>\n<edXML:Content>'),
    reason: { code: 'DUPLICATE_FIELD', path: `${MH}/Subject` },
  },
  {
    name: 'a DocumentId of another sender',
    input: () =>
      swap(valid, '<edXML:DocumentId>000.00.00.G22,2026/01/05', '<edXML:DocumentId>000.00.00.G99,2026/01/05'),
    reason: { code: 'INVALID_VALUE', path: `${MH}/DocumentId` },
  },
  {
    name: 'attachment content altered after the manifest was written (checksum)',
    input: () => swap(valid, 'JVBERi0xLjcKJSB2', 'JVBERi0xLjcKJSB3'),
    reason: {
      code: 'ATTACHMENT_MISMATCH',
      path: 'edXMLEnvelope/edXMLBody/edXMLManifest/Reference/DigestSHA256',
    },
    vi: /không khớp danh mục/,
  },
  {
    name: 'attachment size differing from the manifest',
    input: () => swap(valid, '<edXML:Size>43</edXML:Size>', '<edXML:Size>44</edXML:Size>'),
    reason: {
      code: 'ATTACHMENT_MISMATCH',
      path: 'edXMLEnvelope/edXMLBody/edXMLManifest/Reference/Size',
      vi: 'Kích thước tệp "vanban-05" là 43 byte, danh mục ghi 44 byte.',
    },
  },
  {
    name: 'attachment content that is not base64',
    input: () => swap(valid, 'JVBERi0xLjcKJSB2', 'JVBERi0x*jcKJSB2'),
    reason: { code: 'ATTACHMENT_MISMATCH', path: 'AttachmentEncoded/Attachment/ContentTransferEncoded' },
  },
  {
    name: 'an attachment missing from the manifest',
    input: () =>
      swap(
        valid,
        '<edXML:ContentId>vanban-05</edXML:ContentId>\n      <edXML:Description>',
        '<edXML:ContentId>khac</edXML:ContentId>\n      <edXML:Description>',
      ),
    reason: { code: 'ATTACHMENT_MISMATCH', path: 'AttachmentEncoded/Attachment/ContentId' },
  },
  {
    name: 'a manifest entry without its attachment',
    input: () => valid.replace(/<edXML:AttachmentEncoded>[\s\S]*<\/edXML:AttachmentEncoded>/, ''),
    reason: {
      code: 'ATTACHMENT_MISMATCH',
      vi: 'Danh mục liệt kê tệp "vanban-05" nhưng thông điệp không chứa tệp đó.',
    },
  },
  {
    name: 'a message over the size limit',
    input: () => valid,
    reason: { code: 'TOO_LARGE' },
  },
  {
    name: 'an unknown status code',
    input: () => swap(validStatus, '<edXML:StatusCode>03<', '<edXML:StatusCode>07<'),
    reason: {
      code: 'UNKNOWN_STATUS_CODE',
      path: 'edXMLEnvelope/edXMLHeader/Status/StatusCode',
      vi: 'Mã trạng thái "07" không có trong danh mục (01, 02, 03, 04, 05, 06, 13, 15, 16).',
    },
  },
  {
    name: 'a status without ResponseFor',
    input: () => validStatus.replace(/<edXML:ResponseFor>[\s\S]*<\/edXML:ResponseFor>/, ''),
    reason: { code: 'MISSING_FIELD', path: 'edXMLEnvelope/edXMLHeader/Status/ResponseFor' },
  },
];

describe('malformed edXML messages are rejected with a precise reason', () => {
  it.each(corpus)('$name', ({ name, input, reason, vi }) => {
    const options = name === 'a message over the size limit' ? { maxBytes: 1000 } : {};
    const got = rejectionOf(() => parseEdxml(input(), options));
    expect(got).toMatchObject(reason);
    if (vi) expect(got.vi).toMatch(vi);
    expect(got.vi.length).toBeGreaterThan(10);
    expect(got.en.length).toBeGreaterThan(10);
  });

  it('a refused entity is never expanded: the XXE target does not appear in any output', () => {
    const input = swap(
      valid,
      '<edXML xmlns',
      '<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>\n<edXML xmlns',
    );
    const reason = rejectionOf(() => parseEdxml(input));
    expect(JSON.stringify(reason)).not.toContain('file:///');
  });

  it('limits the number of attachments', () => {
    const reason = rejectionOf(() => parseEdxml(valid, { maxAttachments: 0 }));
    expect(reason).toMatchObject({ code: 'TOO_LARGE', path: 'AttachmentEncoded' });
  });
});
