import type { LiveServerFrame } from '@mts/contracts';
import { vi } from 'vitest';
import WebSocket from 'ws';

/** A test WebSocket client of /api/live that records every frame it receives. */
export interface LiveTestClient {
  socket: WebSocket;
  frames: LiveServerFrame[];
  send(frame: unknown): void;
  /** Waits (up to 10 s) until a frame matching `match` has arrived; returns it. */
  waitFor(match: (frame: LiveServerFrame) => boolean): Promise<LiveServerFrame>;
  events(topic: string): Array<Extract<LiveServerFrame, { op: 'event' }>>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

/** Opens the socket; rejects with the HTTP status when the upgrade is refused. */
export function openLive(
  baseUrl: string,
  options: { session?: string; origin?: string; bearer?: string } = {},
): Promise<LiveTestClient> {
  const headers: Record<string, string> = {};
  if (options.session) headers.cookie = `mts_session=${options.session}`;
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/live`, {
    headers,
    ...(options.origin ? { origin: options.origin } : {}),
  });
  const frames: LiveServerFrame[] = [];
  socket.on('message', (raw) => frames.push(JSON.parse(raw.toString())));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (request, response) => {
      // With this listener, ending the refused request is up to us (else its connection stays open).
      request.destroy();
      reject(new Error(`refused: ${response.statusCode}`));
    });
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        socket,
        frames,
        closed,
        send: (frame) => socket.send(JSON.stringify(frame)),
        async waitFor(match) {
          return vi.waitFor(
            () => {
              const found = frames.find(match);
              if (!found) throw new Error(`no matching frame yet; got ${JSON.stringify(frames)}`);
              return found;
            },
            { timeout: 10_000, interval: 20 },
          );
        },
        events: (topic) =>
          frames.filter(
            (frame): frame is Extract<LiveServerFrame, { op: 'event' }> =>
              frame.op === 'event' && frame.topic === topic,
          ),
        async close() {
          socket.close();
          await closed;
        },
      }),
    );
  });
}
