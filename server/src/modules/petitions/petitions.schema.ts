import { type SQL, sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.ts';
import { document } from '../documents/documents.schema.ts';
import { staff, unit } from '../organisation/organisation.schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** Where a petition came in (kênh tiếp nhận). */
export const PETITION_CHANNELS = [
  'web', // the public form
  'session', // raised at a voter-contact session (tiếp xúc cử tri)
  'phone',
  'walk_in',
  'paper',
  'email',
  'social',
  'open311', // an Open311 client (POST requests)
] as const;
export type PetitionChannel = (typeof PETITION_CHANNELS)[number];

/**
 * The life of a petition. `draft`: e-mail intake or a staff draft awaiting confirmation;
 * `received`: recorded, not yet routed; `forwarded`: sent to a recipient, awaiting acceptance;
 * `accepted`: the recipient took it on; `returned`: the recipient returned it (not competent),
 * to be re-routed; `answered`: an answer exists (published or not); `closed`: answered and settled
 * (rated satisfied, or left unrated, or the reopen was used); `reopened`: the citizen was not
 * satisfied and reopened it (once); `merged`: consolidated into another petition (follows it);
 * `rejected`: not a petition (spam, out of scope), with a reason.
 */
export const PETITION_STATUSES = [
  'draft',
  'received',
  'forwarded',
  'accepted',
  'returned',
  'answered',
  'closed',
  'reopened',
  'merged',
  'rejected',
] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];

/** Competence level (thẩm quyền giải quyết): who must answer. */
export const COMPETENCE_LEVELS = ['central', 'province', 'commune'] as const;
export type CompetenceLevel = (typeof COMPETENCE_LEVELS)[number];

/** A subject area (lĩnh vực) — an Open311 service. */
export const petitionSubject = pgTable('petition_subject', {
  code: text('code').primaryKey(),
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
  /** Open311 `group`. */
  groupVi: text('group_vi').notNull(),
  description: text('description').notNull().default(''),
  sortOrder: integer('sort_order').notNull().default(0),
  isActive: boolean('is_active').notNull().default(true),
});

/**
 * Who answers petitions — both first-class: an agency (cơ quan: a ministry, a provincial department,
 * a commune People's Committee) or an elected delegate (đại biểu Quốc hội / HĐND). `unit_id` is the
 * Front committee whose area the recipient serves (scoping: staff in that subtree may route to it).
 */
export const petitionRecipient = pgTable(
  'petition_recipient',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['agency', 'delegate'] }).notNull(),
    name: text('name').notNull(),
    level: text('level', { enum: COMPETENCE_LEVELS }).notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unit.id),
    /** Delegates: National Assembly or People's Council, their term (nhiệm kỳ) and constituency. */
    delegateBody: text('delegate_body', { enum: ['national_assembly', 'peoples_council'] }),
    term: text('term'),
    constituency: text('constituency'),
    email: text('email'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    index('petition_recipient_unit_idx').on(t.unitId),
    check('petition_recipient_delegate', sql`(${t.kind} = 'delegate') = (${t.delegateBody} IS NOT NULL)`),
  ],
);

/** Staff accounts that act for a recipient (an agency's officers, the delegate themself). */
export const petitionRecipientMember = pgTable(
  'petition_recipient_member',
  {
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => petitionRecipient.id),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
  },
  (t) => [
    primaryKey({ columns: [t.recipientId, t.staffId] }),
    index('petition_recipient_member_staff_idx').on(t.staffId),
  ],
);

/**
 * A voters' petition (kiến nghị cử tri). The public sees it by its tracking code (never the
 * petitioner: see petition_person). `folded` is the text the similarity search works on
 * (diacritics folded, lower case: see similarity.ts), kept by the service on every write.
 */
