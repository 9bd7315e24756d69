import { eq, or, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { PlatformDeps } from '../../platform/http/index.ts';
import { staff } from '../organisation/index.ts';
import { credential } from './identity.schema.ts';
import { loginThrottleOf } from './login-throttle.ts';
import { verifyPassword } from './password.ts';
import { auditAs, hasSecondFactor, mfaStepAfterFirstFactor, secondFactorsOf } from './second-factor.ts';
import type { SessionService } from './session.service.ts';

type Config = PlatformDeps['config'];

export interface LoginInput {
  username: string;
  password: string;
  ip?: string;
  userAgent?: string;
}

export interface Person {
  id: string;
  unitId: string;
  username: string;
  fullName: string;
}

/**
 * Password sign-in. Three brakes on guessing: the per-IP rate limit (route config), a per-name
 * throttle (login-throttle.ts) and the per-account lockout after LOGIN_MAX_FAILURES wrong
 * passwords or second factors in a row.
 */
export function createLoginService(deps: { db: Database; config: Config; sessions: SessionService }) {
  const throttle = loginThrottleOf(deps.db);

  async function findAccount(login: string) {
    const normalised = login.trim().toLowerCase();
    const [row] = await deps.db
      .select({
        id: staff.id,
        unitId: staff.unitId,
        username: staff.username,
        fullName: staff.fullName,
        status: staff.status,
        passwordHash: credential.passwordHash,
        lockedUntil: credential.lockedUntil,
      })
      .from(staff)
      .leftJoin(credential, eq(credential.staffId, staff.id))
      .where(or(eq(sql`lower(${staff.username})`, normalised), eq(sql`lower(${staff.email})`, normalised)))
      .limit(1);
    return row ?? null;
  }

  /**
   * Counts one failed attempt (wrong password or wrong second factor) atomically; the attempt that
   * reaches LOGIN_MAX_FAILURES locks the account for LOGIN_LOCK_MINUTES. Returns whether it locked.
   */
  async function recordFailure(tx: Queryable, person: Person, audit: AuditContext, what: string) {
    const max = deps.config.LOGIN_MAX_FAILURES;
    const result = await tx.execute<{ locked: boolean }>(sql`
      UPDATE ${credential}
         SET failed_login_count = CASE WHEN failed_login_count + 1 >= ${max} THEN 0 ELSE failed_login_count + 1 END,
             locked_until = CASE WHEN failed_login_count + 1 >= ${max}
                                 THEN now() + make_interval(mins => ${deps.config.LOGIN_LOCK_MINUTES})
                                 ELSE locked_until END
       WHERE staff_id = ${person.id}
   RETURNING locked_until IS NOT NULL AND locked_until > now() AS locked`);
    const locked = result.rows[0]?.locked ?? false;
    await recordAudit(tx, audit, {
      action: locked ? 'auth.account_locked' : 'auth.login_failed',
      entityType: 'staff',
      entityId: person.id,
      unitId: person.unitId,
      after: { failed: what },
    });
    return locked;
  }

  async function assertNotLocked(staffId: string) {
    const [row] = await deps.db
      .select({ lockedUntil: credential.lockedUntil })
      .from(credential)
      .where(eq(credential.staffId, staffId));
    if (row?.lockedUntil && row.lockedUntil > new Date()) throw new AppError('ACCOUNT_LOCKED');
  }

  async function login(input: LoginInput, audit: AuditContext) {
    await throttle.assertAllowed(input.username);
    const account = await findAccount(input.username);
    if (!account) {
      await verifyPassword(null, input.password);
      await throttle.recordFailure(input.username);
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (account.lockedUntil && account.lockedUntil > new Date()) throw new AppError('ACCOUNT_LOCKED');
    const ok = await verifyPassword(account.passwordHash ?? null, input.password);
    if (!ok) {
      await throttle.recordFailure(input.username);
      await deps.db.transaction((tx) => recordFailure(tx, account, audit, 'password'));
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (account.status !== 'active') throw new AppError('ACCOUNT_DISABLED');
    const factors = await secondFactorsOf(deps.db, account.id);
    const mfa = mfaStepAfterFirstFactor(factors);
    return deps.db.transaction(async (tx) => {
      await tx
        .update(credential)
        .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: new Date() })
        .where(eq(credential.staffId, account.id));
      const created = await deps.sessions.create(tx, {
        staffId: account.id,
        authMethod: 'password',
        mfaVerified: false,
        mfaPending: hasSecondFactor(factors),
        ip: input.ip,
        userAgent: input.userAgent,
      });
      await recordAudit(tx, auditAs(audit, account), {
        action: 'auth.login',
        entityType: 'session',
        entityId: created.sessionId,
        unitId: account.unitId,
        after: { method: 'password', mfa },
      });
      return { ...created, mfa };
    });
  }

  return { login, recordFailure, assertNotLocked };
}

export type LoginService = ReturnType<typeof createLoginService>;
