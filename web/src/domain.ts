/**
 * Enumerations the UI lists, typed against @mts/contracts. Only types are imported from there:
 * importing its values would pull zod into the browser bundle.
 */
import type { StaffStatus, UnitKind, UnitStatus } from '@mts/contracts';

const keys = <T extends string>(record: Record<T, true>) => Object.keys(record) as T[];

export const unitKinds = keys<UnitKind>({
  committee: true,
  standing_board: true,
  department: true,
  member_organisation: true,
  residential_committee: true,
});

export const unitStatuses = keys<UnitStatus>({ active: true, merged: true, split: true, dissolved: true });

export const staffStatuses = keys<StaffStatus>({ active: true, suspended: true, left: true });
