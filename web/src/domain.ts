/**
 * Enumerations the UI lists, typed against @mts/contracts. Only types are imported from there:
 * importing its values would pull zod into the browser bundle.
 */
import type { Permission, StaffStatus, UnitKind, UnitStatus } from '@mts/contracts';

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

export const allPermissions = keys<Permission>({
  'units.read': true,
  'units.manage': true,
  'units.reorganise': true,
  'staff.read': true,
  'staff.manage': true,
  'staff.import': true,
  'roles.read': true,
  'roles.assign': true,
  'roles.manage': true,
  'sessions.manage': true,
  'tokens.manage': true,
  'audit.read': true,
  'mail.outbox.read': true,
  'unit_levels.manage': true,
});