export const petition = pgTable(
  'petition',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The citizen's tracking code (mã tra cứu), e.g. "KN-7QX3-M2PA": unguessable, easy to read out. */
    trackingCode: text('tracking_code').notNull().unique(),
    /** Open311 service_request_id: a short increasing number. */
    serial: bigint('serial', { mode: 'number' }).generatedAlwaysAsIdentity().notNull().unique(),
    /** The area the petition concerns / where it was raised (the unit whose staff handle intake). */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unit.id),
    subjectCode: text('subject_code')
      .notNull()
      .references(() => petitionSubject.code),
    competenceLevel: text('competence_level', { enum: COMPETENCE_LEVELS }).notNull().default('commune'),
    title: text('title').notNull(),
    description: text('description').notNull(),
    folded: text('folded').notNull().default(''),
    /**
     * Similar-petition search terms: syllable bigrams of `folded` without stop words, abbreviations
     * expanded, plus the subject as "@<code>" (function `petition_similarity_terms`, the twin of
     * `similarityTerms` in similarity.ts). Generated: every write keeps it, whoever writes.
     */
    similarityTerms: tsvector('similarity_terms').generatedAlwaysAs(
      (): SQL => sql`petition_similarity_terms(${petition.folded}, ${petition.subjectCode})`,
    ),
    channel: text('channel', { enum: PETITION_CHANNELS }).notNull(),
    status: text('status', { enum: PETITION_STATUSES }).notNull().default('received'),
    /** The voter-contact session it was raised at, and the delegates' term (for "earlier terms"). */
    sessionId: uuid('session_id'),
    term: text('term'),
    /** Optional location: WGS84; the public sees it rounded (see the public pages). */
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** A public, coarse place ("thôn 3, xã An Bình"), never an exact address. */
    place: text('place'),
    /** Whom the citizen addressed it to (optional), before routing. */
    addressedToId: uuid('addressed_to_id').references(() => petitionRecipient.id),
    /** The forward currently in force (see petition_forward), its deadline copied for sorting. */
    currentForwardId: uuid('current_forward_id'),
    deadlineAt: at('deadline_at'),
    answeredAt: at('answered_at'),
    closedAt: at('closed_at'),
    /** Consolidated into another petition (tổng hợp): this one follows it. */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => petition.id),
    /** The citizen's verdict on the answer, and the one reopen allowed. */
    satisfied: boolean('satisfied'),
    ratedAt: at('rated_at'),
    reopenReason: text('reopen_reason'),
    reopenedAt: at('reopened_at'),
    /** Moderation: hidden from the public with a reason (the record stays). */
    hiddenAt: at('hidden_at'),
    hiddenReason: text('hidden_reason'),
    /**
     * Moderation: the public's title/description when a moderator redacted parts (null: as written);
     * staff keep the original in title/description. Public output reads coalesce(public_x, x).
     */
    publicTitle: text('public_title'),
    publicDescription: text('public_description'),
    redactedAt: at('redacted_at'),
    /** Shown on the public site (the citizen may ask for it not to be). */
    isPublic: boolean('is_public').notNull().default(true),
    rejectReason: text('reject_reason'),
    createdByStaffId: uuid('created_by_staff_id').references(() => staff.id),
    receivedAt: at('received_at').notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('petition_unit_idx').on(t.unitId, t.receivedAt),
    index('petition_status_idx').on(t.status, t.deadlineAt),
    index('petition_subject_idx').on(t.subjectCode, t.unitId),
    index('petition_session_idx').on(t.sessionId),
    index('petition_merged_into_idx').on(t.mergedIntoId),
    index('petition_updated_idx').on(t.updatedAt),
    // The public map: located petitions, newest first.
    index('petition_located_idx').on(t.receivedAt).where(sql`${t.lat} IS NOT NULL`),
    // Open311 GET requests: the default window is "requested in the last 90 days", newest first.
    index('petition_received_idx').on(t.receivedAt),
    // Anonymisation sweep: settled petitions by the time they were closed.
    index('petition_closed_idx')
      .on(t.closedAt)
      .where(sql`${t.closedAt} IS NOT NULL` as SQL),
    // Similarity: trigram GIN on the folded text (pg_trgm, migration 0000).
    index('petition_folded_trgm_idx').using('gin', sql`${t.folded} gin_trgm_ops`),
    index('petition_similarity_terms_idx').using('gin', t.similarityTerms),
    check('petition_title_length', sql`char_length(${t.title}) BETWEEN 1 AND 300`),
    check('petition_description_length', sql`char_length(${t.description}) BETWEEN 1 AND 10000`),
    check('petition_lat', sql`${t.lat} IS NULL OR ${t.lat} BETWEEN -90 AND 90`),
    check('petition_lng', sql`${t.lng} IS NULL OR ${t.lng} BETWEEN -180 AND 180`),
    check('petition_location_pair', sql`(${t.lat} IS NULL) = (${t.lng} IS NULL)`),
  ],
);

