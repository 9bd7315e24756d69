import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { AppError, badRequest } from '../../platform/errors/index.ts';
import type { PlatformDeps } from '../../platform/http/index.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import type { Actor } from '../../platform/policy/index.ts';
import { staff } from '../organisation/index.ts';
import { credential, passwordReset } from './identity.schema.ts';
import type { LoginService } from './login.service.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { auditAs } from './second-factor.ts';
import type { SessionService } from './session.service.ts';
import { newSecret, sha256Hex } from './tokens.ts';

type Config = PlatformDeps['config'];

export const RESET_TOKEN_TTL_MINUTES = 60;
/** A new reset mail is not sent while one sent this recently is still unused (no inbox flooding). */
const RESET_RESEND_AFTER_MINUTES = 2;

const INVALID_RESET = badRequest({
  vi: 'Liên kết đặt lại mật khẩu không hợp lệ, đã được dùng hoặc đã hết hạn (1 giờ). Hãy yêu cầu liên kết mới.',
  en: 'The password reset link is invalid, already used or expired (1 hour). Request a new one.',
});

/** Changing one's own password, and resetting a forgotten one through a link sent by e-mail. */
export function createPasswordService(deps: {
  db: Database;
  config: Config;
  mailer: Mailer;
  sessions: SessionService;
  logins: LoginService;
}) {
  const { db } = deps;

  async function changePassword(
    actor: Actor,
    input: { currentPassword: string; newPassword: string },
    audit: AuditContext,
  ) {
    const [account] = await db
      .select({
        id: staff.id,
        unitId: staff.unitId,
        username: staff.username,
        fullName: staff.fullName,
        passwordHash: credential.passwordHash,
      })
      .from(staff)
      .leftJoin(credential, eq(credential.staffId, staff.id))
      .where(eq(staff.id, actor.staffId));
    if (!account) throw new AppError('UNAUTHENTICATED');
    if (!(await verifyPassword(account.passwordHash ?? null, input.currentPassword))) {
      // Counts towards the lockout: a borrowed session must not become a password-guessing oracle.
      await db.transaction((tx) => deps.logins.recordFailure(tx, account, audit, 'current_password'));
      throw badRequest({ vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is wrong.' }, [
        { path: 'body.currentPassword', message: 'Mật khẩu hiện tại không đúng (wrong current password)' },
      ]);
    }
    if (input.newPassword === input.currentPassword) {
      throw badRequest(
        {
          vi: 'Mật khẩu mới phải khác mật khẩu hiện tại.',
          en: 'The new password must differ from the current one.',
        },
        [{ path: 'body.newPassword', message: 'Mật khẩu mới trùng mật khẩu cũ (same as the current one)' }],
      );
    }
    const passwordHash = await hashPassword(input.newPassword);
    await db.transaction(async (tx) => {
      await tx
        .update(credential)
        .set({ passwordHash, passwordChangedAt: new Date(), failedLoginCount: 0 })
        .where(eq(credential.staffId, account.id));
      // Other devices signed in with the old password are signed out; this one stays.
      const revoked = await deps.sessions.revokeAllOf(tx, account.id, actor.sessionId);
      await recordAudit(tx, audit, {
        action: 'auth.password_changed',
        entityType: 'staff',
        entityId: account.id,
        unitId: account.unitId,
        after: { otherSessionsRevoked: revoked },
      });
    });
  }

  /** Always succeeds from the caller's point of view: whether the address exists is not revealed. */
  async function requestReset(email: string, audit: AuditContext) {
    const [account] = await db
      .select({
        id: staff.id,
        unitId: staff.unitId,
        username: staff.username,
        fullName: staff.fullName,
        email: staff.email,
      })
      .from(staff)
      .where(and(eq(sql`lower(${staff.email})`, email.trim().toLowerCase()), eq(staff.status, 'active')))
      .limit(1);
    if (!account?.email) return;
    const [recent] = await db
      .select({ at: passwordReset.createdAt })
      .from(passwordReset)
      .where(
        and(
          eq(passwordReset.staffId, account.id),
          isNull(passwordReset.usedAt),
          gt(passwordReset.createdAt, sql`now() - make_interval(mins => ${RESET_RESEND_AFTER_MINUTES})`),
        ),
      )
      .limit(1);
    if (recent) return;
    const token = newSecret();
    const link = `${deps.config.PUBLIC_URL}/app/reset-password?token=${encodeURIComponent(token)}`;
    await db.transaction(async (tx) => {
      // Only the newest link works.
      await tx
        .update(passwordReset)
        .set({ usedAt: new Date() })
        .where(and(eq(passwordReset.staffId, account.id), isNull(passwordReset.usedAt)));
      await tx.insert(passwordReset).values({
        tokenHash: sha256Hex(token),
        staffId: account.id,
        expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MINUTES * 60_000),
      });
      await recordAudit(tx, audit, {
        action: 'auth.password_reset_requested',
        entityType: 'staff',
        entityId: account.id,
        unitId: account.unitId,
      });
    });
    await deps.mailer.send({
      to: account.email,
      unitId: account.unitId,
      subject: 'Đặt lại mật khẩu Mặt trận số (Password reset)',
      text: [
        `Xin chào ${account.fullName},`,
        '',
        `Có yêu cầu đặt lại mật khẩu cho tài khoản ${account.username} trên Mặt trận số.`,
        `Mở liên kết sau trong vòng ${RESET_TOKEN_TTL_MINUTES} phút để đặt mật khẩu mới:`,
        '',
        link,
        '',
        'Nếu bạn không yêu cầu, hãy bỏ qua thư này; mật khẩu hiện tại vẫn giữ nguyên.',
        '',
        '---',
        `Someone asked to reset the password of ${account.username}. Open the link above within`,
        `${RESET_TOKEN_TTL_MINUTES} minutes to choose a new one. If it was not you, ignore this e-mail.`,
      ].join('\n'),
    });
  }

  /** Sets the new password, ends every session and clears a lockout; the link works once. */
  async function confirmReset(input: { token: string; newPassword: string }, audit: AuditContext) {
    const passwordHash = await hashPassword(input.newPassword);
    await db.transaction(async (tx) => {
      const [reset] = await tx
        .update(passwordReset)
        .set({ usedAt: new Date() })
        .where(
          and(
            eq(passwordReset.tokenHash, sha256Hex(input.token)),
            isNull(passwordReset.usedAt),
            gt(passwordReset.expiresAt, new Date()),
          ),
        )
        .returning({ staffId: passwordReset.staffId });
      if (!reset) throw INVALID_RESET;
      const [account] = await tx
        .select({ id: staff.id, unitId: staff.unitId, username: staff.username, fullName: staff.fullName })
        .from(staff)
        .where(and(eq(staff.id, reset.staffId), eq(staff.status, 'active')));
      if (!account) throw INVALID_RESET;
      await tx
        .insert(credential)
        .values({ staffId: account.id, passwordHash, passwordChangedAt: new Date() })
        .onConflictDoUpdate({
          target: credential.staffId,
          set: { passwordHash, passwordChangedAt: new Date(), failedLoginCount: 0, lockedUntil: null },
        });
      const revoked = await deps.sessions.revokeAllOf(tx, account.id);
      await recordAudit(tx, auditAs(audit, account), {
        action: 'auth.password_reset',
        entityType: 'staff',
        entityId: account.id,
        unitId: account.unitId,
        after: { sessionsRevoked: revoked },
      });
    });
  }

  return { changePassword, requestReset, confirmReset };
}

export type PasswordService = ReturnType<typeof createPasswordService>;
