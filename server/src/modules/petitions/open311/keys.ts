import { createHash, randomBytes } from 'node:crypto';
import type { Open311ApiKey } from '@mts/contracts';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../../db/client.ts';
import { type AuditContext, recordAudit } from '../../../platform/audit/index.ts';
import { notFound } from '../../../platform/errors/index.ts';
import { type Actor, isInScope, scopePaths } from '../../../platform/policy/index.ts';
import { staff, unit } from '../../organisation/index.ts';
import { open311ApiKey } from '../open311.schema.ts';

const KEY_PREFIX = 'o311_';

/**
 * The demo's API key (documented in the README): created by the demo seed for the root of the
 * tree, so it may submit petitions anywhere. Never seeded outside the demo.
 */
export const DEMO_OPEN311_API_KEY = 'o311_demo_mattranso_2026';

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export interface ApiKeyHolder {
  id: string;
  name: string;
  unitId: string;
  unitPath: string;
}

/** The active key with this value, or null (unknown or revoked). */
export async function findApiKey(db: Queryable, key: string): Promise<ApiKeyHolder | null> {
  if (key.length > 200) return null;
  const result = await db.execute<{ id: string; name: string; unit_id: string; unit_path: string }>(sql`
    SELECT k.id, k.name, k.unit_id, u.path::text AS unit_path
      FROM open311_api_key k JOIN unit u ON u.id = k.unit_id
     WHERE k.key_hash = ${hashApiKey(key)} AND k.revoked_at IS NULL`);
  const row = result.rows[0];
  return row ? { id: row.id, name: row.name, unitId: row.unit_id, unitPath: row.unit_path } : null;
}

/** The demo key, for the demo seed (idempotent). Returns the key. */
export async function seedDemoOpen311Key(db: Queryable, options: { unitId?: string } = {}): Promise<string> {
  const unitId =
    options.unitId ??
    (await db.execute<{ id: string }>(sql`SELECT id FROM unit WHERE parent_id IS NULL ORDER BY node LIMIT 1`))
      .rows[0]?.id;
  if (!unitId) throw new Error('seedDemoOpen311Key: the organisation tree is empty');
  await db
    .insert(open311ApiKey)
    .values({
      name: 'Khóa dùng thử (demo) — Open311',
      keyHash: hashApiKey(DEMO_OPEN311_API_KEY),
      prefix: DEMO_OPEN311_API_KEY.slice(0, 10),
      unitId,
    })
    .onConflictDoNothing({ target: open311ApiKey.keyHash });
  return DEMO_OPEN311_API_KEY;
}

const unitNotInScope = () =>
  notFound({ vi: 'Không tìm thấy đơn vị trong phạm vi bạn quản lý.', en: 'No such unit within your scope.' });

/**
 * Open311 API keys for the staff (petitions.configure, within the actor's subtree): create
 * (the key is shown once; only its SHA-256 is kept), list and revoke.
 */
export function createOpen311KeyService(deps: { db: Database }) {
  const { db } = deps;

  const select = () =>
    db
      .select({
        id: open311ApiKey.id,
        name: open311ApiKey.name,
        prefix: open311ApiKey.prefix,
        createdAt: open311ApiKey.createdAt,
        lastUsedAt: open311ApiKey.lastUsedAt,
        revokedAt: open311ApiKey.revokedAt,
        unitId: unit.id,
        unitName: unit.name,
        unitCode: unit.code,
        unitPath: sql<string>`${unit.path}::text`,
        creatorId: staff.id,
        creatorName: staff.fullName,
      })
      .from(open311ApiKey)
      .innerJoin(unit, eq(unit.id, open311ApiKey.unitId))
      .leftJoin(staff, eq(staff.id, open311ApiKey.createdBy));

  type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];
  const toKey = (row: Row): Open311ApiKey => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    unit: { id: row.unitId, name: row.unitName, code: row.unitCode },
    createdBy: row.creatorId ? { id: row.creatorId, fullName: row.creatorName ?? '' } : null,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  });

  async function create(actor: Actor, input: { name: string; unitId: string }, audit: AuditContext) {
    const [target] = await db
      .select({ id: unit.id, path: sql<string>`${unit.path}::text` })
      .from(unit)
      .where(eq(unit.id, input.unitId));
    if (!target || !isInScope(actor, 'petitions.configure', target.path)) throw unitNotInScope();
    const key = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
    const id = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(open311ApiKey)
        .values({
          name: input.name,
          keyHash: hashApiKey(key),
          prefix: key.slice(0, KEY_PREFIX.length + 6),
          unitId: target.id,
          createdBy: actor.staffId,
        })
        .returning({ id: open311ApiKey.id });
      await recordAudit(tx, audit, {
        action: 'open311_api_key.create',
        entityType: 'open311_api_key',
        entityId: row!.id,
        unitId: target.id,
        after: { name: input.name },
      });
      return row!.id;
    });
    const [row] = await select().where(eq(open311ApiKey.id, id));
    return { ...toKey(row!), key };
  }

  /** Keys of every unit in the actor's petitions.configure subtree, newest first. */
  async function list(actor: Actor) {
    const paths = scopePaths(actor, 'petitions.configure');
    if (!paths.length) return [];
    const rows = await select()
      .where(sql`${unit.path} <@ ANY(${sql.param(paths)}::ltree[])`)
      .orderBy(desc(open311ApiKey.createdAt));
    return rows.map(toKey);
  }

  async function revoke(actor: Actor, id: string, audit: AuditContext) {
    const missing = () =>
      notFound({ vi: 'Khóa API không tồn tại hoặc đã bị thu hồi.', en: 'No such active API key.' });
    await db.transaction(async (tx) => {
      const [row] = await tx
        .select({
          unitId: open311ApiKey.unitId,
          name: open311ApiKey.name,
          path: sql<string>`${unit.path}::text`,
        })
        .from(open311ApiKey)
        .innerJoin(unit, eq(unit.id, open311ApiKey.unitId))
        .where(and(eq(open311ApiKey.id, id), isNull(open311ApiKey.revokedAt)))
        .for('update', { of: open311ApiKey });
      // Outside the actor's subtree is answered like a missing key: its existence is not revealed.
      if (!row || !isInScope(actor, 'petitions.configure', row.path)) throw missing();
      await tx.update(open311ApiKey).set({ revokedAt: new Date() }).where(eq(open311ApiKey.id, id));
      await recordAudit(tx, audit, {
        action: 'open311_api_key.revoke',
        entityType: 'open311_api_key',
        entityId: id,
        unitId: row.unitId,
        before: { name: row.name },
      });
    });
  }

  return { create, list, revoke };
}

export type Open311KeyService = ReturnType<typeof createOpen311KeyService>;
