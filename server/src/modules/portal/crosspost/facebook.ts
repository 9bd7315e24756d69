import {
  type Channel,
  clip,
  fetchWithTimeout,
  networkDetail,
  type OutgoingPost,
  type PostResult,
} from './post.ts';

/**
 * Facebook Page feed publishing (Graph API, developers.facebook.com/docs/pages-api/posts and
 * /docs/graph-api/guides/error-handling): `POST {graph}/{page-id}/feed` with `message`, `link`,
 * `access_token` (form-encoded: the token in the body, never in a URL that may be logged)
 * → `{ "id": "{page-id}_{post-id}" }`; errors `{ "error": { message, type, code, error_subcode,
 * fbtrace_id } }` with HTTP 4xx/5xx.
 */

/** Throttling (4, 17, 32, 341, 613) and transient API errors (1, 2): wait and retry. */
const RETRY_CODES = new Set([1, 2, 4, 17, 32, 341, 613]);
/** The token is expired, revoked or invalid (190, 102) or lacks a permission (10, 200–299). */
const isAuthCode = (code: number) =>
  code === 190 || code === 102 || code === 10 || (code >= 200 && code <= 299);

const FACEBOOK_MESSAGE_MAX = 5000;

export function facebookMessage(post: OutgoingPost): string {
  const parts = [post.title, post.summary].filter(Boolean).join('\n\n');
  return `${clip(parts, FACEBOOK_MESSAGE_MAX - post.url.length - 2)}\n\n${post.url}`;
}

export async function postToFacebook(
  graphUrl: string,
  channel: Channel,
  post: OutgoingPost,
): Promise<PostResult> {
  const body = new URLSearchParams({
    message: facebookMessage(post),
    link: post.url,
    access_token: channel.accessToken,
  });
  const response = await fetchWithTimeout(
    `${graphUrl.replace(/\/$/, '')}/${encodeURIComponent(channel.accountId)}/feed`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    },
  );
  if (!(response instanceof Response)) return response;
  const json = (await response.json().catch(() => null)) as {
    id?: unknown;
    error?: { message?: unknown; code?: unknown };
  } | null;
  if (response.ok && typeof json?.id === 'string') return { ok: true, externalId: json.id };
  const code = typeof json?.error?.code === 'number' ? json.error.code : null;
  const detail = networkDetail(json?.error?.message, channel.accessToken);
  const suffix = ` (Facebook${code === null ? ` HTTP ${response.status}` : ` mã ${code}`}${detail ? `: ${detail}` : ''})`;
  if (code !== null && isAuthCode(code)) {
    return {
      ok: false,
      retry: false,
      error: `Mã truy cập Trang Facebook không hợp lệ, đã hết hạn hoặc thiếu quyền đăng bài: hãy cấp lại mã truy cập trong cấu hình kênh rồi bấm "Thử lại".${suffix}`,
    };
  }
  if ((code !== null && RETRY_CODES.has(code)) || response.status >= 500 || response.status === 429) {
    return {
      ok: false,
      retry: true,
      error: `Facebook tạm thời từ chối hoặc đang giới hạn số lần gọi: hệ thống sẽ tự thử lại.${suffix}`,
    };
  }
  return {
    ok: false,
    retry: false,
    error: `Facebook không nhận bài đăng: hãy kiểm tra mã Trang và nội dung bài rồi bấm "Thử lại".${suffix}`,
  };
}
