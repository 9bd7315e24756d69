import type { Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { type PetitionStatus, petitionEvent } from './petitions.schema.ts';

export interface PetitionEventInput {
  petitionId: string;
  /** What happened: received, forwarded, accepted, returned, answered, published, rated, reopened, merged … */
  kind: string;
  /** The petition's status after the event. */
  status: PetitionStatus;
  /** What the public timeline shows (Vietnamese; never personal data). */
  publicNote?: string | null;
  /** For staff only. */
  internalNote?: string | null;
  actorStaffId?: string | null;
  /** The unit whose audit trail gets the entry (the petition's area). */
  unitId: string;
  data?: Record<string, unknown>;
}

/**
 * Appends one event to a petition's timeline and the same fact to the hash-chained audit log, in
 * the caller's transaction: every status change and answer goes through here.
 */
export async function recordPetitionEvent(tx: Queryable, audit: AuditContext, event: PetitionEventInput) {
  await tx.insert(petitionEvent).values({
    petitionId: event.petitionId,
    kind: event.kind,
    status: event.status,
    publicNote: event.publicNote ?? null,
    internalNote: event.internalNote ?? null,
    actorStaffId: event.actorStaffId ?? null,
    data: event.data ?? {},
  });
  await recordAudit(tx, audit, {
    action: `petition.${event.kind}`,
    entityType: 'petition',
    entityId: event.petitionId,
    unitId: event.unitId,
    after: { status: event.status, publicNote: event.publicNote ?? null, ...event.data },
  });
}
