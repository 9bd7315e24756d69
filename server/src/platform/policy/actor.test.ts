import type { Permission } from '@mts/contracts';
import { describe, expect, it } from 'vitest';
import { type Actor, can, isInScope, isWithin, scopePaths } from './actor.ts';

const grant = (unitPath: string, ...permissions: Permission[]) => ({
  roleId: 'r',
  unitId: unitPath,
  unitPath,
  permissions: new Set(permissions),
});

const actor = (grants: Actor['grants']): Actor => ({
  staffId: 's',
  username: 'u',
  fullName: 'U',
  via: 'session',
  mfaSatisfied: true,
  activeUnitId: 'x',
  grants,
});

describe('subtree scope', () => {
  it('treats a path as within itself and its ancestors only', () => {
    expect(isWithin('1.2.3', '1.2')).toBe(true);
    expect(isWithin('1.2', '1.2')).toBe(true);
    expect(isWithin('1.22', '1.2')).toBe(false);
    expect(isWithin('1', '1.2')).toBe(false);
  });

  it('a provincial grant covers its communes but not another province', () => {
    const officer = actor([grant('1.2', 'units.read')]);
    expect(isInScope(officer, 'units.read', '1.2.40')).toBe(true);
    expect(isInScope(officer, 'units.read', '1.3.41')).toBe(false);
    expect(isInScope(officer, 'staff.manage', '1.2.40')).toBe(false);
  });

  it('collapses nested roots and separates permissions', () => {
    const officer = actor([
      grant('1.2', 'units.read'),
      grant('1.2.5', 'units.read', 'staff.read'),
      grant('1.3', 'audit.read'),
    ]);
    expect(scopePaths(officer, 'units.read')).toEqual(['1.2']);
    expect(scopePaths(officer, 'staff.read')).toEqual(['1.2.5']);
    expect(can(officer, 'audit.read')).toBe(true);
    expect(can(officer, 'roles.assign')).toBe(false);
  });
});
