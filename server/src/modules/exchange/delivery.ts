import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PlatformDeps } from '../../platform/http/index.ts';

export const DELIVERY_QUEUE = 'exchange.deliver';

/** A receiving system reached by HTTP POST: its edXML endpoint and the Bearer token it gave us. */
export interface HttpPeer {
  url: string;
  token?: string;
}

/** A receiving system reached through a shared folder (its watched `incoming/` directory). */
export interface DirectoryPeer {
  folder: string;
}

export type ExchangePeer = HttpPeer | DirectoryPeer;

/** What one delivery attempt came to; `retry` makes the job fail so pg-boss tries again later. */
export type DeliveryOutcome =
  | { outcome: 'delivered' | 'refused'; httpStatus: number | null; answer: unknown }
  | { outcome: 'retry'; why: string };

/** The one interface every outgoing transport implements. */
export interface OutgoingTransport {
  deliver(message: Buffer, name: string): Promise<DeliveryOutcome>;
}

export interface DeliveryResult {
  peer: string;
  documentId: string;
  attempt: 'delivered' | 'refused';
  /** The HTTP status of the receiver's answer; null for a directory drop. */
  httpStatus: number | null;
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
 * HTTP POST. 5xx, 429 or no answer: retried. Any other 4xx is final (the receiver refused the
 * message: sending the same bytes again cannot help) and reported like a success.
 */
export function httpTransport(peer: HttpPeer): OutgoingTransport {
  return {
    async deliver(message) {
      let response: Response;
      try {
        response = await fetch(peer.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/xml; charset=utf-8',
            ...(peer.token ? { authorization: `Bearer ${peer.token}` } : {}),
          },
          body: new Uint8Array(message), // a view typed for every fetch typing (DOM and undici)
          signal: AbortSignal.timeout(60_000),
        });
      } catch (error) {
        return { outcome: 'retry', why: `no answer (${(error as Error).message})` };
      }
      const text = await response.text();
      if (response.status >= 500 || response.status === 429) {
        return { outcome: 'retry', why: `answered ${response.status}` };
      }
      let answer: unknown = text;
      try {
        answer = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { outcome: response.ok ? 'delivered' : 'refused', httpStatus: response.status, answer };
    },
  };
}

/**
 * A directory drop, following the protocol the watched directory reads: written as
 * `<name>.xml.tmp`, then renamed to `<name>.xml`, so the reader never sees half a file. The name
 * comes from the content's hash: a retried delivery rewrites the same file, never a second copy.
 */
export function directoryTransport(peer: DirectoryPeer): OutgoingTransport {
  return {
    async deliver(message, name) {
      await mkdir(peer.folder, { recursive: true });
      const target = path.join(peer.folder, `${name}.xml`);
      await writeFile(`${target}.tmp`, message);
      await rename(`${target}.tmp`, target);
      return { outcome: 'delivered', httpStatus: null, answer: { file: path.basename(target) } };
    },
  };
}

const transportOf = (peer: ExchangePeer) => ('url' in peer ? httpTransport(peer) : directoryTransport(peer));

/**
 * Outgoing delivery as a pg-boss job: durable, retried with backoff while the transport says so.
 * Peers are registered by name at composition time, so tokens never sit in the job table.
 */
export function createDelivery(deps: Pick<PlatformDeps, 'jobs' | 'storage'>) {
  const peers = new Map<string, OutgoingTransport>();
  const routes = new Map<string, string>();
  let relay: string | null = null;
  const resultHandlers: Array<(result: DeliveryResult) => Promise<void>> = [];

  deps.jobs.define<DeliveryJob>(DELIVERY_QUEUE, async (job) => {
    const transport = peers.get(job.peer);
    if (!transport) throw new DeliveryError(`edXML peer ${job.peer} is not configured`);
    const message = await deps.storage.get(job.messageKey);
    const outcome = await transport.deliver(message, `edxml-${job.messageKey.slice(0, 32)}`);
    if (outcome.outcome === 'retry') {
      throw new DeliveryError(`edXML peer ${job.peer}: ${outcome.why}; will retry`);
    }
    const result: DeliveryResult = {
      peer: job.peer,
      documentId: job.documentId,
      attempt: outcome.outcome,
      httpStatus: outcome.httpStatus,
      answer: outcome.answer,
    };
    for (const handler of resultHandlers) await handler(result);
  });

  return {
    /**
     * A receiving system, by name. `reaches` lists the agencies (OrganId) it delivers to, or '*'
     * for a relay platform (LGSP) reaching any agency without a peer of its own.
     */
    registerPeer(name: string, peer: ExchangePeer, reaches: string[] | '*' = []) {
      peers.set(name, transportOf(peer));
      if (reaches === '*') relay = name;
      else for (const organId of reaches) routes.set(organId, name);
    },
    /** The peer an agency is reached through (its own, else the relay); null when none is configured. */
    peerFor(organId: string): string | null {
      return routes.get(organId) ?? relay;
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

export type Delivery = ReturnType<typeof createDelivery>;
