import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryContent {
  at: string; // ISO 8601, millisecond precision (matches the column)
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  unitId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
}

/** hash = sha256(prevHash ‖ canonical JSON of the entry); keys sorted so jsonb round-trips match. */
export function chainHash(prevHash: string, entry: AuditEntryContent): string {
  const canonical = stringify({
    ...entry,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
  return createHash('sha256')
    .update(prevHash)
    .update(canonical ?? '')
    .digest('hex');
}
