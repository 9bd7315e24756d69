import { AppError, badRequest, conflict, notFound } from '../../platform/errors/index.ts';

/** Errors of the staff side of petitions (intake, classification, consolidation, moderation). */

export const petitionNotFound = () =>
  notFound({ vi: 'Không tìm thấy kiến nghị.', en: 'Petition not found.' });

export const unitOutOfScope = () =>
  new AppError('FORBIDDEN', {
    message: {
      vi: 'Địa bàn đã chọn không thuộc phạm vi bạn được giao tiếp nhận kiến nghị: hãy chọn đơn vị của mình hoặc đơn vị cấp dưới.',
      en: 'The chosen area is outside the units you may take petitions for: choose your unit or one below it.',
    },
  });

export const unknownSubject = (code: string) =>
  badRequest(
    {
      vi: `Lĩnh vực "${code}" không tồn tại hoặc đã ngừng sử dụng: hãy chọn một lĩnh vực trong danh sách.`,
      en: `Subject "${code}" does not exist or is no longer used: choose one from the list.`,
    },
    [{ path: 'body.subjectCode', message: `Lĩnh vực "${code}" không tồn tại (unknown subject)` }],
  );

export const unknownRecipient = () =>
  badRequest(
    {
      vi: 'Không tìm thấy cơ quan hoặc đại biểu nhận kiến nghị trong phạm vi của địa bàn: hãy chọn lại.',
      en: 'No such agency or delegate for this area: choose again.',
    },
    [{ path: 'body.addressedToId', message: 'Không tìm thấy cơ quan, đại biểu (unknown recipient)' }],
  );

export const unknownSession = () =>
  badRequest(
    {
      vi: 'Không tìm thấy hội nghị tiếp xúc cử tri đã chọn.',
      en: 'The voter-contact session was not found.',
    },
    [{ path: 'body.sessionId', message: 'Không tìm thấy hội nghị (unknown session)' }],
  );

export const futureReceivedAt = () =>
  badRequest(
    {
      vi: 'Ngày tiếp nhận không thể ở tương lai.',
      en: 'The date received cannot be in the future.',
    },
    [{ path: 'body.receivedAt', message: 'Ngày tiếp nhận ở tương lai (in the future)' }],
  );

export const wrongStatus = (vi: string, en: string) => conflict({ vi, en });
