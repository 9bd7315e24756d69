import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';

/** Resolves a record id to the ltree path of the unit that owns it, or null when absent. */
export type ResourceResolver = (db: Queryable, id: string) => Promise<string | null>;

export class ResourceRegistry {
  private readonly resolvers = new Map<string, ResourceResolver>();

  register(kind: string, resolver: ResourceResolver) {
    if (this.resolvers.has(kind)) throw new Error(`Resource kind '${kind}' registered twice`);
    this.resolvers.set(kind, resolver);
  }

  get(kind: string): ResourceResolver {
    const resolver = this.resolvers.get(kind);
    if (!resolver) throw new Error(`No resource resolver for '${kind}'`);
    return resolver;
  }

  kinds(): string[] {
    return [...this.resolvers.keys()];
  }
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The usual resolver: the record's row names its owning unit in `unitColumn`. Ids that are not
 * UUIDs resolve to nothing (404) without a query.
 */
export function ownedByUnit(table: string, unitColumn = 'unit_id'): ResourceResolver {
  return async (db, id) => {
    if (!UUID_PATTERN.test(id)) return null;
    const result = await db.execute<{ path: string }>(sql`
      SELECT u.path::text AS path FROM ${sql.identifier(table)} r
        JOIN unit u ON u.id = r.${sql.identifier(unitColumn)} WHERE r.id = ${id}`);
    return result.rows[0]?.path ?? null;
  };
}
