import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { registerCounter, registerNumber } from './documents.schema.ts';

/**
 * Gap-free numbering. The counter row of (register, year) is incremented with one upsert, which
 * locks the row until the transaction ends: concurrent issuers queue on it and each gets the next
 * number. The caller records the number (register_number) and the document in the same
 * transaction, so a rollback — or a process killed mid-issue — undoes the counter with them:
 * no gap, no duplicate. Numbers run per calendar year from 1.
 */
export async function takeNumber(tx: Queryable, registerId: string, year: number): Promise<number> {
  const result = await tx.execute<{ last_number: number }>(sql`
    INSERT INTO register_counter (register_id, year, last_number) VALUES (${registerId}, ${year}, 1)
    ON CONFLICT (register_id, year) DO UPDATE SET last_number = register_counter.last_number + 1
    RETURNING last_number`);
  return Number(result.rows[0]!.last_number);
}

/** Records a taken number: issued to a document, or reserved (for a paper document) with a note. */
export async function recordNumber(
  tx: Queryable,
  entry: {
    registerId: string;
    year: number;
    number: number;
    status: 'issued' | 'reserved';
    documentId?: string | null;
    note?: string | null;
    takenBy?: string | null;
  },
) {
  await tx.insert(registerNumber).values({
    registerId: entry.registerId,
    year: entry.year,
    number: entry.number,
    status: entry.status,
    documentId: entry.documentId ?? null,
    note: entry.note ?? null,
    takenBy: entry.takenBy ?? null,
  });
}

/** The counter of a register's year (0 before the first number). */
export async function currentCounter(db: Queryable, registerId: string, year: number): Promise<number> {
  const [row] = await db
    .select({ last: registerCounter.lastNumber })
    .from(registerCounter)
    .where(and(eq(registerCounter.registerId, registerId), eq(registerCounter.year, year)));
  return row?.last ?? 0;
}
