import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { petitionFormNonce } from '../public-form.schema.ts';

/**
 * The public forms have no session, so a signed token is their protection against forged,
 * scripted and replayed posts: `issuedAt.nonce.mac`, the MAC an HMAC-SHA-256 under a key derived
 * from the server's SECRET_KEY. A form is accepted once (its nonce is stored when the post is
 * acted on, in the same transaction), not sooner than MIN_FORM_SECONDS after it was served (people
 * read and type; scripts post at once) and not later than MAX_FORM_AGE_MS.
 */
export const MIN_FORM_SECONDS = 3;
export const MAX_FORM_AGE_MS = 2 * 60 * 60 * 1000;

export type FormTokenCheck =
  | { ok: true; nonce: string; expiresAt: Date }
  | { ok: false; reason: 'invalid' | 'expired' | 'too_fast' };

/** The MAC key of the public forms, derived from the server secret for this one purpose. */
export function formTokenKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, '', 'mts:petitions:form-token:v1', 32));
}

const mac = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

/** A fresh token for a form served at `now`. */
export function issueFormToken(key: Buffer, now = Date.now()): string {
  const payload = `${now.toString(36)}.${randomBytes(16).toString('base64url')}`;
  return `${payload}.${mac(key, payload)}`;
}

/** Checks signature and age; whether the nonce was already used is `consumeFormNonce`'s part. */
export function checkFormToken(key: Buffer, token: unknown, now = Date.now()): FormTokenCheck {
  if (typeof token !== 'string' || token.length > 200) return { ok: false, reason: 'invalid' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'invalid' };
  const [issued, nonce, given] = parts as [string, string, string];
  const expected = Buffer.from(mac(key, `${issued}.${nonce}`));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
    return { ok: false, reason: 'invalid' };
  const issuedAt = Number.parseInt(issued, 36);
  if (!Number.isSafeInteger(issuedAt)) return { ok: false, reason: 'invalid' };
  if (now - issuedAt > MAX_FORM_AGE_MS) return { ok: false, reason: 'expired' };
  if (now - issuedAt < MIN_FORM_SECONDS * 1000) return { ok: false, reason: 'too_fast' };
  return { ok: true, nonce, expiresAt: new Date(issuedAt + MAX_FORM_AGE_MS) };
}

/**
 * Marks the token's nonce used, in the caller's transaction (so a post that fails leaves it
 * usable); false when it was used already — the form was posted before.
 */
export async function consumeFormNonce(tx: Queryable, check: { nonce: string; expiresAt: Date }) {
  const rows = await tx
    .insert(petitionFormNonce)
    .values({ nonce: check.nonce, expiresAt: check.expiresAt })
    .onConflictDoNothing()
    .returning({ nonce: petitionFormNonce.nonce });
  return rows.length === 1;
}

/** Forgets nonces whose tokens have expired (they would be refused for their age anyway). */
export async function purgeFormNonces(db: Queryable) {
  await db.delete(petitionFormNonce).where(sql`${petitionFormNonce.expiresAt} < now()`);
}
