import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { postToFacebook } from './facebook.ts';
import type { OutgoingPost } from './post.ts';
import { startFakeNetworks } from './test-support/fake-networks.ts';
import { postToZalo, zaloArticle } from './zalo.ts';

const fake = await startFakeNetworks();
afterAll(() => fake.close());
beforeEach(() => {
  fake.fail.facebook = undefined;
  fake.fail.zalo = undefined;
});

const TOKEN = 'page-token-abcdef123456';
const channel = { accountId: '1122334455', accessToken: TOKEN };
const post: OutgoingPost = {
  title: 'Ngày hội Đại đoàn kết toàn dân tộc',
  summary: 'Khu dân cư số 3 tổ chức ngày hội.',
  text: 'Sáng 18/11, khu dân cư số 3 tổ chức ngày hội.',
  url: 'https://mattran.example.vn/bai-viet/ngay-hoi',
  siteName: 'Ủy ban MTTQ xã An Bình',
};
const fb = (p = post) => postToFacebook(fake.env.PORTAL_FACEBOOK_GRAPH_URL, channel, p);
const zalo = (p = post) => postToZalo(fake.env.PORTAL_ZALO_API_URL, channel, p);

describe('Facebook Page feed client', () => {
  it('returns the post id on success', async () => {
    expect(await fb()).toEqual({ ok: true, externalId: expect.stringMatching(/^1122334455_\d+$/) });
  });

  it('does not retry an expired token or a missing permission, and never repeats the token', async () => {
    fake.fail.facebook = { status: 400, code: 190, message: `Invalid OAuth access token ${TOKEN}.` };
    const expired = await fb();
    expect(expired).toMatchObject({ ok: false, retry: false });
    if (expired.ok) throw new Error('expected a failure');
    expect(expired.error).toContain('Mã truy cập Trang Facebook');
    expect(expired.error).toContain('mã 190');
    expect(expired.error).not.toContain(TOKEN);
    fake.fail.facebook = { status: 403, code: 200, message: 'Permissions error' };
    expect(await fb()).toMatchObject({ ok: false, retry: false });
  });

  it('retries rate limits and transient errors', async () => {
    for (const code of [4, 17, 32, 613, 1, 2]) {
      fake.fail.facebook = { status: code < 4 ? 500 : 400, code, message: 'Try again later' };
      expect(await fb(), `code ${code}`).toMatchObject({ ok: false, retry: true });
    }
  });

  it('retries when the network cannot be reached', async () => {
    const result = await postToFacebook('http://127.0.0.1:9/v21.0', channel, post);
    expect(result).toMatchObject({ ok: false, retry: true });
  });
});

describe('Zalo OA article client', () => {
  it('returns the article token on success', async () => {
    expect(await zalo()).toEqual({ ok: true, externalId: expect.stringMatching(/^zalo-article-/) });
  });

  it('reads errors from the 200 body: invalid token is final, rate limit is retried', async () => {
    fake.fail.zalo = { error: -216, message: 'Access token is invalid' };
    expect(await zalo()).toMatchObject({ ok: false, retry: false });
    fake.fail.zalo = { error: -32, message: 'Request exceeded the rate limit' };
    expect(await zalo()).toMatchObject({ ok: false, retry: true });
  });

  it('keeps the fields within Zalo’s limits and leaves out the cover when there is none', () => {
    const article = zaloArticle({ ...post, title: 'Tiêu đề '.repeat(40), summary: 'Tóm tắt '.repeat(60) });
    expect(article.title.length).toBeLessThanOrEqual(150);
    expect(article.description.length).toBeLessThanOrEqual(300);
    expect(article).not.toHaveProperty('cover');
    expect(zaloArticle({ ...post, coverUrl: 'https://x.vn/anh/1/960.jpg' }).cover).toEqual({
      cover_type: 'photo',
      photo_url: 'https://x.vn/anh/1/960.jpg',
      status: 'show',
    });
  });
});
