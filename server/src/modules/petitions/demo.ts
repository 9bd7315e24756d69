import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { type AuditContext, systemAuditContext } from '../../platform/audit/index.ts';
import { createPetition, type PetitionerInput } from './intake.ts';
import type { CompetenceLevel, PetitionChannel, PetitionStatus } from './petitions.schema.ts';
import { recordPetitionEvent } from './timeline.ts';

/**
 * The demo's voters' petitions (kiến nghị cử tri) for Lâm Đồng and its commune xã An Bình: a few
 * agencies and delegates, two voter-contact sessions (one of the previous term), and about forty
 * petitions in every status — among them repeats of the same concerns across sessions and terms
 * (the landslide on the inter-hamlet road, the pig farm's waste water) so similarity and merging
 * can be shown, one group already consolidated with its provenance, one forward overdue, one
 * returned by an agency, answers published and rated. Everything goes through createPetition and
 * recordPetitionEvent, so timelines and the audit chain are real.
 */

const seedAudit: AuditContext = { ...systemAuditContext, actorLabel: 'system (demo seed)' };
const DAY = 86_400_000;
const EARLIER_TERM = '2021-2026';
const CURRENT_TERM = '2026-2031';

interface Hop {
  recipient: string;
  deadlineInDays: number;
}

interface Answered {
  recipient: string;
  answer: string;
  satisfied?: boolean;
  published?: boolean;
}

interface DemoPetition {
  key?: string;
  title?: string;
  description: string;
  subject: string;
  level?: CompetenceLevel;
  channel: PetitionChannel;
  /** Which commune: An Bình (default), a neighbour, or the province itself. */
  where?: 'anBinh' | 'neighbour' | 'province';
  session?: 'earlier' | 'current';
  daysAgo: number;
  place?: string;
  person?: PetitionerInput;
  /** What happened next. */
  fate?:
    | { to: 'draft' }
    | { to: 'rejected'; reason: string }
    | ({ to: 'forwarded' } & Hop)
    | ({ to: 'accepted' } & Hop)
    | { to: 'returned'; recipient: string; reason: string }
    | ({ to: 'answered' } & Answered)
    | ({ to: 'closed' } & Answered)
    | { to: 'reopened'; recipient: string; answer: string; reason: string };
  hidden?: string;
}

const anBinhRoad =
  'Đường liên thôn từ thôn 3 đi thôn 5 xã An Bình bị sạt lở taluy dương sau các đợt mưa lớn, đất đá tràn xuống mặt đường, xe máy đi lại rất nguy hiểm, học sinh phải đi đường vòng. Đề nghị các cấp sớm đầu tư kè chống sạt lở và sửa chữa mặt đường.';
const pigFarm =
  'Trại chăn nuôi heo ở thôn 2 xã An Bình xả nước thải chưa qua xử lý ra suối Đạ Tẻh, gây mùi hôi và ô nhiễm nguồn nước tưới cà phê của bà con. Đề nghị cơ quan chức năng kiểm tra, xử lý dứt điểm.';

