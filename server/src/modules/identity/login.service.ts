import { eq, or, sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import { staff } from '../organisation/index.ts';
import { credential, webauthnCredential } from './identity.schema.ts';
import { verifyPassword } from './password.ts';
import type { SessionService } from './session.service.ts';

export interface LoginInput {
  username: string;
  password: string;
  ip?: string;
  userAgent?: string;
}

/** Password sign-in with lockout after repeated failures (counted per account). */
export function createLoginService(deps: { db: Database; config: Config; sessions: SessionService }) {
  async function findAccount(login: string) {
    const normalised = login.trim().toLowerCase();
    const [row] = await deps.db
      .select({
        staffId: staff.id,
        unitId: staff.unitId,
        status: staff.status,
        passwordHash: credential.passwordHash,
        failedLoginCount: credential.failedLoginCount,
        lockedUntil: credential.lockedUntil,
        totpEnabledAt: credential.totpEnabledAt,
      })
      .from(staff)
      .leftJoin(credential, eq(credential.staffId, staff.id))
      .where(or(eq(sql`lower(${staff.username})`, normalised), eq(sql`lower(${staff.email})`, normalised)))
      .limit(1);
    return row ?? null;
  }

  async function passkeyCount(staffId: string) {
    const [row] = await deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(webauthnCredential)
      .where(eq(webauthnCredential.staffId, staffId));
    return row?.n ?? 0;
  }

  async function login(input: LoginInput, audit: AuditContext) {
    const account = await findAccount(input.username);
    if (!account) {
      await verifyPassword(null, input.password);
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (account.lockedUntil && account.lockedUntil > new Date()) throw new AppError('ACCOUNT_LOCKED');
    const ok = await verifyPassword(account.passwordHash ?? null, input.password);
    if (!ok) {
      await deps.db.transaction(async (tx) => {
        const failures = (account.failedLoginCount ?? 0) + 1;
        const lock = failures >= deps.config.LOGIN_MAX_FAILURES;
        await tx
          .update(credential)
          .set({
            failedLoginCount: lock ? 0 : failures,
            lockedUntil: lock ? new Date(Date.now() + deps.config.LOGIN_LOCK_MINUTES * 60_000) : null,
          })
          .where(eq(credential.staffId, account.staffId));
        await recordAudit(tx, audit, {
          action: lock ? 'auth.account_locked' : 'auth.login_failed',
          entityType: 'staff',
          entityId: account.staffId,
          unitId: account.unitId,
        });
      });
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (account.status !== 'active') throw new AppError('ACCOUNT_DISABLED');
    const hasSecondFactor = Boolean(account.totpEnabledAt) || (await passkeyCount(account.staffId)) > 0;
    return deps.db.transaction(async (tx) => {
      await tx
        .update(credential)
        .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: new Date() })
        .where(eq(credential.staffId, account.staffId));
      const created = await deps.sessions.create(tx, {
        staffId: account.staffId,
        authMethod: 'password',
        mfaVerified: false,
        mfaPending: hasSecondFactor,
        ip: input.ip,
        userAgent: input.userAgent,
      });
      await recordAudit(
        tx,
        { ...audit, actorId: account.staffId },
        {
          action: 'auth.login',
          entityType: 'session',
          entityId: created.sessionId,
          unitId: account.unitId,
          after: { method: 'password', mfaPending: hasSecondFactor },
        },
      );
      return { ...created, mfaPending: hasSecondFactor };
    });
  }

  return { login };
}
