import { Box, Group, Pagination, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

export interface Column<Row> {
  key: string;
  header: string;
  render: (row: Row) => ReactNode;
  /** Shown as the card's title on narrow screens. */
  primary?: boolean;
  /** Hidden in the card layout (e.g. actions rendered separately). */
  actions?: boolean;
  width?: number | string;
}

/**
 * A table on wide screens, a list of cards below 48em (phones at 360 px), so the page never
 * scrolls sideways. The caption names the table for screen readers.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  testId,
}: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  empty?: string;
  testId?: string;
}) {
  const { t } = useI18n();
  const narrow = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  if (rows.length === 0) {
    return (
      <Text c="dimmed" py="md" data-testid={testId}>
        {empty ?? t('common.empty')}
      </Text>
    );
  }
  if (narrow) {
    const primary = columns.find((c) => c.primary) ?? columns[0]!;
    const actions = columns.filter((c) => c.actions);
    const rest = columns.filter((c) => c !== primary && !c.actions);
    return (
      <Stack
        gap="xs"
        component="ul"
        aria-label={caption}
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        data-testid={testId}
      >
        {rows.map((row) => (
          <Paper component="li" withBorder p="sm" key={rowKey(row)}>
            <Text fw={600} component="div">
              {primary.render(row)}
            </Text>
            <Stack component="dl" gap={2} m={0} mt={4}>
              {rest.map((column) => (
                <Group key={column.key} gap={6} wrap="nowrap" align="flex-start">
                  <Text component="dt" size="sm" c="dimmed" style={{ flex: '0 0 40%' }}>
                    {column.header}
                  </Text>
                  <Text component="dd" size="sm" m={0} style={{ minWidth: 0 }}>
                    {column.render(row)}
                  </Text>
                </Group>
              ))}
            </Stack>
            {actions.length > 0 && (
              <Group gap="xs" mt="xs">
                {actions.map((column) => (
                  <div key={column.key}>{column.render(row)}</div>
                ))}
              </Group>
            )}
          </Paper>
        ))}
      </Stack>
    );
  }
  return (
    // Focusable: on a phone the table scrolls sideways, and keyboards must reach it too.
    <Box className="table-scroll" data-testid={testId} tabIndex={0} role="group" aria-label={caption}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <caption>
          <VisuallyHidden>{caption}</VisuallyHidden>
        </caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column.key} scope="col" w={column.width}>
                {column.actions ? <VisuallyHidden>{column.header}</VisuallyHidden> : column.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={rowKey(row)}>
              {columns.map((column) => (
                <Table.Td key={column.key}>{column.render(row)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

export function Pager({
  page,
  total,
  pageSize,
  onChange,
}: {
  page: number;
  total: number;
  pageSize: number;
  onChange: (page: number) => void;
}) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <Group justify="space-between" mt="sm" gap="xs">
      <Text size="sm" c="dimmed">
        {t('common.total', { count: total })}
      </Text>
      {pages > 1 && (
        <nav aria-label={t('common.pagination')}>
          <Pagination
            total={pages}
            value={page}
            onChange={onChange}
            size="sm"
            siblings={0}
            getControlProps={(control) =>
              control === 'previous'
                ? { 'aria-label': t('common.previous') }
                : control === 'next'
                  ? { 'aria-label': t('common.nextPage') }
                  : {}
            }
            getItemProps={(p) => ({ 'aria-label': t('common.page', { page: p }) })}
          />
        </nav>
      )}
    </Group>
  );
}

/** A table of one page of results with its pager, announced politely when the page changes. */
export function PagedTable<Row>({
  busy,
  page,
  total,
  pageSize,
  onPage,
  ...table
}: Parameters<typeof DataTable<Row>>[0] & {
  busy: boolean;
  page: number;
  total: number;
  pageSize: number;
  onPage: (page: number) => void;
}) {
  return (
    <div aria-live="polite" aria-busy={busy}>
      <DataTable {...table} />
      <Pager page={page} total={total} pageSize={pageSize} onChange={onPage} />
    </div>
  );
}
