import type {
  CreateUnit,
  UnitDetail,
  UnitLevel,
  UnitList,
  UnitListParams,
  UnitNameAt,
  UnitTree,
  UnitTreeParams,
  UpdateUnit,
  UpdateUnitLevel,
} from '@mts/contracts';
import { eq } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors/index.ts';
import { type Actor, isInScope, scopePaths } from '../../platform/policy/index.ts';
import { unit, unitEvent, unitLevel } from './organisation.schema.ts';
import { checkPlacement, describeNameAt, todayInVietnam } from './unit-rules.ts';
import { assembleTree } from './unit-tree.ts';
import {
  findFormerNames,
  findNamesAt,
  findSuccessions,
  findUnit,
  findUnitByCode,
  findUnitDetail,
  findUnitEvents,
  findUnitsAtPaths,
  listUnits,
  lockUnitTree,
  treeRows,
} from './units.repository.ts';

/** PostgreSQL error code of a failed query (drizzle wraps the driver's error in `cause`). */
export function pgErrorCode(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; cause?: { code?: unknown } };
  const code = candidate?.code ?? candidate?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

export const codeTaken = (code: string) =>
  conflict(
    {
      vi: `Mã định danh ${code} đã được dùng cho đơn vị khác. Hãy kiểm tra lại mã.`,
      en: `The identifier code ${code} is already used by another unit. Check the code.`,
    },
    { field: 'code' },
  );

export const unitNotFound = () =>
  notFound({ vi: 'Không tìm thấy đơn vị (hoặc đơn vị ngoài phạm vi của bạn).', en: 'Unit not found.' });

/** Names a record dated `date` should show for each unit: "old (nay là new)"; one query for all. */
export async function displayNamesAt(
  db: Queryable,
  refs: ReadonlyArray<{ unitId: string; date: string }>,
): Promise<UnitNameAt[]> {
  const rows = await findNamesAt(db, refs);
  return rows.map((row) => ({
    ...row,
    display: describeNameAt({
      nameThen: row.name,
      currentName: row.currentName,
      status: row.status,
      successorNames: row.successors.map((s) => s.name),
    }),
  }));
}

/** One unit's name as of `date` (YYYY-MM-DD), or null when the unit does not exist. */
export async function displayNameAt(db: Queryable, unitId: string, date: string): Promise<UnitNameAt | null> {
  return (await displayNamesAt(db, [{ unitId, date }]))[0] ?? null;
}

