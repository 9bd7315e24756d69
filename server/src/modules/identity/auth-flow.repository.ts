import { and, eq, lt, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { authFlow } from './identity.schema.ts';
import { newSecret } from './tokens.ts';

type Purpose = (typeof authFlow.$inferInsert)['purpose'];

/** Stores the server half of a multi-step flow (a WebAuthn challenge, OIDC state) until it expires. */
export async function startFlow(
  db: Queryable,
  input: {
    purpose: Purpose;
    staffId?: string | null;
    data: Record<string, unknown>;
    ttlMs: number;
    id?: string;
  },
) {
  const id = input.id ?? newSecret(18);
  await db.delete(authFlow).where(lt(authFlow.expiresAt, sql`now() - interval '1 hour'`));
  await db.insert(authFlow).values({
    id,
    purpose: input.purpose,
    staffId: input.staffId ?? null,
    data: input.data,
    expiresAt: new Date(Date.now() + input.ttlMs),
  });
  return id;
}

/**
 * Takes a flow out (single use: it is deleted whatever happens next). Null when there is no such
 * flow for this purpose; `expired` tells the caller to ask the person to start again.
 */
export async function takeFlow(db: Queryable, id: string, purpose: Purpose) {
  const [row] = await db
    .delete(authFlow)
    .where(and(eq(authFlow.id, id), eq(authFlow.purpose, purpose)))
    .returning();
  if (!row) return null;
  return { staffId: row.staffId, data: row.data, expired: row.expiresAt.getTime() <= Date.now() };
}
