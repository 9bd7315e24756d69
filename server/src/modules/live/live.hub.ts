import type { LiveErrorCode, LiveServerFrame } from '@mts/contracts';
import type { Actor } from '../../platform/policy/index.ts';
import type { Realtime, TopicEvent, TopicKind } from '../../platform/realtime/index.ts';

/** Events fetched per `eventsSince` call (catch-up and expansion page through larger gaps). */
export const EVENTS_PAGE = 200;

/** What the hub needs of a socket: who it is, and a way to send it frames. */
export interface LiveSocket {
  readonly actor: Actor;
  send(frame: LiveServerFrame): void;
  /** The topic is no longer readable: drop the subscription and tell the client. */
  refuse(topic: string, code: LiveErrorCode): void;
  /** The server's feed reconnected: tell the client once, whatever number of topics it follows. */
  resync(): void;
}

/**
 * One socket's subscription to a topic. Until its catch-up is done, live events are buffered;
 * afterwards events at or below the last seq sent are dropped (no duplicates across catch-up/live).
 */
export class Subscription {
  live: boolean;
  lastSeq: number | null;
  private buffer: TopicEvent[] = [];

  constructor(
    readonly socket: LiveSocket,
    readonly topic: string,
    since: number | undefined,
    ordered: boolean,
  ) {
    this.live = since === undefined || !ordered;
    this.lastSeq = ordered && since !== undefined ? since : null;
  }

  deliver(event: TopicEvent) {
    if (!this.live) {
      this.buffer.push(event);
      return;
    }
    if (event.seq !== undefined && this.lastSeq !== null && event.seq <= this.lastSeq) return;
    this.socket.send({ op: 'event', topic: this.topic, seq: event.seq, type: event.type, data: event.data });
    if (event.seq !== undefined) this.lastSeq = event.seq;
  }

  /** Catch-up done: from now on events go straight out, starting with those buffered meanwhile. */
  goLive() {
    this.live = true;
    const buffered = this.buffer.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    this.buffer = [];
    for (const event of buffered) this.deliver(event);
  }
}

interface TopicState {
  kind: TopicKind;
  id: string;
  subscriptions: Set<Subscription>;
  unsubscribe: () => void;
  /** Highest seq fanned out on this instance (ordered kinds), or null before the first. */
  lastSeq: number | null;
  /** Notifications of one topic are handled one after the other, in arrival order. */
  queue: Promise<void>;
}

/** `{ seq }` and nothing else: an ordered topic's "something new" that the hub expands. */
const isSeqOnly = (data: Record<string, unknown>) =>
  typeof data.seq === 'number' && Object.keys(data).length === 1;

/**
 * Data published on a topic → event: `{ type, seq?, ...rest }` gives `{ type, seq, data: rest }`
 * (`type` defaults to 'update').
 */
export function toTopicEvent(data: Record<string, unknown>): TopicEvent {
  const { type, seq, ...rest } = data;
  return {
    type: typeof type === 'string' ? type : 'update',
    ...(typeof seq === 'number' ? { seq } : {}),
    data: rest,
  };
}

/**
 * The topics followed on this instance: one transport subscription per topic, whatever the number
 * of sockets on it; an ordered topic's `{ seq }` notification is expanded with ONE `eventsSince`
 * call per instance, then fanned out to every socket.
 */
export class LiveHub {
  private readonly topics = new Map<string, TopicState>();

  constructor(
    private readonly realtime: Realtime,
    private readonly log: (message: string, error?: unknown) => void,
  ) {}

  get topicCount() {
    return this.topics.size;
  }

  /** Adds a subscription; resolves once the transport listens (so nothing after this is missed). */
  async attach(kind: TopicKind, id: string, subscription: Subscription) {
    let state = this.topics.get(subscription.topic);
    if (!state) {
      const topic = subscription.topic;
      const created: TopicState = {
        kind,
        id,
        subscriptions: new Set(),
        lastSeq: null,
        queue: Promise.resolve(),
        unsubscribe: () => undefined,
      };
      created.unsubscribe = this.realtime.subscribe(topic, (data) => this.receive(created, data));
      this.topics.set(topic, created);
      state = created;
    }
    state.subscriptions.add(subscription);
    await this.realtime.ready();
  }

  detach(subscription: Subscription) {
    const state = this.topics.get(subscription.topic);
    if (!state) return;
    state.subscriptions.delete(subscription);
    if (state.subscriptions.size === 0) {
      state.unsubscribe();
      this.topics.delete(subscription.topic);
    }
  }

  private receive(state: TopicState, data: Record<string, unknown>) {
    if (data.resync === true) {
      for (const subscription of state.subscriptions) subscription.socket.resync();
      return;
    }
    state.queue = state.queue
      .then(() => this.handle(state, data))
      .catch((error) => this.log('live topic notification failed', error));
  }

  private async handle(state: TopicState, data: Record<string, unknown>) {
    if (data.access === true) {
      await Promise.all(
        [...state.subscriptions].map(async (subscription) => {
          const allowed = await state.kind
            .canSubscribe(subscription.socket.actor, state.id)
            .catch(() => false);
          if (!allowed) subscription.socket.refuse(subscription.topic, 'FORBIDDEN');
        }),
      );
      return;
    }
    if (state.kind.eventsSince && isSeqOnly(data)) {
      const seq = data.seq as number;
      if (state.lastSeq !== null && seq <= state.lastSeq) return;
      let from = state.lastSeq ?? seq - 1;
      for (;;) {
        const events = await state.kind.eventsSince(state.id, from, EVENTS_PAGE);
        for (const event of events) this.fanOut(state, event);
        const last = events.at(-1)?.seq;
        if (last !== undefined) from = last;
        if (events.length < EVENTS_PAGE || last === undefined) break;
      }
      if (from > (state.lastSeq ?? -1)) state.lastSeq = from;
      return;
    }
    const event = toTopicEvent(data);
    if (event.seq !== undefined && (state.lastSeq === null || event.seq > state.lastSeq))
      state.lastSeq = event.seq;
    this.fanOut(state, event);
  }

  private fanOut(state: TopicState, event: TopicEvent) {
    for (const subscription of state.subscriptions) subscription.deliver(event);
  }

  close() {
    for (const state of this.topics.values()) state.unsubscribe();
    this.topics.clear();
  }
}
