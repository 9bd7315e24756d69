/** The one way the staff app talks to the API: JSON, the CSRF header on writes, errors as ApiError. */

export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId?: string;
  readonly issues: ApiIssue[];
  readonly details?: Record<string, unknown>;

  constructor(
    status: number,
    body: {
      code?: string;
      message?: string;
      requestId?: string;
      issues?: ApiIssue[];
      details?: Record<string, unknown>;
    },
  ) {
    super(body.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body.code ?? 'INTERNAL';
    this.requestId = body.requestId;
    this.issues = body.issues ?? [];
    this.details = body.details;
  }

  /** Field errors keyed by the last segment of the issue path ("body.username" → "username"). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const issue of this.issues) {
      const key = issue.path.replace(/^(body|query|params)\.?/, '');
      if (!(key in out)) out[key] = issue.message;
    }
    return out;
  }
}

let language: 'vi' | 'en' = 'vi';
let csrfFallback = '';

export function setApiLanguage(value: 'vi' | 'en') {
  language = value;
}

/** Remembers the CSRF token from a login or /me answer in case the cookie is not readable. */
export function rememberCsrfToken(token: string) {
  if (token) csrfFallback = token;
}

/** The CSRF cookie is set together with the session cookie and is readable; the session one is not. */
export function hasSessionCookie(): boolean {
  return /(?:^|;\s*)mts_csrf=/.test(document.cookie);
}

function csrfToken(): string {
  const match = /(?:^|;\s*)mts_csrf=([^;]*)/.exec(document.cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : csrfFallback;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrfToken();
  let response: Response;
  try {
    response = await fetch(withQuery(`/api${path}`, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, {
      code: 'NETWORK',
      message:
        language === 'vi'
          ? 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.'
          : 'Could not reach the server. Check your connection and try again.',
    });
  }
  if (!response.ok) {
    let errorBody: { error?: ConstructorParameters<typeof ApiError>[1] } = {};
    try {
      errorBody = await response.json();
    } catch {
      // not JSON (a proxy error page): fall back to the status
    }
    throw new ApiError(response.status, errorBody.error ?? {});
  }
  return response;
}

async function json<T>(method: string, path: string, options?: RequestOptions): Promise<T> {
  const response = await send(method, path, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => json<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Query) => json<T>('POST', path, { body, query }),
  put: <T>(path: string, body?: unknown) => json<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => json<T>('PATCH', path, { body }),
  delete: <T>(path: string, body?: unknown) => json<T>('DELETE', path, { body }),
  /** For downloads (exports): the raw response. */
  raw: (method: string, path: string, options?: RequestOptions) => send(method, path, options),
};

/** Saves a downloaded response as a file, named by Content-Disposition when the server gives one. */
export async function saveDownload(response: Response, fallbackName: string) {
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match?.[1] ? decodeURIComponent(match[1]) : fallbackName;
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