export function createUnitsService(deps: { db: Database }) {
  const { db } = deps;

  async function listLevels(): Promise<UnitLevel[]> {
    return db.select().from(unitLevel).orderBy(unitLevel.rank);
  }

  async function updateLevel(id: string, input: UpdateUnitLevel, audit: AuditContext): Promise<UnitLevel> {
    return db.transaction(async (tx) => {
      const [before] = await tx.select().from(unitLevel).where(eq(unitLevel.id, id)).for('update');
      if (!before) throw notFound({ vi: 'Không tìm thấy cấp đơn vị.', en: 'Level not found.' });
      const [after] = await tx.update(unitLevel).set(input).where(eq(unitLevel.id, id)).returning();
      await recordAudit(tx, audit, {
        action: 'unit_level.update',
        entityType: 'unit_level',
        entityId: id,
        before,
        after,
      });
      return after!;
    });
  }

  async function list(actor: Actor, query: UnitListParams): Promise<UnitList> {
    const scope = scopePaths(actor, 'units.read');
    const { items, total } = await listUnits(db, {
      scope,
      parentId: query.parentId,
      levelId: query.levelId,
      kind: query.kind,
      status: query.status,
      q: query.q || undefined,
      page: query.page,
      pageSize: query.pageSize,
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async function tree(actor: Actor, query: UnitTreeParams): Promise<UnitTree> {
    let rootIds: string[];
    if (query.rootId) {
      const root = await findUnit(db, query.rootId);
      if (!root || !isInScope(actor, 'units.read', root.path)) throw unitNotFound();
      rootIds = [root.id];
    } else {
      rootIds = await findUnitsAtPaths(db, scopePaths(actor, 'units.read'));
    }
    const rows = await treeRows(db, rootIds, query.depth, query.includeHistorical);
    return { roots: assembleTree(rows, rootIds, query.depth) };
  }

  async function get(id: string): Promise<UnitDetail> {
    const detail = await findUnitDetail(db, id);
    if (!detail) throw unitNotFound();
    const [successions, formerNames, events] = await Promise.all([
      findSuccessions(db, id),
      findFormerNames(db, id),
      findUnitEvents(db, id),
    ]);
    const { rank: _rank, ...rest } = detail;
    return {
      ...rest,
      successors: successions
        .filter((s) => s.direction === 'successor')
        .map(({ unit, event }) => ({ unit, event })),
      predecessors: successions
        .filter((s) => s.direction === 'predecessor')
        .map(({ unit, event }) => ({ unit, event })),
      formerNames,
      events,
    } as UnitDetail;
  }

  async function nameAt(id: string, date: string): Promise<UnitNameAt> {
    const result = await displayNameAt(db, id, date);
    if (!result) throw unitNotFound();
    return result;
  }

  async function create(actor: Actor, input: CreateUnit, audit: AuditContext): Promise<UnitDetail> {
    const parent = await findUnit(db, input.parentId);
    if (!parent || !isInScope(actor, 'units.manage', parent.path))
      throw notFound({
        vi: 'Không tìm thấy đơn vị cấp trên trong phạm vi bạn quản lý.',
        en: 'Parent unit not found in your scope.',
      });
    const [level] = await db.select().from(unitLevel).where(eq(unitLevel.id, input.levelId));
    if (!level)
      throw badRequest({
        vi: `Cấp "${input.levelId}" không tồn tại. Hãy chọn một cấp trong danh mục cấp đơn vị.`,
        en: `Level "${input.levelId}" does not exist.`,
      });
    const placement = checkPlacement(parent, { name: input.name, kind: input.kind, rank: level.rank });
    if (placement) throw badRequest(placement);
    if (input.code && (await findUnitByCode(db, input.code))) throw codeTaken(input.code);
    const id = await db
      .transaction(async (tx) => {
        await lockUnitTree(tx);
        const [row] = await tx
          .insert(unit)
          .values({
            ...input,
            name: input.name.normalize('NFC'),
            effectiveFrom: input.effectiveFrom ?? todayInVietnam(),
          })
          .returning();
        await tx.insert(unitEvent).values({
          kind: 'create',
          effectiveDate: row!.effectiveFrom,
          unitIds: [row!.id],
          createdBy: actor.staffId,
          details: { parentId: parent.id },
        });
        await recordAudit(tx, audit, {
          action: 'unit.create',
          entityType: 'unit',
          entityId: row!.id,
          unitId: row!.id,
          after: row,
        });
        return row!.id;
      })
      .catch((error: unknown) => {
        if (pgErrorCode(error) === '23505' && input.code) throw codeTaken(input.code);
        throw error;
      });
    return get(id);
  }

  async function update(id: string, input: UpdateUnit, audit: AuditContext): Promise<UnitDetail> {
    if (input.code) {
      const holder = await findUnitByCode(db, input.code);
      if (holder && holder.id !== id) throw codeTaken(input.code);
    }
    await db
      .transaction(async (tx) => {
        const [before] = await tx.select().from(unit).where(eq(unit.id, id)).for('update');
        if (!before) throw unitNotFound();
        if (before.status !== 'active')
          throw new AppError('CONFLICT', {
            message: {
              vi: 'Đơn vị đã sáp nhập, chia tách hoặc giải thể: chỉ xem được, không sửa được.',
              en: 'This unit was merged, split or dissolved: it is read-only.',
            },
          });
        const [after] = await tx.update(unit).set(input).where(eq(unit.id, id)).returning();
        await recordAudit(tx, audit, {
          action: 'unit.update',
          entityType: 'unit',
          entityId: id,
          unitId: id,
          before: pick(before, Object.keys(input)),
          after: pick(after!, Object.keys(input)),
        });
      })
      .catch((error: unknown) => {
        if (pgErrorCode(error) === '23505' && input.code) throw codeTaken(input.code);
        throw error;
      });
    return get(id);
  }

  return { listLevels, updateLevel, list, tree, get, nameAt, create, update };
}

export type UnitsService = ReturnType<typeof createUnitsService>;

function pick<T extends object>(row: T, keys: string[]): Partial<T> {
  return Object.fromEntries(Object.entries(row).filter(([key]) => keys.includes(key))) as Partial<T>;
}