const PETITIONS: DemoPetition[] = [
  // The landslide road, raised again and again: earlier term (answered, closed), then this term.
  {
    key: 'road-2021',
    title: 'Sạt lở đường liên thôn 3 - thôn 5',
    description: anBinhRoad,
    subject: 'giao-thong',
    level: 'province',
    channel: 'session',
    session: 'earlier',
    daysAgo: 380,
    place: 'thôn 3, xã An Bình',
    fate: {
      to: 'closed',
      recipient: 'soXayDung',
      answer:
        'Sở Xây dựng đã đưa tuyến đường liên thôn 3 - thôn 5 vào danh mục duy tu năm 2026; trước mắt UBND xã tổ chức dọn đất đá và cắm biển cảnh báo.',
      satisfied: false,
    },
  },
  {
    title: 'Đường thôn 3 đi thôn 5 sạt lở, đề nghị làm kè',
    description:
      'Cử tri thôn 5 phản ánh đường liên thôn 3 - thôn 5 sạt lở nặng, mùa mưa đất đá lấp đường, đề nghị làm kè chống sạt lở.',
    subject: 'giao-thong',
    level: 'province',
    channel: 'session',
    session: 'earlier',
    daysAgo: 380,
    place: 'thôn 5, xã An Bình',
    fate: { to: 'closed', recipient: 'soXayDung', answer: 'Đã trả lời chung với kiến nghị cùng nội dung.' },
  },
  {
    key: 'road-web',
    title: 'Sạt lở đường liên thôn 3 - 5 xã An Bình vẫn chưa được khắc phục',
    description:
      'Năm ngoái cử tri đã kiến nghị nhưng đến nay đường liên thôn 3 đi thôn 5 vẫn sạt lở, đất đá tràn mặt đường sau mưa, rất nguy hiểm cho học sinh đi học. Đề nghị sớm làm kè và sửa đường.',
    subject: 'giao-thong',
    channel: 'web',
    daysAgo: 6,
    place: 'thôn 3, xã An Bình',
    person: { name: 'Nguyễn Văn Hùng', phone: '0912 345 678', consent: true, notifyByEmail: false },
  },
  {
    title: 'Đề nghị sửa đường liên thôn bị sạt lở',
    description:
      'Tại hội nghị tiếp xúc cử tri, cử tri thôn 3 tiếp tục kiến nghị khắc phục sạt lở đường liên thôn 3 - thôn 5, làm kè chắn đất và rãnh thoát nước.',
    subject: 'giao-thong',
    channel: 'session',
    session: 'current',
    daysAgo: 25,
    place: 'thôn 3, xã An Bình',
  },
  {
    title: 'Đường liên thôn sạt lở gây nguy hiểm',
    description:
      'Cử tri thôn 5 phản ánh qua điện thoại: đường từ thôn 5 ra thôn 3 bị sạt lở, xe chở nông sản không đi được.',
    subject: 'giao-thong',
    channel: 'phone',
    daysAgo: 12,
    place: 'thôn 5, xã An Bình',
    person: { name: 'Trần Thị Lan', phone: '0987 654 321', consent: true },
  },
  // The pig farm: already consolidated (primary + members from two communes, two sessions).
  {
    key: 'farm-primary',
    title: 'Trại heo xả thải ra suối Đạ Tẻh',
    description: pigFarm,
    subject: 'moi-truong',
    level: 'province',
    channel: 'session',
    session: 'current',
    daysAgo: 25,
    place: 'thôn 2, xã An Bình',
    fate: { to: 'accepted', recipient: 'soNongNghiep', deadlineInDays: 20 },
  },
  {
    key: 'farm-1',
    title: 'Ô nhiễm nước suối do trại chăn nuôi',
    description:
      'Nước suối Đạ Tẻh đoạn qua thôn 2 đen và bốc mùi, nghi do trại heo xả thải. Bà con không dám dùng nước tưới.',
    subject: 'moi-truong',
    channel: 'walk_in',
    daysAgo: 40,
    place: 'thôn 2, xã An Bình',
    person: { name: 'Lê Văn Tư', address: 'thôn 2, xã An Bình', consent: true },
  },
  {
    key: 'farm-2',
    title: 'Mùi hôi từ trại heo ảnh hưởng sinh hoạt',
    description:
      'Cử tri xã lân cận phản ánh mùi hôi từ trại heo và nước thải chảy xuống suối, ảnh hưởng sinh hoạt của các hộ ven suối.',
    subject: 'moi-truong',
    channel: 'session',
    session: 'earlier',
    daysAgo: 380,
    place: 'ven suối Đạ Tẻh',
  },
  {
    key: 'farm-3',
    title: 'Trại heo gây ô nhiễm môi trường',
    description: 'Đề nghị kiểm tra trại heo ở thôn 2 xã An Bình xả nước thải ra suối, gây ô nhiễm hạ nguồn.',
    subject: 'moi-truong',
    channel: 'social',
    where: 'neighbour',
    daysAgo: 33,
    place: 'thôn 2, xã An Bình',
  },
  // Electricity: forwarded, overdue.
  {
    title: 'Điện chập chờn, mất điện thường xuyên ở thôn 4',
    description:
      'Thôn 4 xã An Bình mất điện nhiều lần trong tuần, điện áp yếu vào giờ cao điểm làm hỏng máy bơm tưới. Đề nghị ngành điện nâng cấp trạm biến áp.',
    subject: 'dien-nuoc',
    level: 'province',
    channel: 'session',
    session: 'current',
    daysAgo: 25,
    place: 'thôn 4, xã An Bình',
    fate: { to: 'forwarded', recipient: 'dienLuc', deadlineInDays: -3 },
  },
  {
    title: 'Đề nghị kéo điện lưới cho các hộ ở rẫy',
    description:
      'Khoảng 30 hộ sản xuất ở khu rẫy phía tây thôn 6 chưa có điện lưới quốc gia, đề nghị đầu tư đường dây hạ thế.',
    subject: 'dien-nuoc',
    level: 'province',
    channel: 'session',
    session: 'earlier',
    daysAgo: 380,
    place: 'thôn 6, xã An Bình',
    fate: {
      to: 'closed',
      recipient: 'dienLuc',
      answer: 'Công ty Điện lực Lâm Đồng đã đưa khu rẫy phía tây thôn 6 vào kế hoạch cấp điện năm 2026.',
      satisfied: true,
    },
  },
  // Health and social welfare.
  {
    title: 'Thẻ bảo hiểm y tế hộ cận nghèo chậm cấp',
    description:
      'Nhiều hộ cận nghèo ở xã An Bình đến nay chưa nhận được thẻ bảo hiểm y tế năm 2026, đi khám chữa bệnh phải tự chi trả. Đề nghị cơ quan bảo hiểm xã hội sớm cấp thẻ.',
    subject: 'y-te',
    level: 'province',
    channel: 'session',
    session: 'current',
    daysAgo: 25,
    fate: {
      to: 'answered',
      recipient: 'soYTe',
      answer:
        'Bảo hiểm xã hội tỉnh đã cấp bổ sung 214 thẻ bảo hiểm y tế cho hộ cận nghèo xã An Bình; thẻ được chuyển về UBND xã để phát cho người dân trong tháng này.',
      published: true,
    },
  },
  {
    title: 'Trạm y tế xã thiếu bác sĩ',
    description:
      'Trạm y tế xã An Bình chỉ có một bác sĩ, người dân phải xuống huyện khám. Đề nghị tăng cường bác sĩ luân phiên về trạm.',
    subject: 'y-te',
    level: 'province',
    channel: 'paper',
    daysAgo: 15,
    fate: { to: 'forwarded', recipient: 'soYTe', deadlineInDays: 25 },
  },
  {
    title: 'Chế độ cho người có công chưa được giải quyết',
    description:
      'Gia đình ông Phạm Văn Đức ở thôn 1 đã nộp hồ sơ đề nghị hưởng chế độ người có công từ năm 2024 nhưng chưa được giải quyết.',
    subject: 'an-sinh',
    channel: 'walk_in',
    daysAgo: 18,
    person: { name: 'Phạm Văn Đức', phone: '0905 111 222', address: 'thôn 1, xã An Bình', consent: true },
    fate: {
      to: 'reopened',
      recipient: 'ubndXa',
      answer: 'UBND xã đã chuyển hồ sơ lên Sở Nội vụ để thẩm định.',
      reason: 'Đã hơn hai tháng vẫn chưa có kết quả thẩm định, đề nghị trả lời cụ thể thời hạn.',
    },
  },
  {
    title: 'Hỗ trợ hộ nghèo sửa nhà',
    description:
      'Đề nghị xem xét hỗ trợ kinh phí sửa nhà cho hộ nghèo có nhà dột nát ở thôn 6 trước mùa mưa.',
    subject: 'an-sinh',
    channel: 'session',
    session: 'current',
    daysAgo: 25,
    place: 'thôn 6, xã An Bình',
    fate: { to: 'accepted', recipient: 'ubndXa', deadlineInDays: 8 },
  },
  // Agriculture and land.
  {
    title: 'Giá phân bón tăng cao',
    description:
      'Giá phân bón tăng cao trong khi giá cà phê không ổn định, đề nghị Nhà nước có chính sách bình ổn giá vật tư nông nghiệp.',
    subject: 'nong-nghiep',
    level: 'central',
    channel: 'session',
    session: 'current',
    daysAgo: 25,
    fate: { to: 'forwarded', recipient: 'daiBieuQuocHoi', deadlineInDays: 35 },
  },
  {
    title: 'Hệ thống kênh mương nội đồng xuống cấp',
    description:
      'Kênh mương nội đồng thôn 2 bị bồi lấp, nước không về ruộng. Đề nghị nạo vét và bê tông hóa kênh mương.',
    subject: 'nong-nghiep',
    channel: 'session',
    session: 'earlier',
    daysAgo: 380,
    fate: {
      to: 'closed',
      recipient: 'ubndXa',
      answer: 'UBND xã đã nạo vét 1,2 km kênh mương nội đồng thôn 2 bằng nguồn vốn nông thôn mới.',
      satisfied: true,
    },
  },
  {
    title: 'Chậm cấp giấy chứng nhận quyền sử dụng đất',
    description:
      'Nhiều hộ ở thôn 5 nộp hồ sơ cấp giấy chứng nhận quyền sử dụng đất đã quá hạn nhưng chưa được cấp, đề nghị đẩy nhanh tiến độ.',
    subject: 'dat-dai',
    level: 'province',
    channel: 'session',
    session: 'current',
    daysAgo: 25,
    fate: {
      to: 'returned',
      recipient: 'soNongNghiep',
      reason: 'Việc cấp giấy chứng nhận lần đầu thuộc thẩm quyền của UBND xã sau sắp xếp đơn vị hành chính.',
    },
  },
  {
    title: 'Bồi thường giải phóng mặt bằng đường tránh',
    description:
      'Các hộ có đất bị thu hồi làm đường tránh chưa được chi trả đủ tiền bồi thường, đề nghị công khai phương án bồi thường.',
    subject: 'dat-dai',
    level: 'province',
    channel: 'session',
    where: 'province',
    session: 'current',
    daysAgo: 22,
    fate: { to: 'forwarded', recipient: 'daiBieuHdndTinh', deadlineInDays: 40 },
  },
  {
    title: 'Tranh chấp ranh giới đất rẫy',
    description: 'Đề nghị UBND xã hòa giải tranh chấp ranh giới đất rẫy giữa hai hộ ở thôn 6.',
    subject: 'dat-dai',
    channel: 'walk_in',
    daysAgo: 4,
    person: { name: 'Ka Hồng', consent: false },
  },
  // Education.
  {
    title: 'Điểm trường thôn 6 xuống cấp',
    description:
      'Điểm trường mẫu giáo thôn 6 mái tôn thủng, tường nứt, mùa mưa trẻ phải nghỉ học. Đề nghị sửa chữa trước năm học mới.',
    subject: 'giao-duc',
    channel: 'session',
    session: 'current',
    daysAgo: 25,
    place: 'thôn 6, xã An Bình',
    fate: {
      to: 'answered',
      recipient: 'ubndXa',
      answer:
        'UBND xã đã bố trí 180 triệu đồng sửa mái và tường điểm trường thôn 6, hoàn thành trong tháng 12.',
      published: true,
    },
  },
  {
    title: 'Thiếu giáo viên tiếng Anh',
    description: 'Trường tiểu học xã An Bình thiếu giáo viên tiếng Anh, đề nghị tuyển bổ sung.',
    subject: 'giao-duc',
    level: 'province',
    channel: 'email',
    daysAgo: 2,
    fate: { to: 'draft' },
  },
  {
    title: 'Đưa đón học sinh vùng xa',
    description: 'Đề nghị có xe đưa đón học sinh các thôn vùng xa đến trường trung tâm xã.',
    subject: 'giao-duc',
    channel: 'email',
    daysAgo: 1,
    fate: { to: 'draft' },
  },
  // Public order, administration, environment.
  {
    title: 'Đèn đường trục chính không sáng',
    description:
      'Hệ thống đèn chiếu sáng trục đường chính qua trung tâm xã hỏng nhiều bóng, buổi tối rất tối.',
    subject: 'giao-thong',
    channel: 'phone',
    daysAgo: 9,
    place: 'trung tâm xã An Bình',
    fate: { to: 'forwarded', recipient: 'ubndXa', deadlineInDays: 6 },
  },
  {
    title: 'Trộm cắp cà phê mùa thu hoạch',
    description: 'Mùa thu hoạch cà phê xảy ra trộm cắp ở rẫy, đề nghị công an xã tăng cường tuần tra.',
    subject: 'an-ninh',
    channel: 'session',
    session: 'current',
    daysAgo: 25,
    fate: {
      to: 'closed',
      recipient: 'ubndXa',
      answer: 'Công an xã đã thành lập tổ tuần tra ban đêm trong mùa thu hoạch cà phê.',
      satisfied: true,
    },
  },
  {
    title: 'Dịch vụ công trực tuyến khó sử dụng',
    description:
      'Người cao tuổi gặp khó khăn khi làm thủ tục trên cổng dịch vụ công, đề nghị bố trí cán bộ hướng dẫn tại bộ phận một cửa.',
    subject: 'hanh-chinh',
    channel: 'session',
    session: 'current',
    daysAgo: 25,
  },
  {
    title: 'Rác thải ven đường',
    description:
      'Rác thải sinh hoạt đổ ven đường liên xã, chưa có điểm tập kết, đề nghị bố trí thùng rác và lịch thu gom.',
    subject: 'moi-truong',
    channel: 'web',
    daysAgo: 3,
    place: 'đường liên xã, xã An Bình',
    person: { email: 'cutri.anbinh@example.vn', consent: true, notifyByEmail: true },
  },
  {
    title: 'Khai thác cát trái phép trên sông',
    description: 'Đề nghị kiểm tra tình trạng khai thác cát trái phép ban đêm trên sông đoạn qua xã lân cận.',
    subject: 'moi-truong',
    level: 'province',
    channel: 'session',
    where: 'neighbour',
    session: 'current',
    daysAgo: 24,
    fate: { to: 'accepted', recipient: 'soNongNghiep', deadlineInDays: 12 },
  },
  {
    title: 'Quảng cáo vay tiền',
    description: 'Vay tiền nhanh không cần thế chấp, liên hệ ngay!!!',
    subject: 'khac',
    channel: 'email',
    daysAgo: 5,
    fate: { to: 'rejected', reason: 'Thư quảng cáo, không phải kiến nghị của cử tri.' },
  },
  {
    title: 'Xúc phạm cán bộ',
    description: 'Nội dung có lời lẽ xúc phạm cá nhân cán bộ thôn, không nêu kiến nghị cụ thể.',
    subject: 'khac',
    channel: 'social',
    daysAgo: 7,
    hidden: 'Lời lẽ xúc phạm cá nhân.',
  },
  {
    title: 'Nước sinh hoạt nhiễm phèn',
    description: 'Nước giếng khoan ở thôn 1 nhiễm phèn, đề nghị đầu tư công trình nước sạch tập trung.',
    subject: 'dien-nuoc',
    level: 'province',
    channel: 'session',
    session: 'earlier',
    daysAgo: 381,
    fate: {
      to: 'closed',
      recipient: 'daiBieuHdndTinh',
      answer:
        'Công trình nước sạch tập trung thôn 1 đã được đưa vào kế hoạch đầu tư công trung hạn 2026-2030.',
    },
  },
  {
    title: 'Nước sạch cho thôn 1',
    description: 'Cử tri thôn 1 tiếp tục kiến nghị đầu tư nước sạch vì nước giếng nhiễm phèn.',
    subject: 'dien-nuoc',
    level: 'province',
    channel: 'session',
    session: 'current',
    daysAgo: 25,
  },
  {
    title: 'Sóng điện thoại yếu ở thôn 6',
    description:
      'Thôn 6 sóng điện thoại và internet rất yếu, học sinh khó học trực tuyến. Đề nghị các nhà mạng lắp trạm phát sóng.',
    subject: 'dien-nuoc',
    level: 'province',
    channel: 'social',
    daysAgo: 11,
  },
  {
    title: 'Chợ xã xuống cấp',
    description: 'Chợ trung tâm xã An Bình mái che hư hỏng, đề nghị sửa chữa, sắp xếp lại các quầy hàng.',
    subject: 'giao-thong',
    channel: 'session',
    session: 'current',
    daysAgo: 23,
    fate: { to: 'forwarded', recipient: 'ubndXa', deadlineInDays: 2 },
  },
];

