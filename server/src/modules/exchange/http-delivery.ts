import type { PlatformDeps } from '../../platform/http/index.ts';

export const DELIVERY_QUEUE = 'exchange.deliver';

/** A receiving system: its edXML endpoint and, when it wants one, the Bearer token it gave us. */
export interface ExchangePeer {
  url: string;
  token?: string;
}

export interface DeliveryResult {
  peer: string;
  documentId: string;
  attempt: 'delivered' | 'refused';
  httpStatus: number;
  /** The receiver's answer (its receipt, or the reason it refused the message). */
  answer: unknown;
}

interface DeliveryJob {
  peer: string;
  documentId: string;
  /** The message is kept in storage (content-addressed); jobs carry its key only. */
  messageKey: string;
}

export class DeliveryError extends Error {}

/**
 * Outgoing delivery by HTTP POST, as a pg-boss job: durable, retried with backoff when the peer is
 * unreachable or answers 5xx/429. A 4xx answer is final (the receiver refused the message: sending
 * the same bytes again cannot help) and is reported to the result handlers, like a success.
 * Peers are registered by name at composition time, so tokens never sit in the job table.
 */
export function createHttpDelivery(deps: Pick<PlatformDeps, 'jobs' | 'storage'>) {
  const peers = new Map<string, ExchangePeer>();
  const resultHandlers: Array<(result: DeliveryResult) => Promise<void>> = [];

  deps.jobs.define<DeliveryJob>(DELIVERY_QUEUE, async (job) => {
    const peer = peers.get(job.peer);
    if (!peer) throw new DeliveryError(`edXML peer ${job.peer} is not configured`);
    const body = await deps.storage.get(job.messageKey);
    const response = await fetch(peer.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/xml; charset=utf-8',
        ...(peer.token ? { authorization: `Bearer ${peer.token}` } : {}),
      },
      body,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    if (response.status >= 500 || response.status === 429) {
      throw new DeliveryError(`edXML peer ${job.peer} answered ${response.status}; will retry`);
    }
    let answer: unknown = text;
    try {
      answer = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    const result: DeliveryResult = {
      peer: job.peer,
      documentId: job.documentId,
      attempt: response.ok ? 'delivered' : 'refused',
      httpStatus: response.status,
      answer,
    };
    for (const handler of resultHandlers) await handler(result);
  });

  return {
    registerPeer(name: string, peer: ExchangePeer) {
      peers.set(name, peer);
    },
    /** Queues a message for a peer; returns at once (the job delivers and retries). */
    async send(peer: string, documentId: string, xml: string) {
      if (!peers.has(peer)) throw new DeliveryError(`edXML peer ${peer} is not configured`);
      const stored = await deps.storage.put(Buffer.from(xml, 'utf8'));
      await deps.jobs.send<DeliveryJob>(DELIVERY_QUEUE, { peer, documentId, messageKey: stored.key });
    },
    onDeliveryResult(handler: (result: DeliveryResult) => Promise<void>) {
      resultHandlers.push(handler);
    },
  };
}

export type HttpDelivery = ReturnType<typeof createHttpDelivery>;
