import { isPermission, type Permission } from '@mts/contracts';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Grant } from '../../platform/policy/index.ts';

interface GrantRow {
  roleId: string;
  unitId: string;
  unitPath: string;
  permissions: string[];
  requiresMfa: boolean;
}

export interface SessionRow {
  sessionId: string;
  csrfToken: string;
  mfaVerified: boolean;
  mfaPending: boolean;
  activeUnitId: string | null;
  lastSeenAt: Date;
  staffId: string;
  username: string;
  fullName: string;
  staffStatus: string;
  staffUnitId: string;
  grants: GrantRow[];
}

/** One query: a live session, its staff member and every role assignment with its unit path. */
export async function findLiveSession(db: Queryable, sessionId: string): Promise<SessionRow | null> {
  const result = await db.execute<Omit<SessionRow, 'lastSeenAt'> & { lastSeenAt: string }>(sql`
    SELECT s.id AS "sessionId", s.csrf_token AS "csrfToken", s.mfa_verified AS "mfaVerified", s.mfa_pending AS "mfaPending",
           s.active_unit_id AS "activeUnitId", s.last_seen_at AS "lastSeenAt",
           st.id AS "staffId", st.username, st.full_name AS "fullName", st.status AS "staffStatus",
           st.unit_id AS "staffUnitId",
           COALESCE(g.grants, '[]'::json) AS grants
      FROM session s
      JOIN staff st ON st.id = s.staff_id
      LEFT JOIN LATERAL (${grantsOf(sql`st.id`)}) g ON true
     WHERE s.id = ${sessionId} AND s.revoked_at IS NULL AND s.expires_at > now()`);
  const row = result.rows[0];
  return row ? { ...row, lastSeenAt: new Date(row.lastSeenAt) } : null;
}

export function grantsOf(staffIdExpression: ReturnType<typeof sql>) {
  return sql`
    SELECT json_agg(json_build_object(
             'roleId', ra.role_id, 'unitId', ra.unit_id, 'unitPath', u.path::text,
             'permissions', r.permissions, 'requiresMfa', r.requires_mfa)) AS grants
      FROM role_assignment ra
      JOIN role r ON r.id = ra.role_id
      JOIN unit u ON u.id = ra.unit_id
     WHERE ra.staff_id = ${staffIdExpression}`;
}

export function toGrant(row: GrantRow): Grant {
  return {
    roleId: row.roleId,
    unitId: row.unitId,
    unitPath: row.unitPath,
    permissions: new Set(row.permissions.filter(isPermission) as Permission[]),
  };
}

/**
 * The grants in effect: those held at the active unit (the unit switcher picks it among the units
 * where the person holds roles); by default the person's own unit, else the first unit with a role.
 */
export function effectiveGrants(rows: GrantRow[], activeUnitId: string | null, staffUnitId: string) {
  const units = [...new Set(rows.map((r) => r.unitId))];
  const active =
    (activeUnitId && units.includes(activeUnitId) && activeUnitId) ||
    (units.includes(staffUnitId) && staffUnitId) ||
    units[0] ||
    staffUnitId;
  return { activeUnitId: active, grants: rows.filter((r) => r.unitId === active).map(toGrant) };
}
