import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree } from '../../../../test/factories.ts';
import { createTestContext, type TestClient } from '../../../../test/harness.ts';
import { signedInStaff } from '../../messaging/test-support/people.ts';
import { publishDueArticles } from './scheduler.ts';

const ctx = await createTestContext();
afterAll(() => ctx.close());
const db = ctx.platform.db;

let tree: Awaited<ReturnType<typeof buildTree>>;
let writer: TestClient; // commune A: read + write
let leader: TestClient; // province A: read + approve
let publisher: TestClient; // province A: read + publish + configure
let outsider: TestClient; // province B: everything
let siteId: string;

const ahead = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

async function auditActions(articleId: string) {
  const rows = await db.execute<{ action: string; actor_label: string }>(
    sql`SELECT action, actor_label FROM audit_log WHERE entity_type = 'portal_article' AND entity_id = ${articleId} ORDER BY id`,
  );
  return rows.rows;
}

async function draft(body: Record<string, unknown> = {}) {
  const res = await writer.post('/api/portal/articles', {
    siteId,
    title: 'Hội nghị Ủy ban MTTQ xã An Bình',
    summary: 'Tóm tắt hội nghị',
    bodyHtml: '<p>Nội dung hội nghị</p>',
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; slug: string; status: string; version: number };
}

async function approved() {
  const a = await draft();
  expect((await writer.post(`/api/portal/articles/${a.id}/submit`, {})).statusCode).toBe(200);
  expect((await leader.post(`/api/portal/articles/${a.id}/approve`, {})).statusCode).toBe(200);
  return a;
}

beforeAll(async () => {
  tree = await buildTree(db);
  ({ client: writer } = await signedInStaff(ctx, tree.communeA.id, {
    permissions: ['portal.read', 'portal.write'],
    fullName: 'Trần Thị Viết',
  }));
  ({ client: leader } = await signedInStaff(ctx, tree.provinceA.id, {
    permissions: ['portal.read', 'portal.approve'],
    fullName: 'Lê Văn Duyệt',
  }));
  ({ client: publisher } = await signedInStaff(ctx, tree.provinceA.id, {
    permissions: ['portal.read', 'portal.write', 'portal.publish', 'portal.configure'],
  }));
  ({ client: outsider } = await signedInStaff(ctx, tree.provinceB.id, {
    permissions: ['portal.read', 'portal.write', 'portal.approve', 'portal.publish', 'portal.configure'],
  }));
  const site = await publisher.post('/api/portal/sites', { unitId: tree.communeA.id });
  expect(site.statusCode, site.body).toBe(201);
  siteId = site.json().id;
});

describe('article workflow', () => {
  it('goes draft → review → approved → scheduled → published by the job → unpublished, all audited', async () => {
    const a = await draft({ tags: ['Đại đoàn kết', 'dai doan ket', 'Bầu cử'] });
    expect(a).toMatchObject({ status: 'draft', version: 1, slug: 'hoi-nghi-uy-ban-mttq-xa-an-binh' });
    expect((a as unknown as { tags: unknown[] }).tags).toHaveLength(2); // same slug: one tag

    expect((await writer.post(`/api/portal/articles/${a.id}/submit`, {})).json().status).toBe('review');
    const approvedRes = await leader.post(`/api/portal/articles/${a.id}/approve`, {});
    expect(approvedRes.json()).toMatchObject({ status: 'approved', approverName: 'Lê Văn Duyệt' });

    const scheduled = await publisher.post(`/api/portal/articles/${a.id}/publish`, { at: ahead(30) });
    expect(scheduled.statusCode, scheduled.body).toBe(200);
    expect(scheduled.json().status).toBe('scheduled');

    // Not yet due: the job leaves it alone.
    expect(await publishDueArticles(db)).not.toContain(a.id);
    await db.execute(
      sql`UPDATE portal_article SET scheduled_at = now() - interval '1 minute' WHERE id = ${a.id}`,
    );
    expect(await publishDueArticles(db)).toEqual([a.id]);
    const published = (await writer.get(`/api/portal/articles/${a.id}`)).json();
    expect(published.status).toBe('published');
    expect(published.publishedAt).not.toBeNull();

    const unpublished = await publisher.post(`/api/portal/articles/${a.id}/unpublish`, {
      reason: 'Sai số liệu',
    });
    expect(unpublished.json().status).toBe('unpublished');
    const republished = await publisher.post(`/api/portal/articles/${a.id}/republish`, {});
    expect(republished.json()).toMatchObject({ status: 'published', publishedAt: published.publishedAt });

    const actions = (await auditActions(a.id)).map((r) => r.action);
    expect(actions).toEqual([
      'portal.article.create',
      'portal.article.submit',
      'portal.article.approve',
      'portal.article.schedule',
      'portal.article.publish-scheduled',
      'portal.article.unpublish',
      'portal.article.republish',
    ]);
    expect((await auditActions(a.id))[4]!.actor_label).toBe('system');
    expect(republished.json().history).toHaveLength(7);
  });

  it('sends an edited approved article back to review, clearing the approval', async () => {
    const a = await approved();
    const edited = await writer.patch(`/api/portal/articles/${a.id}`, {
      title: 'Tiêu đề mới',
      note: 'Sửa tiêu đề',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ status: 'review', approvedBy: null, version: 2 });
  });

  it('lets only a publisher correct a published article, which stays published', async () => {
    const a = await approved();
    await publisher.post(`/api/portal/articles/${a.id}/publish`, {});
    const denied = await writer.patch(`/api/portal/articles/${a.id}`, { summary: 'Sửa' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.message).toContain('quyền đăng bài');
    const corrected = await publisher.patch(`/api/portal/articles/${a.id}`, {
      summary: 'Đính chính',
      note: 'Đính chính',
    });
    expect(corrected.json()).toMatchObject({ status: 'published', summary: 'Đính chính', version: 2 });
  });

  it('refuses a transition not allowed from the current status, naming it', async () => {
    const a = await draft();
    const res = await publisher.post(`/api/portal/articles/${a.id}/publish`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('"bản nháp"');
    expect((await writer.get(`/api/portal/articles/${a.id}`)).json().status).toBe('draft');
  });

  it('rejects a schedule in the past or within a minute, changing nothing', async () => {
    const a = await approved();
    for (const at of [new Date(Date.now() - 3_600_000).toISOString(), ahead(0.5)]) {
      const res = await publisher.post(`/api/portal/articles/${a.id}/publish`, { at });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toContain('Thời điểm đăng đã qua');
    }
    const after = (await writer.get(`/api/portal/articles/${a.id}`)).json();
    expect(after).toMatchObject({ status: 'approved', scheduledAt: null, publishedAt: null });
  });
});

describe('permissions and scope', () => {
  it('forbids a writer to approve or publish', async () => {
    const a = await draft();
    await writer.post(`/api/portal/articles/${a.id}/submit`, {});
    expect((await writer.post(`/api/portal/articles/${a.id}/approve`, {})).statusCode).toBe(403);
    expect((await writer.post(`/api/portal/articles/${a.id}/publish`, {})).statusCode).toBe(403);
  });

  it('hides another province’s articles and sites', async () => {
    const a = await draft();
    expect((await outsider.get(`/api/portal/articles/${a.id}`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/portal/articles/${a.id}/approve`, {})).statusCode).toBe(404);
    expect((await outsider.patch(`/api/portal/sites/${siteId}`, { tagline: 'x' })).statusCode).toBe(404);
    const write = await outsider.post('/api/portal/articles', { siteId, title: 'Chen ngang', bodyHtml: '' });
    expect(write.statusCode).toBe(404);
    const list = (await outsider.get(`/api/portal/articles?siteId=${siteId}`)).json();
    expect(list.total).toBe(0);
    expect((await outsider.get('/api/portal/sites')).json()).toEqual([]);
    expect((await leader.get('/api/portal/sites')).json().map((s: { id: string }) => s.id)).toContain(siteId);
  });

  it('finds articles by words without diacritics', async () => {
    const a = await draft({ title: 'Ngày hội Đại đoàn kết toàn dân tộc ở thôn Đông' });
    const found = (await leader.get('/api/portal/articles?q=toan%20dan%20dai%20doan%20ket')).json();
    expect(found.items.map((i: { id: string }) => i.id)).toContain(a.id);
    const none = (await leader.get('/api/portal/articles?q=khong%20co%20dau%20nao')).json();
    expect(none.total).toBe(0);
  });
});

describe('slugs, sanitising and revisions', () => {
  it('numbers automatic slugs and refuses a taken explicit one', async () => {
    const first = await draft({ title: 'Tin trùng tên' });
    const second = await draft({ title: 'Tin trùng tên' });
    const third = await draft({ title: 'Tin trung ten' });
    expect([first.slug, second.slug, third.slug]).toEqual([
      'tin-trung-ten',
      'tin-trung-ten-2',
      'tin-trung-ten-3',
    ]);
    const taken = await writer.post('/api/portal/articles', { siteId, title: 'Khác', slug: 'tin-trung-ten' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toContain('Đường dẫn "tin-trung-ten" đã được');
  });

  it('stores the body sanitised', async () => {
    const a = await draft({
      bodyHtml:
        '<p onclick="alert(1)">Xin chào<script>alert(1)</script><img src=x onerror=alert(1)></p><a href="javascript:alert(1)">x</a>',
    });
    const stored = await db.execute<{ body_html: string; folded: string }>(
      sql`SELECT body_html, folded FROM portal_article WHERE id = ${a.id}`,
    );
    expect(stored.rows[0]!.body_html).toBe('<p>Xin chào</p><a>x</a>');
    expect(stored.rows[0]!.folded).not.toContain('alert');
  });

  it('keeps every save as a revision and diffs two of them', async () => {
    const a = await draft({ bodyHtml: '<p>Ngày 15 tháng 3</p>' });
    await writer.patch(`/api/portal/articles/${a.id}`, {
      bodyHtml: '<p>Ngày 16 tháng 3</p>',
      note: 'Sửa ngày',
    });
    const revisions = (await writer.get(`/api/portal/articles/${a.id}/revisions`)).json();
    expect(revisions.map((r: { version: number; note: string }) => [r.version, r.note])).toEqual([
      [2, 'Sửa ngày'],
      [1, ''],
    ]);
    expect(revisions[0].editorName).toBe('Trần Thị Viết');
    const diff = (await writer.get(`/api/portal/articles/${a.id}/revisions/diff?from=1&to=2`)).json();
    expect(
      diff.body.filter((p: { removed?: boolean }) => p.removed).map((p: { value: string }) => p.value.trim()),
    ).toEqual(['15']);
    expect(
      diff.body.filter((p: { added?: boolean }) => p.added).map((p: { value: string }) => p.value.trim()),
    ).toEqual(['16']);
    expect(diff.title).toEqual([{ value: 'Hội nghị Ủy ban MTTQ xã An Bình' }]);
    expect((await writer.get(`/api/portal/articles/${a.id}/revisions/diff?from=1&to=9`)).statusCode).toBe(
      404,
    );
  });
});
