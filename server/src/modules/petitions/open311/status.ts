import type { PetitionStatus } from '../petitions.schema.ts';

/**
 * mySociety's extended statuses (FixMyStreet, open311-adapter): open/closed alone is too thin
 * for petitions, so `extensions=true` and `servicerequestupdates` carry one of these.
 */
export type ExtendedStatus =
  | 'FOR_TRIAGE'
  | 'ACTION_SCHEDULED'
  | 'IN_PROGRESS'
  | 'INVESTIGATING'
  | 'NOT_COUNCILS_RESPONSIBILITY'
  | 'FIXED'
  | 'CLOSED'
  | 'REOPEN'
  | 'DUPLICATE'
  | 'NO_FURTHER_ACTION';

export interface Open311Status {
  status: 'open' | 'closed';
  extended: ExtendedStatus;
}

/**
 * Our workflow seen through Open311. An answer counts only once it is published: until then the
 * petition is INVESTIGATING (the answer is being reviewed), open. A returned petition is open
 * (it will be re-routed) with NOT_COUNCILS_RESPONSIBILITY: the recipient said it is not competent.
 */
export function open311StatusOf(status: PetitionStatus, hasPublishedAnswer: boolean): Open311Status {
  switch (status) {
    case 'draft':
    case 'received':
      return { status: 'open', extended: 'FOR_TRIAGE' };
    case 'forwarded':
      return { status: 'open', extended: 'ACTION_SCHEDULED' };
    case 'accepted':
      return { status: 'open', extended: 'IN_PROGRESS' };
    case 'returned':
      return { status: 'open', extended: 'NOT_COUNCILS_RESPONSIBILITY' };
    case 'answered':
      return hasPublishedAnswer
        ? { status: 'closed', extended: 'FIXED' }
        : { status: 'open', extended: 'INVESTIGATING' };
    case 'closed':
      return { status: 'closed', extended: 'CLOSED' };
    case 'reopened':
      return { status: 'open', extended: 'REOPEN' };
    case 'merged':
      return { status: 'closed', extended: 'DUPLICATE' };
    case 'rejected':
      return { status: 'closed', extended: 'NO_FURTHER_ACTION' };
  }
}

/** The statuses that are `closed` on Open311 whatever else holds; `answered` depends on publication. */
export const ALWAYS_CLOSED: readonly PetitionStatus[] = ['closed', 'merged', 'rejected'];