/**
 * The petitioner (Decree 13/2023: personal data), apart from the petition so no public query can
 * reach it by accident. Any field may be empty (anonymous petitions); `consent_at` records the
 * consent to process the data; anonymisation blanks the fields and stamps `anonymised_at`.
 */
export const petitionPerson = pgTable('petition_person', {
  petitionId: uuid('petition_id')
    .primaryKey()
    .references(() => petition.id),
  name: text('name'),
  phone: text('phone'),
  email: text('email'),
  address: text('address'),
  consentAt: at('consent_at'),
  /** Follow-up by e-mail on status changes (the public form's opt-in). */
  notifyByEmail: boolean('notify_by_email').notNull().default(false),
  anonymisedAt: at('anonymised_at'),
});

/** Files attached to a petition (photos, scans), checked by content, stored by the platform. */
export const petitionMedia = pgTable(
  'petition_media',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    petitionId: uuid('petition_id')
      .notNull()
      .references(() => petition.id),
    storageKey: text('storage_key').notNull(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    /** Public (shown with the petition) only when a moderator allows it; faces and papers are personal. */
    isPublic: boolean('is_public').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('petition_media_petition_idx').on(t.petitionId)],
);

/**
 * One hop of the transfer chain (chuyển xử lý): forwarded to a recipient with a deadline; the
 * recipient accepts or returns it (not competent, with a reason), then answers.
 */
export const petitionForward = pgTable(
  'petition_forward',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    petitionId: uuid('petition_id')
      .notNull()
      .references(() => petition.id),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => petitionRecipient.id),
    state: text('state', { enum: ['forwarded', 'accepted', 'returned', 'answered', 'withdrawn'] })
      .notNull()
      .default('forwarded'),
    forwardedAt: at('forwarded_at').notNull().defaultNow(),
    forwardedBy: uuid('forwarded_by').references(() => staff.id),
    deadlineAt: at('deadline_at').notNull(),
    /** The rule that set the deadline (kept as text: rules change, the record should not). */
    deadlineRule: text('deadline_rule').notNull(),
    /** The forwarding staff's note to the recipient (not public). */
    note: text('note'),
    acceptedAt: at('accepted_at'),
    returnedAt: at('returned_at'),
    returnReason: text('return_reason'),
    answeredAt: at('answered_at'),
    actedBy: uuid('acted_by').references(() => staff.id),
    remindedAt: at('reminded_at'),
    escalatedAt: at('escalated_at'),
  },
  (t) => [
    index('petition_forward_petition_idx').on(t.petitionId, t.forwardedAt),
    index('petition_forward_recipient_idx').on(t.recipientId, t.state, t.deadlineAt),
    // Routing (routing.setup.ts): scorecards by forwarding date; the sweep over open hops by deadline.
    index('petition_forward_forwarded_at_idx').on(t.forwardedAt),
    index('petition_forward_open_deadline_idx')
      .on(t.deadlineAt)
      .where(sql`${t.state} IN ('forwarded', 'accepted')`),
    check('petition_forward_return_reason', sql`(${t.state} <> 'returned') OR ${t.returnReason} IS NOT NULL`),
  ],
);

