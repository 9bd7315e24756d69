import { interpolate, useI18n, type Vars } from '../../i18n/i18n.tsx';

/**
 * The channels pages' strings, [Vietnamese, English] as in i18n/messages.ts; kept beside the
 * pages so they load with the messaging chunk, not with the shell.
 */
const msgMessages = {
  'msg.title': ['Trao đổi', 'Messages'],
  'msg.channels': ['Danh sách kênh', 'Channels'],
  'msg.group.hierarchy': ['Kênh theo tổ chức', 'Organisation channels'],
  'msg.group.adhoc': ['Nhóm trao đổi', 'Groups'],
  'msg.group.direct': ['Tin nhắn riêng', 'Direct messages'],
  'msg.kind.unit': ['Kênh đơn vị', 'Unit channel'],
  'msg.kind.province_communes': ['Tỉnh và các xã', 'Province and communes'],
  'msg.kind.committee_organisations': [
    'Ủy ban và các tổ chức thành viên',
    'Committee and member organisations',
  ],
  'msg.kind.adhoc': ['Nhóm', 'Group'],
  'msg.kind.direct': ['Tin nhắn riêng', 'Direct message'],
  'msg.unread': ['{count} tin chưa đọc', '{count} unread'],
  'msg.noChannels': ['Bạn chưa tham gia kênh nào.', 'You are not in any channel yet.'],
  'msg.notAvailable': [
    'Kênh này không tồn tại hoặc bạn không còn quyền xem.',
    'This channel does not exist or you may no longer read it.',
  ],
  'msg.pickChannel': ['Chọn một kênh để xem tin nhắn.', 'Choose a channel to read its messages.'],
  'msg.archived': [
    'Kênh này đã lưu trữ (đơn vị đã sắp xếp lại): chỉ xem, không gửi được tin mới.',
    'This channel is archived (its unit was reorganised): read only.',
  ],
  'msg.readOnly': [
    'Kênh thông báo: chỉ người điều hành được đăng tin.',
    'Announcement channel: only moderators post.',
  ],
  'msg.archivedBadge': ['Đã lưu trữ', 'Archived'],
  'msg.readOnlyBadge': ['Thông báo', 'Announcements'],
  'msg.messages': ['Tin nhắn trong kênh {name}', 'Messages in {name}'],
  'msg.empty': ['Chưa có tin nhắn nào. Hãy bắt đầu trao đổi.', 'No messages yet. Start the conversation.'],
  'msg.loadEarlier': ['Xem tin cũ hơn', 'Load earlier messages'],
  'msg.compose': ['Soạn tin nhắn', 'Write a message'],
  'msg.composeHint': [
    'Enter để gửi, Shift+Enter xuống dòng. Gõ @ để nhắc tên.',
    'Enter sends, Shift+Enter adds a line. Type @ to mention someone.',
  ],
  'msg.send': ['Gửi', 'Send'],
  'msg.reply': ['Trả lời', 'Reply'],
  'msg.replies': ['{count} trả lời', '{count} replies'],
  'msg.thread': ['Chuỗi trả lời', 'Thread'],
  'msg.threadReply': ['Trả lời trong chuỗi', 'Reply in thread'],
  'msg.react': ['Bày tỏ cảm xúc', 'React'],
  'msg.reactionLabel': ['{emoji}: {count} người', '{emoji}: {count} people'],
  'msg.pin': ['Ghim', 'Pin'],
  'msg.unpin': ['Bỏ ghim', 'Unpin'],
  'msg.pinned': ['Đã ghim', 'Pinned'],
  'msg.pins': ['Tin đã ghim', 'Pinned messages'],
  'msg.edit': ['Sửa', 'Edit'],
  'msg.editing': ['Sửa tin nhắn', 'Edit message'],
  'msg.edited': ['đã sửa', 'edited'],
  'msg.delete': ['Xóa', 'Delete'],
  'msg.deleteConfirm': ['Xóa tin nhắn này?', 'Delete this message?'],
  'msg.deleteMessage': [
    'Tin nhắn sẽ không còn hiển thị với thành viên kênh (người điều hành vẫn xem được lịch sử).',
    'Members will no longer see the message (moderators keep its history).',
  ],
  'msg.deleted': ['Tin nhắn đã bị xóa.', 'This message was deleted.'],
  'msg.history': ['Lịch sử sửa/xóa', 'Edit history'],
  'msg.historyKind.edit': ['Trước khi sửa', 'Before edit'],
  'msg.historyKind.delete': ['Trước khi xóa', 'Before delete'],
  'msg.actions': ['Thao tác với tin nhắn của {name}', 'Actions on the message of {name}'],
  'msg.search': ['Tìm trong tin nhắn', 'Search messages'],
  'msg.searchHint': ['Không cần gõ dấu', 'Diacritics optional'],
  'msg.searchResults': ['Kết quả tìm kiếm', 'Search results'],
  'msg.searchNone': ['Không tìm thấy tin nhắn phù hợp.', 'No matching messages.'],
  'msg.searchClear': ['Xoá tìm kiếm', 'Clear search'],
  'msg.backToList': ['Danh sách kênh', 'All channels'],
  'msg.live.online': ['Đang kết nối trực tiếp', 'Live'],
  'msg.live.offline': ['Mất kết nối — đang thử lại…', 'Offline — reconnecting…'],
  'msg.live.connecting': ['Đang kết nối…', 'Connecting…'],
  'msg.newChannel': ['Tạo nhóm', 'New group'],
  'msg.newChannelName': ['Tên nhóm', 'Group name'],
  'msg.newChannelMembers': ['Thành viên', 'Members'],
  'msg.newDirect': ['Nhắn riêng', 'New direct message'],
  'msg.newDirectWho': ['Nhắn cho', 'Message to'],
  'msg.members': ['Thành viên kênh', 'Channel members'],
  'msg.mentionSuggestions': ['Gợi ý nhắc tên', 'Mention suggestions'],
  'msg.sendFailed': ['Chưa gửi được tin nhắn.', 'The message was not sent.'],
} as const satisfies Record<string, readonly [string, string]>;

export type MsgKey = keyof typeof msgMessages;

/** `t` for the channels pages; everything else of useI18n passes through. */
export function useMsgI18n() {
  const i18n = useI18n();
  const mt = (key: MsgKey, vars?: Vars) => {
    const entry = msgMessages[key];
    return interpolate(i18n.language === 'vi' ? entry[0] : entry[1], vars);
  };
  return { ...i18n, mt };
}
