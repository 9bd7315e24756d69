import { interpolate, useI18n, type Vars } from '../../i18n/i18n.tsx';

/**
 * The digital-signature pages' strings, [Vietnamese, English] as in i18n/messages.ts; kept beside
 * the pages so they load with the signatures chunk, not with the shell.
 */
const sigMessages = {
  'sig.clearFile': ['Bỏ chọn tệp', 'Clear the chosen file'],
  'sig.sections': ['Phân mục chữ ký số', 'Digital signature sections'],
  'sig.mine.title': ['Chữ ký số của tôi', 'My digital signatures'],
  'sig.mine.nav': ['Của tôi', 'Mine'],
  'sig.mine.description': [
    'Chứng thư số để ký văn bản và ảnh chữ ký in trên văn bản đã ký.',
    'The certificates you sign documents with and the signature image printed on signed documents.',
  ],
  'sig.unit.title': ['Chữ ký số của cơ quan', 'Agency digital signatures'],
  'sig.unit.nav': ['Của cơ quan', 'Agency'],
  'sig.unit.description': [
    'Chứng thư số của cơ quan (văn thư dùng khi ban hành) và ảnh con dấu của {unit}.',
    'The agency certificates (used by the registry at issue) and the seal image of {unit}.',
  ],
  'sig.anchors.title': ['Chứng thư gốc tin cậy', 'Trust anchors'],
  'sig.anchors.description': [
    'Chữ ký số được coi là tin cậy khi chứng thư của người ký được cấp từ một trong các chứng thư gốc này.',
    'A signature is trusted when the signer certificate chains to one of these root certificates.',
  ],
  'sig.verify.title': ['Kiểm tra chữ ký số', 'Verify digital signatures'],
  'sig.verify.nav': ['Kiểm tra chữ ký số', 'Verify signatures'],
  'sig.verify.description': [
    'Chọn hoặc kéo thả một tệp PDF để kiểm tra các chữ ký số trong đó. Tệp không được lưu lại.',
    'Choose or drop a PDF to check its digital signatures. The file is not kept.',
  ],

  // certificates
  'sig.cred.mineTitle': ['Chứng thư số của tôi', 'My certificates'],
  'sig.cred.unitTitle': ['Chứng thư số của cơ quan', 'Agency certificates'],
  'sig.cred.caption': ['Danh sách chứng thư số', 'Certificates'],
  'sig.cred.empty': ['Chưa có chứng thư số nào.', 'No certificates yet.'],
  'sig.cred.subject': ['Chủ thể', 'Subject'],
  'sig.cred.issuer': ['Cơ quan cấp', 'Issuer'],
  'sig.cred.validity': ['Hiệu lực', 'Validity'],
  'sig.cred.validRange': ['{from} – {to}', '{from} – {to}'],
  'sig.cred.expired': ['Đã hết hạn', 'Expired'],
  'sig.cred.expiresSoon': ['Sắp hết hạn ({days} ngày)', 'Expires soon ({days} days)'],
  'sig.cred.notYetValid': ['Chưa có hiệu lực', 'Not yet valid'],
  'sig.cred.provider': ['Nơi giữ khóa', 'Key held by'],
  'sig.cred.provider.local': ['Tệp .p12 trên máy chủ (ký bằng mã PIN)', '.p12 on the server (PIN)'],
  'sig.cred.provider.remote': ['Ký số từ xa (xác nhận trên điện thoại)', 'Remote signing (phone)'],
  'sig.cred.status': ['Trạng thái', 'Status'],
  'sig.cred.status.active': ['Đang dùng', 'Active'],
  'sig.cred.status.revoked': ['Đã thu hồi', 'Revoked'],
  'sig.cred.status.disabled': ['Đã ngừng dùng', 'Disabled'],
  'sig.cred.serial': ['Số hiệu', 'Serial'],
  'sig.cred.actions': ['Thao tác', 'Actions'],
  'sig.cred.changePin': ['Đổi mã PIN', 'Change PIN'],
  'sig.cred.changePinOf': ['Đổi mã PIN: {name}', 'Change PIN: {name}'],
  'sig.cred.currentPin': ['Mã PIN hiện tại', 'Current PIN'],
  'sig.cred.newPin': ['Mã PIN mới (ít nhất 6 ký tự)', 'New PIN (at least 6 characters)'],
  'sig.cred.confirmPin': ['Nhập lại mã PIN mới', 'Repeat the new PIN'],
  'sig.cred.pinMismatch': ['Hai lần nhập mã PIN mới không khớp.', 'The two new PINs differ.'],
  'sig.cred.pinChanged': ['Đã đổi mã PIN.', 'The PIN was changed.'],
  'sig.cred.disable': ['Ngừng dùng', 'Disable'],
  'sig.cred.disableOf': ['Ngừng dùng chứng thư số: {name}', 'Disable the certificate: {name}'],
  'sig.cred.disableMessage': [
    'Chứng thư số "{name}" sẽ không dùng để ký được nữa. Không thể hoàn tác.',
    'The certificate "{name}" can no longer be used to sign. This cannot be undone.',
  ],
  'sig.cred.disabled': ['Đã ngừng dùng chứng thư số.', 'The certificate was disabled.'],
  'sig.cred.add': ['Thêm chứng thư số (.p12)', 'Add a certificate (.p12)'],
  'sig.cred.file': ['Tệp chứng thư số (.p12, .pfx)', 'Certificate file (.p12, .pfx)'],
  'sig.cred.pin': ['Mã PIN của tệp', 'PIN of the file'],
  'sig.cred.pinHint': [
    'Mã PIN chỉ dùng để mở tệp, không được lưu lại; khi ký bạn nhập lại mã PIN.',
    'The PIN only opens the file and is not stored; you type it again to sign.',
  ],
  'sig.cred.label': ['Tên gợi nhớ (không bắt buộc)', 'Label (optional)'],
  'sig.cred.upload': ['Tải lên', 'Upload'],
  'sig.cred.added': ['Đã thêm chứng thư số {name}.', 'Added the certificate {name}.'],
  'sig.cred.chooseFile': ['Hãy chọn tệp .p12.', 'Choose a .p12 file.'],

  // images
  'sig.image.mineTitle': ['Ảnh chữ ký của tôi', 'My signature image'],
  'sig.image.sealTitle': ['Ảnh con dấu', 'Seal image'],
  'sig.image.mineHint': [
    'Ảnh PNG nền trong suốt, nét mực xanh; được in cạnh chữ ký số của bạn trên văn bản.',
    'A PNG with a transparent background and blue ink, printed beside your digital signature.',
  ],
  'sig.image.sealHint': [
    'Ảnh PNG nền trong suốt, màu đỏ; được in đúng đường kính thật của con dấu.',
    'A red PNG with a transparent background, printed at the real diameter of the seal.',
  ],
  'sig.image.none': ['Chưa có ảnh.', 'No image yet.'],
  'sig.image.mineAlt': ['Ảnh chữ ký hiện tại', 'Current signature image'],
  'sig.image.sealAlt': ['Ảnh con dấu hiện tại ({mm} mm)', 'Current seal image ({mm} mm)'],
  'sig.image.size': ['{width} × {height} điểm ảnh', '{width} × {height} pixels'],
  'sig.image.diameterShown': ['Đường kính {mm} mm', 'Diameter {mm} mm'],
  'sig.image.file': ['Chọn ảnh PNG để tải lên', 'Choose a PNG to upload'],
  'sig.image.sealFile': ['Ảnh con dấu (PNG)', 'Seal image (PNG)'],
  'sig.image.diameter': ['Đường kính thật của con dấu (mm)', 'Real diameter of the seal (mm)'],
  'sig.image.uploading': ['Đang tải ảnh lên…', 'Uploading the image…'],
  'sig.image.saved': ['Đã lưu ảnh.', 'The image was saved.'],
  'sig.image.saveSeal': ['Lưu ảnh con dấu', 'Save the seal image'],
  'sig.image.checker': [
    'Nền ô bàn cờ cho thấy phần trong suốt của ảnh.',
    'The checkerboard shows the transparent part of the image.',
  ],

  // trust anchors
  'sig.anchors.caption': ['Danh sách chứng thư gốc tin cậy', 'Trust anchors'],
  'sig.anchors.empty': ['Chưa có chứng thư gốc nào.', 'No trust anchors yet.'],
  'sig.anchors.name': ['Tên', 'Name'],
  'sig.anchors.fingerprint': ['Dấu vân tay SHA-256', 'SHA-256 fingerprint'],
  'sig.anchors.source': ['Nguồn', 'Source'],
  'sig.anchors.source.config': ['Cấu hình máy chủ', 'Server configuration'],
  'sig.anchors.source.demo': ['CA thử nghiệm', 'Demo CA'],
  'sig.anchors.source.admin': ['Quản trị viên thêm', 'Added by an administrator'],
  'sig.anchors.active': ['Đang áp dụng', 'In use'],
  'sig.anchors.inactive': ['Không áp dụng', 'Not in use'],
  'sig.anchors.add': ['Thêm chứng thư gốc', 'Add a trust anchor'],
  'sig.anchors.pem': ['Chứng thư dạng PEM', 'Certificate (PEM)'],
  'sig.anchors.pemHint': [
    'Dán nội dung từ -----BEGIN CERTIFICATE----- đến -----END CERTIFICATE-----, hoặc chọn tệp.',
    'Paste from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----, or choose a file.',
  ],
  'sig.anchors.pemFile': ['Đọc từ tệp (.pem, .crt, .cer)', 'Read from a file (.pem, .crt, .cer)'],
  'sig.anchors.added': ['Đã thêm chứng thư gốc {name}.', 'Added the trust anchor {name}.'],

  // verification
  'sig.verify.file': ['Tệp PDF cần kiểm tra', 'PDF to verify'],
  'sig.verify.drop': ['Kéo thả tệp PDF vào đây', 'Drop a PDF here'],
  'sig.verify.checking': ['Đang kiểm tra chữ ký số…', 'Checking the signatures…'],
  'sig.verify.result': ['Kết quả kiểm tra', 'Result'],
  'sig.verify.valid': ['Hợp lệ', 'Valid'],
  'sig.verify.invalid': ['Không hợp lệ', 'Invalid'],
  'sig.verify.indeterminate': ['Chưa xác định được', 'Indeterminate'],
  'sig.verify.absent': ['Tài liệu không có chữ ký số', 'The document has no digital signature'],
  'sig.verify.count': ['{n} chữ ký số trong tệp {name}', '{n} signature(s) in {name}'],
  'sig.verify.signature': ['Chữ ký {n}', 'Signature {n}'],
  'sig.verify.docTimestamp': ['Dấu thời gian tài liệu {n}', 'Document timestamp {n}'],
  'sig.verify.signer': ['Người ký', 'Signer'],
  'sig.verify.issuer': ['Cơ quan cấp chứng thư', 'Certificate issuer'],
  'sig.verify.trust': ['Độ tin cậy', 'Trust'],
  'sig.verify.trusted': ['Tin cậy (theo {anchor})', 'Trusted (via {anchor})'],
  'sig.verify.trustedNoName': ['Tin cậy', 'Trusted'],
  'sig.verify.untrusted': [
    'Không tin cậy (không thuộc chứng thư gốc nào được tin cậy)',
    'Not trusted (no trusted root)',
  ],
  'sig.verify.incomplete': [
    'Thiếu chứng thư trung gian, không dựng được chuỗi',
    'Incomplete chain (intermediate missing)',
  ],
  'sig.verify.time': ['Thời điểm ký (tự khai)', 'Signing time (claimed)'],
  'sig.verify.timestamp': ['Dấu thời gian', 'Timestamp'],
  'sig.verify.timestampValid': ['{time}, hợp lệ', '{time}, valid'],
  'sig.verify.timestampInvalid': ['{time}, không hợp lệ', '{time}, invalid'],
  'sig.verify.noTimestamp': ['Không có', 'None'],
  'sig.verify.integrity': ['Toàn vẹn', 'Integrity'],
  'sig.verify.intact': ['Nguyên vẹn từ khi ký', 'Unchanged since signing'],
  'sig.verify.broken': ['Bị phá vỡ: nội dung đã bị sửa', 'Broken: the content was changed'],
  'sig.verify.certValidity': ['Hiệu lực chứng thư lúc ký', 'Certificate validity at signing'],
  'sig.verify.certValid': ['Còn hiệu lực', 'Valid'],
  'sig.verify.certExpired': ['Đã hết hạn', 'Expired'],
  'sig.verify.certNotYetValid': ['Chưa có hiệu lực', 'Not yet valid'],
  'sig.verify.coverage': ['Phạm vi ký', 'Coverage'],
  'sig.verify.whole': ['Toàn bộ tài liệu', 'The whole document'],
  'sig.verify.partial': [
    'Phiên bản {revision}/{total}; sau đó: {changes}',
    'Revision {revision} of {total}; later: {changes}',
  ],
  'sig.verify.changes.none': ['không có thay đổi', 'no changes'],
  'sig.verify.changes.signatures-and-annotations': [
    'chỉ thêm chữ ký, chú thích hoặc trường biểu mẫu',
    'only further signatures, annotations or form fields',
  ],
  'sig.verify.changes.page-content': ['có sửa nội dung trang', 'page content changed'],
  'sig.verify.changes.other': ['có thay đổi khác', 'other changes'],
  'sig.verify.changes.unknown': ['không xác định được', 'could not be determined'],
  'sig.verify.reasons': ['Ghi chú', 'Notes'],
  'sig.verify.fullReport': ['Báo cáo đầy đủ', 'Full report'],
  'sig.verify.download': ['Tải báo cáo JSON', 'Download the JSON report'],
  'sig.verify.unknown': ['không rõ', 'unknown'],
  'sig.verify.again': ['Kiểm tra tệp khác', 'Check another file'],
} as const satisfies Record<string, readonly [string, string]>;

export type SigKey = keyof typeof sigMessages;

/** `st` for the signatures pages; everything else of useI18n passes through. */
export function useSigI18n() {
  const i18n = useI18n();
  const st = (key: SigKey, vars?: Vars) => {
    const entry = sigMessages[key];
    return interpolate(i18n.language === 'vi' ? entry[0] : entry[1], vars);
  };
  return { ...i18n, st };
}
