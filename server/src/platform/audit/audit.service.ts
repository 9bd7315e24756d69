import { desc, gte, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../../db/client.ts';
import { auditLog } from './audit.schema.ts';
import { type AuditEntryContent, chainHash, GENESIS_HASH } from './audit-hash.ts';

/** Held for the length of the writing transaction, so the chain is extended one entry at a time. */
const AUDIT_CHAIN_LOCK = 724_011_002;

export interface AuditContext {
  actorId: string | null;
  actorLabel: string;
  requestId: string | null;
  ip: string | null;
}

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId?: string | null;
  unitId?: string | null;
  before?: unknown;
  after?: unknown;
}

export const systemAuditContext: AuditContext = {
  actorId: null,
  actorLabel: 'system',
  requestId: null,
  ip: null,
};

export function auditContextOf(request: FastifyRequest): AuditContext {
  const actor = request.actor;
  return {
    actorId: actor?.staffId ?? null,
    actorLabel: actor ? `${actor.fullName} (${actor.username})` : 'anonymous',
    requestId: request.id,
    ip: request.ip,
  };
}

/** Appends an entry in the caller's transaction: it commits, or vanishes, with the change. */
export async function recordAudit(tx: Queryable, context: AuditContext, event: AuditEvent): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const content: AuditEntryContent = {
    at: new Date().toISOString(),
    actorId: context.actorId,
    actorLabel: context.actorLabel,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId ?? null,
    unitId: event.unitId ?? null,
    before: toJson(event.before),
    after: toJson(event.after),
    requestId: context.requestId,
    ip: context.ip,
  };
  await tx.insert(auditLog).values({
    ...content,
    at: new Date(content.at),
    prevHash,
    hash: chainHash(prevHash, content),
  });
}

/** Normalises values the way jsonb stores them (Dates to strings, undefined dropped). */
function toJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

export interface ChainReport {
  checked: number;
  firstBrokenId: number | null;
  reason: string | null;
}

/** Walks the whole chain in id order; reports the first entry whose hash or link does not match. */
export async function verifyAuditChain(db: Queryable, batchSize = 5000): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let afterId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gte(auditLog.id, afterId + 1))
      .orderBy(auditLog.id)
      .limit(batchSize);
    if (rows.length === 0) return { checked, firstBrokenId: null, reason: null };
    for (const row of rows) {
      if (row.prevHash !== prevHash)
        return { checked, firstBrokenId: row.id, reason: 'prev_hash does not link to the previous entry' };
      const expected = chainHash(prevHash, {
        at: row.at.toISOString(),
        actorId: row.actorId,
        actorLabel: row.actorLabel,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        unitId: row.unitId,
        before: row.before,
        after: row.after,
        requestId: row.requestId,
        ip: row.ip,
      });
      if (expected !== row.hash)
        return { checked, firstBrokenId: row.id, reason: 'content does not match its hash' };
      prevHash = row.hash;
      afterId = row.id;
      checked++;
    }
  }
}
