import { randomBytes } from 'node:crypto';
import type { Database } from '../src/db/client.ts';
import { directive } from '../src/modules/directives/index.ts';
import {
  document,
  documentAssignment,
  documentRegister,
  documentType,
  recordFile,
} from '../src/modules/documents/index.ts';
import { apiToken } from '../src/modules/identity/index.ts';
import { createPetition, petitionRecipient } from '../src/modules/petitions/index.ts';
import { petitionSession } from '../src/modules/petitions/sessions.schema.ts';
import { portalCrosspostFactories } from '../src/modules/portal/crosspost/test-support/factories.ts';
import { portalEditorialFactories } from '../src/modules/portal/editorial/test-support.ts';
import { buildPortalMedia } from '../src/modules/portal/media/test-support.ts';
import { buildPortalBulletin } from '../src/modules/portal/radio/test-support.ts';
import { signatureImage, signingCredential } from '../src/modules/signatures/index.ts';
import { systemAuditContext } from '../src/platform/audit/index.ts';
import { buildStaff, buildUnit } from './factories.ts';

let fileIndex = 0;

/**
 * One factory per resource kind registered with `deps.resources.register(kind, …)`: creates a
 * record owned by `unitId` (inside its subtree) and returns the id a route parameter names.
 * The route-matrix test fails for a route whose resource kind has no factory here.
 */
