import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database, Queryable } from '../../db/client.ts';
import type { PlatformDeps } from '../../platform/http/index.ts';
import type { Actor, Authenticator } from '../../platform/policy/index.ts';
import { effectiveGrants, findLiveSession, grantsOf, toGrant } from './actor.repository.ts';
import { apiToken, session } from './identity.schema.ts';
import { newSecret, sha256Hex } from './tokens.ts';

type Config = PlatformDeps['config'];

export const SESSION_COOKIE = 'mts_session';
export const CSRF_COOKIE = 'mts_csrf';
const TOUCH_INTERVAL_MS = 60_000;

export interface NewSession {
  staffId: string;
  authMethod: 'password' | 'passkey' | 'oidc';
  mfaVerified: boolean;
  mfaPending: boolean;
  ip?: string;
  userAgent?: string;
}

export function createSessionService(deps: { db: Database; config: Config }) {
  const ttlMs = deps.config.SESSION_TTL_HOURS * 3_600_000;

  async function create(tx: Queryable, input: NewSession) {
    const token = newSecret();
    const csrfToken = newSecret(18);
    await tx.insert(session).values({
      id: sha256Hex(token),
      staffId: input.staffId,
      csrfToken,
      authMethod: input.authMethod,
      mfaVerified: input.mfaVerified,
      mfaPending: input.mfaPending,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300),
      expiresAt: new Date(Date.now() + ttlMs),
    });
    return { token, csrfToken, sessionId: sha256Hex(token) };
  }

  function setCookies(reply: FastifyReply, token: string, csrfToken: string) {
    const common = { path: '/', sameSite: 'lax' as const, secure: deps.config.COOKIE_SECURE };
    reply.setCookie(SESSION_COOKIE, token, { ...common, httpOnly: true, maxAge: ttlMs / 1000 });
    // Readable by the staff app, which echoes it in the X-CSRF-Token header on every write.
    reply.setCookie(CSRF_COOKIE, csrfToken, { ...common, httpOnly: false, maxAge: ttlMs / 1000 });
  }

  function clearCookies(reply: FastifyReply) {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
  }

  async function revoke(tx: Queryable, sessionId: string, staffId?: string) {
    const conditions = [eq(session.id, sessionId), isNull(session.revokedAt)];
    if (staffId) conditions.push(eq(session.staffId, staffId));
    const rows = await tx
      .update(session)
      .set({ revokedAt: new Date() })
      .where(and(...conditions))
      .returning({ id: session.id });
    return rows.length > 0;
  }

  /** Revokes every live session of a person (password reset, account recovery), optionally but one. */
  async function revokeAllOf(tx: Queryable, staffId: string, exceptSessionId?: string) {
    const conditions = [eq(session.staffId, staffId), isNull(session.revokedAt)];
    if (exceptSessionId) conditions.push(ne(session.id, exceptSessionId));
    const rows = await tx
      .update(session)
      .set({ revokedAt: new Date() })
      .where(and(...conditions))
      .returning({ id: session.id });
    return rows.length;
  }

  /** The second factor was presented (or enrolled): the session is now fully signed in. */
  async function markMfaVerified(tx: Queryable, sessionId: string) {
    await tx.update(session).set({ mfaVerified: true, mfaPending: false }).where(eq(session.id, sessionId));
  }

  async function fromSessionCookie(token: string): Promise<Actor | null> {
    const row = await findLiveSession(deps.db, sha256Hex(token));
    if (row?.staffStatus !== 'active') return null;
    if (Date.now() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await deps.db
        .update(session)
        .set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + ttlMs) })
        .where(eq(session.id, row.sessionId));
    }
    const { activeUnitId, grants } = effectiveGrants(row.grants, row.activeUnitId, row.staffUnitId);
    return {
      staffId: row.staffId,
      username: row.username,
      fullName: row.fullName,
      via: 'session',
      sessionId: row.sessionId,
      csrfToken: row.csrfToken,
      mfaSatisfied: !row.mfaPending && (row.mfaVerified || !row.grants.some((g) => g.requiresMfa)),
      activeUnitId,
      grants,
    };
  }

  async function fromBearerToken(token: string): Promise<Actor | null> {
    const result = await deps.db.execute<{
      id: string;
      unitId: string;
      unitPath: string;
      permissions: string[];
      staffId: string;
      username: string;
      fullName: string;
    }>(sql`
      SELECT t.id, t.unit_id AS "unitId", u.path::text AS "unitPath", t.permissions,
             st.id AS "staffId", st.username, st.full_name AS "fullName"
        FROM ${apiToken} t
        JOIN unit u ON u.id = t.unit_id
        JOIN staff st ON st.id = t.created_by
       WHERE t.token_hash = ${sha256Hex(token)} AND t.revoked_at IS NULL AND t.expires_at > now()
         AND st.status = 'active'`);
    const row = result.rows[0];
    if (!row) return null;
    await deps.db.update(apiToken).set({ lastUsedAt: new Date() }).where(eq(apiToken.id, row.id));
    return {
      staffId: row.staffId,
      username: row.username,
      fullName: row.fullName,
      via: 'token',
      tokenId: row.id,
      mfaSatisfied: true,
      activeUnitId: row.unitId,
      grants: [toGrant({ roleId: 'api-token', ...row, requiresMfa: false })],
    };
  }

  const authenticator: Authenticator = {
    async authenticate(request: FastifyRequest) {
      const authorization = request.headers.authorization;
      if (authorization?.startsWith('Bearer ')) return fromBearerToken(authorization.slice(7).trim());
      const token = request.cookies[SESSION_COOKIE];
      return token ? fromSessionCookie(token) : null;
    },
  };

  return { create, setCookies, clearCookies, revoke, revokeAllOf, markMfaVerified, authenticator, grantsOf };
}

export type SessionService = ReturnType<typeof createSessionService>;
