import type { PetitionStatus } from '../petitions.schema.ts';

/** Dates and labels as the public pages show them (Vietnamese, Vietnam's time zone). */
const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const dateFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const dateTimeFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export const formatDate = (date: Date | string) => dateFormat.format(new Date(date));
export const formatDateTime = (date: Date | string) => dateTimeFormat.format(new Date(date));
export const isoOf = (date: Date | string) => new Date(date).toISOString();

/** What each status means to a citizen. */
export const STATUS_LABELS: Record<PetitionStatus, string> = {
  draft: 'Chờ xác nhận',
  received: 'Đã tiếp nhận',
  forwarded: 'Đã chuyển đến nơi có thẩm quyền',
  accepted: 'Đang được giải quyết',
  returned: 'Đang chuyển lại nơi có thẩm quyền',
  answered: 'Đã trả lời',
  closed: 'Đã kết thúc',
  reopened: 'Đang xem xét lại',
  merged: 'Đã tổng hợp vào kiến nghị khác',
  rejected: 'Không tiếp nhận',
};

/** Statuses that read as "done" (the badge's colour; the word is always there too). */
export const isSettled = (status: PetitionStatus) => status === 'answered' || status === 'closed';

export const FORWARD_STATE_LABELS = {
  forwarded: 'Đã chuyển, chờ tiếp nhận',
  accepted: 'Đã nhận giải quyết',
  returned: 'Trả lại (không đúng thẩm quyền)',
  answered: 'Đã trả lời',
  withdrawn: 'Đã rút lại',
} as const;

/** Coordinates as the public sees them: rounded to 3 decimals (about 100 m). */
export const roundCoordinate = (value: number) => Math.round(value * 1000) / 1000;
export const formatCoordinate = (value: number) => roundCoordinate(value).toLocaleString('vi-VN');

/** Proportions and counts in Vietnamese notation (1.234; 87,5 %). */
export const formatNumber = (value: number) => value.toLocaleString('vi-VN', { maximumFractionDigits: 1 });
export const formatPercent = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : `${formatNumber(value * 100)} %`;
