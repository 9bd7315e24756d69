import { interpolate, useI18n, type Vars } from '../../i18n/i18n.tsx';

/** The notification settings page's strings, [Vietnamese, English], kept beside the page. */
const noticeMessages = {
  'ns.title': ['Cài đặt thông báo', 'Notification settings'],
  'ns.description': [
    'Chọn cách nhận thông báo ngoài chuông trong ứng dụng. Thông báo khẩn luôn được gửi ngay.',
    'Choose how notices reach you beyond the bell in the app. Urgent notices are always sent at once.',
  ],
  'ns.email': ['Thư điện tử', 'E-mail'],
  'ns.email.immediate': ['Gửi ngay', 'At once'],
  'ns.email.digest': ['Tóm tắt mỗi ngày', 'Daily digest'],
  'ns.email.off': ['Không gửi', 'Off'],
  'ns.email.hint': [
    'Tóm tắt được gửi lúc 7 giờ sáng. Thông báo khẩn được gửi ngay, trừ khi chọn "Không gửi".',
    'The digest goes out at 7:00. Urgent notices are mailed at once unless e-mail is off.',
  ],
  'ns.push': ['Thông báo đẩy trên điện thoại và máy tính', 'Push notifications on phones and computers'],
  'ns.push.enabled': ['Nhận thông báo đẩy', 'Receive push notifications'],
  'ns.push.enableDevice': ['Bật thông báo trên điện thoại này', 'Turn on notifications on this device'],
  'ns.push.disableDevice': ['Tắt thông báo trên thiết bị này', 'Turn off notifications on this device'],
  'ns.push.deviceOn': ['Thiết bị này đang nhận thông báo đẩy.', 'This device receives push notifications.'],
  'ns.push.enabledToast': ['Đã bật thông báo trên thiết bị này.', 'Notifications are on for this device.'],
  'ns.push.disabledToast': ['Đã tắt thông báo trên thiết bị này.', 'Notifications are off for this device.'],
  'ns.push.unsupported': [
    'Trình duyệt này không hỗ trợ thông báo đẩy. Trên iPhone, hãy thêm ứng dụng vào Màn hình chính trước.',
    'This browser does not support push notifications. On an iPhone, add the app to the Home Screen first.',
  ],
  'ns.push.denied': [
    'Trình duyệt đang chặn thông báo của trang này. Hãy cho phép thông báo trong cài đặt trình duyệt.',
    'The browser blocks notifications from this site. Allow them in the browser settings.',
  ],
  'ns.categories': ['Theo loại thông báo', 'By kind of notice'],
  'ns.category': ['Loại', 'Kind'],
  'ns.cat.directive': ['Chỉ đạo', 'Directives'],
  'ns.cat.message_mention': ['Nhắc đến tôi trong tin nhắn', 'Mentions in messages'],
  'ns.cat.document': ['Văn bản', 'Documents'],
  'ns.cat.other': ['Khác', 'Other'],
  'ns.quiet': ['Giờ yên lặng', 'Quiet hours'],
  'ns.quiet.enabled': ['Không làm phiền trong khoảng giờ này', 'Do not disturb during these hours'],
  'ns.quiet.hint': [
    'Theo giờ Việt Nam. Thư và thông báo đẩy chờ đến hết giờ yên lặng; thông báo khẩn vẫn đến ngay.',
    'Vietnam time. E-mail and pushes wait until quiet hours end; urgent notices still arrive at once.',
  ],
  'ns.quiet.start': ['Từ', 'From'],
  'ns.quiet.end': ['Đến', 'To'],
  'ns.save': ['Lưu', 'Save'],
  'ns.saved': ['Đã lưu cài đặt thông báo.', 'Notification settings saved.'],
} as const;

export type NoticeKey = keyof typeof noticeMessages;

/** `nt` for the notification settings page; everything else of useI18n passes through. */
export function useNoticeI18n() {
  const i18n = useI18n();
  const nt = (key: NoticeKey, vars?: Vars) => {
    const entry = noticeMessages[key];
    return interpolate(i18n.language === 'vi' ? entry[0] : entry[1], vars);
  };
  return { ...i18n, nt };
}
