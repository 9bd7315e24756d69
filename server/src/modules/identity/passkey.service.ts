import type { Passkey } from '@mts/contracts';
import type {
  AuthenticationResponseJSON,
  RegistrationResponseJSON,
  WebAuthnCredential,
} from '@simplewebauthn/server';
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors/index.ts';
import type { PlatformDeps } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/policy/index.ts';
import { staff } from '../organisation/index.ts';
import { startFlow, takeFlow } from './auth-flow.repository.ts';
import { credential, webauthnCredential } from './identity.schema.ts';
import type { MfaService } from './mfa.service.ts';
import { auditAs } from './second-factor.ts';
import type { SessionService } from './session.service.ts';
import {
  authenticationOptionsFor,
  registrationOptionsFor,
  relyingPartyOf,
  userHandleOf,
} from './webauthn-options.ts';

type Config = PlatformDeps['config'];

/** How long a challenge stays valid: the browser dialog times out after 5 minutes too. */
export const PASSKEY_CHALLENGE_TTL_MS = 5 * 60_000;

const FLOW_GONE = badRequest({
  vi: 'Yêu cầu xác thực bằng khóa truy cập không tồn tại hoặc đã được dùng. Vui lòng thử lại.',
  en: 'This passkey request does not exist or was already used. Please try again.',
});
const FLOW_EXPIRED = badRequest({
  vi: 'Yêu cầu xác thực bằng khóa truy cập đã hết hạn (5 phút). Vui lòng thử lại.',
  en: 'The passkey request expired (5 minutes). Please try again.',
});
const NOT_VERIFIED = (reason: string) =>
  badRequest({
    vi: 'Không xác minh được khóa truy cập. Vui lòng thử lại hoặc dùng thiết bị khác.',
    en: `The passkey could not be verified (${reason}). Try again or use another device.`,
  });
const UNKNOWN_PASSKEY = new AppError('INVALID_CREDENTIALS', {
  message: {
    vi: 'Khóa truy cập này chưa được đăng ký với tài khoản nào trên Mặt trận số.',
    en: 'This passkey is not registered to any Mặt trận số account.',
  },
});

type FlowData = { challenge: string };

