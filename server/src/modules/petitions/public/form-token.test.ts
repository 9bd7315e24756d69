import { describe, expect, it } from 'vitest';
import { checkFormToken, formTokenKey, issueFormToken, MAX_FORM_AGE_MS } from './form-token.ts';

const key = formTokenKey('k'.repeat(40));
const now = Date.parse('2026-11-23T08:00:00Z');

describe('form tokens', () => {
  it('accept a token of this server once it is a few seconds old, until it expires', () => {
    const token = issueFormToken(key, now);
    expect(checkFormToken(key, token, now + 1_000)).toEqual({ ok: false, reason: 'too_fast' });
    const ok = checkFormToken(key, token, now + 5_000);
    expect(ok).toMatchObject({ ok: true, expiresAt: new Date(now + MAX_FORM_AGE_MS) });
    expect(checkFormToken(key, token, now + MAX_FORM_AGE_MS + 1)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuse tokens of another key, altered ones and garbage', () => {
    const token = issueFormToken(key, now);
    const [issued, nonce, mac] = token.split('.') as [string, string, string];
    const other = formTokenKey('x'.repeat(40));
    expect(checkFormToken(other, token, now + 5_000).ok).toBe(false);
    // Backdating the issue time breaks the MAC.
    expect(checkFormToken(key, `${(now - 60_000).toString(36)}.${nonce}.${mac}`, now + 5_000)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(checkFormToken(key, `${issued}.${nonce}`, now + 5_000).ok).toBe(false);
    for (const garbage of ['', 'a.b.c', undefined, 42, 'x'.repeat(500)])
      expect(checkFormToken(key, garbage, now + 5_000)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('carry a fresh nonce each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => issueFormToken(key, now).split('.')[1]));
    expect(nonces.size).toBe(50);
  });
});
