import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea, createdAt, updatedAt } from '../../db/columns.ts';
import { staff, unit } from '../organisation/organisation.schema.ts';

/**
 * A signing credential: a certificate with the means to sign with its key. Personal (a staff
 * member's, `staffId`) or agency (a unit's, `unitId`: the agency signature applied by the registry).
 * Provider `local`: `keystore` holds the PKCS#12 file, still encrypted with the holder's PIN, sealed
 * once more with the server key (AES-256-GCM, the row id as associated data); the PIN is never
 * stored. Provider `remote`: a remote signing service holds the key (`remoteProvider`,
 * `remoteCredentialId`, `remoteAccount`, e.g. the citizen ID the service knows the signer by).
 * The certificate's facts are copied out for listing and expiry checks.
 */
export const signingCredential = pgTable(
  'signing_credential',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['personal', 'agency'] }).notNull(),
    staffId: uuid('staff_id').references(() => staff.id),
    unitId: uuid('unit_id').references(() => unit.id),
    label: text('label').notNull(),
    provider: text('provider', { enum: ['local', 'remote'] }).notNull(),
    keystore: bytea('keystore'),
    remoteProvider: text('remote_provider'),
    remoteCredentialId: text('remote_credential_id'),
    remoteAccount: text('remote_account'),
    certificate: bytea('certificate').notNull(), // DER
    subject: text('subject').notNull(),
    issuer: text('issuer').notNull(),
    serial: text('serial').notNull(),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
    fingerprint: text('fingerprint').notNull(), // SHA-256 of the DER, lowercase hex
    status: text('status', { enum: ['active', 'revoked', 'disabled'] })
      .notNull()
      .default('active'),
    createdBy: uuid('created_by').references(() => staff.id),
    updatedBy: uuid('updated_by').references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      'signing_credential_owner',
      sql`(${t.kind} = 'personal' AND ${t.staffId} IS NOT NULL AND ${t.unitId} IS NULL)
        OR (${t.kind} = 'agency' AND ${t.unitId} IS NOT NULL AND ${t.staffId} IS NULL)`,
    ),
    check(
      'signing_credential_provider',
      sql`(${t.provider} = 'local' AND ${t.keystore} IS NOT NULL)
        OR (${t.provider} = 'remote' AND ${t.remoteProvider} IS NOT NULL AND ${t.remoteCredentialId} IS NOT NULL)`,
    ),
    index('signing_credential_staff_idx').on(t.staffId),
    index('signing_credential_unit_idx').on(t.unitId),
    index('signing_credential_fingerprint_idx').on(t.fingerprint),
  ],
);

/**
 * A signature image (a person's handwritten signature, blue ink) or a seal image (a unit's round
 * seal, red, printed at `diameterMm`); transparent PNG, one current image per owner.
 */
export const signatureImage = pgTable(
  'signature_image',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['signature', 'seal'] }).notNull(),
    staffId: uuid('staff_id').references(() => staff.id),
    unitId: uuid('unit_id').references(() => unit.id),
    png: bytea('png').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    diameterMm: real('diameter_mm'),
    sha256: text('sha256').notNull(),
    createdBy: uuid('created_by').references(() => staff.id),
    updatedBy: uuid('updated_by').references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      'signature_image_owner',
      sql`(${t.kind} = 'signature' AND ${t.staffId} IS NOT NULL AND ${t.unitId} IS NULL)
        OR (${t.kind} = 'seal' AND ${t.unitId} IS NOT NULL AND ${t.staffId} IS NULL AND ${t.diameterMm} IS NOT NULL)`,
    ),
    uniqueIndex('signature_image_staff_unique').on(t.staffId),
    uniqueIndex('signature_image_unit_unique').on(t.unitId),
  ],
);

/**
 * A trust anchor: a root CA certificate signatures are verified against. `config` anchors come
 * from SIGNATURE_TRUST_ANCHORS, `demo` is the demo CA (whose PKCS#12 is kept sealed in `keystore`
 * so the demo can issue more certificates), `admin` ones were added in the app.
 */
export const trustAnchor = pgTable(
  'trust_anchor',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    certificate: bytea('certificate').notNull(), // DER
    subject: text('subject').notNull(),
    fingerprint: text('fingerprint').notNull(),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
    source: text('source', { enum: ['config', 'demo', 'admin'] }).notNull(),
    keystore: bytea('keystore'),
    active: boolean('active').notNull().default(true),
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('trust_anchor_fingerprint_unique').on(t.fingerprint),
    index('trust_anchor_active_idx').on(t.active),
  ],
);
