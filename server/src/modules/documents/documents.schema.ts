import { type SQL, sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.ts';
import { staff, unit } from '../organisation/organisation.schema.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * Document types (Decree 30, Appendix III, plus the Front's own). Rows without a unit are the
 * system catalogue; a unit adds or overrides types with its own rows ("editable per organisation").
 * `code` is the abbreviation used in the symbol (QĐ, HD, CV …); công văn has none (null).
 */
export const documentType = pgTable(
  'document_type',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id').references(() => unit.id),
    code: text('code'),
    name: text('name').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('document_type_unit_name_unique').on(
      sql`coalesce(${t.unitId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.name,
    ),
  ],
);

/**
 * outgoing (văn bản đi), incoming (văn bản đến), confidential (văn bản mật đi, own series),
 * incoming_confidential (văn bản mật đến, registered apart), copies (bản sao, own series),
 * advisory (a council using the agency's seal, own series).
 */
export const registerKinds = [
  'outgoing',
  'incoming',
  'confidential',
  'incoming_confidential',
  'copies',
  'advisory',
] as const;

/**
 * A register (sổ) of a unit. Each register has its own number series per calendar year. The
 * symbol grammar is the register's: `{n}` the number, `{type}` the type code, `{unit}` the unit's
 * symbol (e.g. MTTQ-BTT); `symbolTemplateNoType` is used for types without a code (công văn).
 */
export const documentRegister = pgTable(
  'document_register',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unit.id),
    kind: text('kind', { enum: registerKinds }).notNull(),
    name: text('name').notNull(),
    /** The advisory body (hội đồng tư vấn) numbering in its own series, for kind = advisory. */
    advisoryBody: text('advisory_body'),
    symbolTemplate: text('symbol_template').notNull().default('{n}/{type}-{unit}'),
    symbolTemplateNoType: text('symbol_template_no_type').notNull().default('{n}/{unit}'),
    /** The register the system picks for this kind when none is named. */
    isDefault: boolean('is_default').notNull().default(false),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('document_register_unit_name_unique').on(t.unitId, t.name),
    uniqueIndex('document_register_default_unique').on(t.unitId, t.kind).where(sql`${t.isDefault}`),
  ],
);

/**
 * The last number taken in a register in a year. It is incremented in the same transaction that
 * records the number (register_number) and the document: a rollback or crash undoes all three.
 */
export const registerCounter = pgTable(
  'register_counter',
  {
    registerId: uuid('register_id')
      .notNull()
      .references(() => documentRegister.id),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.registerId, t.year] })],
);

export const numberStatuses = ['issued', 'reserved', 'cancelled'] as const;

/** Every number ever taken from a register: issued to a document, reserved, or cancelled. */
export const registerNumber = pgTable(
  'register_number',
  {
    registerId: uuid('register_id')
      .notNull()
      .references(() => documentRegister.id),
    year: integer('year').notNull(),
    number: integer('number').notNull(),
    status: text('status', { enum: numberStatuses }).notNull(),
    documentId: uuid('document_id').references((): AnyPgColumn => document.id),
    note: text('note'),
    takenBy: uuid('taken_by').references(() => staff.id),
    takenAt: timestamp('taken_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.registerId, t.year, t.number] }),
    check('register_number_positive', sql`${t.number} > 0`),
  ],
);

export const documentDirections = ['incoming', 'outgoing'] as const;
export const priorities = ['normal', 'khan', 'thuong_khan', 'hoa_toc'] as const;
export const secrecyLevels = ['normal', 'mat', 'toi_mat', 'tuyet_mat'] as const;
export const signatureStatuses = ['not_checked', 'absent', 'valid', 'invalid', 'indeterminate'] as const;

/**
 * An official document (văn bản), incoming or outgoing, owned by one unit. Column names follow
 * the Appendix VI / edXML tags so that exports map one to one. A document issued to internal
 * recipients is copied into each recipient's incoming queue (`sourceDocumentId` = the original).
 */
export const document = pgTable(
  'document',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unit.id),
    direction: text('direction', { enum: documentDirections }).notNull(),
    status: text('status').notNull(),
    registerId: uuid('register_id').references(() => documentRegister.id),
    /** Calendar year of the number (outgoing: CodeNumber; incoming: ArrivalNumber). */
    registerYear: integer('register_year'),
    typeId: uuid('type_id').references(() => documentType.id),
    typeName: text('type_name'), // TypeName
    codeNumber: text('code_number'), // CodeNumber: "05"
    codeNotation: text('code_notation'), // CodeNotation: "QĐ-MTTQ-BTT"
    issuedDate: date('issued_date'), // IssuedDate
    organName: text('organ_name'), // OrganName: the issuing body
    organId: text('organ_id'), // OrganId (mã định danh)
    subject: text('subject').notNull(), // Subject, ≤ 500 (trích yếu)
    description: text('description'), // Description
    language: text('language').notNull().default('vi'),
    pageAmount: integer('page_amount'), // PageAmount
    signerPosition: text('signer_position'), // SignerInfo.Position
    signerFullName: text('signer_full_name'), // SignerInfo.FullName
    priority: text('priority', { enum: priorities }).notNull().default('normal'), // Priority (độ khẩn)
    secrecy: text('secrecy', { enum: secrecyLevels }).notNull().default('normal'), // độ mật
    dueDate: date('due_date'), // DueDate: reply expected by
    issuedAmount: integer('issued_amount'), // IssuedAmount
    arrivalNumber: integer('arrival_number'), // ArrivalNumber (số đến)
    arrivalDate: timestamp('arrival_date', { withTimezone: true }), // ArrivalDate
    /** DocumentId: "<OrganId>,<yyyy/MM/dd>,<number>/<notation>" (edXML document identifier). */
    documentIdentifier: text('document_identifier'),
    signatureStatus: text('signature_status', { enum: signatureStatuses }).notNull().default('not_checked'),
    /** Recognised or extracted text of the document (OCR fills it); searched with the subject. */
    bodyText: text('body_text'),
    sourceDocumentId: uuid('source_document_id').references((): AnyPgColumn => document.id),
    /** Corrections: the original this document replaces (content error) or corrects (format). */
    relatedDocumentId: uuid('related_document_id').references((): AnyPgColumn => document.id),
    relation: text('relation', { enum: ['replaces', 'corrects'] }),
    returnReason: text('return_reason'),
    recallReason: text('recall_reason'),
    createdBy: uuid('created_by').references(() => staff.id),
    /**
     * Full-text search (search.repository.ts): the text folded by `f_vn_norm` (NFC, lower case, one
     * tone placement: "thủy" = "thuỷ") and, through the 'vietnamese' configuration, stripped of
     * marks. Weights: A symbol and subject (trích yếu), B issuing body and type, C other metadata,
     * D body text (OCR). Plus one lexeme naming the owner unit (`u<id without dashes>`), which
     * searches no longer use (the scope is `scopeUnitIds`; dropping it rewrites every row: later).
     * GIN-indexed together with `scopeUnitIds`.
     */
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('vietnamese'::regconfig, f_vn_norm(coalesce(${document.codeNumber}, '') || '/' || coalesce(${document.codeNotation}, '') || ' ' || ${document.subject})), 'A') || setweight(to_tsvector('vietnamese'::regconfig, f_vn_norm(coalesce(${document.organName}, '') || ' ' || coalesce(${document.typeName}, ''))), 'B') || setweight(to_tsvector('vietnamese'::regconfig, f_vn_norm(coalesce(${document.description}, '') || ' ' || coalesce(${document.signerFullName}, '') || ' ' || coalesce(${document.documentIdentifier}, ''))), 'C') || setweight(to_tsvector('vietnamese'::regconfig, f_vn_norm(coalesce(${document.bodyText}, ''))), 'D') || to_tsvector('simple'::regconfig, 'u' || replace(${document.unitId}::text, '-', ''))`,
    ),
    /**
     * The same text with its marks kept ('simple' configuration on `f_vn_norm`): not indexed, read
     * only for the rows the GIN index found, to rank exact-diacritic matches first.
     */
    searchExact: tsvector('search_exact').generatedAlwaysAs(
      (): SQL =>
        sql`to_tsvector('simple'::regconfig, f_vn_norm(coalesce(${document.codeNumber}, '') || '/' || coalesce(${document.codeNotation}, '') || ' ' || ${document.subject} || ' ' || coalesce(${document.organName}, '') || ' ' || coalesce(${document.typeName}, '') || ' ' || coalesce(${document.description}, '') || ' ' || coalesce(${document.signerFullName}, '') || ' ' || coalesce(${document.bodyText}, '')))`,
    ),
    /** The symbol (số/ký hiệu) as a search key: "05/QĐ-MTTQ-BTT" → "5/qd-mttq-btt" (`f_vn_symbol`). */
    symbolKey: text('symbol_key').generatedAlwaysAs(
      (): SQL =>
        sql`CASE WHEN ${document.codeNumber} IS NULL AND ${document.codeNotation} IS NULL THEN NULL ELSE f_vn_symbol(coalesce(${document.codeNumber}, '') || '/' || coalesce(${document.codeNotation}, '')) END`,
    ),
    /**
     * The owner unit and its ancestors (root first), kept by triggers (migration 0020: on insert or
     * a change of `unit_id`, and when a reorganisation rewrites `unit.path`). In one GIN index with
     * `searchVector`, a search scoped to a subtree is one required key (`scope_unit_ids && {root}`):
     * the index walks the subtree's postings and skips through a common word's long lists.
     */
    scopeUnitIds: uuid('scope_unit_ids').array(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('document_unit_direction_idx').on(t.unitId, t.direction, t.status),
    index('document_search_scope_idx').using('gin', t.searchVector, t.scopeUnitIds),
    // Unit first: a scoped symbol lookup (exact or prefix) is one short descent per unit in scope,
    // even for a symbol every commune uses ("12/MTTQ-BTT"); the whole tree uses the trigram index.
    index('document_unit_symbol_key_idx').on(t.unitId, t.symbolKey.op('text_pattern_ops')),
    index('document_symbol_key_trgm_idx').using('gin', t.symbolKey.op('gin_trgm_ops')),
    index('document_code_idx').on(t.codeNumber, t.codeNotation, t.organName),
    index('document_identifier_idx').on(t.documentIdentifier),
    index('document_source_idx').on(t.sourceDocumentId),
    uniqueIndex('document_arrival_number_unique')
      .on(t.registerId, t.registerYear, t.arrivalNumber)
      .where(sql`${t.arrivalNumber} IS NOT NULL`),
    uniqueIndex('document_code_number_unique')
      .on(t.registerId, t.registerYear, t.codeNumber)
      .where(sql`${t.direction} = 'outgoing' AND ${t.codeNumber} IS NOT NULL`),
    check('document_subject_length', sql`char_length(${t.subject}) BETWEEN 1 AND 500`),
  ],
);

