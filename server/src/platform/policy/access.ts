import type { Permission } from '@mts/contracts';
import type { Actor } from './actor.ts';

/**
 * Every route declares who may call it in `config.access`; a route without one fails at boot.
 * - public: anyone (login, health, public pages)
 * - authenticated: any signed-in user acting on their own things (profile, own sessions)
 * - permission: a permission in the actor's grants; with `resource`, the record named by the
 *   route parameter must lie in a subtree where the permission holds, otherwise 404.
 */
export type Access =
  | { public: true }
  | { authenticated: true; allowPendingMfa?: boolean }
  | { permission: Permission; resource?: { kind: string; param: string } };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** Route options helpers that read like a sentence: `access: requires('units.manage', 'unit', 'id')`. */
export const publicAccess = { public: true } as const satisfies Access;
export const signedIn = { authenticated: true } as const satisfies Access;
export const requires = (permission: Permission, resourceKind?: string, param = 'id'): Access =>
  resourceKind ? { permission, resource: { kind: resourceKind, param } } : { permission };
