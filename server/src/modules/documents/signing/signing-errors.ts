import { AppError, badRequest, conflict, defaultMessages } from '../../../platform/errors/index.ts';

/** Precise Vietnamese (and English) messages for signing documents. */
export const notYourCredential = (kind: 'personal' | 'agency') =>
  badRequest(
    kind === 'personal'
      ? {
          vi: 'Chứng thư số này không phải của bạn hoặc đã bị khoá. Hãy chọn chứng thư số cá nhân của bạn.',
          en: 'This certificate is not yours or is disabled. Choose your own personal certificate.',
        }
      : {
          vi: 'Chứng thư số này không phải của cơ quan ban hành hoặc đã bị khoá. Hãy chọn chứng thư số của cơ quan.',
          en: "This certificate is not the issuing agency's or is disabled. Choose the agency certificate.",
        },
    [{ path: 'credentialId', message: 'Chứng thư số không dùng được cho chữ ký này.' }],
  );

export const credentialExpired = (notAfter: Date) =>
  badRequest(
    {
      vi: `Chứng thư số đã hết hạn từ ${notAfter.toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}. Hãy gia hạn hoặc dùng chứng thư số khác.`,
      en: `The certificate expired on ${notAfter.toISOString().slice(0, 10)}. Renew it or use another one.`,
    },
    [{ path: 'credentialId', message: 'Chứng thư số đã hết hạn.' }],
  );

export const noDraftToSign = () =>
  badRequest({
    vi: 'Văn bản chưa có tệp dự thảo (PDF hoặc DOCX) để ký.',
    en: 'The document has no draft file (PDF or DOCX) to sign.',
  });

export const signingInProgress = () =>
  conflict({
    vi: 'Văn bản đang chờ người ký xác nhận trên điện thoại. Hãy đợi kết quả hoặc hết thời hạn rồi ký lại.',
    en: 'A signature is waiting for approval on the phone. Wait for it or for its deadline, then sign again.',
  });

/** What a failed background signature records: the error's own message when it has one. */
export function signingFailed(error: unknown): { code: string; vi: string; en: string } {
  if (error instanceof AppError) {
    const text = error.text ?? defaultMessages[error.code];
    const reason = typeof error.details?.reason === 'string' ? error.details.reason : error.code;
    return { code: reason, vi: text.vi, en: text.en };
  }
  return {
    code: 'SIGNING_FAILED',
    vi: 'Ký số không thành công do lỗi hệ thống; văn bản giữ nguyên bản trước khi ký. Hãy thử lại.',
    en: 'Signing failed on a system error; the document is unchanged. Try again.',
  };
}

/** A PDF whose structure cannot take an incremental update (no cross-reference table, damaged). */
export const unsignablePdf = (fileName: string) =>
  badRequest({
    vi: `Không ký số được tệp "${fileName}": cấu trúc PDF bị hỏng hoặc không chuẩn. Hãy xuất lại tệp PDF từ phần mềm soạn thảo rồi tải lên lại.`,
    en: `"${fileName}" cannot be signed: its PDF structure is damaged or non-standard. Export the PDF again and upload it.`,
  });
