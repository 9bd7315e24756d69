import type { LiveEventFrame } from '@mts/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveClient } from './live.ts';

/** A stand-in for the browser's WebSocket: records what the client sends, lets the test answer. */
class FakeSocket {
  readyState = 0;
  sent: Array<Record<string, unknown>> = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close(code = 1000) {
    this.drop(code);
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  frame(frame: object) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

let sockets: FakeSocket[];
let client: LiveClient;
const latest = () => sockets.at(-1)!;
const event = (topic: string, seq: number | undefined, n: number) => ({
  op: 'event',
  topic,
  ...(seq === undefined ? {} : { seq }),
  type: 'message',
  data: { n },
});

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  client = new LiveClient({
    url: () => 'ws://app/api/live',
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
    random: () => 1,
  });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('live client', () => {
  it('shares one socket, resumes with the last seq after a drop and never hands over a duplicate', () => {
    const seen: number[] = [];
    const statuses: string[] = [];
    client.onStatus(() => statuses.push(client.status));
    const a = (frame: LiveEventFrame) => seen.push(frame.data.n as number);
    client.subscribe('channel:1', a);
    client.subscribe('channel:1', () => undefined);
    client.subscribe('user:me', () => undefined);
    expect(sockets).toHaveLength(1);
    latest().open();
    expect(latest().sent).toEqual([
      { op: 'subscribe', topic: 'channel:1' },
      { op: 'subscribe', topic: 'user:me' },
    ]);
    latest().frame(event('channel:1', 1, 1));
    latest().frame(event('channel:1', 2, 2));
    latest().frame(event('channel:1', 2, 2)); // duplicate
    latest().drop();
    expect(client.status).toBe('offline');

    vi.advanceTimersByTime(500); // first back-off (random() = 1: the full delay)
    expect(sockets).toHaveLength(2);
    latest().open();
    expect(latest().sent).toContainEqual({ op: 'subscribe', topic: 'channel:1', since: 2 });
    latest().frame(event('channel:1', 2, 2)); // catch-up overlapping what was seen
    latest().frame(event('channel:1', 3, 3));
    expect(seen).toEqual([1, 2, 3]);
    expect(statuses).toEqual(['connecting', 'online', 'offline', 'connecting', 'online']);
  });

  it('re-subscribes on the server’s resync, stops asking for a refused topic, stays down after 4401', () => {
    const errors: string[] = [];
    const resyncs: number[] = [];
    client.onResync(() => resyncs.push(1));
    client.subscribe('channel:1', () => undefined, { since: 7 });
    client.subscribe('channel:secret', () => undefined, { onError: (error) => errors.push(error.code) });
    latest().open();
    latest().frame({
      op: 'error',
      topic: 'channel:secret',
      code: 'FORBIDDEN',
      message: { vi: 'x', en: 'x' },
    });
    latest().sent = [];
    latest().frame({ op: 'resync' });
    expect(latest().sent).toEqual([{ op: 'subscribe', topic: 'channel:1', since: 7 }]);
    expect(errors).toEqual(['FORBIDDEN']);
    expect(resyncs).toHaveLength(2); // on open, and on the server's resync

    latest().drop(4401);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    client.reconnectNow();
    expect(sockets).toHaveLength(2);
  });

  it('backs off exponentially, closes a silent connection, and closes the socket when nobody listens', () => {
    const unsubscribe = client.subscribe('user:me', () => undefined);
    latest().drop();
    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    latest().drop();
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    latest().open();
    vi.advanceTimersByTime(25_000 + 10_000); // a ping, then no answer
    expect(client.status).toBe('offline');
    vi.advanceTimersByTime(500);
    latest().open();
    unsubscribe();
    expect(latest().readyState).toBe(3);
    expect(client.status).toBe('offline');
  });
});
