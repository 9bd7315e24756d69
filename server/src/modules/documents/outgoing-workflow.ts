import type { Permission } from '@mts/contracts';

/**
 * The outgoing document's life (Decree 30, Art. 10–19) as a table of transitions. From `approved`
 * the competent person signs digitally (`sign_digitally`; the registry adds the agency signature
 * when it issues), or the registry records "signed on paper" with a scanned copy.
 */
export const outgoingStatuses = [
  'draft', // dự thảo
  'in_review', // đang góp ý
  'content_checked', // đã kiểm tra nội dung
  'format_checked', // đã kiểm tra thể thức
  'approved', // người ký đã duyệt
  'signed', // đã ký (số hoặc trên giấy)
  'issued', // đã ban hành: số và ngày do hệ thống cấp
  'archived', // đã lưu
  'recalled', // đã thu hồi
] as const;
export type OutgoingStatus = (typeof outgoingStatuses)[number];

export const outgoingActions = [
  'submit_for_review',
  'check_content',
  'check_format',
  'approve',
  'send_back',
  'sign_on_paper',
  'sign_digitally',
  'issue',
  'archive',
  'recall',
] as const;
export type OutgoingAction = (typeof outgoingActions)[number];

interface Transition {
  from: readonly OutgoingStatus[];
  to: OutgoingStatus;
  permission: Permission;
}

export const outgoingTransitions: Record<OutgoingAction, Transition> = {
  submit_for_review: { from: ['draft'], to: 'in_review', permission: 'documents.draft' },
  check_content: { from: ['in_review'], to: 'content_checked', permission: 'documents.review' },
  check_format: { from: ['content_checked'], to: 'format_checked', permission: 'documents.issue' },
  approve: { from: ['format_checked'], to: 'approved', permission: 'documents.approve' },
  send_back: {
    from: ['in_review', 'content_checked', 'format_checked', 'approved'],
    to: 'draft',
    permission: 'documents.review',
  },
  sign_on_paper: { from: ['approved'], to: 'signed', permission: 'documents.issue' },
  // The competent person's own digital signature (documents/signing); the agency's follows at issue.
  sign_digitally: { from: ['approved'], to: 'signed', permission: 'documents.approve' },
  issue: { from: ['signed'], to: 'issued', permission: 'documents.issue' },
  archive: { from: ['issued'], to: 'archived', permission: 'documents.issue' },
  recall: { from: ['issued', 'archived'], to: 'recalled', permission: 'documents.issue' },
};

export const outgoingStatusLabels: Record<OutgoingStatus, string> = {
  draft: 'dự thảo',
  in_review: 'đang góp ý',
  content_checked: 'đã kiểm tra nội dung',
  format_checked: 'đã kiểm tra thể thức',
  approved: 'đã được duyệt',
  signed: 'đã ký',
  issued: 'đã ban hành',
  archived: 'đã lưu trữ',
  recalled: 'đã thu hồi',
};

/** The status an action leads to, or null when it is not allowed from `status`. */
export function nextStatus(status: OutgoingStatus, action: OutgoingAction): OutgoingStatus | null {
  const transition = outgoingTransitions[action];
  return transition.from.includes(status) ? transition.to : null;
}

/** Whether drafts, metadata and recipients may still change (before signing). */
export const isEditable = (status: OutgoingStatus) => status === 'draft';
