import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { inject } from 'vitest';
import { newContext } from './browser.ts';
import { signInByApi } from './session.ts';

/** The second instance of the app (same database, its own port): see e2e/global-setup.ts. */
export const baseUrl2 = () => inject('baseUrl2');

/**
 * A browser context on instance 1 or 2, signed in as `person` there. Each person gets their own
 * context: cookies are per host name, not per port, so two people on "localhost" must not share one.
 */
export async function signedInOn(
  browser: Browser,
  instance: 1 | 2,
  person: { username: string; password: string },
  options: { width?: number } = {},
): Promise<BrowserContext> {
  const context = instance === 1 ? await newContext(browser, options) : await newContextOn2(browser, options);
  await signInByApi(context, person);
  return context;
}

/** As newContext (support/browser.ts) does for instance 1: same locale, zone and patience. */
async function newContextOn2(browser: Browser, options: { width?: number }) {
  const context = await browser.newContext({
    baseURL: baseUrl2(),
    viewport: { width: options.width ?? 1280, height: 800 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  context.setDefaultTimeout(15_000);
  return context;
}

interface LiveFrame {
  op: string;
  topic?: string;
  seq?: number;
  type?: string;
  data?: Record<string, unknown>;
}

/**
 * Stands between a page and the live WebSocket (`/api/live`): forwards every frame both ways and
 * records what the server sends, so a test can wait until the page is really subscribed to a topic
 * before making the change it expects to see live. `cut()` drops the connection and refuses new
 * ones, as a lost network does (Chromium's offline emulation leaves open sockets open), until
 * `restore()`. Call before the page opens the socket (before `goto`).
 */
export async function watchLive(page: Page) {
  const received: LiveFrame[] = [];
  const waiters = new Set<() => void>();
  const open = new Set<WebSocketRoute>();
  let isCut = false;
  await page.routeWebSocket(
    (url) => url.pathname === '/api/live',
    (ws) => {
      if (isCut) {
        ws.close({ code: 4000, reason: 'network down (test)' });
        return;
      }
      const server = ws.connectToServer();
      open.add(ws);
      ws.onMessage((message) => server.send(message));
      server.onMessage((message) => {
        try {
          received.push(JSON.parse(String(message)) as LiveFrame);
        } catch {
          // not JSON: forwarded as is
        }
        ws.send(message);
        for (const wake of waiters) wake();
      });
      ws.onClose((code, reason) => {
        open.delete(ws);
        server.close({ code, reason });
      });
      server.onClose((code, reason) => {
        open.delete(ws);
        ws.close({ code, reason });
      });
    },
  );
  const until = (test: () => boolean, what: string, timeout = 15_000) =>
    new Promise<void>((resolve, reject) => {
      if (test()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`live: ${what} not seen within ${timeout} ms`));
      }, timeout);
      const check = () => {
        if (!test()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
    });
  const subscriptions = (topic: string) =>
    received.filter((f) => f.op === 'subscribed' && f.topic === topic).length;
  return {
    frames: received,
    /** The number of `subscribed` frames for `topic` so far (a re-subscription after reconnecting adds one). */
    subscriptions,
    /** Waits for the `at`-th (default first) `subscribed` frame of `topic`. */
    subscribed: (topic: string, at = 1) =>
      until(() => subscriptions(topic) >= at, `subscription #${at} to ${topic}`),
    /** Waits for an event of `topic` (of `type` when given). */
    event: (topic: string, type?: string) =>
      until(
        () => received.some((f) => f.op === 'event' && f.topic === topic && (!type || f.type === type)),
        `an event${type ? ` of type ${type}` : ''} on ${topic}`,
      ),
    /** The events of `topic` received so far, in order. */
    events: (topic: string) => received.filter((f) => f.op === 'event' && f.topic === topic),
    /** Drops the open connections and refuses new ones. */
    cut() {
      isCut = true;
      for (const ws of open) ws.close({ code: 4000, reason: 'network down (test)' });
      open.clear();
    },
    /** Lets the page connect again. */
    restore() {
      isCut = false;
    },
  };
}
