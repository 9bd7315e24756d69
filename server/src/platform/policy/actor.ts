import type { Permission } from '@mts/contracts';

/** A role held at a unit; it covers that unit's subtree (`unitPath` and every path below it). */
export interface Grant {
  roleId: string;
  unitId: string;
  unitPath: string;
  permissions: ReadonlySet<Permission>;
}

/** Who is making the request, with the grants in effect for the active unit. */
export interface Actor {
  staffId: string;
  username: string;
  fullName: string;
  via: 'session' | 'token';
  sessionId?: string;
  tokenId?: string;
  csrfToken?: string;
  /** False while a second factor is pending, or a role demands one the session has not presented. */
  mfaSatisfied: boolean;
  activeUnitId: string;
  grants: readonly Grant[];
}

export const can = (actor: Actor, permission: Permission) =>
  actor.grants.some((grant) => grant.permissions.has(permission));

/** The subtree roots where `permission` holds; queries filter with `path <@ ANY(...)`. */
export function scopePaths(actor: Actor, permission: Permission): string[] {
  const paths = actor.grants.filter((g) => g.permissions.has(permission)).map((g) => g.unitPath);
  // Drop paths already covered by an ancestor path in the list.
  return paths.filter((p) => !paths.some((other) => other !== p && isWithin(p, other)));
}

/** ltree semantics of `path <@ ancestor`: equal, or below it. */
export function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`);
}

export const isInScope = (actor: Actor, permission: Permission, unitPath: string) =>
  scopePaths(actor, permission).some((root) => isWithin(unitPath, root));