/**
 * A file uploaded and checked (type by content, page count) but not yet attached to a document:
 * registering an incoming document or adding a draft version names uploads by id.
 */
export const documentUpload = pgTable(
  'document_upload',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unit.id),
    storageKey: text('storage_key').notNull(), // SHA-256 of the bytes
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    pageCount: integer('page_count'),
    uploadedBy: uuid('uploaded_by').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [index('document_upload_key_idx').on(t.unitId, t.storageKey)],
);

/**
 * `signed`: the PDF with the competent person's digital signature; `issued`: the electronic
 * original (personal and agency signatures), the file recipients receive; `copy`: an electronic
 * copy (bản sao) signed by the agency.
 */
export const fileRoles = ['scan', 'draft', 'attachment', 'signed_scan', 'signed', 'issued', 'copy'] as const;

/** A file of a document; drafts keep every version (1, 2, …). */
export const documentFile = pgTable(
  'document_file',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => document.id),
    role: text('role', { enum: fileRoles }).notNull(),
    version: integer('version').notNull().default(1),
    storageKey: text('storage_key').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    pageCount: integer('page_count'),
    uploadedBy: uuid('uploaded_by').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('document_file_document_idx').on(t.documentId),
    index('document_file_key_idx').on(t.storageKey),
  ],
);

