import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { petition, petitionAnswer } from './petitions.schema.ts';

/**
 * A citizen's verdict on an answer (đánh giá): one per petition and answer. A consolidated
 * petition's contributors each rate the primary's answer from their own petition, so the
 * satisfaction of a scorecard counts voters, not files. The comment is for staff only (it may hold
 * personal details); `petition.satisfied`/`rated_at` mirror the latest verdict for the public pages.
 */
export const petitionRating = pgTable(
  'petition_rating',
  {
    petitionId: uuid('petition_id')
      .notNull()
      .references(() => petition.id),
    answerId: uuid('answer_id')
      .notNull()
      .references(() => petitionAnswer.id),
    satisfied: boolean('satisfied').notNull(),
    comment: text('comment'),
    ratedAt: timestamp('rated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.petitionId, t.answerId] }),
    // Scorecards: ratings per answer (hence per recipient).
    index('petition_rating_answer_idx').on(t.answerId),
    check('petition_rating_comment_length', sql`char_length(${t.comment}) <= 2000`),
  ],
);
