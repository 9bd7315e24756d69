import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from '../../db/columns.ts';
import { staff, unit } from '../organisation/organisation.schema.ts';
import { petition } from './petitions.schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * An Open311 API key (GeoReport v2 `api_key`): lets a partner application (a city app, a kiosk, a
 * social-media desk) submit petitions and updates for the units of one subtree. Only the SHA-256
 * of the key is kept; the key is shown once when it is created. The holder accepts the terms of use,
 * under which it obtains the citizens' consent to pass their personal data (Decree 13/2023).
 */
export const open311ApiKey = pgTable(
  'open311_api_key',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Who holds it ("Ứng dụng Công dân số tỉnh Lâm Đồng"). */
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    /** The first characters of the key, so staff can recognise it in the list. */
    prefix: text('prefix').notNull(),
    /** The key may submit to this unit and every unit below it. */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unit.id),
    /** Null for the key the demo seed creates. */
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: createdAt(),
    lastUsedAt: at('last_used_at'),
    revokedAt: at('revoked_at'),
  },
  (t) => [index('open311_api_key_unit_idx').on(t.unitId)],
);

/**
 * What an Open311 client sent with a petition beyond the petition itself: the key it used and the
 * answers to the service definition's attributes (`attribute[CODE]`), which are not personal data.
 * `device_id` and `account_id` identify a person and are not kept (data minimisation).
 */
export const open311Submission = pgTable(
  'open311_submission',
  {
    petitionId: uuid('petition_id')
      .primaryKey()
      .references(() => petition.id),
    apiKeyId: uuid('api_key_id')
      .notNull()
      .references(() => open311ApiKey.id),
    /** `{ CODE: "value" | ["v1", "v2"] }`, validated against the service definition. */
    attributes: jsonb('attributes')
      .$type<Record<string, string | string[]>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /**
     * The client's `media_url`, kept for the staff and never republished: a photo may show faces or
     * papers, and fetching it is left to a person (no server-side request to a client's URL).
     */
    mediaUrl: text('media_url'),
    createdAt: createdAt(),
  },
  // A key's recent submissions: the replay check of POST requests.
  (t) => [index('open311_submission_key_idx').on(t.apiKeyId, t.createdAt)],
);
