import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, ltree, updatedAt } from '../../db/columns.ts';

/** Configurable levels of the hierarchy (Trung ương → Tỉnh → Xã → Khu dân cư by default). */
export const unitLevel = pgTable('unit_level', {
  id: text('id').primaryKey(),
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
  rank: integer('rank').notNull().unique(),
});

/**
 * A unit of the Front: a committee, its standing board, a department, a member organisation or a
 * residential-area committee. `path` is an ltree of `node` numbers from the root; units merged
 * away stay in the tree below their successor so their history remains in its subtree.
 */
export const unit = pgTable(
  'unit',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    node: integer('node').generatedAlwaysAsIdentity().notNull().unique(),
    parentId: uuid('parent_id').references((): AnyPgColumn => unit.id),
    path: ltree('path').notNull().default(sql`''`), // set by trigger unit_set_path
    levelId: text('level_id')
      .notNull()
      .references(() => unitLevel.id),
    kind: text('kind', {
      enum: ['committee', 'standing_board', 'department', 'member_organisation', 'residential_committee'],
    }).notNull(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    code: text('code'), // mã định danh (QCVN 102:2016)
    symbol: text('symbol'), // ký hiệu dùng trong số văn bản, e.g. MTTQ-BTT
    address: text('address'),
    phone: text('phone'),
    email: text('email'),
    website: text('website'),
    latitude: text('latitude'),
    longitude: text('longitude'),
    effectiveFrom: date('effective_from').notNull().default(sql`CURRENT_DATE`),
    effectiveTo: date('effective_to'),
    status: text('status', { enum: ['active', 'merged', 'split', 'dissolved'] })
      .notNull()
      .default('active'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('unit_path_gist').using('gist', t.path),
    index('unit_parent_idx').on(t.parentId),
    uniqueIndex('unit_code_unique').on(t.code),
    // Diacritic-insensitive search over name, short name and code ("xa an binh" finds "Xã An Bình").
    index('unit_search_trgm').using(
      'gin',
      sql`f_unaccent(${t.name} || ' ' || coalesce(${t.shortName}, '') || ' ' || coalesce(${t.code}, '')) gin_trgm_ops`,
    ),
    check('unit_code_format', sql`${t.code} ~ '^[0-9A-Z]+([.][0-9A-Z]+)*$' AND length(${t.code}) <= 35`),
  ],
);

/** Names a unit carried before a rename, so records that predate it show the old name. */
export const unitNameHistory = pgTable(
  'unit_name_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unit.id),
    name: text('name').notNull(),
    shortName: text('short_name'),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to').notNull(),
    eventId: uuid('event_id').references(() => unitEvent.id),
  },
  (t) => [index('unit_name_history_unit_idx').on(t.unitId, t.validTo)],
);

/** A reorganisation decision: merge, split, rename, move, create or dissolve. */
export const unitEvent = pgTable(
  'unit_event',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['create', 'merge', 'split', 'rename', 'move', 'dissolve'] }).notNull(),
    effectiveDate: date('effective_date').notNull(),
    decisionRef: text('decision_ref'), // số quyết định / nghị quyết
    note: text('note'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    /** Every unit the event concerns (sources, successors, moved units): a unit's history. */
    unitIds: uuid('unit_ids').array().notNull().default(sql`'{}'::uuid[]`),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('unit_event_unit_ids_gin').using('gin', t.unitIds)],
);

/** Successor links: predecessor → successor through an event (merge: many→1, split: 1→many). */
export const unitSuccession = pgTable(
  'unit_succession',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => unitEvent.id),
    predecessorId: uuid('predecessor_id')
      .notNull()
      .references(() => unit.id),
    successorId: uuid('successor_id')
      .notNull()
      .references(() => unit.id),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.predecessorId, t.successorId] }),
    index('unit_succession_successor_idx').on(t.successorId),
    index('unit_succession_predecessor_idx').on(t.predecessorId),
  ],
);

/** A staff member (cán bộ). Credentials and access live in the identity module. */
export const staff = pgTable(
  'staff',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unit.id),
    username: text('username').notNull(),
    fullName: text('full_name').notNull(),
    position: text('position'), // chức vụ
    email: text('email'),
    phone: text('phone'),
    gender: text('gender', { enum: ['male', 'female', 'other'] }),
    birthYear: integer('birth_year'),
    status: text('status', { enum: ['active', 'suspended', 'left'] })
      .notNull()
      .default('active'),
    termStart: date('term_start'), // nhiệm kỳ
    termEnd: date('term_end'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('staff_username_unique').on(sql`lower(${t.username})`),
    uniqueIndex('staff_email_unique').on(sql`lower(${t.email})`),
    index('staff_unit_idx').on(t.unitId),
    // Diacritic-insensitive search over name, username and e-mail.
    index('staff_search_trgm').using(
      'gin',
      sql`f_unaccent(${t.fullName} || ' ' || ${t.username} || ' ' || coalesce(${t.email}, '')) gin_trgm_ops`,
    ),
  ],
);

/** Training records (bồi dưỡng, tập huấn) — filled by the training programme later. */
export const staffTraining = pgTable(
  'staff_training',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    title: text('title').notNull(),
    provider: text('provider'),
    completedOn: date('completed_on'),
    hours: integer('hours'),
    createdAt: createdAt(),
  },
  (t) => [index('staff_training_staff_idx').on(t.staffId)],
);
