import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../../db/columns.ts';
import { staff, unit } from '../../organisation/organisation.schema.ts';
// The document table from its own file: documents.schema.ts re-exports this one for drizzle-kit.
import { document } from '../documents.schema.ts';

export const recordFileStatuses = ['open', 'closed', 'transferred'] as const;

/**
 * A file (hồ sơ) of a unit's file list (danh mục hồ sơ) for a year. Named `record_file` because
 * `document_file` holds the files (PDF, DOCX) of a document; the policy's resource kind is
 * `document_file`. `code` is the file notation (ký hiệu hồ sơ, Appendix VI FileNotation), from the
 * unit's pattern or given; `index` the file's place in the year's list. Retention (thời hạn bảo
 * quản) in years, null for permanent (vĩnh viễn). The archive transfer is due within a year after
 * the file's year ends (31 December of year + 1) unless overridden; `archiveNoticeAt` records the
 * 30-day notice so it is sent once.
 */
export const recordFile = pgTable(
  'record_file',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unit.id),
    year: integer('year').notNull(), // FileCatalog
    index: integer('index').notNull(),
    code: text('code').notNull(), // FileNotation (ký hiệu hồ sơ)
    title: text('title').notNull(), // tiêu đề hồ sơ
    retentionYears: integer('retention_years'), // null: vĩnh viễn
    responsibleStaffId: uuid('responsible_staff_id')
      .notNull()
      .references(() => staff.id), // người lập hồ sơ
    startDate: date('start_date'),
    endDate: date('end_date'),
    description: text('description'),
    status: text('status', { enum: recordFileStatuses }).notNull().default('open'),
    archiveDueDate: date('archive_due_date').notNull(),
    archiveDueIsOverride: boolean('archive_due_is_override').notNull().default(false),
    archiveNoticeAt: timestamp('archive_notice_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by').references(() => staff.id),
    transferredAt: timestamp('transferred_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('record_file_unit_code_unique').on(t.unitId, t.code),
    uniqueIndex('record_file_unit_year_index_unique').on(t.unitId, t.year, t.index),
    index('record_file_archive_due_idx').on(t.archiveDueDate).where(sql`${t.status} <> 'transferred'`),
    check('record_file_retention_positive', sql`${t.retentionYears} IS NULL OR ${t.retentionYears} > 0`),
    check(
      'record_file_dates',
      sql`${t.endDate} IS NULL OR ${t.startDate} IS NULL OR ${t.endDate} >= ${t.startDate}`,
    ),
  ],
);

/**
 * A document filed in a file, with its order in the file (DocOrdinal). A document sits in at
 * most one file (unique document_id).
 */
export const recordFileDocument = pgTable(
  'record_file_document',
  {
    fileId: uuid('file_id')
      .notNull()
      .references(() => recordFile.id),
    documentId: uuid('document_id')
      .notNull()
      .references(() => document.id),
    docOrdinal: integer('doc_ordinal').notNull(), // DocOrdinal (số thứ tự văn bản trong hồ sơ)
    addedBy: uuid('added_by').references(() => staff.id),
    addedAt: timestamp('added_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    uniqueIndex('record_file_document_document_unique').on(t.documentId),
    uniqueIndex('record_file_document_ordinal_unique').on(t.fileId, t.docOrdinal),
  ],
);

/** A unit's file code pattern (`{year}`, `{unit}`, `{n}`); units without a row use the default. */
export const recordFileSetting = pgTable('record_file_setting', {
  unitId: uuid('unit_id')
    .primaryKey()
    .references(() => unit.id),
  codeTemplate: text('code_template').notNull(),
  updatedAt: updatedAt(),
});
