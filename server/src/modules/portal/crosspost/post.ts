/**
 * What a network client answers: the post's id on the network, or a failure saying whether
 * trying again later can help (rate limits, outages) or not (a bad token: staff must act).
 * `error` is a Vietnamese summary for the status shown to staff; it never contains the token.
 */
export type PostResult = { ok: true; externalId: string } | { ok: false; retry: boolean; error: string };

/** The article as it is posted: plain text, absolute URLs. */
export interface OutgoingPost {
  title: string;
  summary: string;
  /** The body as plain text (tags dropped, entities decoded). */
  text: string;
  /** The article's canonical public URL. */
  url: string;
  /** Absolute URL of the cover's JPEG rendition, when the article has a cover. */
  coverUrl?: string;
  /** The site's name (the Zalo article's author). */
  siteName: string;
}

export interface Channel {
  accountId: string;
  accessToken: string;
}

export const REQUEST_TIMEOUT_MS = 15_000;

/** fetch with a timeout; network failures and timeouts come back as a retryable failure. */
export async function fetchWithTimeout(
  url: string,
  init: RequestInit,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<Response | { ok: false; retry: true; error: string }> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return {
      ok: false,
      retry: true,
      error: timedOut
        ? 'Mạng xã hội không trả lời kịp (quá thời gian chờ): hệ thống sẽ tự thử lại.'
        : 'Không kết nối được tới mạng xã hội: hệ thống sẽ tự thử lại.',
    };
  }
}

/** The network's own message, short, with the token removed should the network echo it. */
export function networkDetail(message: unknown, token: string): string {
  const text = typeof message === 'string' ? message : '';
  const safe = token ? text.split(token).join('***') : text;
  return safe.length > 200 ? `${safe.slice(0, 200)}…` : safe;
}

/** Cuts `text` to `max` characters on a word boundary when possible, with an ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}
