import { copyForms } from '@mts/contracts';
import {
  type AnyPgColumn,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { staff, unit } from '../organisation/organisation.schema.ts';
import { document, documentFile, documentRegister, registerNumber } from './documents.schema.ts';

/**
 * A copy of a document (bản sao: SY sao y, TrS trích sao, SL sao lục — Decree 30 Art. 25–27),
 * numbered in the unit's copies register: the number is a `register_number` row of that register
 * (the composite foreign key), so the series is gap-free like any other.
 */
export const documentCopy = pgTable(
  'document_copy',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The original the copy was made from. */
    documentId: uuid('document_id')
      .notNull()
      .references(() => document.id),
    /** The unit that made (and certifies) the copy: the document's owner. */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unit.id),
    registerId: uuid('register_id')
      .notNull()
      .references(() => documentRegister.id),
    registerYear: integer('register_year').notNull(),
    number: integer('number').notNull(),
    form: text('form', { enum: copyForms }).notNull(),
    symbol: text('symbol').notNull(),
    copyDate: date('copy_date').notNull(),
    signerFullName: text('signer_full_name').notNull(),
    signerPosition: text('signer_position').notNull(),
    excerpt: text('excerpt'),
    recipients: text('recipients'),
    /** The signed electronic copy (`document_file` role `copy`), when the agency signed one. */
    fileId: uuid('file_id').references(() => documentFile.id),
    /** Sao lục: the bản sao y it was made from. */
    sourceCopyId: uuid('source_copy_id').references((): AnyPgColumn => documentCopy.id),
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    index('document_copy_document_idx').on(t.documentId),
    uniqueIndex('document_copy_number_unique').on(t.registerId, t.registerYear, t.number),
    foreignKey({
      name: 'document_copy_number_fk',
      columns: [t.registerId, t.registerYear, t.number],
      foreignColumns: [registerNumber.registerId, registerNumber.year, registerNumber.number],
    }),
  ],
);
