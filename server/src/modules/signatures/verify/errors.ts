import { AppError } from '../../../platform/errors/index.ts';

/** The bytes are not a PDF (no `%PDF-` header near the start). */
export class NotAPdfError extends AppError {
  constructor() {
    super('UNSUPPORTED_MEDIA_TYPE', {
      message: {
        vi: 'Tệp không phải là tài liệu PDF. Chỉ kiểm tra được chữ ký số trong tệp PDF.',
        en: 'The file is not a PDF document. Only signatures in PDF files can be verified.',
      },
      details: { reason: 'NOT_A_PDF' },
    });
  }
}

/** The PDF is encrypted: its signed bytes cannot be checked without decrypting it first. */
export class EncryptedPdfError extends AppError {
  constructor() {
    super('BAD_REQUEST', {
      message: {
        vi: 'Tệp PDF đã được mã hóa (đặt mật khẩu), nên không kiểm tra được chữ ký số. Hãy gửi bản không mã hóa.',
        en: 'The PDF is encrypted (password-protected), so its signatures cannot be verified. Send an unencrypted copy.',
      },
      details: { reason: 'ENCRYPTED_PDF' },
    });
  }
}

/** The PDF structure cannot be read (broken cross-reference, no catalog…). */
export class MalformedPdfError extends AppError {
  constructor(cause: string) {
    super('BAD_REQUEST', {
      message: {
        vi: 'Tệp PDF bị hỏng hoặc sai cấu trúc, không đọc được để kiểm tra chữ ký số.',
        en: 'The PDF is damaged or malformed and cannot be read to verify its signatures.',
      },
      details: { reason: 'MALFORMED_PDF', cause },
    });
  }
}

/** The file is larger than the caller allows. */
export class PdfTooLargeError extends AppError {
  constructor(size: number, maxBytes: number) {
    const mb = (n: number) => (n / 1_048_576).toFixed(1);
    super('PAYLOAD_TOO_LARGE', {
      message: {
        vi: `Tệp PDF quá lớn (${mb(size)} MB); chỉ kiểm tra được tệp đến ${mb(maxBytes)} MB.`,
        en: `The PDF is too large (${mb(size)} MB); files up to ${mb(maxBytes)} MB can be verified.`,
      },
      details: { reason: 'PDF_TOO_LARGE', size, maxBytes },
    });
  }
}
