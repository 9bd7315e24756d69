import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTree } from '../../../../test/factories.ts';
import { createTestContext, type TestClient } from '../../../../test/harness.ts';
import { createSecretBox } from '../../identity/index.ts';
import { signedInStaff } from '../../messaging/test-support/people.ts';
import { startFakeNetworks } from './test-support/fake-networks.ts';
import { type CrosspostDeps, runCrosspostOnce } from './worker.ts';

const fake = await startFakeNetworks();
// Workers off: the test runs the job itself (no background run racing the assertions).
const ctx = await createTestContext({ ...fake.env, JOBS_ENABLED: 'false' });
afterAll(async () => {
  await ctx.close();
  await fake.close();
});
const db = ctx.platform.db;
const config = ctx.platform.config;
const worker: CrosspostDeps = {
  db,
  box: createSecretBox(config.SECRET_KEY!),
  publicUrl: config.PUBLIC_URL,
  facebookGraphUrl: config.PORTAL_FACEBOOK_GRAPH_URL,
  zaloApiUrl: config.PORTAL_ZALO_API_URL,
};

const FB_TOKEN = 'EAAG-facebook-page-token-SECRET-fb42';
const ZALO_TOKEN = 'zalo-oa-access-token-SECRET-za99';

let tree: Awaited<ReturnType<typeof buildTree>>;
let configurer: TestClient; // province A: read, configure, publish
let reader: TestClient; // commune A: read only
let writer: TestClient; // commune A: read, write
let outsider: TestClient; // province B: everything
let site: { id: string; slug: string; name: string };
/** Every API response body seen, to check no token ever leaks. */
const bodies: string[] = [];

