import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A rendered public response: what the micro-cache keeps and conditional GETs compare against. */
export interface Rendered {
  status: number;
  contentType: string;
  body: string;
  /** Newest change of what the response shows (site, articles); the render time when unknown. */
  lastModified: Date;
  /** Whose site it belongs to (null: the list of sites), and whether that site shows its units' news. */
  siteId: string | null;
  aggregates: boolean;
}

interface Entry extends Rendered {
  etag: string;
  expiresAt: number;
}

export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';

/** A weak validator from the body: equal bytes, equal tag, whichever instance rendered them. */
export const etagOf = (body: string) => `W/"${createHash('sha1').update(body).digest('base64url')}"`;

/**
 * Rendered responses kept in this process for a few seconds (≤ `maxEntries`, oldest out first), so a
 * burst of readers costs one render. A site change drops that site's entries, every aggregating
 * site's (they show its news) and the list of sites. A render that started before a drop is not
 * stored (the generation moved on), so no instance keeps a page older than the change it was told of.
 */
export class MicroCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  constructor(private readonly options: { maxEntries?: number; ttlMs?: number; now?: () => number } = {}) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  get size() {
    return this.entries.size;
  }

  /** The current generation: pass it back to `set` so a render older than a drop is not stored. */
  get currentGeneration() {
    return this.generation;
  }

  get(key: string): (Rendered & { etag: string }) | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: string, rendered: Rendered, startedAt: number): Rendered & { etag: string } {
    const entry: Entry = {
      ...rendered,
      etag: etagOf(rendered.body),
      expiresAt: this.now() + (this.options.ttlMs ?? 10_000),
    };
    if (startedAt !== this.generation) return entry;
    this.entries.delete(key);
    this.entries.set(key, entry);
    const max = this.options.maxEntries ?? 1000;
    while (this.entries.size > max) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return entry;
  }

  /** Forgets what a change of `siteId` may have made stale. */
  dropSite(siteId: string) {
    this.generation += 1;
    for (const [key, entry] of this.entries)
      if (entry.siteId === siteId || entry.siteId === null || entry.aggregates) this.entries.delete(key);
  }

  clear() {
    this.generation += 1;
    this.entries.clear();
  }
}

/** HTTP dates have whole seconds: compare at that precision. */
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** Whether the client's copy is still good: If-None-Match first, else If-Modified-Since. */
export function isNotModified(request: FastifyRequest, etag: string, lastModified: Date): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch) {
    const weak = (tag: string) => tag.trim().replace(/^W\//, '');
    return ifNoneMatch === '*' || ifNoneMatch.split(',').some((tag) => weak(tag) === weak(etag));
  }
  const ifModifiedSince = request.headers['if-modified-since'];
  if (!ifModifiedSince) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && seconds(lastModified) <= Math.floor(since / 1000);
}

/** Sends a rendered response with its validators and caching, or 304 when the client has it. */
export function sendRendered(
  request: FastifyRequest,
  reply: FastifyReply,
  rendered: Rendered & { etag: string },
) {
  const cacheable = rendered.status === 200;
  reply
    .header('cache-control', cacheable ? PUBLIC_CACHE_CONTROL : 'no-cache')
    .header('vary', 'Accept-Encoding');
  if (cacheable) {
    reply.header('etag', rendered.etag).header('last-modified', rendered.lastModified.toUTCString());
    if (isNotModified(request, rendered.etag, rendered.lastModified)) return reply.code(304).send();
  }
  return reply.code(rendered.status).type(rendered.contentType).send(rendered.body);
}
