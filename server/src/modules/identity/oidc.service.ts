import type { SsoError } from '@mts/contracts';
import { and, eq, sql } from 'drizzle-orm';
import * as oidc from 'openid-client';
import type { Database } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import type { PlatformDeps } from '../../platform/http/index.ts';
import { staff } from '../organisation/index.ts';
import { startFlow, takeFlow } from './auth-flow.repository.ts';
import { credential, externalIdentity } from './identity.schema.ts';
import { auditAs, hasSecondFactor, secondFactorsOf } from './second-factor.ts';
import type { SessionService } from './session.service.ts';

type Config = PlatformDeps['config'];

export const OIDC_FLOW_TTL_MS = 10 * 60_000;
export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';
/** `amr` values (RFC 8176) that mean the provider itself checked more than a password. */
const MULTI_FACTOR_AMR = new Set(['mfa', 'otp', 'hwk', 'swk', 'sc', 'fpt', 'face', 'iris', 'pin']);

export class SsoRefused extends Error {
  constructor(
    readonly reason: SsoError,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
  }
}

interface FlowData {
  nonce: string;
  codeVerifier: string;
}

/**
 * Single sign-on through any OpenID Connect provider (authorization code + PKCE, state, nonce).
 * An identity is matched by (issuer, sub); on first sign-in it is linked to the one active staff
 * account whose OIDC_LINK_CLAIM matches, when the provider vouches for that claim.
 */
