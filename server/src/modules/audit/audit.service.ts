import type { AuditChainReport, AuditFilter, AuditPage } from '@mts/contracts';
import type { Database } from '../../db/client.ts';
import { type AuditContext, recordAudit, verifyAuditChain } from '../../platform/audit/index.ts';
import { type Actor, scopePaths } from '../../platform/policy/index.ts';
import { type AuditQuery, type AuditRow, type AuditScope, findAuditEntries } from './audit.repository.ts';

const DAY_MS = 86_400_000;
const isDateOnly = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
/** A calendar day starts at midnight in Vietnam (UTC+07:00). */
const startOfVietnamDay = (date: string) => new Date(`${date}T00:00:00+07:00`);

/** API filters → query bounds: a date `to` includes that whole day, an instant `to` itself. */
export function toAuditQuery(filter: AuditFilter): AuditQuery {
  const { from, to } = filter;
  return {
    actionPrefix: filter.action,
    entityType: filter.entityType,
    entityId: filter.entityId,
    actorId: filter.actorId,
    unitId: filter.unitId,
    since: from ? (isDateOnly(from) ? startOfVietnamDay(from) : new Date(from)) : undefined,
    until: to
      ? isDateOnly(to)
        ? new Date(startOfVietnamDay(to).getTime() + DAY_MS)
        : new Date(new Date(to).getTime() + 1)
      : undefined,
  };
}

const scopeOf = (actor: Actor): AuditScope => ({ roots: scopePaths(actor, 'audit.read') });

const EXPORT_BATCH = 1000;

/** Reading, exporting and verifying the audit log; a reader sees the entries of their subtrees. */
export function createAuditService(deps: { db: Database }) {
  const toEntry = (row: AuditRow) => ({
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    unit: row.unitId && row.unitName !== null ? { id: row.unitId, name: row.unitName } : null,
    before: row.before,
    after: row.after,
    requestId: row.requestId,
    ip: row.ip,
  });

  async function list(
    actor: Actor,
    filter: AuditFilter,
    page: { cursor?: number; limit: number },
  ): Promise<AuditPage> {
    const rows = await findAuditEntries(deps.db, scopeOf(actor), toAuditQuery(filter), {
      beforeId: page.cursor,
      limit: page.limit + 1,
    });
    const items = rows.slice(0, page.limit).map(toEntry);
    return { items, nextCursor: rows.length > page.limit ? items.at(-1)!.id : null };
  }

  /** Every matching entry, newest first, fetched in batches as the consumer reads. */
  async function* exportRows(actor: Actor, filter: AuditFilter): AsyncGenerator<AuditRow> {
    const scope = scopeOf(actor);
    const query = toAuditQuery(filter);
    let beforeId: number | undefined;
    for (;;) {
      const rows = await findAuditEntries(deps.db, scope, query, { beforeId, limit: EXPORT_BATCH });
      yield* rows;
      if (rows.length < EXPORT_BATCH) return;
      beforeId = rows.at(-1)!.id;
    }
  }

  /** The export itself is audited before the first byte leaves. */
  async function recordExport(actor: Actor, context: AuditContext, format: string, filter: AuditFilter) {
    await deps.db.transaction((tx) =>
      recordAudit(tx, context, {
        action: 'audit.export',
        entityType: 'audit_log',
        unitId: actor.activeUnitId,
        after: { format, filter },
      }),
    );
  }

  const verify = (): Promise<AuditChainReport> => verifyAuditChain(deps.db);

  return { list, exportRows, recordExport, verify };
}

export type AuditService = ReturnType<typeof createAuditService>;
