export type { Access } from './access.ts';
export { publicAccess, requires, signedIn } from './access.ts';
export type { Actor, Grant } from './actor.ts';
export { can, isInScope, isWithin, scopePaths } from './actor.ts';
export type { Authenticator, RouteAccessEntry } from './policy-plugin.ts';
export { actorOf, CSRF_HEADER, RouteAccessRegistry, registerPolicy } from './policy-plugin.ts';
export type { ResourceResolver } from './resources.ts';
export { ownedByUnit, ResourceRegistry, UUID_PATTERN } from './resources.ts';
export { coversWholeTree, pathWithin } from './scope-sql.ts';