export function createOidcService(deps: { db: Database; config: Config; sessions: SessionService }) {
  const { db, config } = deps;
  const redirectUri = `${config.PUBLIC_URL}${OIDC_CALLBACK_PATH}`;
  let discovered: Promise<oidc.Configuration> | null = null;

  /** Discovery runs once, on first use; a failure is retried on the next sign-in. */
  function configuration() {
    discovered ??= oidc
      .discovery(
        new URL(config.OIDC_ISSUER!),
        config.OIDC_CLIENT_ID!,
        undefined,
        config.OIDC_CLIENT_SECRET ? oidc.ClientSecretBasic(config.OIDC_CLIENT_SECRET) : oidc.None(),
        { execute: config.OIDC_ALLOW_HTTP ? [oidc.allowInsecureRequests] : [], timeout: 10 },
      )
      .catch((error: unknown) => {
        discovered = null;
        throw error;
      });
    return discovered;
  }

  /** Where to send the browser, and the state to bind to it (kept in a cookie by the route). */
  async function start() {
    const client = await configuration();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    await startFlow(db, {
      id: state,
      purpose: 'oidc',
      data: { nonce, codeVerifier } satisfies FlowData,
      ttlMs: OIDC_FLOW_TTL_MS,
    });
    const url = oidc.buildAuthorizationUrl(client, {
      redirect_uri: redirectUri,
      scope: config.OIDC_LINK_CLAIM === 'email' ? 'openid email profile' : 'openid profile email',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, state };
  }

  async function claimsFrom(callbackQuery: string, state: string, flow: FlowData) {
    const client = await configuration();
    const currentUrl = new URL(`${redirectUri}?${callbackQuery}`);
    if (currentUrl.searchParams.get('error') === 'access_denied') throw new SsoRefused('cancelled');
    const tokens = await oidc.authorizationCodeGrant(client, currentUrl, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims()!;
    // Providers commonly put e-mail and profile claims only in the userinfo response.
    const userinfo = client.serverMetadata().userinfo_endpoint
      ? await oidc.fetchUserInfo(client, tokens.access_token, idToken.sub)
      : {};
    const claims: Record<string, unknown> & { sub: string; iss: string } = {
      ...idToken,
      ...userinfo,
      sub: idToken.sub,
      iss: idToken.iss,
    };
    return claims;
  }

  /** The claim value that may link this identity to an account, when the provider vouches for it. */
  function linkValueOf(claims: Record<string, unknown>): string {
    const value = claims[config.OIDC_LINK_CLAIM];
    if (typeof value !== 'string' || !value.trim()) throw new SsoRefused('not_linked');
    if (config.OIDC_LINK_CLAIM === 'email' && claims.email_verified !== true) {
      throw new SsoRefused('email_not_verified');
    }
    return value.trim().toLowerCase();
  }

  async function findLinkedStaff(issuer: string, subject: string) {
    const [row] = await db
      .select({ identityId: externalIdentity.id, staffId: externalIdentity.staffId })
      .from(externalIdentity)
      .where(and(eq(externalIdentity.issuer, issuer), eq(externalIdentity.subject, subject)));
    return row ?? null;
  }

  async function findStaffByClaim(value: string) {
    const column = config.OIDC_LINK_CLAIM === 'email' ? staff.email : staff.username;
    const rows = await db
      .select({ id: staff.id })
      .from(staff)
      .where(and(eq(sql`lower(${column})`, value), eq(staff.status, 'active')))
      .limit(2);
    return rows.length === 1 ? rows[0]!.id : null;
  }

  /**
   * Completes the sign-in: returns the new session, or throws SsoRefused with the reason shown
   * on the login page. Refusals after the provider answered are audited.
   */
  async function finish(
    input: {
      query: string;
      state: string | undefined;
      cookieState: string | undefined;
      ip?: string;
      userAgent?: string;
    },
    audit: AuditContext,
  ) {
    if (!input.state || input.state !== input.cookieState) throw new SsoRefused('expired');
    const flow = await takeFlow(db, input.state, 'oidc');
    if (!flow || flow.expired) throw new SsoRefused('expired');
    const claims = await claimsFrom(input.query, input.state, flow.data as unknown as FlowData).catch(
      (error: unknown) => {
        throw error instanceof SsoRefused ? error : new SsoRefused('failed', { cause: error });
      },
    );
    const issuer = claims.iss;
    const subject = claims.sub;
    const email = typeof claims.email === 'string' ? claims.email : null;

    const linked = await findLinkedStaff(issuer, subject);
    let staffId = linked?.staffId ?? null;
    if (!staffId) {
      try {
        staffId = await findStaffByClaim(linkValueOf(claims));
        if (!staffId) throw new SsoRefused('not_linked');
      } catch (error) {
        if (error instanceof SsoRefused) {
          await db.transaction((tx) =>
            recordAudit(tx, audit, {
              action: 'auth.sso_refused',
              entityType: 'external_identity',
              entityId: `${issuer}#${subject}`,
              after: {
                reason: error.reason,
                claim: config.OIDC_LINK_CLAIM,
                value: claims[config.OIDC_LINK_CLAIM] ?? null,
              },
            }),
          );
        }
        throw error;
      }
    }

    const [person] = await db
      .select({
        id: staff.id,
        unitId: staff.unitId,
        username: staff.username,
        fullName: staff.fullName,
        status: staff.status,
      })
      .from(staff)
      .where(eq(staff.id, staffId));
    if (person?.status !== 'active') throw new SsoRefused('disabled');
    const factors = await secondFactorsOf(db, person.id);
    const amr = Array.isArray(claims.amr) ? (claims.amr as unknown[]) : [];
    const providerDidMfa = amr.some((m) => typeof m === 'string' && MULTI_FACTOR_AMR.has(m));

    return db.transaction(async (tx) => {
      const asPerson = auditAs(audit, person);
      if (linked) {
        await tx
          .update(externalIdentity)
          .set({ lastLoginAt: new Date(), email })
          .where(eq(externalIdentity.id, linked.identityId));
      } else {
        const [identity] = await tx
          .insert(externalIdentity)
          .values({ staffId: person.id, issuer, subject, email, lastLoginAt: new Date() })
          .returning({ id: externalIdentity.id });
        await recordAudit(tx, asPerson, {
          action: 'auth.sso_linked',
          entityType: 'external_identity',
          entityId: identity!.id,
          unitId: person.unitId,
          after: { issuer, subject, claim: config.OIDC_LINK_CLAIM },
        });
      }
      await tx.update(credential).set({ lastLoginAt: new Date() }).where(eq(credential.staffId, person.id));
      const created = await deps.sessions.create(tx, {
        staffId: person.id,
        authMethod: 'oidc',
        mfaVerified: providerDidMfa,
        mfaPending: !providerDidMfa && hasSecondFactor(factors),
        ip: input.ip,
        userAgent: input.userAgent,
      });
      await recordAudit(tx, asPerson, {
        action: 'auth.login',
        entityType: 'session',
        entityId: created.sessionId,
        unitId: person.unitId,
        after: { method: 'oidc', issuer, providerMfa: providerDidMfa },
      });
      return created;
    });
  }

  return { isConfigured: config.isOidcConfigured, start, finish };
}

export type OidcService = ReturnType<typeof createOidcService>;
