import { describe, expect, it } from 'vitest';
import { assembleTree, type TreeRow } from './unit-tree.ts';

const row = (id: string, parentId: string | null, depth: number, childCount = 0): TreeRow => ({
  id,
  parentId,
  depth,
  childCount,
  name: id,
  shortName: null,
  code: null,
  kind: 'committee',
  levelId: 'commune',
  status: 'active',
});

describe('assembleTree', () => {
  it('nests rows under their parents and leaves the last level to be loaded lazily', () => {
    const rows = [row('p', 'c', 0, 2), row('a', 'p', 1, 3), row('b', 'p', 1, 0)];
    const [root] = assembleTree(rows, ['p'], 1);
    expect(root?.parentId).toBe('c');
    expect(root?.children?.map((n) => n.id)).toEqual(['a', 'b']);
    expect(root?.children?.[0]?.children).toBeUndefined();
    expect(root?.children?.[0]?.childCount).toBe(3);
  });

  it('returns several roots in the order asked and a bare root at depth 0', () => {
    const rows = [row('x', null, 0, 1), row('y', null, 0, 0)];
    expect(assembleTree(rows, ['y', 'x'], 0).map((n) => [n.id, n.children])).toEqual([
      ['y', undefined],
      ['x', undefined],
    ]);
  });
});
