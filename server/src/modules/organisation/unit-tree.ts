import type { UnitTreeNode } from '@mts/contracts';

export type TreeRow = Omit<UnitTreeNode, 'children'> & {
  depth: number; // levels below the requested root (0 = root)
};

/**
 * Nests the rows of one query (`path <@ root AND nlevel(path) <= root + depth`) under their
 * parents. Nodes at the depth limit get no `children` array, so the UI knows to fetch them lazily
 * (`childCount` tells whether there is anything to fetch); nodes above it get one, possibly empty.
 */
export function assembleTree(rows: readonly TreeRow[], rootIds: readonly string[], maxDepth: number) {
  const nodes = new Map<string, UnitTreeNode>();
  for (const { depth, ...row } of rows) {
    nodes.set(row.id, depth < maxDepth ? { ...row, children: [] } : { ...row });
  }
  for (const row of rows) {
    if (rootIds.includes(row.id) || !row.parentId) continue;
    nodes.get(row.parentId)?.children?.push(nodes.get(row.id)!);
  }
  return rootIds.map((id) => nodes.get(id)).filter((node): node is UnitTreeNode => node !== undefined);
}
