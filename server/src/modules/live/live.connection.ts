import {
  type LiveClientFrame,
  type LiveErrorCode,
  type LiveServerFrame,
  liveClientFrameSchema,
  liveCloseCodes,
} from '@mts/contracts';
import type { WebSocket } from 'ws';
import type { LocalisedText } from '../../platform/errors/index.ts';
import type { Actor } from '../../platform/policy/index.ts';
import type { TopicRegistry } from '../../platform/realtime/index.ts';
import { EVENTS_PAGE, type LiveHub, type LiveSocket, Subscription } from './live.hub.ts';

export interface LiveLimits {
  maxSubscriptions: number;
  maxMessagesPerMinute: number;
}

/** A slow reader with more than this queued is cut off rather than kept in memory. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

const messages: Record<LiveErrorCode, LocalisedText> = {
  BAD_FRAME: {
    vi: 'Khung tin không hợp lệ (cần JSON: subscribe, unsubscribe hoặc ping).',
    en: 'Invalid frame (expected JSON: subscribe, unsubscribe or ping).',
  },
  FORBIDDEN: {
    vi: 'Bạn không có quyền theo dõi mục này.',
    en: 'You may not follow this topic.',
  },
  TOO_MANY_SUBSCRIPTIONS: {
    vi: 'Đã theo dõi quá nhiều mục trên một kết nối.',
    en: 'Too many topics followed on one connection.',
  },
  UNAVAILABLE: {
    vi: 'Tạm thời chưa nhận được cập nhật trực tiếp; sẽ thử lại.',
    en: 'Live updates are unavailable for now; will retry.',
  },
};

/**
 * One open WebSocket: parses and rate-limits the client's frames, authorises each subscription
 * through the topic's kind, runs catch-up, and sends what the hub fans out.
 */
export class LiveConnection implements LiveSocket {
  private readonly subscriptions = new Map<string, Subscription>();
  /** Frames are handled one after the other: an unsubscribe never overtakes its subscribe. */
  private queue: Promise<void> = Promise.resolve();
  private windowStart = Date.now();
  private frameCount = 0;
  private resyncPending = false;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    public actor: Actor,
    private readonly hub: LiveHub,
    private readonly topics: TopicRegistry,
    private readonly limits: LiveLimits,
  ) {
    socket.on('message', (raw, isBinary) => this.onMessage(raw.toString(), isBinary));
  }

  send(frame: LiveServerFrame) {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.socket.terminate();
      return;
    }
    this.socket.send(JSON.stringify(frame));
  }

  refuse(topic: string, code: LiveErrorCode) {
    const subscription = this.subscriptions.get(topic);
    if (subscription) {
      this.subscriptions.delete(topic);
      this.hub.detach(subscription);
    }
    this.error(code, topic);
  }

  resync() {
    if (this.resyncPending) return;
    this.resyncPending = true;
    queueMicrotask(() => {
      this.resyncPending = false;
      this.send({ op: 'resync' });
    });
  }

  close(code: number, reason: string) {
    this.socket.close(code, reason);
  }

  /** Releases every subscription (the socket closed). */
  dispose() {
    this.closed = true;
    for (const subscription of this.subscriptions.values()) this.hub.detach(subscription);
    this.subscriptions.clear();
  }

  get subscriptionCount() {
    return this.subscriptions.size;
  }

  private error(code: LiveErrorCode, topic?: string) {
    this.send({ op: 'error', ...(topic ? { topic } : {}), code, message: messages[code] });
  }

  private onMessage(text: string, isBinary: boolean) {
    if (this.closed) return;
    const now = Date.now();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.frameCount = 0;
    }
    this.frameCount += 1;
    if (this.frameCount > this.limits.maxMessagesPerMinute) {
      this.close(liveCloseCodes.rateLimited, 'too many messages');
      return;
    }
    let frame: LiveClientFrame;
    try {
      const parsed = liveClientFrameSchema.safeParse(isBinary ? undefined : JSON.parse(text));
      if (!parsed.success) throw new Error('bad frame');
      frame = parsed.data;
    } catch {
      this.error('BAD_FRAME');
      return;
    }
    if (frame.op === 'ping') {
      this.send({ op: 'pong' });
      return;
    }
    this.queue = this.queue.then(() =>
      (frame.op === 'subscribe'
        ? this.subscribe(frame.topic, frame.since)
        : this.unsubscribe(frame.topic)
      ).catch(() => this.error('UNAVAILABLE', frame.topic)),
    );
  }

  private async unsubscribe(topic: string) {
    const subscription = this.subscriptions.get(topic);
    if (subscription) {
      this.subscriptions.delete(topic);
      this.hub.detach(subscription);
    }
    this.send({ op: 'unsubscribed', topic });
  }

  private async subscribe(topic: string, since: number | undefined) {
    // Subscribing again (after a resync, with the last seq seen) replaces the subscription.
    const previous = this.subscriptions.get(topic);
    if (previous) {
      this.subscriptions.delete(topic);
      this.hub.detach(previous);
    }
    if (this.subscriptions.size >= this.limits.maxSubscriptions) {
      this.error('TOO_MANY_SUBSCRIPTIONS', topic);
      return;
    }
    const resolved = this.topics.resolve(topic);
    const allowed = resolved
      ? await resolved.kind.canSubscribe(this.actor, resolved.id).catch(() => false)
      : false;
    if (!resolved || !allowed) {
      this.error('FORBIDDEN', topic);
      return;
    }
    if (this.closed) return;
    const { kind, id } = resolved;
    const subscription = new Subscription(this, topic, since, Boolean(kind.eventsSince));
    this.subscriptions.set(topic, subscription);
    try {
      await this.hub.attach(kind, id, subscription);
    } catch {
      this.refuse(topic, 'UNAVAILABLE');
      return;
    }
    this.send({ op: 'subscribed', topic });
    if (subscription.live || !kind.eventsSince) return;
    try {
      await this.catchUp(subscription, id, since ?? 0);
    } catch {
      this.refuse(topic, 'UNAVAILABLE');
    }
  }

  /** What the client missed, oldest first; live events wait in the subscription's buffer meanwhile. */
  private async catchUp(subscription: Subscription, id: string, since: number) {
    const { topic } = subscription;
    const kind = this.topics.resolve(topic)?.kind;
    if (!kind?.eventsSince) return;
    let from = since;
    for (;;) {
      if (this.subscriptions.get(topic) !== subscription) return;
      const events = await kind.eventsSince(id, from, EVENTS_PAGE);
      for (const event of events) {
        this.send({ op: 'event', topic, seq: event.seq, type: event.type, data: event.data });
        if (event.seq !== undefined) {
          subscription.lastSeq = event.seq;
          from = event.seq;
        }
      }
      if (events.length < EVENTS_PAGE || events.at(-1)?.seq === undefined) break;
    }
    subscription.goLive();
  }
}
