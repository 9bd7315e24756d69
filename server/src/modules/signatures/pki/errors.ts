import { AppError } from '../../../platform/errors/index.ts';

/** The PIN does not open the PKCS#12 keystore (its MAC does not verify). */
export class WrongPinError extends AppError {
  constructor() {
    super('BAD_REQUEST', {
      message: {
        vi: 'Mã PIN không đúng. Kiểm tra lại mã PIN của tệp chứng thư số (.p12) và thử lại.',
        en: 'The PIN is wrong. Check the PIN of the certificate file (.p12) and try again.',
      },
      details: { reason: 'WRONG_PIN' },
    });
  }
}

/** The signing certificate is past its notAfter date. */
export class CertificateExpiredError extends AppError {
  constructor(notAfter: Date) {
    const day = notAfter.toISOString().slice(0, 10);
    super('BAD_REQUEST', {
      message: {
        vi: `Chứng thư số đã hết hạn ngày ${day}. Đề nghị gia hạn hoặc cấp chứng thư số mới trước khi ký.`,
        en: `The certificate expired on ${day}. Renew it or have a new one issued before signing.`,
      },
      details: { reason: 'CERTIFICATE_EXPIRED', notAfter: notAfter.toISOString() },
    });
  }
}

/** The signing certificate's notBefore is still in the future (clock skew or a certificate issued ahead). */
export class CertificateNotYetValidError extends AppError {
  constructor(notBefore: Date) {
    const moment = notBefore.toISOString();
    super('BAD_REQUEST', {
      message: {
        vi: `Chứng thư số chưa có hiệu lực (hiệu lực từ ${moment}). Vui lòng ký sau thời điểm này.`,
        en: `The certificate is not valid yet (valid from ${moment}). Sign after that time.`,
      },
      details: { reason: 'CERTIFICATE_NOT_YET_VALID', notBefore: moment },
    });
  }
}

/** Not a PKCS#12 file we can read (garbage, no key, or legacy RC2/3DES encryption). */
export class InvalidKeystoreError extends AppError {
  constructor(cause: string) {
    super('BAD_REQUEST', {
      message: {
        vi: 'Tệp không phải kho khóa PKCS#12 (.p12) hợp lệ hoặc dùng thuật toán mã hóa cũ không được hỗ trợ. Hãy xuất lại tệp với AES-256.',
        en: 'The file is not a valid PKCS#12 (.p12) keystore or uses unsupported legacy encryption. Export it again with AES-256.',
      },
      details: { reason: 'INVALID_KEYSTORE', cause },
    });
  }
}

/** An empty PIN would leave the private key effectively unprotected. */
export class EmptyPinError extends AppError {
  constructor() {
    super('BAD_REQUEST', {
      message: {
        vi: 'Mã PIN không được để trống. Hãy đặt mã PIN để bảo vệ khóa bí mật.',
        en: 'The PIN must not be empty. Set a PIN to protect the private key.',
      },
      details: { reason: 'EMPTY_PIN' },
    });
  }
}

/** A sealed keystore failed authentication: the stored bytes were altered or the server key is wrong. */
export class KeystoreSealBrokenError extends AppError {
  constructor() {
    super('INTERNAL', {
      message: {
        vi: 'Kho khóa lưu trên máy chủ đã bị thay đổi hoặc không giải mã được bằng khóa máy chủ.',
        en: 'The stored keystore was altered or cannot be decrypted with the server key.',
      },
      details: { reason: 'KEYSTORE_SEAL_BROKEN' },
    });
  }
}
