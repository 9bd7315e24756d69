/**
 * The browser client of the live WebSocket (`GET /api/live`, protocol in contracts/src/live.ts).
 *
 * One socket per tab, shared by every component; opened on the first subscription, closed when the
 * last one goes. API:
 *
 * - `live.subscribe(topic, handler, { since?, onError? })` → `unsubscribe()`. `topic` is
 *   `<kind>:<id>` (`user:<staffId>`, `unit:<unitId>`, `channel:<id>`, `directive:<id>`). `handler`
 *   gets each `{ op: 'event', topic, seq?, type, data }` frame. Ordered topics (with `seq`) are
 *   deduplicated and resumed: after a reconnection (or the server's `resync`) the client
 *   re-subscribes with the last seq it saw and the server first sends what was missed, in order.
 *   `since` starts from a seq the page already has (e.g. the last message it loaded over HTTP).
 *   `onError` gets `{ code, message: { vi, en } }` when the topic is refused (FORBIDDEN: the user
 *   may not, or no longer, read it — the client stops asking for it) or unavailable.
 *   Several subscriptions to one topic share one server subscription.
 * - `live.status` / `live.onStatus(listener)`: 'connecting' | 'online' | 'offline', for an
 *   indicator; `useLiveStatus()` in React.
 * - `live.onResync(listener)`: called after a reconnection or a server `resync` — events of
 *   unordered topics may have been missed meanwhile, so pages refetch what they show.
 * - `useLiveTopic(topic | null, onEvent, options?)`: follows a topic while the component is mounted
 *   (null: nothing); `onEvent` may change between renders without resubscribing.
 *
 * Reconnection: exponential back-off with jitter (0.5 s doubling up to 30 s, each delay drawn
 * between half and all of it, so a restarted server is not hit by every tab at once); at once when
 * the browser comes back online or the tab becomes visible. A close with 4401 (session ended)
 * stops reconnecting until `live.reconnectNow()` (after signing in again). The client pings every
 * 25 s and treats 10 s of silence after a ping as a dead connection.
 */
import type { LiveErrorCode, LiveEventFrame, LiveServerFrame } from '@mts/contracts';
import { useEffect, useRef, useSyncExternalStore } from 'react';

export type LiveStatus = 'connecting' | 'online' | 'offline';
export type LiveHandler = (event: LiveEventFrame) => void;
export interface LiveError {
  code: LiveErrorCode;
  message: { vi: string; en: string };
}
export interface LiveSubscribeOptions {
  /** The last seq the caller already has (ordered topics): the server sends what follows. */
  since?: number;
  onError?: (error: LiveError) => void;
}

/** What the client needs of its environment (a fake in unit tests). */
export interface LiveEnvironment {
  url: () => string;
  createSocket: (url: string) => WebSocket;
  random: () => number;
}

const PING_MS = 25_000;
const PONG_TIMEOUT_MS = 10_000;
const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
const CLOSE_UNAUTHENTICATED = 4401;
const OPEN = 1; // WebSocket.OPEN, also when the constructor is a test fake

interface TopicEntry {
  handlers: Set<{ onEvent: LiveHandler; onError?: (error: LiveError) => void }>;
  lastSeq?: number;
  refused: boolean;
}

export class LiveClient {
  private socket: WebSocket | null = null;
  private readonly topics = new Map<string, TopicEntry>();
  private readonly statusListeners = new Set<() => void>();
  private readonly resyncListeners = new Set<() => void>();
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private pongTimer: ReturnType<typeof setTimeout> | null = null;
  private signedOut = false;
  status: LiveStatus = 'offline';

  constructor(private readonly env: LiveEnvironment) {}

  subscribe(topic: string, onEvent: LiveHandler, options: LiveSubscribeOptions = {}): () => void {
    let entry = this.topics.get(topic);
    const handler = { onEvent, onError: options.onError };
    if (!entry) {
      entry = { handlers: new Set(), lastSeq: options.since, refused: false };
      this.topics.set(topic, entry);
      entry.handlers.add(handler);
      this.sendSubscribe(topic, entry);
    } else {
      entry.handlers.add(handler);
      if (entry.refused) options.onError?.(forbidden);
    }
    this.ensureOpen();
    return () => {
      const current = this.topics.get(topic);
      if (!current?.handlers.delete(handler) || current.handlers.size > 0) return;
      this.topics.delete(topic);
      this.send({ op: 'unsubscribe', topic });
      if (this.topics.size === 0) this.disconnect();
    };
  }

  onStatus(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  /** Reconnects at once (back online, tab visible, signed in again) instead of waiting. */
  reconnectNow() {
    this.signedOut = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.ensureOpen();
  }

  private setStatus(status: LiveStatus) {
    if (this.status === status) return;
    this.status = status;
    for (const listener of [...this.statusListeners]) listener();
  }

  private send(frame: object) {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(frame));
  }