const RECIPIENTS = {
  ubndXa: { kind: 'agency', name: 'Ủy ban nhân dân xã An Bình', level: 'commune', at: 'anBinh' },
  soXayDung: { kind: 'agency', name: 'Sở Xây dựng tỉnh Lâm Đồng', level: 'province', at: 'province' },
  soNongNghiep: {
    kind: 'agency',
    name: 'Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng',
    level: 'province',
    at: 'province',
  },
  soYTe: { kind: 'agency', name: 'Sở Y tế tỉnh Lâm Đồng', level: 'province', at: 'province' },
  dienLuc: { kind: 'agency', name: 'Công ty Điện lực Lâm Đồng', level: 'province', at: 'province' },
  daiBieuQuocHoi: {
    kind: 'delegate',
    name: 'Nguyễn Thị Minh Hà',
    level: 'central',
    at: 'province',
    body: 'national_assembly',
    constituency: 'Đơn vị bầu cử số 2, tỉnh Lâm Đồng',
  },
  daiBieuHdndTinh: {
    kind: 'delegate',
    name: 'Trần Văn Phúc',
    level: 'province',
    at: 'province',
    body: 'peoples_council',
    constituency: 'Đơn vị bầu cử số 7, tỉnh Lâm Đồng',
  },
  daiBieuHdndXa: {
    kind: 'delegate',
    name: 'Lê Thị Hồng',
    level: 'commune',
    at: 'anBinh',
    body: 'peoples_council',
    constituency: 'Đơn vị bầu cử số 1, xã An Bình',
  },
} as const;
type RecipientKey = keyof typeof RECIPIENTS;

