import type { UnitKind, UnitStatus } from '@mts/contracts';
import type { LocalisedText } from '../../platform/errors/index.ts';
import { type Grant, isWithin } from '../../platform/policy/index.ts';

/** Kinds that form the levels of the hierarchy; the others are bodies of the committee above them. */
const LEVEL_FORMING_KINDS: ReadonlySet<UnitKind> = new Set(['committee', 'residential_committee']);

export const isLevelForming = (kind: UnitKind) => LEVEL_FORMING_KINDS.has(kind);

export interface PlacementUnit {
  name: string;
  kind: UnitKind;
  rank: number;
  status: UnitStatus;
}

/**
 * Where a unit may sit: committees (and residential-area committees) one level below a committee;
 * standing boards, departments and member organisations at their committee's own level. Only active
 * units take children (historical nodes keep the ones they had). Returns what to fix, or null.
 */
export function checkPlacement(
  parent: PlacementUnit,
  child: Pick<PlacementUnit, 'kind' | 'rank' | 'name'>,
): LocalisedText | null {
  if (parent.status !== 'active')
    return {
      vi: `Không thể đặt "${child.name}" dưới "${parent.name}" vì đơn vị này không còn hoạt động. Hãy chọn đơn vị kế thừa.`,
      en: `"${child.name}" cannot be placed under "${parent.name}": it is no longer active. Choose its successor.`,
    };
  if (isLevelForming(child.kind)) {
    if (parent.kind !== 'committee')
      return {
        vi: `"${child.name}" là Ủy ban/Ban công tác Mặt trận nên phải trực thuộc một Ủy ban MTTQ, không thuộc "${parent.name}".`,
        en: `"${child.name}" is a committee, so its parent must be a Front committee, not "${parent.name}".`,
      };
    if (child.rank !== parent.rank + 1)
      return {
        vi: `Cấp của "${child.name}" phải ngay dưới cấp của "${parent.name}". Hãy chọn đúng cấp hoặc đơn vị cấp trên.`,
        en: `The level of "${child.name}" must be the one just below "${parent.name}". Choose the right level or parent.`,
      };
    return null;
  }
  if (parent.kind === 'residential_committee')
    return {
      vi: `Ban Công tác Mặt trận khu dân cư "${parent.name}" không có đơn vị trực thuộc.`,
      en: `The residential-area committee "${parent.name}" cannot have sub-units.`,
    };
  if (child.rank !== parent.rank)
    return {
      vi: `"${child.name}" là cơ quan/tổ chức của "${parent.name}" nên phải cùng cấp với đơn vị đó.`,
      en: `"${child.name}" is a body of "${parent.name}", so it must be at the same level.`,
    };
  return null;
}

/** `YYYY-MM-DD` plus `days` (negative to go back), in calendar terms. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` → `dd/mm/yyyy`, the way dates are written in Vietnamese documents. */
export function formatDateVi(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`;
}

/** Today in Asia/Ho_Chi_Minh as `YYYY-MM-DD`. */
export function todayInVietnam(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

export interface NameAtFacts {
  nameThen: string;
  currentName: string;
  status: UnitStatus;
  successorNames: string[];
}

/**
 * How to print a unit on a record dated before a change: "old (nay là new)". A renamed unit shows
 * its present name; a merged or split one its successors; a dissolved one without successor says so.
 */
export function describeNameAt(facts: NameAtFacts): LocalisedText {
  const { nameThen, currentName, status, successorNames } = facts;
  if (status !== 'active' && successorNames.length > 0) {
    const now = successorNames.join(', ');
    return { vi: `${nameThen} (nay là ${now})`, en: `${nameThen} (now ${now})` };
  }
  if (status === 'dissolved') return { vi: `${nameThen} (đã giải thể)`, en: `${nameThen} (dissolved)` };
  if (nameThen !== currentName)
    return { vi: `${nameThen} (nay là ${currentName})`, en: `${nameThen} (now ${currentName})` };
  return { vi: nameThen, en: nameThen };
}

/** Trims and folds a header or enum cell for matching: lower case, no diacritics, single spaces. */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Whether an actor may grant a role at a unit: they need `roles.assign` there and must already
 * hold, over that unit, every permission the role carries (no one hands out more than they have).
 */
export function canGrantRole(
  grants: ReadonlyArray<Pick<Grant, 'unitPath' | 'permissions'>>,
  unitPath: string,
  rolePermissions: readonly string[],
): boolean {
  const held = new Set<string>();
  for (const grant of grants) {
    if (isWithin(unitPath, grant.unitPath)) for (const permission of grant.permissions) held.add(permission);
  }
  return held.has('roles.assign') && rolePermissions.every((permission) => held.has(permission));
}
