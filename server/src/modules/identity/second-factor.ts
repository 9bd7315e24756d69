import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { AuditContext } from '../../platform/audit/index.ts';

export type SecondFactors = {
  totp: boolean;
  passkeys: number;
  /** One of the person's roles demands two-factor sign-in (role.requires_mfa). */
  requiredByRole: boolean;
};

/** What second factors a person has, and whether a role makes one mandatory. */
export async function secondFactorsOf(db: Queryable, staffId: string): Promise<SecondFactors> {
  const result = await db.execute<SecondFactors>(sql`
    SELECT COALESCE((SELECT c.totp_enabled_at IS NOT NULL FROM credential c WHERE c.staff_id = ${staffId}), false) AS totp,
           (SELECT count(*)::int FROM webauthn_credential w WHERE w.staff_id = ${staffId}) AS passkeys,
           EXISTS (SELECT 1 FROM role_assignment ra JOIN role r ON r.id = ra.role_id
                    WHERE ra.staff_id = ${staffId} AND r.requires_mfa) AS "requiredByRole"`);
  return result.rows[0]!;
}

export const hasSecondFactor = (factors: SecondFactors) => factors.totp || factors.passkeys > 0;

/** What the login page does next: nothing, ask for the second factor, or make the person enrol one. */
export function mfaStepAfterFirstFactor(factors: SecondFactors): 'none' | 'verify' | 'enrol' {
  if (hasSecondFactor(factors)) return 'verify';
  return factors.requiredByRole ? 'enrol' : 'none';
}

/** The audit context of someone signing in: the request is anonymous until the session exists. */
export const auditAs = (audit: AuditContext, person: { id: string; fullName: string; username: string }) => ({
  ...audit,
  actorId: person.id,
  actorLabel: `${person.fullName} (${person.username})`,
});
