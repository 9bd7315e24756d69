import { Box, Group, Loader, Text } from '@mantine/core';
import type { UnitTreeNode } from '@mts/contracts';
import { IconChevronDown, IconChevronRight, IconPoint } from '@tabler/icons-react';
import { type KeyboardEvent, useRef, useState } from 'react';
import { useUnitTree } from '../../api/organisation.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

interface TreeState {
  expanded: Set<string>;
  toggle: (id: string, open?: boolean) => void;
  selectedId?: string;
  focusedId?: string;
  setFocused: (id: string) => void;
  onSelect: (node: UnitTreeNode) => void;
  includeHistorical: boolean;
}

/**
 * The unit hierarchy as an ARIA tree: children load when a node opens; arrow keys move, Right
 * opens, Left closes or goes to the parent, Enter or Space opens the unit's details.
 */
export function UnitTree({
  label,
  selectedId,
  onSelect,
  includeHistorical,
}: {
  label: string;
  selectedId?: string;
  onSelect: (node: UnitTreeNode) => void;
  includeHistorical: boolean;
}) {
  const roots = useUnitTree(undefined, includeHistorical);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [focusedId, setFocused] = useState<string>();
  const container = useRef<HTMLUListElement>(null);
  const { t } = useI18n();

  const toggle = (id: string, open?: boolean) =>
    setExpanded((current) => {
      const next = new Set(current);
      const shouldOpen = open ?? !next.has(id);
      if (shouldOpen) next.add(id);
      else next.delete(id);
      return next;
    });

  if (roots.isPending)
    return (
      <Group gap="xs" role="status">
        <Loader size="sm" aria-hidden />
        <Text size="sm">{t('common.loading')}</Text>
      </Group>
    );
  if (roots.error) return <ErrorAlert error={roots.error} />;

  const items = () => [...(container.current?.querySelectorAll<HTMLElement>('[role="treeitem"]') ?? [])];
  const focusItem = (element: HTMLElement | undefined) => {
    if (!element) return;
    setFocused(element.dataset.id!);
    element.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const current = (event.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    if (!current) return;
    const all = items();
    const index = all.indexOf(current);
    const id = current.dataset.id!;
    const isExpandable = current.getAttribute('aria-expanded') !== null;
    const isOpen = current.getAttribute('aria-expanded') === 'true';
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        focusItem(all[index + 1]);
        break;
      case 'ArrowUp':
        focusItem(all[index - 1]);
        break;
      case 'Home':
        focusItem(all[0]);
        break;
      case 'End':
        focusItem(all.at(-1));
        break;
      case 'ArrowRight':
        if (isExpandable && !isOpen) toggle(id, true);
        else if (isOpen) focusItem(all[index + 1]);
        break;
      case 'ArrowLeft':
        if (isOpen) toggle(id, false);
        else focusItem(current.parentElement?.closest<HTMLElement>('[role="treeitem"]') ?? undefined);
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  };

  const state: TreeState = {
    expanded,
    toggle,
    selectedId,
    focusedId: focusedId ?? selectedId ?? roots.data.roots[0]?.id,
    setFocused,
    onSelect,
    includeHistorical,
  };
  return (
    <Box
      component="ul"
      role="tree"
      aria-label={label}
      ref={container}
      onKeyDown={onKeyDown}
      m={0}
      p={0}
      style={{ listStyle: 'none' }}
      data-testid="unit-tree"
    >
      {roots.data.roots.map((node) => (
        <TreeItem key={node.id} node={node} level={1} state={state} />
      ))}
    </Box>
  );
}

function TreeChildren({ parent, level, state }: { parent: UnitTreeNode; level: number; state: TreeState }) {
  const { t } = useI18n();
  const loaded = useUnitTree(parent.id, state.includeHistorical, !parent.children);
  const children = parent.children ?? loaded.data?.roots[0]?.children;
  if (!children) {
    return loaded.error ? (
      <ErrorAlert error={loaded.error} />
    ) : (
      <Group gap="xs" pl={level * 16} py={4} role="status">
        <Loader size="xs" aria-hidden />
        <Text size="sm">{t('common.loading')}</Text>
      </Group>
    );
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: ARIA tree group
    <ul role="group" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {children.map((node) => (
        <TreeItem key={node.id} node={node} level={level + 1} state={state} />
      ))}
    </ul>
  );
}

function TreeItem({ node, level, state }: { node: UnitTreeNode; level: number; state: TreeState }) {
  const { t } = useI18n();
  const isExpandable = node.childCount > 0 || (node.children?.length ?? 0) > 0;
  const isOpen = state.expanded.has(node.id);
  const isSelected = state.selectedId === node.id;
  const labelId = `unit-tree-label-${node.id}`;
  const isInactive = node.status !== 'active';
  return (
    <li
      role="treeitem"
      aria-expanded={isExpandable ? isOpen : undefined}
      aria-selected={isSelected}
      aria-level={level}
      aria-labelledby={labelId}
      tabIndex={state.focusedId === node.id ? 0 : -1}
      data-id={node.id}
      onFocus={(event) => {
        if (event.target === event.currentTarget) state.setFocused(node.id);
      }}
      onKeyDown={(event) => {
        if (event.target !== event.currentTarget) return;
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          state.onSelect(node);
        }
      }}
      onClick={(event) => {
        event.stopPropagation();
        state.setFocused(node.id);
        state.onSelect(node);
      }}
      style={{ outlineOffset: -2 }}
    >
      <Group
        className="tree-row"
        data-selected={isSelected}
        gap={4}
        wrap="nowrap"
        py={6}
        pr="xs"
        pl={(level - 1) * 16 + 4}
        style={{ borderRadius: 4, cursor: 'pointer' }}
      >
        {isExpandable ? (
          <Box
            component="span"
            aria-hidden
            onClick={(event) => {
              event.stopPropagation();
              state.toggle(node.id);
            }}
            style={{ display: 'inline-flex', padding: 2 }}
            title={isOpen ? t('units.collapse') : t('units.expand')}
          >
            {isOpen ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </Box>
        ) : (
          <Box component="span" aria-hidden style={{ display: 'inline-flex', padding: 2 }}>
            <IconPoint size={16} />
          </Box>
        )}
        <Text
          component="span"
          size="sm"
          id={labelId}
          fs={isInactive ? 'italic' : undefined}
          style={{ minWidth: 0 }}
        >
          {node.name}
          {isInactive ? ` (${t(`units.status.${node.status}`)})` : ''}
        </Text>
      </Group>
      {isExpandable && isOpen && <TreeChildren parent={node} level={level} state={state} />}
    </li>
  );
}
