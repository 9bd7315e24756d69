import { describe, expect, it } from 'vitest';
import { MicroCache, type Rendered } from './cache.ts';

const rendered = (siteId: string | null, body = 'x', aggregates = false): Rendered => ({
  status: 200,
  contentType: 'text/html',
  body,
  lastModified: new Date(0),
  siteId,
  aggregates,
});

describe('MicroCache', () => {
  it('keeps a response for its time to live only', () => {
    let now = 1000;
    const cache = new MicroCache({ ttlMs: 10_000, now: () => now });
    cache.set('a', rendered('s1'), cache.currentGeneration);
    expect(cache.get('a')?.body).toBe('x');
    now += 10_000;
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const cache = new MicroCache({ maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) cache.set(key, rendered('s1'), cache.currentGeneration);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it("drops a changed site's pages, the aggregating sites' and the list of sites, not the others", () => {
    const cache = new MicroCache();
    const g = cache.currentGeneration;
    cache.set('commune', rendered('commune'), g);
    cache.set('province', rendered('province', 'x', true), g);
    cache.set('list', rendered(null), g);
    cache.set('other', rendered('other'), g);
    cache.dropSite('commune');
    expect(cache.get('commune')).toBeUndefined();
    expect(cache.get('province')).toBeUndefined();
    expect(cache.get('list')).toBeUndefined();
    expect(cache.get('other')).toBeDefined();
  });

  it('does not store a render that started before a drop', () => {
    const cache = new MicroCache();
    const started = cache.currentGeneration;
    cache.dropSite('s1');
    const entry = cache.set('a', rendered('s1'), started);
    expect(entry.etag).toMatch(/^W\/"/);
    expect(cache.get('a')).toBeUndefined();
  });
});
