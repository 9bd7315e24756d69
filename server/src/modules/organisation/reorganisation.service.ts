import type {
  NewUnit,
  ReorganisationCommand,
  ReorganisationPreview,
  ReorganisationResult,
  UnitKind,
  UnitLink,
} from '@mts/contracts';
import { sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { badRequest, conflict, type LocalisedText } from '../../platform/errors/index.ts';
import { type Actor, isInScope, isWithin } from '../../platform/policy/index.ts';
import { unit, unitEvent, unitLevel, unitNameHistory, unitSuccession } from './organisation.schema.ts';
import {
  countActiveChildren,
  countRoleAssignmentsAt,
  countSubtrees,
  currentNameSince,
  findActiveStaffOf,
  moveActiveStaff,
  moveSubtrees,
  retireUnits,
} from './reorganisation.repository.ts';
import { addDays, checkPlacement, formatDateVi, isLevelForming, type PlacementUnit } from './unit-rules.ts';
import { findChildren, findUnitByCode, findUnits, lockUnitTree, type UnitRow } from './units.repository.ts';
import { codeTaken, pgErrorCode, unitNotFound } from './units.service.ts';

/** A unit the plan refers to: one that exists, or the n-th unit the plan creates. */
type Ref = { id: string } | { created: number };

interface PlannedCreate {
  parentId: string;
  parentName: string;
  values: Omit<NewUnit, 'parentId'> & { levelId: string; kind: UnitKind; name: string };
}

interface PlannedMove {
  unit: UnitRow;
  to: Ref;
  toName: string;
  fromParent: UnitLink | null;
  toParent: UnitLink | null;
}

/** Everything a reorganisation will do, worked out (and validated) before anything is written. */
interface Plan {
  command: ReorganisationCommand;
  creates: PlannedCreate[];
  renames: Array<{ unit: UnitRow; name: string; shortName: string | null; since: string }>;
  /** Active units re-parented (first step: their subtrees leave the units being retired). */
  moves: PlannedMove[];
  retires: Array<{ unit: UnitRow; status: 'merged' | 'split' | 'dissolved' }>;
  /** Retired units placed under their successor as historical nodes (second step). */
  historicalMoves: Array<{ unit: UnitRow; to: Ref }>;
  staffMoves: Array<{ fromUnitIds: string[]; to: Ref; staffIds?: string[] }>;
  successions: Array<{ predecessor: UnitRow; to: Ref; toName: string }>;
  /** Units whose active children are counted before the change, and existing successors after it. */
  beforeIds: string[];
  successorIds: string[];
  involvedIds: string[];
}

const link = (row: Pick<UnitRow, 'id' | 'name' | 'shortName' | 'status'>): UnitLink => ({
  id: row.id,
  name: row.name,
  shortName: row.shortName,
  status: row.status,
});

const inactive = (row: UnitRow) =>
  conflict(
    {
      vi: `"${row.name}" không còn hoạt động (trạng thái: ${statusVi[row.status]}); không thể sắp xếp lại.`,
      en: `"${row.name}" is no longer active (${row.status}); it cannot be reorganised.`,
    },
    { unitId: row.id },
  );

const statusVi = {
  active: 'đang hoạt động',
  merged: 'đã sáp nhập',
  split: 'đã chia tách',
  dissolved: 'đã giải thể',
};

/** Facts loaded once per plan: units (locked when applying), levels, and the scope check. */
class PlanContext {
  private readonly units = new Map<string, UnitRow>();
  private levels = new Map<string, { id: string; rank: number }>();

  constructor(
    readonly q: Queryable,
    readonly actor: Actor,
    private readonly forUpdate: boolean,
  ) {}

  async load(ids: Iterable<string | undefined>) {
    const wanted = [...new Set([...ids].filter((id): id is string => Boolean(id)))].filter(
      (id) => !this.units.has(id),
    );
    for (const row of await findUnits(this.q, wanted, this.forUpdate)) this.units.set(row.id, row);
    if (this.levels.size === 0) {
      const rows = await this.q.select({ id: unitLevel.id, rank: unitLevel.rank }).from(unitLevel);
      this.levels = new Map(rows.map((r) => [r.id, r]));
    }
  }

  /** A unit in the actor's `units.reorganise` scope; otherwise 404, as if it did not exist. */
  unit(id: string): UnitRow {
    const row = this.units.get(id);
    if (!row || !isInScope(this.actor, 'units.reorganise', row.path)) throw unitNotFound();
    return row;
  }

  activeUnit(id: string): UnitRow {
    const row = this.unit(id);
    if (row.status !== 'active') throw inactive(row);
    return row;
  }

  rank(levelId: string): number {
    const level = this.levels.get(levelId);
    if (!level)
      throw badRequest({
        vi: `Cấp "${levelId}" không tồn tại. Hãy chọn một cấp trong danh mục cấp đơn vị.`,
        en: `Level "${levelId}" does not exist.`,
      });
    return level.rank;
  }

  async activeChildren(parentIds: string[]) {
    const rows = (await findChildren(this.q, parentIds)).filter((c) => c.status === 'active');
    for (const row of rows) this.units.set(row.id, row);
    return rows;
  }
}

function requirePlacement(parent: PlacementUnit, child: Pick<PlacementUnit, 'kind' | 'rank' | 'name'>) {
  const reason = checkPlacement(parent, child);
  if (reason) throw badRequest(reason);
}

function requireOutside(row: UnitRow, subtrees: UnitRow[], message: LocalisedText) {
  if (subtrees.some((s) => isWithin(row.path, s.path))) throw badRequest(message);
}

async function planNewUnit(
  ctx: PlanContext,
  input: NewUnit,
  defaults: UnitRow,
  retiring: UnitRow[],
  takenCodes: Set<string>,
): Promise<{ create: PlannedCreate; placement: PlacementUnit }> {
  const parentId = input.parentId ?? defaults.parentId;
  if (!parentId)
    throw badRequest({
      vi: `Hãy chọn đơn vị cấp trên cho "${input.name}".`,
      en: `Choose a parent unit for "${input.name}".`,
    });
  await ctx.load([parentId]);
  const parent = ctx.activeUnit(parentId);
  requireOutside(parent, retiring, {
    vi: `Đơn vị cấp trên của "${input.name}" không được nằm trong đơn vị đang được sắp xếp lại.`,
    en: `The parent of "${input.name}" must not lie inside a unit being reorganised.`,
  });
  const levelId = input.levelId ?? defaults.levelId;
  const kind = input.kind ?? defaults.kind;
  const rank = ctx.rank(levelId);
  if (rank !== defaults.rank)
    throw badRequest({
      vi: `"${input.name}" phải cùng cấp với "${defaults.name}".`,
      en: `"${input.name}" must be at the same level as "${defaults.name}".`,
    });
  requirePlacement(parent, { name: input.name, kind, rank });
  if (input.code) {
    if (takenCodes.has(input.code) || (await findUnitByCode(ctx.q, input.code))) throw codeTaken(input.code);
    takenCodes.add(input.code);
  }
  const { parentId: _parentId, ...values } = input;
  return {
    create: { parentId: parent.id, parentName: parent.name, values: { ...values, levelId, kind } },
    placement: { name: input.name, kind, rank, status: 'active' },
  };
}

function emptyPlan(command: ReorganisationCommand): Plan {
  return {
    command,
    creates: [],
    renames: [],
    moves: [],
    retires: [],
    historicalMoves: [],
    staffMoves: [],
    successions: [],
    beforeIds: [],
    successorIds: [],
    involvedIds: [],
  };
}

async function planMerge(ctx: PlanContext, command: Extract<ReorganisationCommand, { kind: 'merge' }>) {
  const plan = emptyPlan(command);
  const ids = [...new Set(command.sourceIds)];
  if (ids.length !== command.sourceIds.length)
    throw badRequest({ vi: 'Danh sách đơn vị sáp nhập bị trùng.', en: 'The merged units are listed twice.' });
  if (command.target.mode === 'new' && ids.length < 2)
    throw badRequest({
      vi: 'Sáp nhập thành đơn vị mới cần ít nhất hai đơn vị. Để đổi tên một đơn vị, hãy dùng "Đổi tên".',
      en: 'Merging into a new unit needs at least two units. To rename one unit, use rename.',
    });
  await ctx.load([...ids, command.target.mode === 'existing' ? command.target.unitId : undefined]);
  const sources = ids.map((id) => ctx.activeUnit(id));
  const rank = sources[0]!.rank;
  if (sources.some((s) => s.rank !== rank))
    throw badRequest({
      vi: 'Chỉ sáp nhập các đơn vị cùng cấp (ví dụ: các tỉnh với nhau, các xã với nhau).',
      en: 'Only units of the same level can be merged.',
    });
  for (const source of sources)
    requireOutside(
      source,
      sources.filter((s) => s !== source),
      {
        vi: `"${source.name}" nằm trong một đơn vị khác cũng đang được sáp nhập.`,
        en: `"${source.name}" lies inside another unit being merged.`,
      },
    );

  let successor: Ref;
  let successorName: string;
  let successorPlacement: PlacementUnit;
  if (command.target.mode === 'existing') {
    const target = ctx.activeUnit(command.target.unitId);
    if (ids.includes(target.id))
      throw badRequest({
        vi: 'Đơn vị tiếp nhận không được nằm trong danh sách đơn vị sáp nhập.',
        en: 'The receiving unit cannot be one of the merged units.',
      });
    if (target.rank !== rank)
      throw badRequest({
        vi: `"${target.name}" phải cùng cấp với các đơn vị được sáp nhập vào.`,
        en: `"${target.name}" must be at the same level as the merged units.`,
      });
    requireOutside(target, sources, {
      vi: `"${target.name}" nằm trong một đơn vị đang được sáp nhập.`,
      en: `"${target.name}" lies inside a unit being merged.`,
    });
    successor = { id: target.id };
    successorName = target.name;
    successorPlacement = target;
    plan.successorIds.push(target.id);
    plan.beforeIds.push(target.id);
  } else {
    const planned = await planNewUnit(ctx, command.target.unit, sources[0]!, sources, new Set());
    plan.creates.push(planned.create);
    successor = { created: 0 };
    successorName = planned.create.values.name;
    successorPlacement = planned.placement;
  }
  const toParent = 'id' in successor ? link(ctx.unit(successor.id)) : null;

  const children = await ctx.activeChildren(ids);
  const retiredBodies: UnitRow[] = [];
  for (const child of children) {
    if (command.internalBodies === 'retire' && !isLevelForming(child.kind)) {
      retiredBodies.push(child);
      continue;
    }
    requirePlacement(successorPlacement, child);
    const from = sources.find((s) => s.id === child.parentId)!;
    plan.moves.push({ unit: child, to: successor, toName: successorName, fromParent: link(from), toParent });
  }
  for (const source of sources) {
    plan.retires.push({ unit: source, status: 'merged' });
    plan.historicalMoves.push({ unit: source, to: successor });
    plan.successions.push({ predecessor: source, to: successor, toName: successorName });
  }
  for (const body of retiredBodies) {
    plan.retires.push({ unit: body, status: 'merged' });
    plan.successions.push({ predecessor: body, to: successor, toName: successorName });
  }
  if (command.moveStaff)
    plan.staffMoves.push({ fromUnitIds: [...ids, ...retiredBodies.map((b) => b.id)], to: successor });
  plan.beforeIds.push(...ids);
  plan.involvedIds.push(...ids, ...plan.successorIds, ...children.map((c) => c.id));
  return plan;
}

async function planSplit(ctx: PlanContext, command: Extract<ReorganisationCommand, { kind: 'split' }>) {
  const plan = emptyPlan(command);
  await ctx.load([command.sourceId]);
  const source = ctx.activeUnit(command.sourceId);
  const children = await ctx.activeChildren([source.id]);
  const staff = await findActiveStaffOf(ctx.q, [source.id]);
  const takenCodes = new Set<string>();
  const placements: PlacementUnit[] = [];
  for (const part of command.parts) {
    const planned = await planNewUnit(ctx, part.unit, source, [source], takenCodes);
    plan.creates.push(planned.create);
    placements.push(planned.placement);
  }
  const childOwner = new Map<string, number>();
  const staffOwner = new Map<string, number>();
  command.parts.forEach((part, index) => {
    for (const childId of part.childIds) {
      if (!children.some((c) => c.id === childId))
        throw badRequest({
          vi: `Đơn vị trực thuộc ${childId} không phải đơn vị đang hoạt động của "${source.name}".`,
          en: `Unit ${childId} is not an active child of "${source.name}".`,
        });
      if (childOwner.has(childId))
        throw badRequest({
          vi: 'Một đơn vị trực thuộc được giao cho hai đơn vị mới.',
          en: 'A child unit is assigned to two parts.',
        });
      childOwner.set(childId, index);
    }
    for (const staffId of part.staffIds) {
      if (!staff.some((s) => s.id === staffId))
        throw badRequest({
          vi: `Cán bộ ${staffId} không thuộc "${source.name}" hoặc không còn công tác.`,
          en: `Staff member ${staffId} is not active staff of "${source.name}".`,
        });
      if (staffOwner.has(staffId))
        throw badRequest({
          vi: 'Một cán bộ được giao cho hai đơn vị mới.',
          en: 'A staff member is assigned to two parts.',
        });
      staffOwner.set(staffId, index);
    }
  });
  for (const child of children) {
    const index = childOwner.get(child.id) ?? 0;
    requirePlacement(placements[index]!, child);
    plan.moves.push({
      unit: child,
      to: { created: index },
      toName: plan.creates[index]!.values.name,
      fromParent: link(source),
      toParent: null,
    });
  }
  command.parts.forEach((_part, index) => {
    const staffIds = staff.map((s) => s.id).filter((id) => (staffOwner.get(id) ?? 0) === index);
    if (staffIds.length) plan.staffMoves.push({ fromUnitIds: [source.id], to: { created: index }, staffIds });
    plan.successions.push({
      predecessor: source,
      to: { created: index },
      toName: plan.creates[index]!.values.name,
    });
  });
  plan.retires.push({ unit: source, status: 'split' });
  plan.beforeIds.push(source.id);
  plan.involvedIds.push(source.id, ...children.map((c) => c.id));
  return plan;
}

async function planRename(ctx: PlanContext, command: Extract<ReorganisationCommand, { kind: 'rename' }>) {
  const plan = emptyPlan(command);
  await ctx.load([command.unitId]);
  const row = ctx.activeUnit(command.unitId);
  const shortName = command.shortName === undefined ? row.shortName : command.shortName;
  if (row.name === command.name && row.shortName === shortName)
    throw badRequest({ vi: 'Tên mới trùng với tên hiện tại.', en: 'The new name is the current name.' });
  const since = await currentNameSince(ctx.q, row.id);
  if (command.effectiveDate <= since)
    throw badRequest({
      vi: `Ngày hiệu lực phải sau ngày ${formatDateVi(since)} (ngày bắt đầu dùng tên hiện tại).`,
      en: `The effective date must be after ${since}, when the present name took effect.`,
    });
  plan.renames.push({ unit: row, name: command.name.normalize('NFC'), shortName, since });
  plan.beforeIds.push(row.id);
  plan.successorIds.push(row.id);
  plan.involvedIds.push(row.id);
  return plan;
}

async function planMove(ctx: PlanContext, command: Extract<ReorganisationCommand, { kind: 'move' }>) {
  const plan = emptyPlan(command);
  await ctx.load([command.unitId, command.newParentId]);
  const row = ctx.activeUnit(command.unitId);
  const parent = ctx.activeUnit(command.newParentId);
  if (!row.parentId)
    throw badRequest({ vi: 'Không thể chuyển đơn vị gốc.', en: 'The root unit cannot be moved.' });
  if (row.parentId === parent.id)
    throw badRequest({
      vi: `"${row.name}" đã trực thuộc "${parent.name}".`,
      en: `"${row.name}" is already under "${parent.name}".`,
    });
  requireOutside(parent, [row], {
    vi: `Không thể chuyển "${row.name}" vào chính nó hoặc một đơn vị cấp dưới của nó.`,
    en: `"${row.name}" cannot be moved into itself or one of its sub-units.`,
  });
  requirePlacement(parent, row);
  const from = await findUnits(ctx.q, [row.parentId]);
  plan.moves.push({
    unit: row,
    to: { id: parent.id },
    toName: parent.name,
    fromParent: from[0] ? link(from[0]) : null,
    toParent: link(parent),
  });
  plan.beforeIds.push(parent.id);
  plan.successorIds.push(parent.id);
  plan.involvedIds.push(row.id, row.parentId, parent.id);
  return plan;
}

async function planDissolve(ctx: PlanContext, command: Extract<ReorganisationCommand, { kind: 'dissolve' }>) {
  const plan = emptyPlan(command);
  await ctx.load([command.unitId, command.transferToId]);
  const row = ctx.activeUnit(command.unitId);
  if (!row.parentId)
    throw badRequest({ vi: 'Không thể giải thể đơn vị gốc.', en: 'The root unit cannot be dissolved.' });
  const children = await ctx.activeChildren([row.id]);
  const staff = await findActiveStaffOf(ctx.q, [row.id]);
  if (!command.transferToId) {
    if (children.length || staff.length)
      throw badRequest({
        vi: `"${row.name}" còn ${children.length} đơn vị trực thuộc và ${staff.length} cán bộ đang công tác. Hãy chọn đơn vị tiếp nhận (transferToId).`,
        en: `"${row.name}" still has ${children.length} active sub-units and ${staff.length} active staff. Choose a receiving unit (transferToId).`,
      });
  } else {
    const target = ctx.activeUnit(command.transferToId);
    requireOutside(target, [row], {
      vi: 'Đơn vị tiếp nhận không được là đơn vị bị giải thể hoặc đơn vị cấp dưới của nó.',
      en: 'The receiving unit cannot be the dissolved unit or one of its sub-units.',
    });
    for (const child of children) {
      requirePlacement(target, child);
      plan.moves.push({
        unit: child,
        to: { id: target.id },
        toName: target.name,
        fromParent: link(row),
        toParent: link(target),
      });
    }
    if (staff.length) plan.staffMoves.push({ fromUnitIds: [row.id], to: { id: target.id } });
    plan.successions.push({ predecessor: row, to: { id: target.id }, toName: target.name });
    plan.successorIds.push(target.id);
    plan.beforeIds.push(target.id);
    plan.involvedIds.push(target.id);
  }
  plan.retires.push({ unit: row, status: 'dissolved' });
  plan.beforeIds.push(row.id);
  plan.involvedIds.push(row.id, ...children.map((c) => c.id));
  return plan;
}

async function buildPlan(q: Queryable, actor: Actor, command: ReorganisationCommand, forUpdate: boolean) {
  const ctx = new PlanContext(q, actor, forUpdate);
  switch (command.kind) {
    case 'merge':
      return planMerge(ctx, command);
    case 'split':
      return planSplit(ctx, command);
    case 'rename':
      return planRename(ctx, command);
    case 'move':
      return planMove(ctx, command);
    case 'dissolve':
      return planDissolve(ctx, command);
  }
}

/** What the plan changes, with counts taken from the database before the change. */
async function describePlan(q: Queryable, plan: Plan): Promise<ReorganisationPreview> {
  const { command } = plan;
  const repositioned = [
    ...plan.moves.map((m) => m.unit.path),
    ...plan.historicalMoves.map((m) => m.unit.path),
  ];
  const affected = [
    ...repositioned,
    ...plan.retires.map((r) => r.unit.path),
    ...plan.renames.map((r) => r.unit.path),
  ];
  // Sequential: inside a transaction the queries share one connection.
  const moved = await countSubtrees(q, repositioned);
  const touched = await countSubtrees(q, affected);
  const childrenBefore = await countActiveChildren(q, plan.beforeIds);
  const successorChildren = await countActiveChildren(q, plan.successorIds);
  const heldRoles = await countRoleAssignmentsAt(
    q,
    plan.retires.map((r) => r.unit.id),
  );
  let staffMoved = 0;
  for (const move of plan.staffMoves)
    staffMoved += move.staffIds?.length ?? (await findActiveStaffOf(q, move.fromUnitIds)).length;

  const warnings: LocalisedText[] = [];
  if (heldRoles > 0)
    warnings.push({
      vi: `${heldRoles} phân quyền đang gắn với đơn vị sẽ ngừng hoạt động; sau khi sắp xếp, hãy rà soát và giao lại quyền tại đơn vị kế thừa.`,
      en: `${heldRoles} role assignments are held at units that stop being active; review them and grant roles at the successor.`,
    });
  if (command.kind === 'merge' && !command.moveStaff) {
    const staying = (await findActiveStaffOf(q, command.sourceIds)).length;
    if (staying)
      warnings.push({
        vi: `${staying} cán bộ sẽ vẫn gắn với đơn vị cũ (đã sáp nhập); hãy điều chuyển họ sau.`,
        en: `${staying} staff stay attached to the merged units; move them afterwards.`,
      });
  }
  if (command.kind === 'merge' && command.target.mode === 'new' && command.internalBodies === 'retire')
    warnings.push({
      vi: 'Đơn vị mới chưa có Ban Thường trực và các ban chuyên môn; hãy tạo sau khi sáp nhập.',
      en: 'The new unit has no standing board or departments yet; create them after the merge.',
    });

  return {
    kind: command.kind,
    effectiveDate: command.effectiveDate,
    decisionRef: command.decisionRef,
    created: plan.creates.map((c) => ({
      name: c.values.name,
      code: c.values.code ?? null,
      levelId: c.values.levelId,
      parentName: c.parentName,
    })),
    retired: plan.retires.map((r) => ({ unit: link(r.unit), newStatus: r.status })),
    moved: plan.moves.map((m) => ({
      unit: link(m.unit),
      fromParent: m.fromParent,
      toParent: m.toParent,
      toParentName: m.toName,
    })),
    renamed: plan.renames.map((r) => ({ unit: link(r.unit), newName: r.name })),
    successions: plan.successions.map((s) => ({ predecessor: s.predecessor.name, successor: s.toName })),
    counts: {
      unitsRepositioned: moved.units,
      staffMoved,
      staffAffected: touched.staff,
      childrenBefore,
      childrenAfter: successorChildren + plan.moves.length,
    },
    warnings,
  };
}

/** Writes the plan: one transaction, successor links, name history, paths, audit entries. */
async function executePlan(
  tx: Queryable,
  plan: Plan,
  actor: Actor,
  audit: AuditContext,
  preview: ReorganisationPreview,
): Promise<ReorganisationResult> {
  const { command } = plan;
  const lastDay = addDays(command.effectiveDate, -1);
  const createdIds: string[] = [];
  for (const planned of plan.creates) {
    const [row] = await tx
      .insert(unit)
      .values({ ...planned.values, parentId: planned.parentId, effectiveFrom: command.effectiveDate })
      .returning();
    createdIds.push(row!.id);
    await recordAudit(tx, audit, {
      action: 'unit.create',
      entityType: 'unit',
      entityId: row!.id,
      unitId: row!.id,
      after: row,
    });
  }
  const resolve = (ref: Ref) => ('id' in ref ? ref.id : createdIds[ref.created]!);

  const involved = [...new Set([...plan.involvedIds, ...createdIds])];
  const [event] = await tx
    .insert(unitEvent)
    .values({
      kind: command.kind,
      effectiveDate: command.effectiveDate,
      decisionRef: command.decisionRef,
      note: command.note ?? null,
      details: { request: command, createdIds, counts: preview.counts },
      unitIds: involved,
      createdBy: actor.staffId,
    })
    .returning({ id: unitEvent.id });
  const eventId = event!.id;

  for (const rename of plan.renames) {
    await tx.insert(unitNameHistory).values({
      unitId: rename.unit.id,
      name: rename.unit.name,
      shortName: rename.unit.shortName,
      validFrom: rename.since,
      validTo: lastDay,
      eventId,
    });
    await tx.execute(sql`
      UPDATE unit SET name = ${rename.name}, short_name = ${rename.shortName}, updated_at = now()
       WHERE id = ${rename.unit.id}`);
    await recordAudit(tx, audit, {
      action: 'unit.rename',
      entityType: 'unit',
      entityId: rename.unit.id,
      unitId: rename.unit.id,
      before: { name: rename.unit.name, shortName: rename.unit.shortName },
      after: {
        name: rename.name,
        shortName: rename.shortName,
        effectiveDate: command.effectiveDate,
        eventId,
      },
    });
  }

  await moveSubtrees(
    tx,
    plan.moves.map((m) => ({ unitId: m.unit.id, parentId: resolve(m.to) })),
  );
  for (const move of plan.moves)
    await recordAudit(tx, audit, {
      action: 'unit.move',
      entityType: 'unit',
      entityId: move.unit.id,
      unitId: move.unit.id,
      before: { parentId: move.unit.parentId, path: move.unit.path },
      after: { parentId: resolve(move.to), eventId },
    });

  for (const status of ['merged', 'split', 'dissolved'] as const)
    await retireUnits(
      tx,
      plan.retires.filter((r) => r.status === status).map((r) => r.unit.id),
      status,
      lastDay,
    );
  await moveSubtrees(
    tx,
    plan.historicalMoves.map((m) => ({ unitId: m.unit.id, parentId: resolve(m.to) })),
  );
  for (const retire of plan.retires) {
    const historical = plan.historicalMoves.find((m) => m.unit.id === retire.unit.id);
    await recordAudit(tx, audit, {
      action: `unit.${retire.status === 'merged' ? 'merge' : retire.status === 'split' ? 'split' : 'dissolve'}`,
      entityType: 'unit',
      entityId: retire.unit.id,
      unitId: retire.unit.id,
      before: {
        status: retire.unit.status,
        parentId: retire.unit.parentId,
        effectiveTo: retire.unit.effectiveTo,
      },
      after: {
        status: retire.status,
        parentId: historical ? resolve(historical.to) : retire.unit.parentId,
        effectiveTo: lastDay,
        successorIds: plan.successions
          .filter((s) => s.predecessor.id === retire.unit.id)
          .map((s) => resolve(s.to)),
        eventId,
      },
    });
  }

  for (const move of plan.staffMoves) {
    const to = resolve(move.to);
    const moved = await moveActiveStaff(tx, move.fromUnitIds, to, move.staffIds);
    for (const person of moved)
      await recordAudit(tx, audit, {
        action: 'staff.move',
        entityType: 'staff',
        entityId: person.id,
        unitId: to,
        before: { unitId: person.fromUnitId },
        after: { unitId: to, eventId },
      });
  }

  if (plan.successions.length)
    await tx.insert(unitSuccession).values(
      plan.successions.map((s) => ({
        eventId,
        predecessorId: s.predecessor.id,
        successorId: resolve(s.to),
      })),
    );

  await recordAudit(tx, audit, {
    action: `unit.reorganise.${command.kind}`,
    entityType: 'unit_event',
    entityId: eventId,
    unitId: plan.successorIds[0] ?? createdIds[0] ?? plan.involvedIds[0] ?? null,
    after: { request: command, createdIds, preview },
  });
  return { eventId, preview, createdIds };
}

/** Merges, splits, renames, moves and dissolutions of units, each previewable before it is applied. */
export function createReorganisationService(deps: { db: Database }) {
  async function preview(actor: Actor, command: ReorganisationCommand): Promise<ReorganisationPreview> {
    const plan = await buildPlan(deps.db, actor, command, false);
    return describePlan(deps.db, plan);
  }

  /** Applies inside the caller's transaction (the demo seed builds a whole tree in one). */
  async function applyWithin(
    tx: Queryable,
    actor: Actor,
    command: ReorganisationCommand,
    audit: AuditContext,
  ) {
    await lockUnitTree(tx);
    const plan = await buildPlan(tx, actor, command, true);
    const description = await describePlan(tx, plan);
    return executePlan(tx, plan, actor, audit, description);
  }

  async function apply(actor: Actor, command: ReorganisationCommand, audit: AuditContext) {
    return deps.db
      .transaction((tx) => applyWithin(tx, actor, command, audit))
      .catch((error: unknown) => {
        const code = pgErrorCode(error);
        if (code === '23505')
          throw conflict({
            vi: 'Mã định danh của đơn vị mới đã được dùng. Hãy kiểm tra lại mã.',
            en: 'The identifier code of a new unit is already used.',
          });
        throw error;
      });
  }

  return { preview, apply, applyWithin };
}

export type ReorganisationService = ReturnType<typeof createReorganisationService>;