export const resourceFactories: Record<string, (db: Database, unitId: string) => Promise<string>> = {
  unit: async (db, unitId) => (await buildUnit(db, { parentId: unitId, levelId: 'commune' })).id,
  staff: async (db, unitId) => (await buildStaff(db, { unitId })).id,
  api_token: async (db, unitId) => {
    const creator = await buildStaff(db, { unitId });
    const [row] = await db
      .insert(apiToken)
      .values({
        name: 'Tích hợp thử nghiệm',
        tokenHash: randomBytes(32).toString('hex'),
        prefix: 'mts_test',
        unitId,
        permissions: ['units.read'],
        createdBy: creator.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      })
      .returning({ id: apiToken.id });
    return row!.id;
  },
  document: async (db, unitId) => (await buildDocumentRow(db, unitId)).id,
  document_assignment: async (db, unitId) => {
    const doc = await buildDocumentRow(db, unitId);
    const [row] = await db
      .insert(documentAssignment)
      .values({ documentId: doc.id, role: 'lead', assigneeUnitId: unitId, deadline: '2099-12-31' })
      .returning({ id: documentAssignment.id });
    return row!.id;
  },
  document_register: async (db, unitId) => {
    const [row] = await db
      .insert(documentRegister)
      .values({ unitId, kind: 'outgoing', name: `Sổ thử ${randomBytes(3).toString('hex')}` })
      .returning({ id: documentRegister.id });
    return row!.id;
  },
  document_type: async (db, unitId) => {
    const [row] = await db
      .insert(documentType)
      .values({ unitId, code: 'TTr', name: `Tờ trình ${randomBytes(3).toString('hex')}` })
      .returning({ id: documentType.id });
    return row!.id;
  },
  document_file: async (db, unitId) => {
    const responsible = await buildStaff(db, { unitId });
    const [row] = await db
      .insert(recordFile)
      .values({
        unitId,
        year: 2026,
        index: ++fileIndex,
        code: `2026.HS.${fileIndex}`,
        title: 'Hồ sơ thử nghiệm',
        responsibleStaffId: responsible.id,
        archiveDueDate: '2027-12-31',
      })
      .returning({ id: recordFile.id });
    return row!.id;
  },
  // A directive sent by the unit (the board, export and cancel act on the sender's subtree).
  directive: async (db, unitId) => {
    const sender = await buildStaff(db, { unitId });
    const [row] = await db
      .insert(directive)
      .values({
        senderUnitId: unitId,
        senderStaffId: sender.id,
        title: 'Chỉ đạo thử nghiệm',
        deadline: new Date(Date.now() + 86_400_000),
        action: 'acknowledge',
        selector: { subtreeOf: unitId },
        recipientCount: 0,
      })
      .returning({ id: directive.id });
    return row!.id;
  },
  // A voters' petition received for the unit's area (subject "khac" from migration 0042).
  petition: async (db, unitId) =>
    db.transaction(async (tx) => {
      const created = await createPetition(tx, systemAuditContext, {
        unitId,
        subjectCode: 'khac',
        title: 'Kiến nghị thử nghiệm',
        description: 'Nội dung kiến nghị thử nghiệm.',
        channel: 'walk_in',
      });
      return created.id;
    }),
  // An agency receiving petitions, serving the unit's area (routing.setup.ts).
  petition_recipient: async (db, unitId) => {
    const [row] = await db
      .insert(petitionRecipient)
      .values({
        kind: 'agency',
        name: `Sở thử nghiệm ${randomBytes(3).toString('hex')}`,
        level: 'province',
        unitId,
      })
      .returning({ id: petitionRecipient.id });
    return row!.id;
  },
  // A planned voter-contact session organised by the unit (no delegates needed at this level).
  // An image of the media library of a site of a commune under the unit (media/test-support.ts).
  portal_media: buildPortalMedia,
  // A draft radio bulletin of a commune's site under the unit (radio/test-support.ts).
  portal_bulletin: buildPortalBulletin,
  // Sites, articles, categories and tags of a commune's site under the unit (editorial/test-support.ts).
  ...portalEditorialFactories,
  // A queued cross-post of a published article to a channel (crosspost/test-support/factories.ts).
  ...portalCrosspostFactories,
  petition_session: async (db, unitId) => {
    const [row] = await db
      .insert(petitionSession)
      .values({
        unitId,
        title: 'Hội nghị tiếp xúc cử tri thử nghiệm',
        level: 'province',
        mode: 'onsite',
        place: 'Hội trường thử nghiệm',
        startsAt: new Date(Date.now() + 10 * 86_400_000),
        endsAt: new Date(Date.now() + 10 * 86_400_000 + 3 * 3_600_000),
      })
      .returning({ id: petitionSession.id });
    return row!.id;
  },
  // A personal credential of a staff member of the unit (a remote one: no keystore to make).
  signing_credential: async (db, unitId) => {
    const holder = await buildStaff(db, { unitId });
    const [row] = await db
      .insert(signingCredential)
      .values({
        kind: 'personal',
        staffId: holder.id,
        label: 'Chứng thư thử nghiệm',
        provider: 'remote',
        remoteProvider: 'simulator',
        remoteCredentialId: randomBytes(6).toString('hex'),
        certificate: randomBytes(32),
        subject: 'CN=Nguyễn Văn Thử,C=VN',
        issuer: 'CN=Ban Cơ yếu Chính phủ (thử nghiệm),C=VN',
        serial: randomBytes(8).toString('hex'),
        notBefore: new Date(),
        notAfter: new Date(Date.now() + 86_400_000),
        fingerprint: randomBytes(32).toString('hex'),
      })
      .returning({ id: signingCredential.id });
    return row!.id;
  },
  // A staff member's signature image (the bytes are not checked at this level).
  signature_image: async (db, unitId) => {
    const holder = await buildStaff(db, { unitId });
    const [row] = await db
      .insert(signatureImage)
      .values({
        kind: 'signature',
        staffId: holder.id,
        png: randomBytes(64),
        width: 400,
        height: 160,
        sha256: randomBytes(32).toString('hex'),
      })
      .returning({ id: signatureImage.id });
    return row!.id;
  },
};

/** A registered incoming document of the unit (the smallest record a document route acts on). */
async function buildDocumentRow(db: Database, unitId: string) {
  const [row] = await db
    .insert(document)
    .values({ unitId, direction: 'incoming', status: 'registered', subject: 'Văn bản thử nghiệm' })
    .returning({ id: document.id });
  return row!;
}
