import { AppError, badRequest, conflict, notFound } from '../../../platform/errors/index.ts';

/** Errors of the editorial API: Vietnamese first, saying what to fix. */

export const siteNotFound = () =>
  notFound({ vi: 'Không tìm thấy trang thông tin điện tử.', en: 'Site not found.' });
export const articleNotFound = () => notFound({ vi: 'Không tìm thấy bài viết.', en: 'Article not found.' });
export const categoryNotFound = () =>
  notFound({ vi: 'Không tìm thấy chuyên mục.', en: 'Category not found.' });
export const tagNotFound = () => notFound({ vi: 'Không tìm thấy thẻ.', en: 'Tag not found.' });
export const unitNotFound = () =>
  notFound({ vi: 'Không tìm thấy đơn vị trong phạm vi của bạn.', en: 'Unit not found within your scope.' });

export const unitOutOfScope = () =>
  new AppError('FORBIDDEN', {
    message: {
      vi: 'Bạn không được giao cấu hình trang thông tin của đơn vị này: hãy chọn đơn vị của mình hoặc đơn vị cấp dưới.',
      en: 'You may not configure the site of this unit: choose your unit or one below it.',
    },
  });

export const publishNotAllowed = () =>
  new AppError('FORBIDDEN', {
    message: {
      vi: 'Bài viết đang được đăng: chỉ người có quyền đăng bài mới được sửa (đính chính) bài này.',
      en: 'The article is published: only someone who may publish can correct it.',
    },
  });

export const siteExists = () =>
  conflict({
    vi: 'Đơn vị này đã có trang thông tin điện tử: hãy sửa trang hiện có.',
    en: 'This unit already has a site: edit it instead.',
  });
export const siteSlugTaken = (slug: string) =>
  conflict({
    vi: `Đường dẫn "${slug}" đã được trang khác dùng: hãy chọn đường dẫn khác.`,
    en: `The path "${slug}" is taken by another site: choose another.`,
  });
export const siteHostTaken = (host: string) =>
  conflict({
    vi: `Tên miền "${host}" đã được trang khác dùng: hãy kiểm tra lại tên miền.`,
    en: `The host name "${host}" is used by another site.`,
  });
export const categorySlugTaken = (slug: string) =>
  conflict({
    vi: `Chuyên mục có đường dẫn "${slug}" đã có trên trang này: hãy đặt tên hoặc đường dẫn khác.`,
    en: `A category with path "${slug}" already exists on this site.`,
  });
export const articleSlugTaken = (slug: string) =>
  conflict({
    vi: `Đường dẫn "${slug}" đã được bài viết khác của trang dùng: hãy chọn đường dẫn khác hoặc để trống để hệ thống tự đặt.`,
    en: `The path "${slug}" is taken by another article of the site: choose another or leave it empty.`,
  });

export const wrongStatus = (vi: string, en: string) => conflict({ vi, en });

export const scheduleInPast = () =>
  badRequest(
    {
      vi: 'Thời điểm đăng đã qua hoặc quá gần: hãy chọn thời điểm sau hiện tại ít nhất 1 phút, hoặc đăng ngay.',
      en: 'The publication time has passed or is too close: choose a time at least a minute ahead, or publish now.',
    },
    [{ path: 'body.at', message: 'Thời điểm đăng đã qua (in the past)' }],
  );

export const badReference = (path: string, vi: string, en: string) =>
  badRequest({ vi, en }, [{ path, message: `${vi} (${en})` }]);

export const emptySlug = (path: string) =>
  badReference(
    path,
    'Không tạo được đường dẫn từ tên: hãy nhập đường dẫn chữ thường không dấu.',
    'No path could be made from the name: enter one.',
  );

export const unknownRevision = () =>
  notFound({ vi: 'Không tìm thấy phiên bản đã chọn của bài viết.', en: 'Revision not found.' });

/** The Postgres unique violation named `constraint`, if `error` is one (drizzle wraps it in `cause`). */
export function uniqueViolation(error: unknown): string | null {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const pgError = e as { code?: string; constraint?: string };
    if (pgError.code === '23505') return pgError.constraint ?? '';
  }
  return null;
}

export const writeOutOfScope = () =>
  new AppError('FORBIDDEN', {
    message: {
      vi: 'Bạn không được giao viết bài cho trang này: hãy chọn trang của đơn vị mình hoặc đơn vị cấp dưới.',
      en: 'You may not write articles for this site.',
    },
  });
