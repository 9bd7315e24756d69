import type { Permission } from '@mts/contracts';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  canGrantRole,
  checkPlacement,
  describeNameAt,
  foldText,
  formatDateVi,
  todayInVietnam,
} from './unit-rules.ts';

const province = { name: 'Ủy ban MTTQ tỉnh Lâm Đồng', kind: 'committee', rank: 1, status: 'active' } as const;
const commune = { name: 'Ủy ban MTTQ xã An Bình', kind: 'committee', rank: 2, status: 'active' } as const;

describe('checkPlacement', () => {
  it('puts a commune committee one level below a province committee', () => {
    expect(checkPlacement(province, { name: 'Xã Mới', kind: 'committee', rank: 2 })).toBeNull();
  });

  it('refuses a committee at the wrong level, with a Vietnamese reason', () => {
    const reason = checkPlacement(province, { name: 'Khu dân cư 1', kind: 'committee', rank: 3 });
    expect(reason?.vi).toMatch(/ngay dưới cấp/);
    expect(reason?.en).toMatch(/level/);
  });

  it('keeps standing boards and member organisations at their committee level', () => {
    expect(checkPlacement(commune, { name: 'Ban Thường trực', kind: 'standing_board', rank: 2 })).toBeNull();
    expect(
      checkPlacement(commune, { name: 'Hội Nông dân', kind: 'member_organisation', rank: 3 }),
    ).not.toBeNull();
  });

  it('refuses a committee under a department and anything under a residential committee', () => {
    const department = { ...province, name: 'Văn phòng', kind: 'department' } as const;
    expect(checkPlacement(department, { name: 'Xã X', kind: 'committee', rank: 2 })?.vi).toMatch(
      /Ủy ban MTTQ/,
    );
    const area = { name: 'Khu dân cư 1', kind: 'residential_committee', rank: 3, status: 'active' } as const;
    expect(checkPlacement(area, { name: 'Tổ', kind: 'department', rank: 3 })).not.toBeNull();
  });

  it('refuses a parent that was merged away', () => {
    const merged = { ...province, status: 'merged' } as const;
    expect(checkPlacement(merged, { name: 'Xã Mới', kind: 'committee', rank: 2 })?.vi).toMatch(
      /không còn hoạt động/,
    );
  });
});

describe('dates', () => {
  it('steps back over month and leap-year boundaries', () => {
    expect(addDays('2025-07-01', -1)).toBe('2025-06-30');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });
  it('writes dates the Vietnamese way and knows the day in Hà Nội', () => {
    expect(formatDateVi('2025-07-01')).toBe('01/07/2025');
    expect(todayInVietnam(new Date('2025-06-30T18:30:00Z'))).toBe('2025-07-01');
  });
});

describe('describeNameAt', () => {
  it('shows the successor of a merged province', () => {
    expect(
      describeNameAt({
        nameThen: 'Ủy ban MTTQ tỉnh Bình Thuận',
        currentName: 'Ủy ban MTTQ tỉnh Bình Thuận',
        status: 'merged',
        successorNames: ['Ủy ban MTTQ tỉnh Lâm Đồng'],
      }).vi,
    ).toBe('Ủy ban MTTQ tỉnh Bình Thuận (nay là Ủy ban MTTQ tỉnh Lâm Đồng)');
  });
  it('shows the present name of a renamed unit and nothing extra when unchanged', () => {
    const renamed = {
      nameThen: 'Xã A',
      currentName: 'Phường A',
      status: 'active' as const,
      successorNames: [],
    };
    expect(describeNameAt(renamed)).toEqual({ vi: 'Xã A (nay là Phường A)', en: 'Xã A (now Phường A)' });
    expect(describeNameAt({ ...renamed, currentName: 'Xã A' }).vi).toBe('Xã A');
  });
  it('lists every part of a split unit and marks a dissolved one', () => {
    expect(
      describeNameAt({
        nameThen: 'Xã C',
        currentName: 'Xã C',
        status: 'split',
        successorNames: ['Xã C1', 'Xã C2'],
      }).vi,
    ).toBe('Xã C (nay là Xã C1, Xã C2)');
    expect(
      describeNameAt({ nameThen: 'Xã D', currentName: 'Xã D', status: 'dissolved', successorNames: [] }).vi,
    ).toBe('Xã D (đã giải thể)');
  });
});

describe('foldText', () => {
  it('drops diacritics and đ so typed headers match', () => {
    expect(foldText('  Mã  Định danh ')).toBe('ma dinh danh');
    expect(foldText('Đoàn TNCS')).toBe('doan tncs');
  });
});

describe('canGrantRole', () => {
  const admin = {
    unitPath: '1.2',
    permissions: new Set<Permission>(['roles.assign', 'staff.read', 'units.read']),
  };
  it('lets an admin grant a role whose permissions they hold over the unit', () => {
    expect(canGrantRole([admin], '1.2.7', ['units.read', 'staff.read'])).toBe(true);
  });
  it('refuses more than the admin has, another subtree, or without roles.assign', () => {
    expect(canGrantRole([admin], '1.2.7', ['units.read', 'audit.read'])).toBe(false);
    expect(canGrantRole([admin], '1.3.7', ['units.read'])).toBe(false);
    expect(
      canGrantRole([{ unitPath: '1', permissions: new Set(['units.read']) }], '1.2', ['units.read']),
    ).toBe(false);
  });
});