  private sendSubscribe(topic: string, entry: TopicEntry) {
    if (entry.refused) return;
    this.send(
      entry.lastSeq === undefined
        ? { op: 'subscribe', topic }
        : { op: 'subscribe', topic, since: entry.lastSeq },
    );
  }

  private ensureOpen() {
    if (this.socket || this.retryTimer || this.signedOut || this.topics.size === 0) return;
    this.setStatus('connecting');
    const socket = this.env.createSocket(this.env.url());
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.attempt = 0;
      this.setStatus('online');
      for (const [topic, entry] of this.topics) this.sendSubscribe(topic, entry);
      this.startPinging(socket);
      this.notifyResync();
    };
    socket.onmessage = (message) => {
      if (this.socket !== socket) return;
      this.heardFrom();
      let frame: LiveServerFrame;
      try {
        frame = JSON.parse(String(message.data)) as LiveServerFrame;
      } catch {
        return;
      }
      this.receive(frame);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.stopPinging();
      this.setStatus('offline');
      if (event.code === CLOSE_UNAUTHENTICATED) {
        this.signedOut = true;
        return;
      }
      this.scheduleReconnect();
    };
  }

  private receive(frame: LiveServerFrame) {
    switch (frame.op) {
      case 'event': {
        const entry = this.topics.get(frame.topic);
        if (!entry) return;
        if (frame.seq !== undefined) {
          if (entry.lastSeq !== undefined && frame.seq <= entry.lastSeq) return;
          entry.lastSeq = frame.seq;
        }
        for (const handler of [...entry.handlers]) handler.onEvent(frame);
        return;
      }
      case 'resync':
        for (const [topic, entry] of this.topics) this.sendSubscribe(topic, entry);
        this.notifyResync();
        return;
      case 'error': {
        const entry = frame.topic ? this.topics.get(frame.topic) : undefined;
        if (!entry) return;
        if (frame.code === 'FORBIDDEN') entry.refused = true;
        for (const handler of [...entry.handlers])
          handler.onError?.({ code: frame.code, message: frame.message });
        return;
      }
      default:
        return;
    }
  }

  private notifyResync() {
    for (const listener of [...this.resyncListeners]) listener();
  }

  private scheduleReconnect() {
    if (this.retryTimer || this.topics.size === 0) return;
    const ceiling = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** this.attempt);
    this.attempt += 1;
    const delay = ceiling / 2 + this.env.random() * (ceiling / 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.ensureOpen();
    }, delay);
  }

  private disconnect() {
    const socket = this.socket;
    this.socket = null;
    this.stopPinging();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    socket?.close(1000);
    this.setStatus('offline');
  }

  private startPinging(socket: WebSocket) {
    this.stopPinging();
    this.pingTimer = setInterval(() => {
      this.send({ op: 'ping' });
      this.pongTimer ??= setTimeout(() => socket.close(4000, 'no answer'), PONG_TIMEOUT_MS);
    }, PING_MS);
  }

  private heardFrom() {
    if (this.pongTimer) clearTimeout(this.pongTimer);
    this.pongTimer = null;
  }

  private stopPinging() {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.heardFrom();
    this.pingTimer = null;
  }
}

const forbidden: LiveError = {
  code: 'FORBIDDEN',
  message: { vi: 'Bạn không có quyền theo dõi mục này.', en: 'You may not follow this topic.' },
};

/** The tab's one client (null outside a browser). */
export const live: LiveClient | null =
  typeof window === 'undefined'
    ? null
    : new LiveClient({
        url: () => {
          const url = new URL('/api/live', window.location.href);
          url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
          return url.toString();
        },
        createSocket: (url) => new WebSocket(url),
        random: Math.random,
      });

if (live && typeof window !== 'undefined') {
  window.addEventListener('online', () => live.reconnectNow());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && live.status === 'offline') live.reconnectNow();
  });
}

/** Follows `topic` while mounted (null/undefined: nothing); `onEvent` may change between renders. */
export function useLiveTopic(
  topic: string | null | undefined,
  onEvent: LiveHandler,
  options: LiveSubscribeOptions = {},
) {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const onError = useRef(options.onError);
  onError.current = options.onError;
  const since = options.since;
  useEffect(() => {
    if (!topic || !live) return;
    return live.subscribe(topic, (event) => handler.current(event), {
      since,
      onError: (error) => onError.current?.(error),
    });
  }, [topic, since]);
}

/** The connection status, for a live indicator. */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (listener) => live?.onStatus(listener) ?? (() => undefined),
    () => live?.status ?? 'offline',
  );
}
