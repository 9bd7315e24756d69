import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { Actor } from '../../platform/policy/index.ts';

/**
 * Whether the session (or API token) a socket was opened with still holds: not revoked, not
 * expired, the person still active. Read without touching the session: an open socket must not keep
 * an unattended tab signed in past its idle lifetime.
 */
export async function isStillSignedIn(db: Database, actor: Actor): Promise<boolean> {
  const result = actor.sessionId
    ? await db.execute<{ ok: boolean }>(sql`
        SELECT EXISTS (
          SELECT 1 FROM session s JOIN staff p ON p.id = s.staff_id
          WHERE s.id = ${actor.sessionId} AND s.revoked_at IS NULL AND s.expires_at > now()
            AND p.status = 'active'
        ) AS ok`)
    : actor.tokenId
      ? await db.execute<{ ok: boolean }>(sql`
          SELECT EXISTS (
            SELECT 1 FROM api_token WHERE id = ${actor.tokenId} AND revoked_at IS NULL AND expires_at > now()
          ) AS ok`)
      : null;
  return result?.rows[0]?.ok === true;
}
