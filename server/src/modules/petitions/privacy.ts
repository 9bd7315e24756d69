import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type AuditContext, recordAudit, systemAuditContext } from '../../platform/audit/index.ts';

/**
 * Anonymisation of old records (Decree 13/2023: personal data kept no longer than needed). Once a
 * petition has been settled — closed or rejected, or merged into a primary that was — for longer
 * than PETITIONS_ANONYMISE_AFTER_DAYS, its petitioner's name, phone, e-mail and address are
 * blanked, follow-up by e-mail switched off, and `anonymised_at` stamped; the envelope sender of
 * an e-mailed petition goes too. The petition itself (text, timeline, answers) stays for the
 * record and the statistics. A daily pg-boss job runs it; each batch is one transaction with one
 * audit entry listing the petitions.
 */

export const ANONYMISE_QUEUE = 'petitions.anonymise';
/** Every night at 02:15, Vietnam time. */
export const ANONYMISE_CRON = '15 2 * * *';

const anonymiseAudit: AuditContext = {
  ...systemAuditContext,
  actorLabel: 'system (petitions anonymisation)',
};

export interface AnonymiseResult {
  /** Petitioners blanked. */
  anonymised: number;
  /** Inbound e-mail records whose sender and address were cleared. */
  emailsCleared: number;
  cutoff: string;
}

/** SQL: petition `p` (with its primary `prim` when merged) was settled before the cutoff. */
const settledBefore = (cutoff: string) => sql`
  ((p.status IN ('closed', 'rejected') AND p.closed_at < ${cutoff}::timestamptz)
   OR (prim.status IN ('closed', 'rejected') AND prim.closed_at < ${cutoff}::timestamptz))`;

export async function anonymisePetitioners(
  db: Database,
  options: { afterDays: number; now?: Date; batchSize?: number },
): Promise<AnonymiseResult> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.afterDays * 86_400_000).toISOString();
  const batchSize = options.batchSize ?? 500;
  let anonymised = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const due = await tx.execute<{ petition_id: string }>(sql`
        WITH due AS (
          SELECT pp.petition_id
            FROM petition_person pp
            JOIN petition p ON p.id = pp.petition_id
            LEFT JOIN petition prim ON prim.id = p.merged_into_id AND p.status = 'merged'
           WHERE pp.anonymised_at IS NULL AND ${settledBefore(cutoff)}
           ORDER BY pp.petition_id
           LIMIT ${batchSize}
             FOR UPDATE OF pp SKIP LOCKED)
        UPDATE petition_person pp
           SET name = NULL, phone = NULL, email = NULL, address = NULL, notify_by_email = false,
               anonymised_at = ${now.toISOString()}::timestamptz
          FROM due WHERE pp.petition_id = due.petition_id
        RETURNING pp.petition_id`);
      const ids = due.rows.map((row) => row.petition_id);
      if (ids.length === 0) return 0;
      await recordAudit(tx, anonymiseAudit, {
        action: 'petition.personal_data.anonymise',
        entityType: 'petition',
        after: { count: ids.length, cutoff, afterDays: options.afterDays, petitionIds: ids },
      });
      return ids.length;
    });
    anonymised += done;
    if (done < batchSize) break;
  }
  // E-mailed petitions: the envelope sender and the sending address, kept for tracing abuse.
  const emails = await db.execute<{ n: number }>(sql`
    WITH cleared AS (
      UPDATE petition_inbound_email e SET envelope_from = NULL, remote_address = NULL
        FROM petition p LEFT JOIN petition prim ON prim.id = p.merged_into_id AND p.status = 'merged'
       WHERE e.petition_id = p.id AND (e.envelope_from IS NOT NULL OR e.remote_address IS NOT NULL)
         AND ${settledBefore(cutoff)}
      RETURNING 1)
    SELECT count(*)::int AS n FROM cleared`);
  return { anonymised, emailsCleared: emails.rows[0]!.n, cutoff };
}
