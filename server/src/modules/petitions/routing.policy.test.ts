import type { Permission } from '@mts/contracts';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/policy/index.ts';
import { recipientLabel } from './recipients.service.ts';
import {
  configuresNationalSettings,
  configuresRecipientsOf,
  mayAnswer,
  routesPetitionsOf,
} from './routing.policy.ts';

const actor = (grants: Array<[path: string, permissions: Permission[]]>): Actor => ({
  staffId: '00000000-0000-4000-8000-000000000001',
  username: 'test',
  fullName: 'Cán bộ thử nghiệm',
  via: 'session',
  mfaSatisfied: true,
  activeUnitId: '00000000-0000-4000-8000-000000000002',
  grants: grants.map(([unitPath, permissions]) => ({
    roleId: 'test',
    unitId: '00000000-0000-4000-8000-000000000002',
    unitPath,
    permissions: new Set(permissions),
  })),
});

describe('routing rules', () => {
  const provinceRouter = actor([['1.2', ['petitions.read', 'petitions.route']]]);

  it('route and answer on behalf inside the subtree only', () => {
    expect(routesPetitionsOf(provinceRouter, '1.2.7')).toBe(true);
    expect(routesPetitionsOf(provinceRouter, '1.3.9')).toBe(false);
    expect(mayAnswer(false, provinceRouter, '1.3.9')).toBe(false);
    // A recipient's member answers whatever their grants.
    expect(mayAnswer(true, actor([]), '1.3.9')).toBe(true);
  });

  it('keep nationwide settings to a configure grant at the root', () => {
    expect(configuresNationalSettings(actor([['1', ['petitions.configure']]]))).toBe(true);
    expect(configuresNationalSettings(actor([['1.2', ['petitions.configure']]]))).toBe(false);
    expect(configuresNationalSettings(actor([['1', ['petitions.read']]]))).toBe(false);
    expect(configuresRecipientsOf(actor([['1.2', ['petitions.configure']]]), '1.2.5')).toBe(true);
    expect(configuresRecipientsOf(actor([['1.2', ['petitions.configure']]]), '1')).toBe(false);
  });
});

describe('recipient labels', () => {
  it('name agencies as they are and delegates with their body', () => {
    expect(recipientLabel({ kind: 'agency', name: 'Bộ Xây dựng', delegateBody: null })).toBe('Bộ Xây dựng');
    expect(
      recipientLabel({ kind: 'delegate', name: 'Nguyễn Văn A', delegateBody: 'national_assembly' }),
    ).toBe('Đại biểu Quốc hội Nguyễn Văn A');
    expect(recipientLabel({ kind: 'delegate', name: 'Trần Thị B', delegateBody: 'peoples_council' })).toBe(
      'Đại biểu Hội đồng nhân dân Trần Thị B',
    );
    expect(
      recipientLabel({
        kind: 'delegate',
        name: 'Đại biểu HĐND tỉnh Lê Văn C',
        delegateBody: 'peoples_council',
      }),
    ).toBe('Đại biểu HĐND tỉnh Lê Văn C');
  });
});
