import { describe, expect, it } from 'vitest';
import { nextStatus, type OutgoingAction, type OutgoingStatus } from './outgoing-workflow.ts';

describe('outgoing workflow', () => {
  it('runs draft → review → content → format → approval → signed on paper → issued → archived', () => {
    const path: OutgoingAction[] = [
      'submit_for_review',
      'check_content',
      'check_format',
      'approve',
      'sign_on_paper',
      'issue',
      'archive',
    ];
    let status: OutgoingStatus = 'draft';
    const seen: OutgoingStatus[] = [];
    for (const action of path) {
      status = nextStatus(status, action)!;
      seen.push(status);
    }
    expect(seen).toEqual([
      'in_review',
      'content_checked',
      'format_checked',
      'approved',
      'signed',
      'issued',
      'archived',
    ]);
  });

  it('never issues an unsigned document nor skips a check', () => {
    expect(nextStatus('approved', 'issue')).toBeNull();
    expect(nextStatus('draft', 'approve')).toBeNull();
    expect(nextStatus('in_review', 'check_format')).toBeNull();
  });

  it('sends back to draft before signing only, and recalls issued documents only', () => {
    expect(nextStatus('approved', 'send_back')).toBe('draft');
    expect(nextStatus('signed', 'send_back')).toBeNull();
    expect(nextStatus('draft', 'recall')).toBeNull();
    expect(nextStatus('archived', 'recall')).toBe('recalled');
  });
});
