import { and, desc, eq, gte, like, lt, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { coversWholeTree, pathWithin } from '../../platform/policy/index.ts';
import { unit } from '../organisation/index.ts';

/** What a reader may see: entries of units under `roots`, and unit-less ones for whole-tree readers. */
export interface AuditScope {
  roots: readonly string[];
}

export interface AuditQuery {
  actionPrefix?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  unitId?: string;
  /** Inclusive lower and exclusive upper bound on `at`. */
  since?: Date;
  until?: Date;
}

export type AuditRow = Awaited<ReturnType<typeof findAuditEntries>>[number];

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function conditions(scope: AuditScope, query: AuditQuery): SQL[] {
  const inScope = coversWholeTree(scope.roots)
    ? sql`(${auditLog.unitId} IS NULL OR ${pathWithin(unit.path, scope.roots)})`
    : pathWithin(unit.path, scope.roots);
  const where: SQL[] = [inScope];
  if (query.actionPrefix) where.push(like(auditLog.action, `${escapeLike(query.actionPrefix)}%`));
  if (query.entityType) where.push(eq(auditLog.entityType, query.entityType));
  if (query.entityId) where.push(eq(auditLog.entityId, query.entityId));
  if (query.actorId) where.push(eq(auditLog.actorId, query.actorId));
  if (query.unitId) where.push(sql`${unit.path} <@ (SELECT path FROM unit WHERE id = ${query.unitId})`);
  if (query.since) where.push(gte(auditLog.at, query.since));
  if (query.until) where.push(lt(auditLog.at, query.until));
  return where;
}

/** Newest first; `beforeId` continues a previous page (keyset pagination on the identity column). */
export async function findAuditEntries(
  db: Queryable,
  scope: AuditScope,
  query: AuditQuery,
  page: { beforeId?: number; limit: number },
) {
  const where = conditions(scope, query);
  if (page.beforeId) where.push(lt(auditLog.id, page.beforeId));
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorId: auditLog.actorId,
      actorLabel: auditLog.actorLabel,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      unitId: auditLog.unitId,
      unitName: unit.name,
      before: auditLog.before,
      after: auditLog.after,
      requestId: auditLog.requestId,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .leftJoin(unit, eq(unit.id, auditLog.unitId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(page.limit);
}
