import {
  type Channel,
  clip,
  fetchWithTimeout,
  networkDetail,
  type OutgoingPost,
  type PostResult,
} from './post.ts';

/**
 * Zalo Official Account articles (tin bài; sources in the portal README, "Cross-posting"):
 * `POST {api}/v2.0/article/create`, header `access_token`, JSON `{ type: "normal", title, author,
 * cover: { cover_type: "photo", photo_url, status: "show" }, description, body: [{ type: "text",
 * content }], status: "show", comment: "show" }` → `{ "error": 0, "message": "Success",
 * "data": { "token": "…" } }`. Errors come as HTTP 200 with `error` ≠ 0.
 */

/** The token is invalid or expired, or the app is not allowed on the OA: staff must act. */
const AUTH_ERRORS = new Set([-216, -124, -201, -202, -205, -206]);
/** Rate limited or a passing server error: retry later. */
const RETRY_ERRORS = new Set([-32, -100, -1]);

// Zalo's documented limits of an article's fields.
const TITLE_MAX = 150;
const AUTHOR_MAX = 50;
const DESCRIPTION_MAX = 300;

export function zaloArticle(post: OutgoingPost) {
  const text = post.text.trim() || post.summary;
  return {
    type: 'normal',
    title: clip(post.title, TITLE_MAX),
    author: clip(post.siteName, AUTHOR_MAX),
    ...(post.coverUrl ? { cover: { cover_type: 'photo', photo_url: post.coverUrl, status: 'show' } } : {}),
    description: clip(post.summary || post.text, DESCRIPTION_MAX),
    body: [
      { type: 'text', content: text },
      { type: 'text', content: `Xem bài gốc: ${post.url}` },
    ],
    status: 'show',
    comment: 'show',
  };
}

export async function postToZalo(apiUrl: string, channel: Channel, post: OutgoingPost): Promise<PostResult> {
  const response = await fetchWithTimeout(`${apiUrl.replace(/\/$/, '')}/v2.0/article/create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', access_token: channel.accessToken },
    body: JSON.stringify(zaloArticle(post)),
  });
  if (!(response instanceof Response)) return response;
  const json = (await response.json().catch(() => null)) as {
    error?: unknown;
    message?: unknown;
    data?: { token?: unknown; id?: unknown };
  } | null;
  const code = typeof json?.error === 'number' ? json.error : null;
  if (response.ok && code === 0) {
    const id = json?.data?.token ?? json?.data?.id;
    if (typeof id === 'string' && id) return { ok: true, externalId: id };
  }
  const detail = networkDetail(json?.message, channel.accessToken);
  const suffix = ` (Zalo${code === null ? ` HTTP ${response.status}` : ` mã ${code}`}${detail ? `: ${detail}` : ''})`;
  if (code !== null && AUTH_ERRORS.has(code)) {
    return {
      ok: false,
      retry: false,
      error: `Mã truy cập Zalo OA không hợp lệ hoặc đã hết hạn: hãy cấp lại mã truy cập trong cấu hình kênh rồi bấm "Thử lại".${suffix}`,
    };
  }
  if ((code !== null && RETRY_ERRORS.has(code)) || response.status >= 500 || response.status === 429) {
    return {
      ok: false,
      retry: true,
      error: `Zalo tạm thời từ chối hoặc đang giới hạn số lần gọi: hệ thống sẽ tự thử lại.${suffix}`,
    };
  }
  return {
    ok: false,
    retry: false,
    error: `Zalo không nhận bài viết: hãy kiểm tra ảnh bìa và nội dung bài rồi bấm "Thử lại".${suffix}`,
  };
}