/**
 * A recipient of an outgoing document: a unit inside the product (its incoming copy is
 * `incomingDocumentId`) or an outside body. `statusCode` is the edXML status (01 arrived,
 * 02 returned, 03 accepted, 04 assigned, 05 processing, 06 done, 13/15/16 recall).
 */
export const documentRecipient = pgTable(
  'document_recipient',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => document.id),
    recipientUnitId: uuid('recipient_unit_id').references(() => unit.id),
    organName: text('organ_name').notNull(),
    organId: text('organ_id'),
    incomingDocumentId: uuid('incoming_document_id').references(() => document.id),
    statusCode: text('status_code'),
    statusReason: text('status_reason'),
    statusAt: timestamp('status_at', { withTimezone: true }),
  },
  (t) => [
    index('document_recipient_document_idx').on(t.documentId),
    uniqueIndex('document_recipient_unit_unique')
      .on(t.documentId, t.recipientUnitId)
      .where(sql`${t.recipientUnitId} IS NOT NULL`),
    index('document_recipient_incoming_idx').on(t.incomingDocumentId),
  ],
);

/** The leader's direction: a lead (chủ trì) or co-ordinating (phối hợp) assignee with a deadline. */
export const documentAssignment = pgTable(
  'document_assignment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => document.id),
    role: text('role', { enum: ['lead', 'coordinate'] }).notNull(),
    /** The unit responsible (the person's unit when a person is named). */
    assigneeUnitId: uuid('assignee_unit_id')
      .notNull()
      .references(() => unit.id),
    assigneeStaffId: uuid('assignee_staff_id').references(() => staff.id),
    deadline: date('deadline').notNull(),
    direction: text('direction'), // ý kiến chỉ đạo
    status: text('status', { enum: ['assigned', 'accepted', 'done'] })
      .notNull()
      .default('assigned'),
    replyReference: text('reply_reference'), // số/ký hiệu of the reply document
    result: text('result'),
    assignedBy: uuid('assigned_by').references(() => staff.id),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('document_assignment_document_idx').on(t.documentId),
    index('document_assignment_open_idx').on(t.deadline).where(sql`${t.status} <> 'done'`),
    index('document_assignment_staff_idx').on(t.assigneeStaffId),
  ],
);

