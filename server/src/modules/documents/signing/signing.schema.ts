import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../../db/columns.ts';
import { staff } from '../../organisation/organisation.schema.ts';
// The document tables from their own file: documents.schema.ts re-exports this one for drizzle-kit.
import { document, documentFile } from '../documents.schema.ts';

export const signatureCheckVerdicts = ['valid', 'invalid', 'indeterminate', 'absent'] as const;
export type SignatureVerdict = (typeof signatureCheckVerdicts)[number];

/**
 * One verification of a PDF's signatures, keyed by the bytes' storage key: a document issued to
 * 3,355 communes is one file, verified once; every copy reads the same check. `report` is the
 * verifier's JSON report (signers, chains, coverage, timestamps), `trustVersion` which trust
 * anchors it was checked against (a new anchor means checking again).
 */
export const signatureCheck = pgTable(
  'signature_check',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storageKey: text('storage_key').notNull(),
    verdict: text('verdict', { enum: signatureCheckVerdicts }).notNull(),
    signatureCount: integer('signature_count').notNull(),
    report: jsonb('report').notNull(),
    trustVersion: text('trust_version').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [index('signature_check_key_idx').on(t.storageKey, t.checkedAt)],
);

export const signingKinds = ['personal', 'agency'] as const;
export const signingStates = ['pending', 'signed', 'failed'] as const;
export type SigningState = (typeof signingStates)[number];

/**
 * A digital signing of a document: the competent person's (from `approved` to `signed`) or the
 * agency's at issue. A remote signature waits for approval on the signer's phone: `pending` until
 * `expiresAt`, then `signed` (the new revision is `fileId`) or `failed` with the reason.
 */
export const documentSigning = pgTable(
  'document_signing',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => document.id),
    kind: text('kind', { enum: signingKinds }).notNull(),
    credentialId: uuid('credential_id').notNull(),
    signerId: uuid('signer_id')
      .notNull()
      .references(() => staff.id),
    state: text('state', { enum: signingStates }).notNull().default('pending'),
    /** The provider's request (remote signing), shown with its countdown while pending. */
    requestId: text('request_id'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    fileId: uuid('file_id').references(() => documentFile.id),
    /** `{ code, vi, en }` when it failed. */
    error: jsonb('error').$type<{ code: string; vi: string; en: string }>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('document_signing_document_idx').on(t.documentId, t.createdAt)],
);
