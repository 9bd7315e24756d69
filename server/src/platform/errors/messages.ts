import type { ErrorCode, LocalisedText } from './app-error.ts';

export const defaultMessages: Record<ErrorCode, LocalisedText> = {
  VALIDATION_FAILED: {
    vi: 'Dữ liệu gửi lên không hợp lệ. Vui lòng sửa các trường được nêu.',
    en: 'The request is invalid. Please fix the listed fields.',
  },
  BAD_REQUEST: { vi: 'Yêu cầu không hợp lệ.', en: 'Bad request.' },
  UNAUTHENTICATED: { vi: 'Vui lòng đăng nhập.', en: 'Please sign in.' },
  INVALID_CREDENTIALS: { vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' },
  MFA_REQUIRED: { vi: 'Cần xác thực hai lớp để tiếp tục.', en: 'Two-factor verification is required.' },
  MFA_INVALID: {
    vi: 'Mã xác thực không đúng hoặc đã hết hạn.',
    en: 'The verification code is wrong or expired.',
  },
  ACCOUNT_LOCKED: {
    vi: 'Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau.',
    en: 'The account is temporarily locked after too many failed logins. Try again later.',
  },
  ACCOUNT_DISABLED: { vi: 'Tài khoản đã bị vô hiệu hóa.', en: 'The account is disabled.' },
  FORBIDDEN: { vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
  CSRF_INVALID: {
    vi: 'Phiên làm việc không hợp lệ (CSRF). Vui lòng tải lại trang.',
    en: 'Invalid CSRF token. Please reload the page.',
  },
  NOT_FOUND: { vi: 'Không tìm thấy.', en: 'Not found.' },
  CONFLICT: { vi: 'Dữ liệu bị trùng hoặc xung đột.', en: 'Conflict with existing data.' },
  PAYLOAD_TOO_LARGE: { vi: 'Dữ liệu gửi lên quá lớn.', en: 'The upload is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { vi: 'Định dạng tệp không được hỗ trợ.', en: 'Unsupported file type.' },
  RATE_LIMITED: {
    vi: 'Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút.',
    en: 'Too many requests. Please try again shortly.',
  },
  SERVICE_UNAVAILABLE: {
    vi: 'Hệ thống tạm thời không sẵn sàng.',
    en: 'The service is temporarily unavailable.',
  },
  INTERNAL: {
    vi: 'Đã có lỗi hệ thống. Vui lòng thử lại; nếu lỗi lặp lại, báo quản trị viên kèm mã yêu cầu.',
    en: 'Something went wrong. Try again; if it persists, report the request id.',
  },
};
