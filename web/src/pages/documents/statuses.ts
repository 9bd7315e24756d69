/** The statuses of each direction, in workflow order (filters list them in this order). */
export const incomingStatuses = [
  'arrived',
  'registered',
  'submitted',
  'directed',
  'processing',
  'done',
  'returned',
  'recalled',
];
export const outgoingStatuses = [
  'draft',
  'in_review',
  'content_checked',
  'format_checked',
  'approved',
  'signed',
  'issued',
  'archived',
  'recalled',
];
/** Statuses after which a deadline no longer matters. */
export const finishedStatuses = new Set(['done', 'returned', 'recalled', 'issued', 'archived']);
