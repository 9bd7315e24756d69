import type { SessionInfo } from '@mts/contracts';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { notFound } from '../../platform/errors/index.ts';
import type { Actor } from '../../platform/policy/index.ts';
import { staff } from '../organisation/index.ts';
import { session } from './identity.schema.ts';
import type { SessionService } from './session.service.ts';

const SESSION_NOT_FOUND = () =>
  notFound({
    vi: 'Không tìm thấy phiên đăng nhập (có thể đã kết thúc).',
    en: 'Session not found (it may have ended).',
  });

/** Listing and ending sessions: one's own, and (with sessions.manage) those of staff in one's subtree. */
export function createSessionManagementService(deps: { db: Database; sessions: SessionService }) {
  const { db } = deps;

  async function liveSessionsOf(staffId: string, currentSessionId?: string): Promise<SessionInfo[]> {
    const rows = await db
      .select()
      .from(session)
      .where(and(eq(session.staffId, staffId), isNull(session.revokedAt), gt(session.expiresAt, new Date())))
      .orderBy(desc(session.lastSeenAt));
    return rows.map((row) => ({
      id: row.id,
      authMethod: row.authMethod,
      mfaVerified: row.mfaVerified,
      createdAt: row.createdAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      ip: row.ip,
      userAgent: row.userAgent,
      current: row.id === currentSessionId,
    }));
  }

  async function unitOf(staffId: string) {
    const [row] = await db.select({ unitId: staff.unitId }).from(staff).where(eq(staff.id, staffId));
    return row?.unitId ?? null;
  }

  async function revokeOne(staffId: string, sessionId: string, audit: AuditContext, by: 'self' | 'admin') {
    const unitId = await unitOf(staffId);
    await db.transaction(async (tx) => {
      if (!(await deps.sessions.revoke(tx, sessionId, staffId))) throw SESSION_NOT_FOUND();
      await recordAudit(tx, audit, {
        action: 'auth.session_revoked',
        entityType: 'session',
        entityId: sessionId,
        unitId,
        after: { staffId, by },
      });
    });
  }

  return {
    listOwn: (actor: Actor) => liveSessionsOf(actor.staffId, actor.sessionId),
    /** Returns whether the revoked session is the one making the request (the route then clears cookies). */
    async revokeOwn(actor: Actor, sessionId: string, audit: AuditContext) {
      await revokeOne(actor.staffId, sessionId, audit, 'self');
      return sessionId === actor.sessionId;
    },
    listOf: (actor: Actor, staffId: string) => liveSessionsOf(staffId, actor.sessionId),
    revokeOf: (staffId: string, sessionId: string, audit: AuditContext) =>
      revokeOne(staffId, sessionId, audit, 'admin'),
    async revokeAllOf(staffId: string, audit: AuditContext) {
      const unitId = await unitOf(staffId);
      return db.transaction(async (tx) => {
        const revoked = await deps.sessions.revokeAllOf(tx, staffId);
        await recordAudit(tx, audit, {
          action: 'auth.sessions_revoked',
          entityType: 'staff',
          entityId: staffId,
          unitId,
          after: { revoked },
        });
        return { revoked };
      });
    },
  };
}

export type SessionManagementService = ReturnType<typeof createSessionManagementService>;
