import type { EdxmlDocumentMessage, EdxmlStatusMessage } from '../edxml-model.ts';

/** A complete document message: every field set, Vietnamese text and characters XML must escape. */
export function sampleDocument(overrides: Partial<EdxmlDocumentMessage> = {}): EdxmlDocumentMessage {
  return {
    from: {
      organId: '000.00.00.G22',
      organizationInCharge: 'Ủy ban Trung ương MTTQ Việt Nam',
      organName: 'Ban Thường trực Ủy ban MTTQ tỉnh Thử Nghiệm',
      organAdd: '46 Tràng Thi, Hoàn Kiếm, Hà Nội',
      email: 'vanthu@mttq.example.vn',
      telephone: '024 3825 0000',
      fax: '024 3825 0001',
      website: 'https://mattran.example.vn',
    },
    to: [
      { organId: '000.00.01.H29', organName: 'Ủy ban nhân dân tỉnh Thử Nghiệm' },
      { organId: '000.00.02.H29', organName: 'Sở Nội vụ <Thử & Nghiệm>' },
    ],
    code: { codeNumber: '05', codeNotation: 'HD-MTTQ-BTT' },
    promulgationInfo: { place: 'Hà Nội', promulgationDate: '2026-01-05' },
    documentType: { type: 8, typeName: 'Hướng dẫn' },
    subject: 'Hướng dẫn tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026',
    content: 'Căn cứ Điều lệ MTTQ Việt Nam;\nBan Thường trực hướng dẫn như sau: "đoàn kết" & <đồng thuận>.',
    signerInfo: { competence: 'TM. BAN THƯỜNG TRỰC', position: 'Chủ tịch', fullName: 'Nguyễn Thị Thử' },
    dueDate: '2026-02-15',
    toPlaces: ['Như trên', 'Lưu: VT, BTT'],
    otherInfo: {
      priority: 1,
      sphereOfPromulgation: 'Toàn tỉnh',
      typerNotation: 'NTT',
      promulgationAmount: 20,
      pageAmount: 3,
      appendixes: ['Phụ lục I: Kế hoạch chi tiết'],
    },
    responseFor: [
      {
        organId: '000.00.01.H29',
        code: '123/UBND-VX',
        promulgationDate: '2025-12-20',
        documentId: '000.00.01.H29,2025/12/20,123/UBND-VX',
      },
    ],
    steeringType: 1,
    documentId: '000.00.00.G22,2026/01/05,05/HD-MTTQ-BTT',
    traceHeaders: [{ organId: '000.00.00.G22', timestamp: '2026-01-05T08:30:00' }],
    business: {
      bussinessDocType: 0,
      staffInfo: {
        department: 'Văn phòng',
        staff: 'Trần Văn Thư',
        mobile: '0912345678',
        email: 'thu@example.vn',
      },
    },
    attachments: [
      {
        contentId: 'vanban-05',
        contentType: 'application/pdf',
        description: 'Văn bản ký số',
        attachmentName: 'Hướng dẫn 05.pdf',
        content: Buffer.from('%PDF-1.7\n% văn bản thử nghiệm\n%%EOF\n', 'utf8'),
      },
    ],
    ...overrides,
  };
}

export function sampleStatus(overrides: Partial<EdxmlStatusMessage> = {}): EdxmlStatusMessage {
  return {
    responseFor: {
      organId: '000.00.00.G22',
      code: '05/HD-MTTQ-BTT',
      promulgationDate: '2026-01-05',
      documentId: '000.00.00.G22,2026/01/05,05/HD-MTTQ-BTT',
    },
    from: { organId: '000.00.01.H29', organName: 'Ủy ban nhân dân tỉnh Thử Nghiệm' },
    statusCode: '03',
    description: 'Đã tiếp nhận, vào sổ đến số 1234',
    timestamp: '2026-01-05T14:02:09',
    staffInfo: { department: 'Văn thư', staff: 'Lê Thị Nhận' },
    ...overrides,
  };
}

/**
 * A new document message (BussinessDocType 0) from an outside agency to one of our units, issued
 * `date` (yyyy-MM-dd) with number `serial` and one PDF attachment: what a relay platform delivers.
 */
export function agencyDocument(
  agency: { from: string; to: string; serial: number; date: string; pdf: Buffer },
  overrides: Partial<EdxmlDocumentMessage> = {},
): EdxmlDocumentMessage {
  const { from, to, serial, date, pdf } = agency;
  const code = { codeNumber: String(serial), codeNotation: 'UBND-VX' };
  return sampleDocument({
    from: { organId: from, organName: 'Ủy ban nhân dân tỉnh Thử Nghiệm' },
    to: [{ organId: to, organName: 'Ủy ban MTTQ tỉnh Thử Nghiệm' }],
    code,
    promulgationInfo: { place: 'Thử Nghiệm', promulgationDate: date },
    documentId: `${from},${date.replaceAll('-', '/')},${code.codeNumber}/${code.codeNotation}`,
    traceHeaders: [{ organId: from, timestamp: `${date}T08:00:00` }],
    subject: `Về việc phối hợp tổ chức Ngày hội Đại đoàn kết (lần ${serial})`,
    otherInfo: { priority: 0, appendixes: [] },
    responseFor: [],
    business: { bussinessDocType: 0 },
    attachments: [
      {
        contentId: 'vanban',
        contentType: 'application/pdf',
        attachmentName: `Công văn ${serial}.pdf`,
        content: pdf,
      },
    ],
    ...overrides,
  });
}