/** Passkeys (WebAuthn): registration, management, second factor, and passwordless sign-in. */
export function createPasskeyService(deps: {
  db: Database;
  config: Config;
  sessions: SessionService;
  mfa: MfaService;
}) {
  const { db } = deps;
  const rp = relyingPartyOf(deps.config.PUBLIC_URL);

  const storedOf = (staffId: string) =>
    db
      .select({ id: webauthnCredential.id, transports: webauthnCredential.transports })
      .from(webauthnCredential)
      .where(eq(webauthnCredential.staffId, staffId));

  async function personOf(staffId: string) {
    const [row] = await db
      .select({
        id: staff.id,
        unitId: staff.unitId,
        username: staff.username,
        fullName: staff.fullName,
        status: staff.status,
      })
      .from(staff)
      .where(eq(staff.id, staffId));
    if (!row) throw new AppError('UNAUTHENTICATED');
    return row;
  }

  async function takeChallenge(
    flowId: string,
    purpose: 'webauthn_register' | 'webauthn_mfa' | 'webauthn_login',
  ) {
    const flow = await takeFlow(db, flowId, purpose);
    if (!flow) throw FLOW_GONE;
    if (flow.expired) throw FLOW_EXPIRED;
    return { staffId: flow.staffId, challenge: (flow.data as FlowData).challenge };
  }

  async function startRegistration(actor: Actor) {
    await deps.mfa.assertMayEnrol(actor);
    const person = await personOf(actor.staffId);
    const options = await registrationOptionsFor(rp, person, await storedOf(actor.staffId));
    const flowId = await startFlow(db, {
      purpose: 'webauthn_register',
      staffId: actor.staffId,
      data: { challenge: options.challenge } satisfies FlowData,
      ttlMs: PASSKEY_CHALLENGE_TTL_MS,
    });
    return { flowId, options };
  }

  async function finishRegistration(
    actor: Actor,
    input: { flowId: string; response: unknown; name?: string },
    audit: AuditContext,
  ): Promise<Passkey> {
    await deps.mfa.assertMayEnrol(actor);
    const flow = await takeChallenge(input.flowId, 'webauthn_register');
    if (flow.staffId !== actor.staffId) throw FLOW_GONE;
    const { verifyRegistrationResponse } = await import('@simplewebauthn/server'); // heavy: on first use
    const verification = await verifyRegistrationResponse({
      response: input.response as RegistrationResponseJSON,
      expectedChallenge: flow.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
    }).catch((error: Error) => {
      throw NOT_VERIFIED(error.message);
    });
    if (!verification.verified) throw NOT_VERIFIED('not verified');
    const info = verification.registrationInfo;
    const person = await personOf(actor.staffId);
    const name =
      input.name ??
      `Khóa truy cập ${new Date().toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}`;
    return db.transaction(async (tx) => {
      const [row] = await tx
        .insert(webauthnCredential)
        .values({
          id: info.credential.id,
          staffId: actor.staffId,
          publicKey: Buffer.from(info.credential.publicKey),
          counter: info.credential.counter,
          transports: info.credential.transports ?? [],
          deviceType: info.credentialDeviceType,
          backedUp: info.credentialBackedUp,
          name,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) {
        throw conflict({
          vi: 'Khóa truy cập này đã được đăng ký.',
          en: 'This passkey is already registered.',
        });
      }
      await recordAudit(tx, audit, {
        action: 'auth.passkey_registered',
        entityType: 'webauthn_credential',
        entityId: row.id,
        unitId: person.unitId,
        after: { name: row.name, deviceType: row.deviceType, backedUp: row.backedUp },
      });
      if (!actor.mfaSatisfied) await deps.mfa.completeSecondFactor(tx, actor, audit, 'passkey_enrolment');
      return toPasskey(row);
    });
  }

  async function list(actor: Actor): Promise<Passkey[]> {
    const rows = await db
      .select()
      .from(webauthnCredential)
      .where(eq(webauthnCredential.staffId, actor.staffId))
      .orderBy(desc(webauthnCredential.createdAt));
    return rows.map(toPasskey);
  }

  async function rename(actor: Actor, id: string, name: string, audit: AuditContext): Promise<Passkey> {
    const person = await personOf(actor.staffId);
    return db.transaction(async (tx) => {
      const [before] = await tx
        .select({ name: webauthnCredential.name })
        .from(webauthnCredential)
        .where(and(eq(webauthnCredential.id, id), eq(webauthnCredential.staffId, actor.staffId)));
      if (!before) throw notFound({ vi: 'Không tìm thấy khóa truy cập.', en: 'Passkey not found.' });
      const [row] = await tx
        .update(webauthnCredential)
        .set({ name })
        .where(eq(webauthnCredential.id, id))
        .returning();
      await recordAudit(tx, audit, {
        action: 'auth.passkey_renamed',
        entityType: 'webauthn_credential',
        entityId: id,
        unitId: person.unitId,
        before,
        after: { name },
      });
      return toPasskey(row!);
    });
  }

  async function remove(actor: Actor, id: string, audit: AuditContext) {
    const person = await personOf(actor.staffId);
    await db.transaction(async (tx) => {
      const [row] = await tx
        .delete(webauthnCredential)
        .where(and(eq(webauthnCredential.id, id), eq(webauthnCredential.staffId, actor.staffId)))
        .returning();
      if (!row) throw notFound({ vi: 'Không tìm thấy khóa truy cập.', en: 'Passkey not found.' });
      await recordAudit(tx, audit, {
        action: 'auth.passkey_removed',
        entityType: 'webauthn_credential',
        entityId: id,
        unitId: person.unitId,
        before: { name: row.name },
      });
    });
  }

  /** Checks an assertion against a stored passkey and advances its signature counter. */
  async function verifyAssertion(
    stored: typeof webauthnCredential.$inferSelect,
    response: AuthenticationResponseJSON,
    challenge: string,
    requireUserVerification: boolean,
  ) {
    const { verifyAuthenticationResponse } = await import('@simplewebauthn/server');
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: {
        id: stored.id,
        publicKey: new Uint8Array(stored.publicKey),
        counter: stored.counter,
        transports: stored.transports as WebAuthnCredential['transports'],
      },
      requireUserVerification,
    }).catch((error: Error) => {
      throw NOT_VERIFIED(error.message);
    });
    if (!verification.verified) throw NOT_VERIFIED('not verified');
    return verification.authenticationInfo.newCounter;
  }

  async function startSecondFactor(actor: Actor) {
    const allowed = await storedOf(actor.staffId);
    if (!allowed.length) {
      throw badRequest({
        vi: 'Tài khoản chưa có khóa truy cập; hãy dùng ứng dụng xác thực hoặc mã khôi phục.',
        en: 'No passkey is registered; use the authenticator app or a recovery code.',
      });
    }
    const options = await authenticationOptionsFor(rp, allowed);
    const flowId = await startFlow(db, {
      purpose: 'webauthn_mfa',
      staffId: actor.staffId,
      data: { challenge: options.challenge } satisfies FlowData,
      ttlMs: PASSKEY_CHALLENGE_TTL_MS,
    });
    return { flowId, options };
  }

  async function finishSecondFactor(
    actor: Actor,
    input: { flowId: string; response: unknown },
    audit: AuditContext,
  ) {
    const flow = await takeChallenge(input.flowId, 'webauthn_mfa');
    if (flow.staffId !== actor.staffId) throw FLOW_GONE;
    const response = input.response as AuthenticationResponseJSON;
    const [stored] = await db
      .select()
      .from(webauthnCredential)
      .where(and(eq(webauthnCredential.id, response.id), eq(webauthnCredential.staffId, actor.staffId)));
    if (!stored) throw UNKNOWN_PASSKEY;
    const counter = await verifyAssertion(stored, response, flow.challenge, false);
    await db.transaction(async (tx) => {
      await tx
        .update(webauthnCredential)
        .set({ counter, lastUsedAt: new Date() })
        .where(eq(webauthnCredential.id, stored.id));
      if (!actor.mfaSatisfied) await deps.mfa.completeSecondFactor(tx, actor, audit, 'passkey');
    });
  }

  async function startLogin() {
    const options = await authenticationOptionsFor(rp);
    const flowId = await startFlow(db, {
      purpose: 'webauthn_login',
      data: { challenge: options.challenge } satisfies FlowData,
      ttlMs: PASSKEY_CHALLENGE_TTL_MS,
    });
    return { flowId, options };
  }

  /**
   * Passwordless sign-in with a discoverable passkey. User verification (PIN, biometrics) plus
   * possession of the device make two factors, so the session is fully signed in at once.
   */
  async function finishLogin(
    input: { flowId: string; response: unknown; ip?: string; userAgent?: string },
    audit: AuditContext,
  ) {
    const flow = await takeChallenge(input.flowId, 'webauthn_login');
    const response = input.response as AuthenticationResponseJSON;
    const [stored] = await db.select().from(webauthnCredential).where(eq(webauthnCredential.id, response.id));
    if (!stored) throw UNKNOWN_PASSKEY;
    const userHandle = response.response.userHandle;
    if (userHandle && userHandle !== Buffer.from(userHandleOf(stored.staffId)).toString('base64url')) {
      throw UNKNOWN_PASSKEY;
    }
    const counter = await verifyAssertion(stored, response, flow.challenge, true);
    const person = await personOf(stored.staffId);
    if (person.status !== 'active') throw new AppError('ACCOUNT_DISABLED');
    return db.transaction(async (tx) => {
      await tx
        .update(webauthnCredential)
        .set({ counter, lastUsedAt: new Date() })
        .where(eq(webauthnCredential.id, stored.id));
      await tx.update(credential).set({ lastLoginAt: new Date() }).where(eq(credential.staffId, person.id));
      const created = await deps.sessions.create(tx, {
        staffId: person.id,
        authMethod: 'passkey',
        mfaVerified: true,
        mfaPending: false,
        ip: input.ip,
        userAgent: input.userAgent,
      });
      await recordAudit(tx, auditAs(audit, person), {
        action: 'auth.login',
        entityType: 'session',
        entityId: created.sessionId,
        unitId: person.unitId,
        after: { method: 'passkey', passkey: stored.id },
      });
      return created;
    });
  }

  return {
    startRegistration,
    finishRegistration,
    list,
    rename,
    remove,
    startSecondFactor,
    finishSecondFactor,
    startLogin,
    finishLogin,
  };
}

function toPasskey(row: typeof webauthnCredential.$inferSelect): Passkey {
  return {
    id: row.id,
    name: row.name,
    deviceType: row.deviceType,
    backedUp: row.backedUp,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

export type PasskeyService = ReturnType<typeof createPasskeyService>;
