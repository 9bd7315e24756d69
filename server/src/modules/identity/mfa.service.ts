import { and, eq, isNull, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { Database, Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { AppError, badRequest, conflict } from '../../platform/errors/index.ts';
import type { Actor } from '../../platform/policy/index.ts';
import { staff } from '../organisation/index.ts';
import { credential, recoveryCode, role, roleAssignment, webauthnCredential } from './identity.schema.ts';
import type { LoginService, Person } from './login.service.ts';
import { generateRecoveryCodes, normaliseRecoveryCode } from './recovery-codes.ts';
import { hasSecondFactor, secondFactorsOf } from './second-factor.ts';
import type { SecretBox } from './secret-box.ts';
import type { SessionService } from './session.service.ts';
import { matchTotpStep, newTotpSecret, totpUri } from './totp.ts';

const NO_SESSION = badRequest({
  vi: 'Thao tác này cần phiên đăng nhập trên trình duyệt, không dùng mã truy cập API.',
  en: 'This needs a browser session, not an API token.',
});
const REPLAYED = new AppError('MFA_INVALID', {
  message: {
    vi: 'Mã này vừa được sử dụng. Vui lòng chờ mã mới trong ứng dụng xác thực (tối đa 30 giây).',
    en: 'This code was just used. Wait for the next code in your authenticator app (up to 30 seconds).',
  },
});

/**
 * Second factors: TOTP (authenticator app) and single-use recovery codes. Passkeys live in
 * passkey.service.ts and share `assertMayEnrol` and `completeSecondFactor`.
 */
export function createMfaService(deps: {
  db: Database;
  box: SecretBox;
  sessions: SessionService;
  logins: LoginService;
}) {
  const { db, box } = deps;

  async function personOf(staffId: string): Promise<Person> {
    const [row] = await db
      .select({ id: staff.id, unitId: staff.unitId, username: staff.username, fullName: staff.fullName })
      .from(staff)
      .where(eq(staff.id, staffId));
    if (!row) throw new AppError('UNAUTHENTICATED');
    return row;
  }

  const sessionOf = (actor: Actor) => {
    if (actor.via !== 'session' || !actor.sessionId) throw NO_SESSION;
    return actor.sessionId;
  };

  /**
   * A new factor may be added by a fully signed-in person, or by someone who has none yet (the
   * 'enrol' step a role demands). Someone with a factor still to present must present it first,
   * otherwise a stolen password would be enough to add the thief's own authenticator.
   */
  async function assertMayEnrol(actor: Actor) {
    sessionOf(actor);
    if (actor.mfaSatisfied) return;
    if (hasSecondFactor(await secondFactorsOf(db, actor.staffId))) {
      throw new AppError('MFA_REQUIRED', {
        message: {
          vi: 'Hãy xác thực bằng yếu tố thứ hai đã đăng ký trước khi thêm yếu tố mới.',
          en: 'Verify with your registered second factor before adding another one.',
        },
      });
    }
  }

  /** The session now counts as two-factor (after a verified code, passkey, or a new enrolment). */
  async function completeSecondFactor(tx: Queryable, actor: Actor, audit: AuditContext, method: string) {
    await deps.sessions.markMfaVerified(tx, sessionOf(actor));
    await recordAudit(tx, audit, {
      action: 'auth.mfa_verified',
      entityType: 'session',
      entityId: actor.sessionId,
      after: { method },
    });
  }

  async function totpState(staffId: string) {
    const [row] = await db
      .select({ secret: credential.totpSecret, enabledAt: credential.totpEnabledAt })
      .from(credential)
      .where(eq(credential.staffId, staffId));
    return row ?? { secret: null, enabledAt: null };
  }

  /** Checks a code and records its time step, so the same code cannot be used twice. */
  async function consumeTotp(tx: Queryable, staffId: string, sealedSecret: string, code: string) {
    const step = matchTotpStep(box.open(sealedSecret), code);
    if (step === null) return 'wrong' as const;
    const updated = await tx
      .update(credential)
      .set({ totpLastStep: step })
      .where(
        and(
          eq(credential.staffId, staffId),
          sql`(${credential.totpLastStep} IS NULL OR ${credential.totpLastStep} < ${step})`,
        ),
      )
      .returning({ staffId: credential.staffId });
    return updated.length ? ('ok' as const) : ('replayed' as const);
  }

  async function replaceRecoveryCodes(tx: Queryable, staffId: string) {
    const codes = generateRecoveryCodes();
    await tx.delete(recoveryCode).where(eq(recoveryCode.staffId, staffId));
    await tx
      .insert(recoveryCode)
      .values(codes.map((code) => ({ staffId, codeHash: box.mac(normaliseRecoveryCode(code)) })));
    return codes;
  }

  /** Step 1 of enrolment: a fresh secret, kept sealed and inactive until a code confirms it. */
  async function setupTotp(actor: Actor, audit: AuditContext) {
    await assertMayEnrol(actor);
    const state = await totpState(actor.staffId);
    if (state.enabledAt) {
      throw conflict({
        vi: 'Ứng dụng xác thực đã được bật. Muốn đổi thiết bị, hãy tắt rồi cài đặt lại.',
        en: 'The authenticator app is already enabled. To change devices, disable it and set it up again.',
      });
    }
    const person = await personOf(actor.staffId);
    const secret = newTotpSecret();
    await db.transaction(async (tx) => {
      await tx
        .insert(credential)
        .values({ staffId: actor.staffId, totpSecret: box.seal(secret) })
        .onConflictDoUpdate({
          target: credential.staffId,
          set: { totpSecret: box.seal(secret), totpEnabledAt: null, totpLastStep: null },
        });
      await recordAudit(tx, audit, {
        action: 'auth.totp_setup_started',
        entityType: 'staff',
        entityId: person.id,
        unitId: person.unitId,
      });
    });
    const uri = totpUri(secret, person.username);
    return { secret, uri, qrCode: await QRCode.toDataURL(uri, { margin: 1, width: 240 }) };
  }

  /** Step 2: the first code proves the app holds the secret; recovery codes are issued once. */
  async function enableTotp(actor: Actor, code: string, audit: AuditContext) {
    await assertMayEnrol(actor);
    const state = await totpState(actor.staffId);
    if (state.enabledAt) return conflictAlreadyEnabled();
    if (!state.secret) {
      throw badRequest({
        vi: 'Chưa khởi tạo ứng dụng xác thực. Hãy bấm “Cài đặt” để lấy mã QR trước.',
        en: 'The authenticator app is not set up yet. Start the setup to get a QR code first.',
      });
    }
    const person = await personOf(actor.staffId);
    return db.transaction(async (tx) => {
      const outcome = await consumeTotp(tx, actor.staffId, state.secret!, code);
      if (outcome === 'wrong') {
        throw new AppError('MFA_INVALID', {
          message: {
            vi: 'Mã không khớp. Kiểm tra giờ trên điện thoại và nhập mã 6 số đang hiển thị.',
            en: 'The code does not match. Check the phone clock and enter the 6-digit code shown.',
          },
        });
      }
      if (outcome === 'replayed') throw REPLAYED;
      await tx
        .update(credential)
        .set({ totpEnabledAt: new Date() })
        .where(eq(credential.staffId, actor.staffId));
      const recoveryCodes = await replaceRecoveryCodes(tx, actor.staffId);
      await recordAudit(tx, audit, {
        action: 'auth.totp_enabled',
        entityType: 'staff',
        entityId: person.id,
        unitId: person.unitId,
      });
      if (!actor.mfaSatisfied) await completeSecondFactor(tx, actor, audit, 'totp_enrolment');
      return { recoveryCodes };
    });
  }

  function conflictAlreadyEnabled(): never {
    throw conflict({ vi: 'Ứng dụng xác thực đã được bật.', en: 'The authenticator app is already enabled.' });
  }

  /** Turning TOTP off needs a current code, or a recovery code when the phone is lost. */
  async function disableTotp(
    actor: Actor,
    proof: { code?: string; recoveryCode?: string },
    audit: AuditContext,
  ) {
    sessionOf(actor);
    const state = await totpState(actor.staffId);
    if (!state.enabledAt || !state.secret) {
      throw badRequest({
        vi: 'Ứng dụng xác thực chưa được bật.',
        en: 'The authenticator app is not enabled.',
      });
    }
    const person = await personOf(actor.staffId);
    const failure = await db.transaction(async (tx) => {
      const outcome = proof.code
        ? await consumeTotp(tx, actor.staffId, state.secret!, proof.code)
        : (await consumeRecoveryCode(tx, actor.staffId, proof.recoveryCode ?? '')) !== null
          ? 'ok'
          : 'wrong';
      if (outcome === 'replayed') throw REPLAYED;
      if (outcome === 'wrong') return outcome;
      await tx
        .update(credential)
        .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
        .where(eq(credential.staffId, actor.staffId));
      const factors = await secondFactorsOf(tx, actor.staffId);
      if (factors.passkeys === 0)
        await tx.delete(recoveryCode).where(eq(recoveryCode.staffId, actor.staffId));
      await recordAudit(tx, audit, {
        action: 'auth.totp_disabled',
        entityType: 'staff',
        entityId: person.id,
        unitId: person.unitId,
        after: { proof: proof.code ? 'totp' : 'recovery_code' },
      });
      return null;
    });
    if (failure) await failSecondFactor(actor, person, audit, 'totp_disable');
  }

  /** Returns how many unused codes remain, or null when the code is wrong or already used. */
  async function consumeRecoveryCode(tx: Queryable, staffId: string, code: string) {
    const normalised = normaliseRecoveryCode(code);
    if (normalised.length < 8) return null;
    const used = await tx
      .update(recoveryCode)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(recoveryCode.staffId, staffId),
          eq(recoveryCode.codeHash, box.mac(normalised)),
          isNull(recoveryCode.usedAt),
        ),
      )
      .returning({ id: recoveryCode.id });
    if (!used.length) return null;
    const [left] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(recoveryCode)
      .where(and(eq(recoveryCode.staffId, staffId), isNull(recoveryCode.usedAt)));
    return left?.n ?? 0;
  }

  /**
   * A wrong second factor counts towards the account lockout like a wrong password; the attempt
   * that locks the account also ends the half-signed-in session.
   */
  async function failSecondFactor(
    actor: Actor,
    person: Person,
    audit: AuditContext,
    what: string,
  ): Promise<never> {
    const locked = await db.transaction(async (tx) => {
      const isLocked = await deps.logins.recordFailure(tx, person, audit, what);
      if (isLocked && actor.sessionId && !actor.mfaSatisfied) await deps.sessions.revoke(tx, actor.sessionId);
      return isLocked;
    });
    if (locked) throw new AppError('ACCOUNT_LOCKED');
    throw new AppError('MFA_INVALID');
  }

  /** Checks that the session is waiting for a second factor and the account is not locked. */
  async function beginVerification(actor: Actor) {
    sessionOf(actor);
    await deps.logins.assertNotLocked(actor.staffId);
    return personOf(actor.staffId);
  }

  async function verifyTotp(actor: Actor, code: string, audit: AuditContext) {
    const person = await beginVerification(actor);
    if (actor.mfaSatisfied) return {};
    const state = await totpState(actor.staffId);
    if (!state.enabledAt || !state.secret) {
      throw badRequest({
        vi: 'Tài khoản chưa bật ứng dụng xác thực; hãy dùng khóa truy cập hoặc mã khôi phục.',
        en: 'No authenticator app is enabled; use a passkey or a recovery code.',
      });
    }
    const failed = await db.transaction(async (tx) => {
      const outcome = await consumeTotp(tx, actor.staffId, state.secret!, code);
      if (outcome === 'replayed') throw REPLAYED;
      if (outcome === 'wrong') return true;
      await completeSecondFactor(tx, actor, audit, 'totp');
      return false;
    });
    if (failed) await failSecondFactor(actor, person, audit, 'totp');
    return {};
  }

  async function verifyRecoveryCode(actor: Actor, code: string, audit: AuditContext) {
    const person = await beginVerification(actor);
    if (actor.mfaSatisfied) return {};
    const remaining = await db.transaction(async (tx) => {
      const left = await consumeRecoveryCode(tx, actor.staffId, code);
      if (left === null) return null;
      await completeSecondFactor(tx, actor, audit, 'recovery_code');
      return left;
    });
    if (remaining === null) await failSecondFactor(actor, person, audit, 'recovery_code');
    return { remainingRecoveryCodes: remaining ?? 0 };
  }

  async function regenerateRecoveryCodes(actor: Actor, audit: AuditContext) {
    sessionOf(actor);
    if (!hasSecondFactor(await secondFactorsOf(db, actor.staffId))) {
      throw badRequest({
        vi: 'Hãy bật ứng dụng xác thực hoặc đăng ký khóa truy cập trước khi tạo mã khôi phục.',
        en: 'Enable an authenticator app or register a passkey before creating recovery codes.',
      });
    }
    const person = await personOf(actor.staffId);
    return db.transaction(async (tx) => {
      const recoveryCodes = await replaceRecoveryCodes(tx, actor.staffId);
      await recordAudit(tx, audit, {
        action: 'auth.recovery_codes_regenerated',
        entityType: 'staff',
        entityId: person.id,
        unitId: person.unitId,
      });
      return { recoveryCodes };
    });
  }

  /**
   * For someone who lost both the phone and the recovery codes: an administrator of their unit
   * removes every second factor and ends their sessions; they enrol again at the next sign-in.
   * Nobody can do this to themselves, or to a person holding permissions they lack.
   */
  async function resetSecondFactors(actor: Actor, staffId: string, audit: AuditContext) {
    if (staffId === actor.staffId) {
      throw badRequest({
        vi: 'Không thể tự đặt lại xác thực hai lớp của mình; hãy dùng trang Bảo mật tài khoản.',
        en: 'You cannot reset your own two-factor sign-in; use your account security page.',
      });
    }
    const held = new Set(actor.grants.flatMap((g) => [...g.permissions]) as string[]);
    const theirs = await db
      .select({ permissions: role.permissions })
      .from(roleAssignment)
      .innerJoin(role, eq(role.id, roleAssignment.roleId))
      .where(eq(roleAssignment.staffId, staffId));
    const missing = [...new Set(theirs.flatMap((r) => r.permissions))].filter((p) => !held.has(p));
    if (missing.length) {
      throw new AppError('FORBIDDEN', {
        message: {
          vi: `Người này có quyền mà bạn không có (${missing.join(', ')}); hãy nhờ quản trị cấp trên.`,
          en: `This person holds permissions you lack (${missing.join(', ')}); ask a higher administrator.`,
        },
        details: { missing },
      });
    }
    const person = await personOf(staffId);
    await db.transaction(async (tx) => {
      const factors = await secondFactorsOf(tx, staffId);
      await tx
        .update(credential)
        .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
        .where(eq(credential.staffId, staffId));
      await tx.delete(webauthnCredential).where(eq(webauthnCredential.staffId, staffId));
      await tx.delete(recoveryCode).where(eq(recoveryCode.staffId, staffId));
      const revoked = await deps.sessions.revokeAllOf(tx, staffId);
      await recordAudit(tx, audit, {
        action: 'auth.mfa_reset',
        entityType: 'staff',
        entityId: staffId,
        unitId: person.unitId,
        before: { totp: factors.totp, passkeys: factors.passkeys },
        after: { sessionsRevoked: revoked },
      });
    });
  }

  return {
    resetSecondFactors,
    assertMayEnrol,
    completeSecondFactor,
    setupTotp,
    enableTotp,
    disableTotp,
    verifyTotp,
    verifyRecoveryCode,
    regenerateRecoveryCodes,
  };
}

export type MfaService = ReturnType<typeof createMfaService>;
