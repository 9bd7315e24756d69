import { AppError, badRequest, conflict, notFound } from '../../platform/errors/index.ts';
import type { FileCheck } from './file-check.ts';
import { type OutgoingStatus, outgoingStatusLabels } from './outgoing-workflow.ts';

/** Precise Vietnamese (and English) messages for every rule of the documents module. */
export const documentNotFound = () =>
  notFound({ vi: 'Không tìm thấy văn bản (hoặc văn bản ngoài phạm vi của bạn).', en: 'Document not found.' });

export const unitNotFound = () =>
  notFound({ vi: 'Không tìm thấy đơn vị (hoặc đơn vị ngoài phạm vi của bạn).', en: 'Unit not found.' });

export const registerNotFound = () =>
  notFound({ vi: 'Không tìm thấy sổ văn bản (hoặc sổ ngoài phạm vi của bạn).', en: 'Register not found.' });

export const forbiddenAction = (what: string) =>
  new AppError('FORBIDDEN', {
    message: { vi: `Bạn không có quyền ${what} văn bản này.`, en: `You may not ${what} this document.` },
  });

export function fileRejected(reason: Exclude<FileCheck, { ok: true }>['reason'], fileName: string) {
  switch (reason) {
    case 'empty':
      return badRequest({ vi: `Tệp "${fileName}" rỗng.`, en: `The file "${fileName}" is empty.` });
    case 'too_large':
      return new AppError('PAYLOAD_TOO_LARGE', {
        message: {
          vi: `Tệp "${fileName}" vượt quá 10 MB. Hãy quét lại ở 200 dpi hoặc tách thành nhiều tệp.`,
          en: `The file "${fileName}" exceeds 10 MB. Scan at 200 dpi or split it.`,
        },
      });
    case 'unknown_type':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', {
        message: {
          vi: `Tệp "${fileName}" không phải PDF, JPEG hay PNG (kiểm tra theo nội dung tệp, không theo tên).`,
          en: `The file "${fileName}" is not a PDF, JPEG or PNG (checked by content, not by name).`,
        },
      });
    case 'corrupt_pdf':
      return badRequest({
        vi: `Tệp PDF "${fileName}" bị hỏng hoặc không trọn vẹn. Hãy xuất hoặc quét lại.`,
        en: `The PDF "${fileName}" is corrupt or truncated. Export or scan it again.`,
      });
    case 'encrypted_pdf':
      return badRequest({
        vi: `Tệp PDF "${fileName}" được đặt mật khẩu/mã hóa. Hãy gỡ mật khẩu rồi tải lên lại.`,
        en: `The PDF "${fileName}" is encrypted. Remove the password and upload it again.`,
      });
    case 'no_pages':
      return badRequest({
        vi: `Tệp PDF "${fileName}" không có trang nào.`,
        en: `The PDF "${fileName}" has no pages.`,
      });
  }
}

export const draftFileRequired = (fileName: string) =>
  new AppError('UNSUPPORTED_MEDIA_TYPE', {
    message: {
      vi: `Tệp dự thảo "${fileName}" phải là DOCX hoặc PDF.`,
      en: `The draft "${fileName}" must be a DOCX or PDF file.`,
    },
  });

export const wrongStatus = (
  status: string,
  action: string,
  direction: 'incoming' | 'outgoing' = 'outgoing',
) => {
  const label =
    direction === 'incoming' ? incomingStatusLabels[status] : outgoingStatusLabels[status as OutgoingStatus];
  return conflict({
    vi: `Không thể ${action}: văn bản đang ở trạng thái "${label ?? status}".`,
    en: `Cannot ${action} a document in status ${status}.`,
  });
};

export const incomingStatusLabels: Record<string, string> = {
  arrived: 'đã đến, chờ vào sổ',
  registered: 'đã vào sổ',
  submitted: 'đã trình lãnh đạo',
  directed: 'đã có ý kiến chỉ đạo',
  processing: 'đang xử lý',
  done: 'đã hoàn thành',
  returned: 'đã trả lại',
  recalled: 'đã bị thu hồi',
};
