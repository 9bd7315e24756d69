import type { ApiToken, Permission } from '@mts/contracts';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { AppError, badRequest, notFound } from '../../platform/errors/index.ts';
import { type Actor, isInScope, scopePaths } from '../../platform/policy/index.ts';
import { staff, unit } from '../organisation/index.ts';
import { apiToken } from './identity.schema.ts';
import { newSecret, sha256Hex } from './tokens.ts';

const MAX_LIFETIME_MS = 366 * 24 * 3_600_000;
const TOKEN_PREFIX = 'mts_';

/**
 * Tokens for system integrations: scoped to a unit subtree and a set of permissions the creator
 * holds there, expiring within a year. The token is shown once; only its SHA-256 is kept.
 */
export function createApiTokenService(deps: { db: Database }) {
  const { db } = deps;

  const select = () =>
    db
      .select({
        id: apiToken.id,
        name: apiToken.name,
        prefix: apiToken.prefix,
        permissions: apiToken.permissions,
        createdAt: apiToken.createdAt,
        expiresAt: apiToken.expiresAt,
        lastUsedAt: apiToken.lastUsedAt,
        revokedAt: apiToken.revokedAt,
        unitId: unit.id,
        unitName: unit.name,
        unitShortName: unit.shortName,
        creatorId: staff.id,
        creatorName: staff.fullName,
      })
      .from(apiToken)
      .innerJoin(unit, eq(unit.id, apiToken.unitId))
      .innerJoin(staff, eq(staff.id, apiToken.createdBy));

  type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];
  const toApiToken = (row: Row): ApiToken => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    unit: { id: row.unitId, name: row.unitName, shortName: row.unitShortName },
    permissions: row.permissions,
    createdBy: { id: row.creatorId, fullName: row.creatorName },
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  });

  async function create(
    actor: Actor,
    input: { name: string; unitId: string; permissions: Permission[]; expiresAt: string },
    audit: AuditContext,
  ) {
    if (actor.via !== 'session') {
      throw new AppError('FORBIDDEN', {
        message: {
          vi: 'Không thể dùng mã truy cập API để tạo mã truy cập khác.',
          en: 'An API token cannot create other tokens.',
        },
      });
    }
    const [target] = await db
      .select({ id: unit.id, path: sql<string>`${unit.path}::text` })
      .from(unit)
      .where(eq(unit.id, input.unitId));
    if (!target || !isInScope(actor, 'tokens.manage', target.path)) {
      throw notFound({
        vi: 'Không tìm thấy đơn vị trong phạm vi bạn quản lý.',
        en: 'No such unit within your scope.',
      });
    }
    const missing = [...new Set(input.permissions)].filter((p) => !isInScope(actor, p, target.path));
    if (missing.length) {
      throw new AppError('FORBIDDEN', {
        message: {
          vi: `Bạn không có các quyền sau tại đơn vị này nên không thể cấp cho mã truy cập: ${missing.join(', ')}.`,
          en: `You do not hold these permissions at this unit, so a token cannot get them: ${missing.join(', ')}.`,
        },
        details: { missing },
      });
    }
    const expiresAt = new Date(input.expiresAt);
    if (expiresAt.getTime() <= Date.now() || expiresAt.getTime() > Date.now() + MAX_LIFETIME_MS) {
      throw badRequest(
        {
          vi: 'Ngày hết hạn phải sau hôm nay và trong vòng một năm.',
          en: 'The expiry must be in the future and at most one year ahead.',
        },
        [{ path: 'body.expiresAt', message: 'Trong vòng một năm (within one year)' }],
      );
    }
    const token = `${TOKEN_PREFIX}${newSecret()}`;
    const id = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(apiToken)
        .values({
          name: input.name,
          tokenHash: sha256Hex(token),
          prefix: token.slice(0, TOKEN_PREFIX.length + 6),
          unitId: target.id,
          permissions: [...new Set(input.permissions)].sort(),
          createdBy: actor.staffId,
          expiresAt,
        })
        .returning({ id: apiToken.id });
      await recordAudit(tx, audit, {
        action: 'api_token.create',
        entityType: 'api_token',
        entityId: row!.id,
        unitId: target.id,
        after: { name: input.name, permissions: input.permissions, expiresAt: expiresAt.toISOString() },
      });
      return row!.id;
    });
    const [row] = await select().where(eq(apiToken.id, id));
    return { ...toApiToken(row!), token };
  }

  /** Tokens of every unit in the actor's tokens.manage subtree, newest first. */
  async function list(actor: Actor) {
    const paths = scopePaths(actor, 'tokens.manage');
    if (!paths.length) return [];
    const rows = await select()
      .where(sql`${unit.path} <@ ANY(${sql.param(paths)}::ltree[])`)
      .orderBy(desc(apiToken.createdAt));
    return rows.map(toApiToken);
  }

  async function revoke(id: string, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .update(apiToken)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiToken.id, id), isNull(apiToken.revokedAt)))
        .returning({ unitId: apiToken.unitId, name: apiToken.name });
      if (!row) {
        throw notFound({ vi: 'Mã truy cập không tồn tại hoặc đã bị thu hồi.', en: 'No such active token.' });
      }
      await recordAudit(tx, audit, {
        action: 'api_token.revoke',
        entityType: 'api_token',
        entityId: id,
        unitId: row.unitId,
        before: { name: row.name },
      });
    });
  }

  return { create, list, revoke };
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