/** The answer (trả lời): an official document plus a plain-language summary; published or not. */
export const petitionAnswer = pgTable(
  'petition_answer',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    petitionId: uuid('petition_id')
      .notNull()
      .references(() => petition.id),
    forwardId: uuid('forward_id').references(() => petitionForward.id),
    recipientId: uuid('recipient_id').references(() => petitionRecipient.id),
    documentId: uuid('document_id').references(() => document.id),
    summary: text('summary').notNull(),
    answeredAt: at('answered_at').notNull().defaultNow(),
    answeredBy: uuid('answered_by').references(() => staff.id),
    publishedAt: at('published_at'),
    publishedBy: uuid('published_by').references(() => staff.id),
  },
  (t) => [
    index('petition_answer_petition_idx').on(t.petitionId, t.answeredAt),
    // Routing: an answer by its hop (scorecards, the transfer chain).
    index('petition_answer_forward_idx').on(t.forwardId),
    // The public pages' "recently answered" list.
    index('petition_answer_published_idx').on(t.publishedAt).where(sql`${t.publishedAt} IS NOT NULL`),
  ],
);

/**
 * The public and internal timeline (Open311 `notes[]`, mySociety service request updates). Each
 * row is also in the hash-chained audit; `public_note` is what the public page shows.
 */
export const petitionEvent = pgTable(
  'petition_event',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    petitionId: uuid('petition_id')
      .notNull()
      .references(() => petition.id),
    kind: text('kind').notNull(),
    status: text('status', { enum: PETITION_STATUSES }).notNull(),
    publicNote: text('public_note'),
    internalNote: text('internal_note'),
    actorStaffId: uuid('actor_staff_id').references(() => staff.id),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [
    index('petition_event_petition_idx').on(t.petitionId, t.id),
    index('petition_event_at_idx').on(t.at),
  ],
);

/**
 * Consolidation (tổng hợp) with provenance: `member_id` was merged into `primary_id`; undoing sets
 * `undone_at` (the member returns to the status it had, kept in `member_status`).
 */
export const petitionMerge = pgTable(
  'petition_merge',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    primaryId: uuid('primary_id')
      .notNull()
      .references(() => petition.id),
    memberId: uuid('member_id')
      .notNull()
      .references(() => petition.id),
    memberStatus: text('member_status', { enum: PETITION_STATUSES }).notNull(),
    mergedAt: at('merged_at').notNull().defaultNow(),
    mergedBy: uuid('merged_by').references(() => staff.id),
    undoneAt: at('undone_at'),
    undoneBy: uuid('undone_by').references(() => staff.id),
  },
  (t) => [
    index('petition_merge_primary_idx').on(t.primaryId),
    uniqueIndex('petition_merge_member_active')
      .on(t.memberId)
      .where(sql`${t.undoneAt} IS NULL` as SQL),
  ],
);

/**
 * Deadline rules (configurable per level and channel): the most specific matching rule wins
 * (level + channel, then level, then channel, then the default). `working_days` counts Monday to
 * Friday minus `petition_holiday`.
 */
export const petitionDeadlineRule = pgTable(
  'petition_deadline_rule',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    level: text('level', { enum: COMPETENCE_LEVELS }),
    channel: text('channel', { enum: PETITION_CHANNELS }),
    /** Delegates' body that forwards it (the 60-day rule is for the National Assembly's). */
    forwardedBy: text('forwarded_by', { enum: ['national_assembly', 'peoples_council'] }),
    days: integer('days').notNull(),
    workingDays: boolean('working_days').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [check('petition_deadline_rule_days', sql`${t.days} BETWEEN 1 AND 365`)],
);

/** Public holidays (ngày nghỉ lễ) for working-day deadlines, editable by administrators. */
export const petitionHoliday = pgTable('petition_holiday', {
  day: date('day').primaryKey(),
  name: text('name').notNull(),
});