export const documentComment = pgTable(
  'document_comment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => document.id),
    assignmentId: uuid('assignment_id').references(() => documentAssignment.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => staff.id),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('document_comment_document_idx').on(t.documentId)],
);

/** Every status change of a document, who made it and why. */
export const documentStatusEvent = pgTable(
  'document_status_event',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => document.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorId: uuid('actor_id').references(() => staff.id),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [index('document_status_event_document_idx').on(t.documentId, t.at)],
);

/**
 * In-app notifications: to a person, or to a unit's registry (staffId null: every clerk of the
 * unit sees it in the unit's queue).
 */
export const notification = pgTable(
  'notification',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unit.id),
    staffId: uuid('staff_id').references(() => staff.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    /** Generic notices (notifications module): a short text and an app-relative link. */
    body: text('body'),
    link: text('link'),
    documentId: uuid('document_id').references(() => document.id),
    isUrgent: boolean('is_urgent').notNull().default(false),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('notification_staff_idx').on(t.staffId, t.createdAt),
    index('notification_unit_idx').on(t.unitId, t.createdAt),
  ],
);

// Files (hồ sơ): tables in their own folder, exported here so drizzle-kit's schema glob sees them.
export * from './files/files.schema.ts';
export * from './signing/signing.schema.ts';