async function call(
  client: TestClient,
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  url: string,
  payload?: unknown,
) {
  const res = await client.request({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  bodies.push(res.body);
  return res;
}

let articleCount = 0;
/** A published article (as the editorial publish leaves it), optionally with an image cover. */
async function publishedArticle(options: { cover?: boolean; publishedAt?: string } = {}) {
  articleCount += 1;
  let coverId: string | null = null;
  if (options.cover) {
    const media = await db.execute<{ id: string }>(sql`
      INSERT INTO portal_media (site_id, kind, width, height, variants, alt)
      VALUES (${site.id}, 'image', 1600, 900, ${JSON.stringify([
        { width: 640, height: 360, webp: 'k640w', jpeg: 'k640j' },
        { width: 960, height: 540, webp: 'k960w', jpeg: 'k960j' },
        { width: 1600, height: 900, webp: 'k1600w', jpeg: 'k1600j' },
      ])}::jsonb, 'Ảnh hội nghị') RETURNING id`);
    coverId = media.rows[0]!.id;
  }
  const result = await db.execute<{ id: string; slug: string; title: string }>(sql`
    INSERT INTO portal_article (site_id, slug, title, summary, body_html, cover_media_id, status, published_at)
    VALUES (${site.id}, ${`hoi-nghi-${articleCount}`}, ${`Hội nghị đại đoàn kết số ${articleCount}`},
            'Tóm tắt: Mặt trận xã tổ chức hội nghị.', '<p>Nội dung <strong>chi tiết</strong> &amp; kết luận.</p>',
            ${coverId}, 'published', ${options.publishedAt ?? new Date().toISOString()})
    RETURNING id, slug, title`);
  return { ...result.rows[0]!, coverId };
}

type Crosspost = {
  id: string;
  kind: 'facebook' | 'zalo';
  status: string;
  attempts: number;
  lastError: string | null;
  externalId: string | null;
  sentAt: string | null;
  nextAttemptAt: string | null;
};
async function crossposts(
  articleId: string,
  client = reader,
): Promise<Record<'facebook' | 'zalo', Crosspost>> {
  const res = await call(client, 'GET', `/api/portal/articles/${articleId}/crossposts`);
  expect(res.statusCode, res.body).toBe(200);
  const list = res.json() as Crosspost[];
  return Object.fromEntries(list.map((c) => [c.kind, c])) as Record<'facebook' | 'zalo', Crosspost>;
}

/** Makes the article's waiting posts due now, as if their backoff had elapsed. */
const makeDue = (articleId: string) =>
  db.execute(sql`UPDATE portal_crosspost SET next_attempt_at = now() - interval '1 second'
                  WHERE article_id = ${articleId} AND status IN ('queued', 'retrying')`);

const requestsFor = (slug: string) =>
  fake.requests.filter((r) =>
    r.network === 'facebook'
      ? String(r.body.link).endsWith(`/bai-viet/${slug}`)
      : JSON.stringify(r.body).includes(`/bai-viet/${slug}"`),
  );

beforeAll(async () => {
  tree = await buildTree(db);
  ({ client: configurer } = await signedInStaff(ctx, tree.provinceA.id, {
    permissions: ['portal.read', 'portal.configure', 'portal.publish'],
  }));
  ({ client: reader } = await signedInStaff(ctx, tree.communeA.id, { permissions: ['portal.read'] }));
  ({ client: writer } = await signedInStaff(ctx, tree.communeA.id, {
    permissions: ['portal.read', 'portal.write'],
  }));
  ({ client: outsider } = await signedInStaff(ctx, tree.provinceB.id, {
    permissions: ['portal.read', 'portal.write', 'portal.configure', 'portal.publish'],
  }));
  const created = await configurer.post('/api/portal/sites', { unitId: tree.communeA.id });
  expect(created.statusCode, created.body).toBe(201);
  site = created.json();
});

beforeEach(() => {
  fake.fail.facebook = undefined;
  fake.fail.zalo = undefined;
  fake.options.delayMs = 0;
});

describe('channels', () => {
  it('are configured per site with write-only tokens, audited without the token', async () => {
    const before = await publishedArticle({ publishedAt: new Date(Date.now() - 3_600_000).toISOString() });

    const noToken = await call(configurer, 'PUT', `/api/portal/sites/${site.id}/channels/facebook`, {
      accountId: '104857600123',
      accountName: 'MTTQ xã An Bình',
    });
    expect(noToken.statusCode).toBe(400);
    expect(noToken.json().error.message).toContain('mã truy cập');

    const fb = await call(configurer, 'PUT', `/api/portal/sites/${site.id}/channels/facebook`, {
      accountId: '104857600123',
      accountName: 'MTTQ xã An Bình',
      accessToken: FB_TOKEN,
    });
    expect(fb.statusCode, fb.body).toBe(200);
    expect(fb.json()).toMatchObject({
      kind: 'facebook',
      accountId: '104857600123',
      tokenHint: '…fb42',
      isActive: true,
    });
    const zalo = await call(configurer, 'PUT', `/api/portal/sites/${site.id}/channels/zalo`, {
      accountId: '4318829934512',
      accountName: 'MTTQ An Bình OA',
      accessToken: ZALO_TOKEN,
    });
    expect(zalo.statusCode, zalo.body).toBe(200);
    // An edit without a token keeps the stored one.
    const renamed = await call(configurer, 'PUT', `/api/portal/sites/${site.id}/channels/zalo`, {
      accountId: '4318829934512',
      accountName: 'Mặt trận xã An Bình',
    });
    expect(renamed.json()).toMatchObject({ accountName: 'Mặt trận xã An Bình', tokenHint: '…za99' });

    const list = await call(configurer, 'GET', `/api/portal/sites/${site.id}/channels`);
    expect(list.json().map((c: { kind: string }) => c.kind)).toEqual(['facebook', 'zalo']);

    const stored = await db.execute<{ token_sealed: string }>(sql`SELECT token_sealed FROM portal_channel`);
    for (const row of stored.rows) expect(row.token_sealed).not.toContain('SECRET');
    const audit = await db.execute<{ action: string; before: unknown; after: unknown }>(
      sql`SELECT action, before, after FROM audit_log WHERE entity_type = 'portal_channel' ORDER BY id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'portal.channel.create',
      'portal.channel.create',
      'portal.channel.update',
    ]);
    expect(JSON.stringify(audit.rows)).not.toContain('SECRET');

    // An article published before the channels existed is not posted.
    await runCrosspostOnce(worker);
    expect(await crossposts(before.id)).toEqual({});
  });

  it('are seen and changed by portal.configure holders over the site only', async () => {
    expect((await call(writer, 'GET', `/api/portal/sites/${site.id}/channels`)).statusCode).toBe(403);
    expect((await call(outsider, 'GET', `/api/portal/sites/${site.id}/channels`)).statusCode).toBe(404);
    const put = await call(outsider, 'PUT', `/api/portal/sites/${site.id}/channels/facebook`, {
      accountId: '1',
      accessToken: 'stolen-token-123',
    });
    expect(put.statusCode).toBe(404);
    expect((await call(outsider, 'DELETE', `/api/portal/sites/${site.id}/channels/zalo`)).statusCode).toBe(
      404,
    );
  });
});

describe('cross-posting on publish', () => {
  it('posts to both networks with their documented shapes and shows them sent', async () => {
    const article = await publishedArticle({ cover: true });
    expect(await runCrosspostOnce(worker)).toBe(2);
    const [fb, zalo] = [
      requestsFor(article.slug).find((r) => r.network === 'facebook')!,
      requestsFor(article.slug).find((r) => r.network === 'zalo')!,
    ];
    const url = `${config.PUBLIC_URL}/trang/${site.slug}/bai-viet/${article.slug}`;

    expect(fb.path).toBe('/fb/v21.0/104857600123/feed');
    expect(fb.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(fb.body).toMatchObject({ link: url, access_token: FB_TOKEN });
    expect(fb.body.message).toContain(article.title);
    expect(fb.body.message).toContain(url);

    expect(zalo.headers.access_token).toBe(ZALO_TOKEN);
    expect(zalo.body).toMatchObject({
      type: 'normal',
      title: article.title,
      author: site.name,
      description: 'Tóm tắt: Mặt trận xã tổ chức hội nghị.',
      cover: {
        cover_type: 'photo',
        photo_url: `${config.PUBLIC_URL}/anh/${article.coverId}/960.jpg`,
        status: 'show',
      },
      status: 'show',
      comment: 'show',
    });
    const body = zalo.body.body as Array<{ type: string; content: string }>;
    expect(body[0]).toEqual({ type: 'text', content: 'Nội dung chi tiết & kết luận.' });
    expect(body.at(-1)!.content).toContain(url);

    const status = await crossposts(article.id);
    expect(status.facebook).toMatchObject({
      status: 'sent',
      attempts: 1,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(status.facebook.externalId).toMatch(/^104857600123_\d+$/);
    expect(status.zalo).toMatchObject({
      status: 'sent',
      externalId: expect.stringMatching(/^zalo-article-/),
    });
    expect(status.zalo.sentAt).not.toBeNull();

    // Nothing is posted twice.
    expect(await runCrosspostOnce(worker)).toBe(0);
    expect(requestsFor(article.slug)).toHaveLength(2);
  });

  it('retries a passing failure with backoff, then sends', async () => {
    fake.fail.facebook = { status: 500, code: 2, message: 'An unexpected error has occurred.', times: 1 };
    const article = await publishedArticle();
    await runCrosspostOnce(worker);
    let status = await crossposts(article.id);
    expect(status.zalo.status).toBe('sent');
    expect(status.facebook).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(status.facebook.lastError).toContain('sẽ tự thử lại');
    const wait = Date.parse(status.facebook.nextAttemptAt!) - Date.now();
    expect(wait).toBeGreaterThan(50_000);
    expect(wait).toBeLessThanOrEqual(61_000);

    expect(await runCrosspostOnce(worker)).toBe(0); // not due yet
    await makeDue(article.id);
    expect(await runCrosspostOnce(worker)).toBe(1);
    status = await crossposts(article.id);
    expect(status.facebook).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('waits 1 min, 5 min, 30 min, 2 h between attempts and gives up after the 5th', async () => {
    fake.fail.zalo = { error: -32, message: 'Request exceeded the rate limit' };
    const article = await publishedArticle();
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await makeDue(article.id);
      await runCrosspostOnce(worker);
      const zalo = (await crossposts(article.id)).zalo;
      expect(zalo.attempts).toBe(attempt);
      if (zalo.nextAttemptAt) waits.push(Math.round((Date.parse(zalo.nextAttemptAt) - Date.now()) / 60_000));
      else expect(zalo.status).toBe('failed');
    }
    expect(waits).toEqual([1, 5, 30, 120]);
    expect((await crossposts(article.id)).zalo.lastError).toContain('Zalo tạm thời từ chối');
  });

  it('fails an invalid token at once with a Vietnamese error; a publisher retries it after fixing', async () => {
    fake.fail.zalo = { error: -216, message: `Access token ${ZALO_TOKEN} is invalid` };
    const article = await publishedArticle();
    await runCrosspostOnce(worker);
    const failed = (await crossposts(article.id)).zalo;
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null });
    expect(failed.lastError).toContain('Mã truy cập Zalo OA không hợp lệ hoặc đã hết hạn');
    expect(failed.lastError).not.toContain('SECRET');
    await makeDue(article.id);
    expect(await runCrosspostOnce(worker)).toBe(0); // no automatic retry

    const sent = (await crossposts(article.id)).facebook;
    expect((await call(configurer, 'POST', `/api/portal/crossposts/${sent.id}/retry`)).statusCode).toBe(409);
    expect((await call(reader, 'POST', `/api/portal/crossposts/${failed.id}/retry`)).statusCode).toBe(403);
    expect((await call(outsider, 'POST', `/api/portal/crossposts/${failed.id}/retry`)).statusCode).toBe(404);
    // Staff enter a fresh token, then retry.
    fake.fail.zalo = undefined;
    const fresh = await call(configurer, 'PUT', `/api/portal/sites/${site.id}/channels/zalo`, {
      accountId: '4318829934512',
      accessToken: `${ZALO_TOKEN}-renewed`,
    });
    expect(fresh.statusCode, fresh.body).toBe(200);
    expect((await call(configurer, 'POST', `/api/portal/crossposts/${failed.id}/retry`)).statusCode).toBe(
      204,
    );
    expect((await crossposts(article.id)).zalo).toMatchObject({ status: 'queued', attempts: 0 });
    await runCrosspostOnce(worker);
    expect((await crossposts(article.id)).zalo).toMatchObject({ status: 'sent', attempts: 1 });
    expect(requestsFor(article.slug).at(-1)!.headers.access_token).toBe(`${ZALO_TOKEN}-renewed`);
    const audit = await db.execute(
      sql`SELECT 1 FROM audit_log WHERE action = 'portal.crosspost.retry' AND entity_id = ${failed.id}`,
    );
    expect(audit.rows).toHaveLength(1);
  });

  it('posts once when two workers run at the same time', async () => {
    fake.options.delayMs = 150;
    const article = await publishedArticle();
    const [a, b] = await Promise.all([runCrosspostOnce(worker), runCrosspostOnce(worker)]);
    expect(a + b).toBe(2);
    const sent = requestsFor(article.slug);
    expect(sent.map((r) => r.network).sort()).toEqual(['facebook', 'zalo']);
  });

  it('does not post an article unpublished before its turn, nor to a switched-off channel', async () => {
    const article = await publishedArticle();
    await db.execute(sql`INSERT INTO portal_crosspost (article_id, channel_id)
                         SELECT ${article.id}, id FROM portal_channel WHERE site_id = ${site.id}`);
    await db.execute(sql`UPDATE portal_article SET status = 'unpublished' WHERE id = ${article.id}`);
    await runCrosspostOnce(worker);
    const status = await crossposts(article.id);
    expect(status.facebook).toMatchObject({ status: 'failed' });
    expect(status.facebook.lastError).toContain('đã bị gỡ');
    expect(requestsFor(article.slug)).toHaveLength(0);
  });

  it('shows the status to portal.read holders of the site only', async () => {
    const article = await publishedArticle();
    expect((await call(reader, 'GET', `/api/portal/articles/${article.id}/crossposts`)).statusCode).toBe(200);
    expect((await call(outsider, 'GET', `/api/portal/articles/${article.id}/crossposts`)).statusCode).toBe(
      404,
    );
  });

  it('never returns a token in any response', () => {
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) {
      expect(body).not.toContain(FB_TOKEN);
      expect(body).not.toContain(ZALO_TOKEN);
    }
  });
});

describe('removing a channel', () => {
  it('drops it and its pending posts, audited', async () => {
    const res = await call(configurer, 'DELETE', `/api/portal/sites/${site.id}/channels/zalo`);
    expect(res.statusCode).toBe(204);
    expect((await call(configurer, 'DELETE', `/api/portal/sites/${site.id}/channels/zalo`)).statusCode).toBe(
      404,
    );
    const article = await publishedArticle();
    await runCrosspostOnce(worker);
    expect(Object.keys(await crossposts(article.id))).toEqual(['facebook']);
    const audit = await db.execute(sql`SELECT 1 FROM audit_log WHERE action = 'portal.channel.delete'`);
    expect(audit.rows).toHaveLength(1);
  });
});
