import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

const LTREE_PATH = /^\d+(\.\d+)*$/;

/**
 * The SQL form of `isInScope`: `path <@ ANY(roots)`, true when the path lies in one of the
 * subtrees. No roots (no grant of the permission anywhere) matches nothing.
 */
export function pathWithin(path: SQLWrapper, roots: readonly string[]): SQL {
  if (roots.length === 0) return sql`false`;
  for (const root of roots) if (!LTREE_PATH.test(root)) throw new Error(`Not a unit path: ${root}`);
  return sql`${path} <@ ANY(${`{${roots.join(',')}}`}::ltree[])`;
}

/** A root of the whole tree (a unit without parent) covers records that belong to no unit. */
export const coversWholeTree = (roots: readonly string[]) => roots.some((root) => !root.includes('.'));
