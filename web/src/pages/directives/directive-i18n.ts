import { interpolate, useI18n, type Vars } from '../../i18n/i18n.tsx';

/**
 * The directives pages' strings, [Vietnamese, English] as in i18n/messages.ts; kept beside the
 * pages so they load with the directives chunk, not with the shell.
 */
const directiveMessages = {
  'dir.title': ['Chỉ đạo', 'Directives'],
  'dir.send': ['Gửi chỉ đạo', 'Send a directive'],
  'dir.box': ['Hộp chỉ đạo', 'Directive box'],
  'dir.box.received': ['Chỉ đạo nhận được', 'Received'],
  'dir.box.sent': ['Chỉ đạo đã gửi', 'Sent'],
  'dir.list.empty.received': ['Đơn vị chưa nhận chỉ đạo nào.', 'Your unit has received no directives.'],
  'dir.list.empty.sent': ['Chưa gửi chỉ đạo nào.', 'No directives sent yet.'],
  'dir.field.title': ['Tiêu đề', 'Title'],
  'dir.field.body': ['Nội dung chỉ đạo', 'Directive text'],
  'dir.field.recipients': ['Đơn vị nhận', 'Recipients'],
  'dir.field.deadline': ['Hạn xử lý', 'Deadline'],
  'dir.field.deadlineDate': ['Ngày hết hạn', 'Deadline date'],
  'dir.field.deadlineTime': ['Giờ hết hạn', 'Deadline time'],
  'dir.field.action': ['Yêu cầu đối với đơn vị nhận', 'Required action'],
  'dir.field.figureLabel': ['Đơn vị tính của số liệu', 'Unit of the figure'],
  'dir.field.figureLabelHint': ['Ví dụ: hộ, người, triệu đồng', 'E.g. households, people, million VND'],
  'dir.field.urgent': ['Khẩn', 'Urgent'],
  'dir.field.urgentHint': [
    'Gửi thư điện tử ngay cho đơn vị nhận, không chờ bản tin tổng hợp.',
    'E-mail the recipients at once, not in the daily digest.',
  ],
  'dir.field.sender': ['Đơn vị gửi', 'Sending unit'],
  'dir.field.sentAt': ['Ngày gửi', 'Sent on'],
  'dir.recipients.subtree': ['Toàn bộ đơn vị trực thuộc', 'My whole subtree'],
  'dir.recipients.level': ['Tất cả đơn vị một cấp', 'Every unit of a level'],
  'dir.recipients.list': ['Chọn từng đơn vị', 'Chosen units'],
  'dir.recipients.levelPick': ['Cấp', 'Level'],
  'dir.recipients.addUnit': ['Thêm đơn vị nhận', 'Add a recipient unit'],
  'dir.recipients.chosen': ['Các đơn vị nhận đã chọn', 'Chosen recipient units'],
  'dir.recipients.remove': ['Bỏ {name}', 'Remove {name}'],
  'dir.recipients.none': ['Chưa chọn đơn vị nhận.', 'No recipient chosen.'],
  'dir.recipients.within': ['thuộc {unit}', 'within {unit}'],
  'dir.action.acknowledge': ['Xác nhận đã nhận', 'Acknowledge receipt'],
  'dir.action.report': ['Xác nhận và báo cáo', 'Acknowledge and report'],
  'dir.action.figure': ['Xác nhận và báo cáo số liệu', 'Acknowledge and report a figure'],
  'dir.sent': ['Đã gửi chỉ đạo tới {count} đơn vị.', 'Directive sent to {count} units.'],
  'dir.status.sent': ['Chưa xem', 'Not seen'],
  'dir.status.seen': ['Đã xem', 'Seen'],
  'dir.status.acknowledged': ['Đã xác nhận', 'Acknowledged'],
  'dir.status.reported': ['Đã báo cáo', 'Reported'],
  'dir.status.overdue': ['Quá hạn', 'Overdue'],
  'dir.status.escalated': ['Đã báo cáo lãnh đạo', 'Escalated'],
  'dir.status.late': ['Trễ hạn', 'Late'],
  'dir.urgent': ['Khẩn', 'Urgent'],
  'dir.cancelled': ['Đã thu hồi', 'Withdrawn'],
  'dir.board': ['Tình hình tiếp nhận', 'Acknowledgement board'],
  'dir.board.total': ['Tổng số đơn vị nhận', 'Recipient units'],
  'dir.board.filter': ['Lọc theo trạng thái', 'Filter by status'],
  'dir.board.unit': ['Đơn vị', 'Unit'],
  'dir.board.when': ['Thời điểm', 'When'],
  'dir.board.report': ['Báo cáo', 'Report'],
  'dir.board.empty': ['Không có đơn vị nào ở trạng thái này.', 'No unit has this status.'],
  'dir.export.xlsx': ['Xuất Excel', 'Export to Excel'],
  'dir.export.csv': ['Xuất CSV', 'Export to CSV'],
  'dir.detail': ['Chỉ đạo: {title}', 'Directive: {title}'],
  'dir.deadlineLeft': ['Hạn: {deadline}', 'Due: {deadline}'],
  'dir.mine': ['Đơn vị của tôi', 'My unit'],
  'dir.acknowledge': ['Xác nhận đã nhận', 'Acknowledge receipt'],
  'dir.acknowledged': ['Đã xác nhận tiếp nhận chỉ đạo.', 'Receipt acknowledged.'],
  'dir.report': ['Gửi báo cáo', 'Send the report'],
  'dir.reportTitle': ['Báo cáo kết quả', 'Report back'],
  'dir.reportText': ['Nội dung báo cáo', 'Report'],
  'dir.reportFigure': ['Số liệu ({label})', 'Figure ({label})'],
  'dir.reportFiles': ['Tệp đính kèm', 'Attachments'],
  'dir.reportFilesHint': [
    'Chọn một hoặc nhiều tệp (PDF, Word, Excel, ảnh).',
    'One or more files (PDF, Word, Excel, images).',
  ],
  'dir.reported': ['Đã gửi báo cáo.', 'Report sent.'],
  'dir.yourReport': ['Báo cáo đã gửi', 'Your report'],
  'dir.new': ['Chỉ đạo mới: {title}', 'New directive: {title}'],
  'dir.open': ['Mở chỉ đạo', 'Open the directive'],
  'dir.deadlinePast': ['Hạn xử lý phải sau thời điểm hiện tại.', 'The deadline must be in the future.'],
} as const satisfies Record<string, readonly [string, string]>;

export type DirectiveKey = keyof typeof directiveMessages;

/** `t` for the directives pages; everything else of useI18n passes through. */
export function useDirectiveI18n() {
  const i18n = useI18n();
  const dt = (key: DirectiveKey, vars?: Vars) => {
    const entry = directiveMessages[key];
    return interpolate(i18n.language === 'vi' ? entry[0] : entry[1], vars);
  };
  return { ...i18n, dt };
}
