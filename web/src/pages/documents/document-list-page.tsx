import { Anchor, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import type { DocumentSummary } from '@mts/contracts';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useDocumentList } from '../../api/documents.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { type Column, PagedTable } from '../../components/data-table.tsx';
import { ErrorAlert } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDate, todayIso } from '../../i18n/format.ts';
import { useDocI18n } from './doc-i18n.ts';
import { OverduePanel } from './overdue-panel.tsx';
import {
  DocumentsNav,
  isPast,
  OverdueBadge,
  PriorityBadge,
  SecrecyBadge,
  StatusBadge,
  useUrlState,
} from './parts.tsx';
import { finishedStatuses, incomingStatuses, outgoingStatuses } from './statuses.ts';

const PAGE_SIZE = 25;
const finished = finishedStatuses;

/** The queue of incoming documents or the list of outgoing ones: urgent first (the server orders). */
export default function DocumentListPage({ direction }: { direction: 'incoming' | 'outgoing' }) {
  const { dt, t } = useDocI18n();
  const me = useMe().data;
  const { params, setParam } = useUrlState();
  const page = Number(params.get('page') ?? '1') || 1;
  const status = params.get('status') ?? '';
  const list = useDocumentList({
    direction,
    status: status || undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const today = todayIso();
  const title = direction === 'incoming' ? dt('doc.incoming') : dt('doc.outgoing');

  const columns: Column<DocumentSummary>[] = [
    {
      key: 'subject',
      header: dt('doc.subject'),
      primary: true,
      render: (row) => (
        <Stack gap={4}>
          <Anchor component={Link} to={`/documents/${row.id}`} fw={600}>
            {row.subject}
          </Anchor>
          <Group gap={4}>
            <PriorityBadge priority={row.priority} />
            <SecrecyBadge secrecy={row.secrecy} />
            {!finished.has(row.status) && isPast(row.dueDate, today) && <OverdueBadge />}
          </Group>
        </Stack>
      ),
    },
    direction === 'incoming'
      ? {
          key: 'arrival',
          header: dt('doc.arrivalNumber'),
          render: (row) =>
            row.arrivalNumber
              ? `${String(row.arrivalNumber).padStart(2, '0')} · ${formatDate(row.arrivalDate)}`
              : '—',
        }
      : {
          key: 'type',
          header: dt('doc.type'),
          render: (row) => row.typeName ?? '—',
        },
    {
      key: 'symbol',
      header: dt('doc.symbol'),
      render: (row) =>
        row.codeNumber ? `${row.codeNumber}/${row.codeNotation ?? ''}` : <Text c="dimmed">—</Text>,
    },
    ...(direction === 'incoming'
      ? [
          {
            key: 'organ',
            header: dt('doc.organName'),
            render: (row: DocumentSummary) => row.organName ?? '—',
          },
        ]
      : []),
    { key: 'due', header: dt('doc.dueDate'), render: (row) => formatDate(row.dueDate) || '—' },
    { key: 'status', header: t('common.status'), render: (row) => <StatusBadge status={row.status} /> },
  ];

  const canCreate = direction === 'incoming' ? can(me, 'documents.register') : can(me, 'documents.draft');
  return (
    <Stack gap="md">
      <PageHeader
        title={title}
        actions={
          canCreate && (
            <Button
              component={Link}
              to={direction === 'incoming' ? '/documents/incoming/new' : '/documents/outgoing/new'}
              leftSection={<IconPlus size={16} aria-hidden />}
            >
              {direction === 'incoming' ? dt('doc.registerIncoming') : dt('doc.newDraft')}
            </Button>
          )
        }
      />
      <DocumentsNav />
      {direction === 'incoming' && <OverduePanel />}
      <Paper withBorder p="sm" role="search" aria-label={t('common.filter')}>
        <Select
          label={t('common.status')}
          maw={320}
          data={[
            { value: '', label: t('common.all') },
            ...(direction === 'incoming' ? incomingStatuses : outgoingStatuses).map((s) => ({
              value: s,
              label: dt(`doc.status.${s}` as Parameters<typeof dt>[0]),
            })),
          ]}
          value={status}
          allowDeselect={false}
          onChange={(value) => setParam('status', value ?? '')}
        />
      </Paper>
      <ErrorAlert error={list.error} />
      {list.data && (
        <PagedTable
          caption={title}
          columns={columns}
          rows={list.data.items}
          rowKey={(row) => row.id}
          empty={dt('doc.list.empty')}
          testId={`documents-${direction}`}
          busy={list.isFetching}
          page={page}
          total={list.data.total}
          pageSize={PAGE_SIZE}
          onPage={(next) => setParam('page', String(next))}
        />
      )}
      {list.isPending && !list.error && <div role="status">{t('common.loading')}</div>}
    </Stack>
  );
}
