import type { Permission } from '@mts/contracts';
import type { ArticleStatus } from '../portal.schema.ts';

/**
 * The editorial workflow, pure: which action moves an article from which status to which, and
 * the permission it takes. The services lock the row, ask `transitionOf`, then write.
 *
 *   draft ─submit→ review ─approve→ approved ─publish→ published ─unpublish→ unpublished
 *     ↑               │                 │ publish{at}        ↑                    │
 *     └──── return ───┴──── return ─────┘→ scheduled ─(job)──┘     republish ─────┘
 *                                             └─ unpublish → unpublished
 */
export type ArticleAction =
  | 'submit'
  | 'approve'
  | 'return'
  | 'publish'
  | 'schedule'
  | 'unpublish'
  | 'republish';

interface Transition {
  from: readonly ArticleStatus[];
  to: ArticleStatus;
  permission: Permission;
}

export const TRANSITIONS: Record<ArticleAction, Transition> = {
  submit: { from: ['draft'], to: 'review', permission: 'portal.write' },
  approve: { from: ['review'], to: 'approved', permission: 'portal.approve' },
  return: { from: ['review', 'approved'], to: 'draft', permission: 'portal.approve' },
  publish: { from: ['approved'], to: 'published', permission: 'portal.publish' },
  schedule: { from: ['approved'], to: 'scheduled', permission: 'portal.publish' },
  unpublish: { from: ['published', 'scheduled'], to: 'unpublished', permission: 'portal.publish' },
  republish: { from: ['unpublished'], to: 'published', permission: 'portal.publish' },
};

export const STATUS_LABELS_VI: Record<ArticleStatus, string> = {
  draft: 'bản nháp',
  review: 'chờ duyệt',
  approved: 'đã duyệt',
  scheduled: 'hẹn giờ đăng',
  published: 'đã đăng',
  unpublished: 'đã gỡ',
};

const ACTION_LABELS_VI: Record<ArticleAction, string> = {
  submit: 'gửi duyệt',
  approve: 'duyệt',
  return: 'trả lại',
  publish: 'đăng',
  schedule: 'hẹn giờ đăng',
  unpublish: 'gỡ',
  republish: 'đăng lại',
};

export type TransitionResult = { ok: true; to: ArticleStatus } | { ok: false; vi: string; en: string };

/** The status `action` leads to from `from`, or why it is not allowed (in Vietnamese first). */
export function transitionOf(from: ArticleStatus, action: ArticleAction): TransitionResult {
  const t = TRANSITIONS[action];
  if (t.from.includes(from)) return { ok: true, to: t.to };
  const allowed = t.from.map((s) => `"${STATUS_LABELS_VI[s]}"`).join(' hoặc ');
  return {
    ok: false,
    vi: `Không thể ${ACTION_LABELS_VI[action]} bài viết đang ở trạng thái "${STATUS_LABELS_VI[from]}": chỉ bài ${allowed} mới ${ACTION_LABELS_VI[action]} được.`,
    en: `Cannot ${action} an article in status "${from}" (allowed from: ${t.from.join(', ')}).`,
  };
}

/**
 * What saving an edit does to the status: an approved or scheduled article goes back to review
 * (the approval covered the old text); a published one stays published (a correction, which needs
 * portal.publish); others keep their status.
 */
export function statusAfterEdit(from: ArticleStatus): {
  status: ArticleStatus;
  needsPublish: boolean;
  resetApproval: boolean;
} {
  if (from === 'approved' || from === 'scheduled')
    return { status: 'review', needsPublish: false, resetApproval: true };
  if (from === 'published') return { status: 'published', needsPublish: true, resetApproval: false };
  return { status: from, needsPublish: false, resetApproval: false };
}

/** Statuses whose article the public sees (a change must drop the site's cache). */
export const isPublic = (status: ArticleStatus) => status === 'published';
