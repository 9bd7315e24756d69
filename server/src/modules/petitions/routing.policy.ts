import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { type Actor, isInScope, pathWithin, scopePaths, UUID_PATTERN } from '../../platform/policy/index.ts';

/**
 * Who may do what in routing, one rule per line. Front staff act through their grants over unit
 * subtrees (the policy layer checks the route's permission first); a recipient's officers and a
 * delegate act through membership of that recipient (petition_recipient_member), whatever their
 * grants. Anyone else gets 404, as for a record that does not exist.
 */

/** SQL: the actor is a member of the recipient named by `recipientId` (a column or a value). */
export const isMemberOf = (actor: Actor, recipientId: SQL | string): SQL =>
  sql`EXISTS (SELECT 1 FROM petition_recipient_member m
               WHERE m.recipient_id = ${recipientId} AND m.staff_id = ${actor.staffId})`;

/** The actor acts for the recipient (accepts, returns, answers what is forwarded to it). */
export async function actsFor(db: Queryable, actor: Actor, recipientId: string): Promise<boolean> {
  if (!UUID_PATTERN.test(recipientId)) return false;
  const result = await db.execute<{ ok: boolean }>(sql`SELECT ${isMemberOf(actor, recipientId)} AS ok`);
  return result.rows[0]?.ok === true;
}

/** Front staff route, re-route and publish petitions of their subtree (petitions.route). */
export const routesPetitionsOf = (actor: Actor, petitionUnitPath: string) =>
  isInScope(actor, 'petitions.route', petitionUnitPath);

/** An answer is recorded by a member of the hop's recipient, or by Front staff routing the petition on its behalf. */
export const mayAnswer = (isMember: boolean, actor: Actor, petitionUnitPath: string) =>
  isMember || routesPetitionsOf(actor, petitionUnitPath);

/**
 * SQL: a recipient serving `recipientPath` may receive a petition of `petitionPath` — it serves the
 * petition's area, an area above it (a province department, a ministry) or below it.
 */
export const servesArea = (recipientPath: SQL, petitionPath: SQL): SQL =>
  sql`(${recipientPath} @> ${petitionPath} OR ${recipientPath} <@ ${petitionPath})`;

/**
 * SQL: recipients the actor may see with `permission` — those serving an area inside one of the
 * actor's subtrees or above it (a commune cadre sees the province's departments and the ministries).
 */
export function recipientsVisibleTo(
  actor: Actor,
  recipientPath: SQL,
  permission: 'petitions.read' = 'petitions.read',
): SQL {
  const roots = scopePaths(actor, permission);
  if (roots.length === 0) return sql`false`;
  return sql`(${pathWithin(recipientPath, roots)} OR ${recipientPath} @> ANY(${`{${roots.join(',')}}`}::ltree[]))`;
}

/** Recipients are managed (created, edited, given members) inside one's petitions.configure subtree. */
export const configuresRecipientsOf = (actor: Actor, recipientUnitPath: string) =>
  isInScope(actor, 'petitions.configure', recipientUnitPath);

/** Deadline rules and holidays hold for the whole country: petitions.configure at a root unit. */
export const configuresNationalSettings = (actor: Actor) =>
  scopePaths(actor, 'petitions.configure').some((root) => !root.includes('.'));
