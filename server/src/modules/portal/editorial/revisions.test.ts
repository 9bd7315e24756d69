import { describe, expect, it } from 'vitest';
import { diffRevisions } from './revisions.ts';

describe('diffRevisions', () => {
  it('shows the words removed and added in title and body text', () => {
    const diff = diffRevisions(
      { title: 'Hội nghị MTTQ xã', summary: 'Tóm tắt', bodyHtml: '<p>Ngày <strong>15</strong> tháng 3</p>' },
      { title: 'Hội nghị MTTQ phường', summary: 'Tóm tắt', bodyHtml: '<p>Ngày <em>16</em> tháng 3</p>' },
    );
    expect(diff.title.filter((p) => p.removed).map((p) => p.value.trim())).toEqual(['xã']);
    expect(diff.title.filter((p) => p.added).map((p) => p.value.trim())).toEqual(['phường']);
    expect(diff.summary).toEqual([{ value: 'Tóm tắt' }]);
    expect(diff.body.filter((p) => p.removed).map((p) => p.value.trim())).toEqual(['15']);
    expect(diff.body.filter((p) => p.added).map((p) => p.value.trim())).toEqual(['16']);
  });
});