export interface DemoPetitionsResult {
  petitions: number;
  recipients: number;
  sessions: number;
}

/**
 * Seeds the demo petitions in the caller's transaction (the demo seed). `provinceId` is the new
 * Lâm Đồng; the commune is xã An Bình below it (found by name unless given). Returns counts, or
 * null when An Bình is not there.
 */
export async function seedDemoPetitions(
  tx: Queryable,
  input: { provinceId: string; communeId?: string; now?: Date },
): Promise<DemoPetitionsResult | null> {
  const now = input.now ?? new Date();
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const units = await tx.execute<{ id: string; name: string }>(sql`
    SELECT u.id, u.name FROM unit u JOIN unit p ON p.id = ${input.provinceId}
     WHERE u.path <@ p.path AND u.level_id = 'commune' AND u.kind = 'committee' AND u.status = 'active'
     ORDER BY (u.id = ${input.communeId ?? null}::uuid) DESC, (u.name LIKE '%xã An Bình') DESC, u.path
     LIMIT 2`);
  const [anBinh, neighbour] = units.rows;
  if (!anBinh) return null;
  const unitOf = { anBinh: anBinh.id, neighbour: (neighbour ?? anBinh).id, province: input.provinceId };
  const staffRow = await tx.execute<{ id: string }>(sql`
    SELECT id FROM staff WHERE username = 'canbo.xa.anbinh' OR unit_id = ${anBinh.id} ORDER BY (username = 'canbo.xa.anbinh') DESC LIMIT 1`);
  const cadre = staffRow.rows[0]?.id ?? null;

  // Agencies and delegates.
  const recipientIds = {} as Record<RecipientKey, string>;
  for (const [key, r] of Object.entries(RECIPIENTS) as Array<
    [RecipientKey, (typeof RECIPIENTS)[RecipientKey]]
  >) {
    const delegate = r.kind === 'delegate' ? (r as Extract<typeof r, { kind: 'delegate' }>) : null;
    const inserted = await tx.execute<{ id: string }>(sql`
      INSERT INTO petition_recipient (kind, name, level, unit_id, delegate_body, term, constituency, email)
      VALUES (${r.kind}, ${r.name}, ${r.level}, ${unitOf[r.at]}, ${delegate?.body ?? null},
              ${delegate ? CURRENT_TERM : null}, ${delegate?.constituency ?? null}, NULL)
      RETURNING id`);
    recipientIds[key] = inserted.rows[0]!.id;
  }

  // Two voter-contact sessions at An Bình: one of the previous term, one of this term.
  const sessionIds: Record<'earlier' | 'current', string> = { earlier: '', current: '' };
  for (const [which, daysAgo, term, title] of [
    [
      'earlier',
      380,
      EARLIER_TERM,
      'Hội nghị tiếp xúc cử tri trước kỳ họp cuối năm, HĐND xã An Bình nhiệm kỳ 2021-2026',
    ],
    [
      'current',
      25,
      CURRENT_TERM,
      'Hội nghị tiếp xúc cử tri sau kỳ họp thứ nhất, HĐND xã An Bình nhiệm kỳ 2026-2031',
    ],
  ] as const) {
    const starts = ago(daysAgo);
    const inserted = await tx.execute<{ id: string }>(sql`
      INSERT INTO petition_session (unit_id, title, level, mode, place, starts_at, ends_at, term, status,
                                    voter_count, attendance_at, minutes_summary, minutes_at, created_by)
      VALUES (${anBinh.id}, ${title}, 'commune', 'onsite', 'Hội trường UBND xã An Bình',
              ${starts.toISOString()}, ${new Date(starts.getTime() + 3 * 3_600_000).toISOString()}, ${term},
              'minutes_done', ${which === 'earlier' ? 112 : 135}, ${starts.toISOString()},
              'Cử tri phản ánh về giao thông, môi trường, điện, y tế và an sinh xã hội.', ${starts.toISOString()}, ${cadre})
      RETURNING id`);
    sessionIds[which] = inserted.rows[0]!.id;
    await tx.execute(sql`
      INSERT INTO petition_session_delegate (session_id, recipient_id, present)
      VALUES (${sessionIds[which]}, ${recipientIds.daiBieuHdndXa}, true)`);
  }

  const keyed = new Map<string, { id: string; unitId: string }>();
  for (const p of PETITIONS) {
    const unitId = unitOf[p.where ?? 'anBinh'];
    const receivedAt = ago(p.daysAgo);
    const status = p.fate?.to === 'draft' ? 'draft' : 'received';
    const created = await createPetition(tx, seedAudit, {
      unitId,
      subjectCode: p.subject,
      competenceLevel: p.level ?? 'commune',
      title: p.title ?? p.description.slice(0, 80),
      description: p.description,
      channel: p.channel,
      status,
      sessionId: p.session ? sessionIds[p.session] : null,
      term: p.session === 'earlier' ? EARLIER_TERM : p.session === 'current' ? CURRENT_TERM : null,
      place: p.place ?? null,
      createdByStaffId: p.channel === 'web' || p.channel === 'email' ? null : cadre,
      petitioner: p.person ?? null,
      receivedAt,
    });
    if (p.key) keyed.set(p.key, { id: created.id, unitId });
    await tx.execute(
      sql`UPDATE petition SET created_at = ${receivedAt.toISOString()} WHERE id = ${created.id}`,
    );
    await advance(tx, { id: created.id, unitId, receivedAt, fate: p.fate, recipientIds, cadre, now });
    if (p.hidden) {
      await tx.execute(
        sql`UPDATE petition SET hidden_at = now(), hidden_reason = ${p.hidden} WHERE id = ${created.id}`,
      );
      await recordPetitionEvent(tx, seedAudit, {
        petitionId: created.id,
        kind: 'hidden',
        status: 'received',
        publicNote: 'Kiến nghị đã được ẩn khỏi trang công khai.',
        internalNote: p.hidden,
        unitId,
      });
    }
  }

  // The pig farm group: three petitions consolidated into the primary, with provenance.
  const primary = keyed.get('farm-primary')!;
  for (const key of ['farm-1', 'farm-2', 'farm-3']) {
    const member = keyed.get(key)!;
    await tx.execute(sql`
      UPDATE petition SET status = 'merged', merged_into_id = ${primary.id} WHERE id = ${member.id}`);
    await tx.execute(sql`
      INSERT INTO petition_merge (primary_id, member_id, member_status, merged_at, merged_by)
      VALUES (${primary.id}, ${member.id}, 'received', ${ago(20).toISOString()}, ${cadre})`);
    await recordPetitionEvent(tx, seedAudit, {
      petitionId: member.id,
      kind: 'merged',
      status: 'merged',
      publicNote:
        'Kiến nghị được tổng hợp cùng các kiến nghị có nội dung tương tự để giải quyết chung; kết quả trả lời được cập nhật tại đây.',
      actorStaffId: cadre,
      unitId: member.unitId,
      data: { primaryId: primary.id },
    });
  }
  await recordPetitionEvent(tx, seedAudit, {
    petitionId: primary.id,
    kind: 'consolidated',
    status: 'accepted',
    publicNote: 'Đã tổng hợp thêm 3 kiến nghị có nội dung tương tự (tổng cộng 4 kiến nghị).',
    actorStaffId: cadre,
    unitId: primary.unitId,
    data: { memberIds: ['farm-1', 'farm-2', 'farm-3'].map((k) => keyed.get(k)!.id), total: 4 },
  });

  return { petitions: PETITIONS.length, recipients: Object.keys(RECIPIENTS).length, sessions: 2 };
}

