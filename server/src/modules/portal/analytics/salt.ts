import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';

/** Vietnam is UTC+07:00 all year (no daylight saving). */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** The calendar day (YYYY-MM-DD) in Asia/Ho_Chi_Minh at `at`. */
export function vietnamDay(at: Date = new Date()): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** `day` moved by `days` (negative: earlier). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/**
 * The day's random salt for visitor hashes: created by whichever instance counts first that day
 * (the others read the same one), kept in memory for the day.
 */
export function createSaltStore(db: Queryable) {
  const cache = new Map<string, Buffer>();
  return async function saltOf(day: string): Promise<Buffer> {
    const known = cache.get(day);
    if (known) return known;
    const inserted = await db.execute<{ salt: Buffer }>(sql`
      INSERT INTO portal_view_salt (day, salt) VALUES (${day}, ${randomBytes(32)})
      ON CONFLICT (day) DO NOTHING RETURNING salt`);
    const salt =
      inserted.rows[0]?.salt ??
      (await db.execute<{ salt: Buffer }>(sql`SELECT salt FROM portal_view_salt WHERE day = ${day}`)).rows[0]
        ?.salt;
    if (!salt) throw new Error(`no visitor salt for ${day}`);
    for (const old of cache.keys()) if (old < day) cache.delete(old); // yesterday's is no longer needed here
    cache.set(day, salt);
    return salt;
  };
}

/**
 * A visitor of a site on a day: the first 8 bytes of SHA-256(salt ‖ site ‖ address ‖ user agent).
 * Without the salt (deleted after its day) it cannot be recomputed from an address, and the same
 * person gets unrelated hashes on two days and on two sites.
 */
export function visitorHash(salt: Buffer, siteId: string, ip: string, userAgent: string): Buffer {
  return createHash('sha256').update(salt).update(`\0${siteId}\0${ip}\0${userAgent}`).digest().subarray(0, 8);
}

/**
 * Drops the salts of days before yesterday (yesterday's is kept for counts flushed just after
 * midnight). Run daily; returns how many were dropped.
 */
export async function dropOldSalts(db: Queryable, now: Date = new Date()): Promise<number> {
  const result = await db.execute(
    sql`DELETE FROM portal_view_salt WHERE day < ${addDays(vietnamDay(now), -1)}`,
  );
  return result.rowCount ?? 0;
}
