import { describe, expect, it } from 'vitest';
import { ARTICLE_STATUSES } from '../portal.schema.ts';
import { type ArticleAction, statusAfterEdit, TRANSITIONS, transitionOf } from './workflow.ts';

describe('transitionOf', () => {
  it('follows draft → review → approved → published → unpublished → published', () => {
    expect(transitionOf('draft', 'submit')).toEqual({ ok: true, to: 'review' });
    expect(transitionOf('review', 'approve')).toEqual({ ok: true, to: 'approved' });
    expect(transitionOf('approved', 'publish')).toEqual({ ok: true, to: 'published' });
    expect(transitionOf('approved', 'schedule')).toEqual({ ok: true, to: 'scheduled' });
    expect(transitionOf('published', 'unpublish')).toEqual({ ok: true, to: 'unpublished' });
    expect(transitionOf('scheduled', 'unpublish')).toEqual({ ok: true, to: 'unpublished' });
    expect(transitionOf('unpublished', 'republish')).toEqual({ ok: true, to: 'published' });
    expect(transitionOf('approved', 'return')).toEqual({ ok: true, to: 'draft' });
  });

  it('refuses to publish anything not approved, naming the current status in Vietnamese', () => {
    for (const from of ['draft', 'review', 'published', 'unpublished', 'scheduled'] as const) {
      const result = transitionOf(from, 'publish');
      expect(result.ok).toBe(false);
    }
    const result = transitionOf('draft', 'publish');
    expect(result.ok === false && result.vi).toContain('"bản nháp"');
  });

  it('allows each action from its listed statuses only', () => {
    for (const action of Object.keys(TRANSITIONS) as ArticleAction[]) {
      for (const from of ARTICLE_STATUSES) {
        expect(transitionOf(from, action).ok).toBe(TRANSITIONS[action].from.includes(from));
      }
    }
  });
});

describe('statusAfterEdit', () => {
  it('sends approved and scheduled articles back to review, keeps a published one published', () => {
    expect(statusAfterEdit('approved')).toEqual({
      status: 'review',
      needsPublish: false,
      resetApproval: true,
    });
    expect(statusAfterEdit('scheduled')).toEqual({
      status: 'review',
      needsPublish: false,
      resetApproval: true,
    });
    expect(statusAfterEdit('published')).toEqual({
      status: 'published',
      needsPublish: true,
      resetApproval: false,
    });
    expect(statusAfterEdit('draft').status).toBe('draft');
  });
});
