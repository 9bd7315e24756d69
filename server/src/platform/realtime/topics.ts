import type { Actor } from '../policy/index.ts';

/**
 * A realtime topic is `<kind>:<id>` (e.g. `channel:<uuid>`, `directive:<uuid>`, `unit:<uuid>`,
 * `user:<staffId>`). Each capability registers the kinds it publishes, with the rule that decides
 * who may listen: the WebSocket gateway asks it on every subscription (and again when a
 * `{ access: true }` event says membership changed), so a socket never receives a topic its user
 * cannot read.
 *
 * What modules publish — `publish(tx, topic, data)` inside their transaction — and what sockets get
 * (the live gateway, modules/live):
 * - `{ seq }` alone, on a kind with `eventsSince` (ordered): "event `seq` exists". Each instance
 *   calls `eventsSince(id, lastSeqForwardedHere, …)` once and sends the events to every socket on
 *   the topic as `{ op: 'event', topic, seq, type, data }`. Catch-up (`since`) uses the same call.
 * - `{ type, ...data }` (any kind): passed through as `{ op: 'event', topic, type, data }` (`seq`
 *   too when the data has a numeric one; `type` defaults to 'update'). Keep it small (ids, codes, a
 *   title): the payload travels through PostgreSQL NOTIFY (< 8000 bytes) — no citizens' data.
 * - `{ access: true }`: membership changed; every socket on the topic is re-checked with
 *   `canSubscribe` and those refused are dropped (error frame FORBIDDEN).
 * - `{ resync: true }` is reserved to the transport (it reconnected: clients re-subscribe).
 * Kinds registered by the live module: `user:<staffId>` (only that person) and `unit:<unitId>`
 * (staff of that unit and holders of a role at it); see modules/live/live.kinds.ts.
 */
export interface TopicEvent {
  /** Position in the topic's own sequence (gap-free per topic) when the topic is ordered. */
  seq?: number;
  type: string;
  data: Record<string, unknown>;
}

export interface TopicKind {
  kind: string;
  canSubscribe(actor: Actor, id: string): Promise<boolean>;
  /**
   * For ordered topics: events with seq > `since`, oldest first, at most `limit`. Used for
   * catch-up when a client (re)subscribes with the last seq it saw, and to expand a notification
   * that carries only `{ seq }` (fetched once per instance, then fanned out to its sockets).
   */
  eventsSince?(id: string, since: number, limit: number): Promise<TopicEvent[]>;
}

/** The kinds known to this instance; modules register theirs when they are created. */
export class TopicRegistry {
  private readonly kinds = new Map<string, TopicKind>();

  register(kind: TopicKind) {
    if (this.kinds.has(kind.kind)) throw new Error(`realtime topic kind registered twice: ${kind.kind}`);
    this.kinds.set(kind.kind, kind);
  }

  /** The kind and id of `<kind>:<id>`, or null when the kind is unknown or the id empty. */
  resolve(topic: string): { kind: TopicKind; id: string } | null {
    const colon = topic.indexOf(':');
    if (colon <= 0) return null;
    const kind = this.kinds.get(topic.slice(0, colon));
    const id = topic.slice(colon + 1);
    return kind && id ? { kind, id } : null;
  }
}
