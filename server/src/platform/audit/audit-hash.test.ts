import { describe, expect, it } from 'vitest';
import { type AuditEntryContent, chainHash, GENESIS_HASH } from './audit-hash.ts';

const entry: AuditEntryContent = {
  at: '2026-01-02T03:04:05.678Z',
  actorId: null,
  actorLabel: 'system',
  action: 'unit.create',
  entityType: 'unit',
  entityId: 'a',
  unitId: null,
  before: null,
  after: { name: 'Xã A', code: '000.01' },
  requestId: null,
  ip: null,
};

describe('chainHash', () => {
  it('does not depend on key order (jsonb reorders keys)', () => {
    const reordered = { ...entry, after: { code: '000.01', name: 'Xã A' } };
    expect(chainHash(GENESIS_HASH, reordered)).toBe(chainHash(GENESIS_HASH, entry));
  });
  it('changes with any field and with the previous hash', () => {
    const base = chainHash(GENESIS_HASH, entry);
    expect(chainHash(GENESIS_HASH, { ...entry, after: { name: 'Xã B', code: '000.01' } })).not.toBe(base);
    expect(chainHash('f'.repeat(64), entry)).not.toBe(base);
  });
});
