import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Nonces of the public forms' signed tokens (see public/form-token.ts) that were already used: a
 * form posted twice is refused. Kept until the token would have expired anyway, then purged.
 */
export const petitionFormNonce = pgTable(
  'petition_form_nonce',
  {
    nonce: text('nonce').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('petition_form_nonce_expires_idx').on(t.expiresAt)],
);
