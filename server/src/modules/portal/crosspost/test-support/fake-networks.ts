import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Facebook Graph API (Page feed) and the Zalo OA API (article/create),
 * answering with their documented request and response shapes, recording every request, with
 * failures switched on per network: `fail.facebook = { status: 400, code: 190 }` answers the
 * next requests with that Graph error (set `times` to fail only that many).
 */

export interface RecordedRequest {
  network: 'facebook' | 'zalo';
  path: string;
  headers: IncomingHttpHeaders;
  /** Form fields (Facebook) or the JSON body (Zalo). */
  body: Record<string, unknown>;
}

export interface FacebookFailure {
  status: number;
  code: number;
  message?: string;
  times?: number;
}
export interface ZaloFailure {
  error: number;
  message?: string;
  times?: number;
}

export async function startFakeNetworks() {
  const requests: RecordedRequest[] = [];
  const fail: { facebook?: FacebookFailure; zalo?: ZaloFailure } = {};
  /** Milliseconds every answer waits (two workers racing over slow networks). */
  const options = { delayMs: 0 };
  let counter = 0;

  const take = <T extends { times?: number }>(key: 'facebook' | 'zalo'): T | undefined => {
    const failure = fail[key] as T | undefined;
    if (!failure) return undefined;
    if (failure.times !== undefined) {
      failure.times -= 1;
      if (failure.times <= 0) delete fail[key];
    }
    return failure;
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => setTimeout(answer, options.delayMs));
    const answer = () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
        res.end(JSON.stringify(value));
      };
      const url = new URL(req.url ?? '/', 'http://fake');
      const feed = /^\/fb\/v[0-9.]+\/([^/]+)\/feed$/.exec(url.pathname);
      if (req.method === 'POST' && feed) {
        const body = Object.fromEntries(new URLSearchParams(raw));
        requests.push({ network: 'facebook', path: url.pathname, headers: req.headers, body });
        const failure = take<FacebookFailure>('facebook');
        if (failure) {
          return send(failure.status, {
            error: {
              message: failure.message ?? 'Error validating access token: Session has expired.',
              type: 'OAuthException',
              code: failure.code,
              fbtrace_id: 'AbCdEfGh123',
            },
          });
        }
        if (!body.access_token) {
          return send(400, {
            error: {
              message: 'An access token is required.',
              type: 'OAuthException',
              code: 104,
              fbtrace_id: 'x',
            },
          });
        }
        counter += 1;
        return send(200, { id: `${feed[1]}_${1000 + counter}` });
      }
      if (req.method === 'POST' && url.pathname === '/zalo/v2.0/article/create') {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          return send(200, { error: -201, message: 'Invalid parameter' });
        }
        requests.push({ network: 'zalo', path: url.pathname, headers: req.headers, body });
        const failure = take<ZaloFailure>('zalo');
        if (failure)
          return send(200, { error: failure.error, message: failure.message ?? 'Access token is invalid' });
        if (!req.headers.access_token) return send(200, { error: -216, message: 'Access token is invalid' });
        counter += 1;
        return send(200, { error: 0, message: 'Success', data: { token: `zalo-article-${counter}` } });
      }
      send(404, { error: { message: 'Unknown path', type: 'GraphMethodException', code: 100 } });
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    requests,
    fail,
    options,
    /** PORTAL_FACEBOOK_GRAPH_URL and PORTAL_ZALO_API_URL pointing here. */
    env: { PORTAL_FACEBOOK_GRAPH_URL: `${origin}/fb/v21.0`, PORTAL_ZALO_API_URL: `${origin}/zalo` },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeNetworks = Awaited<ReturnType<typeof startFakeNetworks>>;
