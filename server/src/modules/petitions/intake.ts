import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { AuditContext } from '../../platform/audit/index.ts';
import { type CompetenceLevel, type PetitionChannel, petition, petitionPerson } from './petitions.schema.ts';
import { foldVietnamese } from './similarity.ts';
import { recordPetitionEvent } from './timeline.ts';
import { newTrackingCode } from './tracking-code.ts';

/** The petitioner as given (every field optional: petitions may be anonymous). */
export interface PetitionerInput {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  /** Consent to process the personal data given (Decree 13/2023); without it nothing is stored. */
  consent: boolean;
  notifyByEmail?: boolean;
}

export interface NewPetition {
  unitId: string;
  subjectCode: string;
  competenceLevel?: CompetenceLevel;
  title: string;
  description: string;
  channel: PetitionChannel;
  /** `draft` for e-mail intake awaiting a cadre's confirmation; `received` otherwise. */
  status?: 'draft' | 'received';
  sessionId?: string | null;
  term?: string | null;
  lat?: number | null;
  lng?: number | null;
  place?: string | null;
  addressedToId?: string | null;
  isPublic?: boolean;
  createdByStaffId?: string | null;
  petitioner?: PetitionerInput | null;
  receivedAt?: Date;
}

/** The text the similarity search compares: title and description, folded. */
export const foldedTextOf = (title: string, description: string) => foldVietnamese(`${title} ${description}`);

/**
 * Records a petition from any channel (public form, cadre, e-mail, Open311), with its petitioner
 * (only when consent was given) and the first timeline event, in the caller's transaction.
 * Inputs are validated at the edge; the database checks lengths and coordinates again.
 */
export async function createPetition(tx: Queryable, audit: AuditContext, input: NewPetition) {
  const status = input.status ?? 'received';
  for (let attempt = 0; ; attempt++) {
    const trackingCode = newTrackingCode();
    const rows = await tx
      .insert(petition)
      .values({
        trackingCode,
        unitId: input.unitId,
        subjectCode: input.subjectCode,
        competenceLevel: input.competenceLevel ?? 'commune',
        title: input.title,
        description: input.description,
        folded: foldedTextOf(input.title, input.description),
        channel: input.channel,
        status,
        sessionId: input.sessionId ?? null,
        term: input.term ?? null,
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        place: input.place ?? null,
        addressedToId: input.addressedToId ?? null,
        isPublic: input.isPublic ?? true,
        createdByStaffId: input.createdByStaffId ?? null,
        receivedAt: input.receivedAt ?? sql`now()`,
      })
      .onConflictDoNothing({ target: petition.trackingCode })
      .returning({ id: petition.id, serial: petition.serial, trackingCode: petition.trackingCode });
    const created = rows[0];
    if (!created) {
      if (attempt > 5) throw new Error('could not allocate a tracking code');
      continue; // a collision in 28^8: try another code
    }
    const person = input.petitioner;
    if (person?.consent) {
      await tx.insert(petitionPerson).values({
        petitionId: created.id,
        name: person.name || null,
        phone: person.phone || null,
        email: person.email || null,
        address: person.address || null,
        consentAt: sql`now()`,
        notifyByEmail: Boolean(person.notifyByEmail && person.email),
      });
    }
    await recordPetitionEvent(tx, audit, {
      petitionId: created.id,
      kind: status === 'draft' ? 'drafted' : 'received',
      status,
      publicNote: status === 'draft' ? null : 'Đã tiếp nhận kiến nghị.',
      actorStaffId: input.createdByStaffId ?? null,
      unitId: input.unitId,
      data: { channel: input.channel },
    });
    return created;
  }
}
