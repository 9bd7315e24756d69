import { documentFileStatusLabels } from '@mts/contracts';
import { badRequest, conflict, notFound } from '../../../platform/errors/index.ts';

/** Precise Vietnamese (and English) messages for the rules of files (hồ sơ). */
export const fileNotFound = () =>
  notFound({ vi: 'Không tìm thấy hồ sơ (hoặc hồ sơ ngoài phạm vi của bạn).', en: 'File not found.' });

export const fileCodeTaken = (code: string) =>
  conflict({
    vi: `Đơn vị đã có hồ sơ ký hiệu "${code}". Hãy đặt ký hiệu khác.`,
    en: `The unit already has a file coded "${code}".`,
  });

export const fileFrozen = (status: 'closed' | 'transferred', code: string) =>
  conflict({
    vi: `Hồ sơ "${code}" ${documentFileStatusLabels[status].toLowerCase()}: không thêm, bớt hay sắp xếp lại văn bản được nữa.`,
    en: `The file "${code}" is ${status}: its documents can no longer change.`,
  });

export const fileNotEditable = (code: string) =>
  conflict({
    vi: `Hồ sơ "${code}" đã kết thúc: chỉ còn sửa được hạn nộp lưu.`,
    en: `The file "${code}" is closed: only its archive due date can change.`,
  });

export const fileTransferred = (code: string) =>
  conflict({
    vi: `Hồ sơ "${code}" đã nộp lưu vào lưu trữ cơ quan, không sửa được.`,
    en: `The file "${code}" has been transferred to the archive.`,
  });

export const fileEmpty = (code: string) =>
  conflict({
    vi: `Hồ sơ "${code}" chưa có văn bản nào, chưa kết thúc được.`,
    en: `The file "${code}" has no documents yet.`,
  });

export const fileNotClosed = (code: string) =>
  conflict({
    vi: `Hãy kết thúc hồ sơ "${code}" trước khi nộp lưu.`,
    en: `Close the file "${code}" before transferring it.`,
  });

export const documentOfAnotherUnit = () =>
  badRequest(
    {
      vi: 'Văn bản thuộc đơn vị khác: chỉ lập vào hồ sơ của đơn vị đã nhận hoặc ban hành văn bản.',
      en: 'The document belongs to another unit: file it in that unit’s files.',
    },
    [{ path: 'documentId', message: 'Văn bản thuộc đơn vị khác.' }],
  );

export const documentNotReady = (direction: 'incoming' | 'outgoing') =>
  conflict(
    direction === 'incoming'
      ? {
          vi: 'Văn bản đến chưa được vào sổ (hoặc đã bị trả lại), chưa lập hồ sơ được.',
          en: 'The incoming document is not registered (or was returned).',
        }
      : {
          vi: 'Văn bản đi chưa được ban hành, chưa lập hồ sơ được.',
          en: 'The outgoing document has not been issued.',
        },
  );

export const documentAlreadyFiled = (code: string | null, same: boolean) =>
  conflict(
    same
      ? { vi: `Văn bản đã có trong hồ sơ "${code}".`, en: `The document is already in the file "${code}".` }
      : code === null
        ? {
            vi: 'Văn bản vừa được lập vào một hồ sơ khác; mỗi văn bản chỉ thuộc một hồ sơ.',
            en: 'The document was just filed in another file.',
          }
        : {
            vi: `Văn bản đã nằm trong hồ sơ "${code}"; mỗi văn bản chỉ thuộc một hồ sơ. Hãy rút khỏi hồ sơ đó trước.`,
            en: `The document is already in the file "${code}"; remove it there first.`,
          },
  );

export const documentNotInFile = () =>
  notFound({ vi: 'Văn bản không có trong hồ sơ này.', en: 'The document is not in this file.' });

export const badOrder = (missing: number, extra: number) =>
  badRequest(
    {
      vi: `Thứ tự mới phải liệt kê mỗi văn bản của hồ sơ đúng một lần (thiếu ${missing}, thừa hoặc lặp ${extra}).`,
      en: `The new order must list each document of the file once (${missing} missing, ${extra} extra or repeated).`,
    },
    [{ path: 'documentIds', message: 'Liệt kê mỗi văn bản của hồ sơ đúng một lần.' }],
  );

export const datesReversed = () =>
  badRequest(
    {
      vi: 'Ngày kết thúc hồ sơ không được trước ngày bắt đầu.',
      en: 'The end date is before the start date.',
    },
    [{ path: 'endDate', message: 'Ngày kết thúc trước ngày bắt đầu.' }],
  );

export const responsibleOutsideUnit = () =>
  badRequest(
    {
      vi: 'Người lập hồ sơ phải là cán bộ đang làm việc tại đơn vị (hoặc đơn vị trực thuộc).',
      en: 'The person responsible must be active staff of the unit.',
    },
    [{ path: 'responsibleStaffId', message: 'Người lập hồ sơ không thuộc đơn vị.' }],
  );