/** Moves a seeded petition along its fate: forward, accept/return, answer, publish, rate, reopen, close. */
async function advance(
  tx: Queryable,
  p: {
    id: string;
    unitId: string;
    receivedAt: Date;
    fate: DemoPetition['fate'];
    recipientIds: Record<RecipientKey, string>;
    cadre: string | null;
    now: Date;
  },
) {
  const fate = p.fate;
  if (!fate || fate.to === 'draft') return;
  const event = (kind: string, status: PetitionStatus, publicNote: string, internalNote?: string) =>
    recordPetitionEvent(tx, seedAudit, {
      petitionId: p.id,
      kind,
      status,
      publicNote,
      internalNote: internalNote ?? null,
      actorStaffId: p.cadre,
      unitId: p.unitId,
    });
  if (fate.to === 'rejected') {
    await tx.execute(sql`
      UPDATE petition SET status = 'rejected', reject_reason = ${fate.reason}, closed_at = ${p.now.toISOString()}
       WHERE id = ${p.id}`);
    await event('rejected', 'rejected', `Kiến nghị không được tiếp nhận. Lý do: ${fate.reason}`, fate.reason);
    return;
  }
  const recipientKey = fate.recipient as RecipientKey;
  const recipientId = p.recipientIds[recipientKey];
  const recipientName = RECIPIENTS[recipientKey].name;
  const forwardedAt = new Date(p.receivedAt.getTime() + 2 * DAY);
  const deadline =
    'deadlineInDays' in fate
      ? new Date(p.now.getTime() + fate.deadlineInDays * DAY)
      : new Date(forwardedAt.getTime() + 60 * DAY);
  const forward = await tx.execute<{ id: string }>(sql`
    INSERT INTO petition_forward (petition_id, recipient_id, state, forwarded_at, forwarded_by, deadline_at, deadline_rule)
    VALUES (${p.id}, ${recipientId}, 'forwarded', ${forwardedAt.toISOString()}, ${p.cadre}, ${deadline.toISOString()},
            'Mặc định: 60 ngày')
    RETURNING id`);
  const forwardId = forward.rows[0]!.id;
  await tx.execute(sql`
    UPDATE petition SET status = 'forwarded', current_forward_id = ${forwardId}, deadline_at = ${deadline.toISOString()}
     WHERE id = ${p.id}`);
  await event('forwarded', 'forwarded', `Đã chuyển kiến nghị đến ${recipientName}.`);
  if (fate.to === 'forwarded') return;
  if (fate.to === 'returned') {
    await tx.execute(sql`
      UPDATE petition_forward SET state = 'returned', returned_at = ${new Date(forwardedAt.getTime() + 3 * DAY).toISOString()},
             return_reason = ${fate.reason} WHERE id = ${forwardId}`);
    await tx.execute(sql`UPDATE petition SET status = 'returned' WHERE id = ${p.id}`);
    await event('returned', 'returned', `${recipientName} trả lại kiến nghị: ${fate.reason}`);
    return;
  }
  const acceptedAt = new Date(forwardedAt.getTime() + DAY);
  await tx.execute(sql`
    UPDATE petition_forward SET state = 'accepted', accepted_at = ${acceptedAt.toISOString()} WHERE id = ${forwardId}`);
  await tx.execute(sql`UPDATE petition SET status = 'accepted' WHERE id = ${p.id}`);
  await event('accepted', 'accepted', `${recipientName} đã tiếp nhận và đang giải quyết kiến nghị.`);
  if (fate.to === 'accepted') return;

  const answeredAt = new Date(Math.min(forwardedAt.getTime() + 20 * DAY, p.now.getTime() - DAY));
  const published = fate.to !== 'answered' || fate.published !== false;
  await tx.execute(sql`
    INSERT INTO petition_answer (petition_id, forward_id, recipient_id, summary, answered_at, published_at)
    VALUES (${p.id}, ${forwardId}, ${recipientId}, ${fate.answer}, ${answeredAt.toISOString()},
            ${published ? answeredAt.toISOString() : null})`);
  await tx.execute(sql`
    UPDATE petition_forward SET state = 'answered', answered_at = ${answeredAt.toISOString()} WHERE id = ${forwardId}`);
  await tx.execute(sql`
    UPDATE petition SET status = 'answered', answered_at = ${answeredAt.toISOString()} WHERE id = ${p.id}`);
  await event('answered', 'answered', `${recipientName} đã trả lời: ${fate.answer}`);
  if (fate.to === 'answered') return;
  const later = new Date(Math.min(answeredAt.getTime() + 5 * DAY, p.now.getTime()));
  if (fate.to === 'reopened') {
    await tx.execute(sql`
      UPDATE petition SET status = 'reopened', satisfied = false, rated_at = ${later.toISOString()},
             reopen_reason = ${fate.reason}, reopened_at = ${later.toISOString()}
       WHERE id = ${p.id}`);
    await event('reopened', 'reopened', `Cử tri chưa hài lòng và đề nghị xem xét lại: ${fate.reason}`);
    return;
  }
  await tx.execute(sql`
    UPDATE petition SET status = 'closed', closed_at = ${later.toISOString()},
           satisfied = ${fate.satisfied ?? null}, rated_at = ${fate.satisfied === undefined ? null : later.toISOString()}
     WHERE id = ${p.id}`);
  await event(
    'closed',
    'closed',
    fate.satisfied === undefined
      ? 'Kiến nghị đã được giải quyết xong.'
      : fate.satisfied
        ? 'Cử tri hài lòng với kết quả trả lời. Kiến nghị đã kết thúc.'
        : 'Cử tri chưa hài lòng với kết quả trả lời. Kiến nghị đã kết thúc.',
  );
}
