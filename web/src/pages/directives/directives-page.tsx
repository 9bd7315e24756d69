import { Anchor, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { Link } from 'react-router';
import { type DirectiveBox, type DirectiveListItem, useDirectiveList } from '../../api/directives.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { type Column, PagedTable } from '../../components/data-table.tsx';
import { ErrorAlert } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useUrlState } from '../documents/parts.tsx';
import { useDirectiveI18n } from './directive-i18n.ts';
import { actionKey, OverdueChip, StatusChip, UrgentBadge } from './parts.tsx';

const PAGE_SIZE = 25;

/**
 * The directives a unit received (what it owes, newest first) and those it sent (with their
 * counts). New directives for the unit appear by themselves: the shell's live alert refreshes
 * the lists when one arrives.
 */
export default function DirectivesPage() {
  const { dt, t } = useDirectiveI18n();
  const me = useMe().data;
  const canSend = can(me, 'directives.send');
  const canRespond = can(me, 'directives.respond');
  const { params, setParam } = useUrlState();
  const box: DirectiveBox =
    params.get('box') === 'sent' || (!params.get('box') && canSend && !canRespond) ? 'sent' : 'received';
  const page = Number(params.get('page') ?? '1') || 1;
  const list = useDirectiveList(box, page, PAGE_SIZE);
  const now = Date.now();

  const columns: Column<DirectiveListItem>[] = [
    {
      key: 'title',
      header: dt('dir.field.title'),
      primary: true,
      render: (row) => (
        <Stack gap={4}>
          <Anchor component={Link} to={`/directives/${row.id}`} fw={600}>
            {row.title}
          </Anchor>
          <Group gap={4}>
            {row.urgent && <UrgentBadge />}
            {row.myStatus && <StatusChip status={row.myStatus} />}
            {row.myStatus &&
              (row.myStatus === 'sent' || row.myStatus === 'seen') &&
              new Date(row.deadline).getTime() < now && <OverdueChip />}
          </Group>
        </Stack>
      ),
    },
    box === 'received'
      ? { key: 'sender', header: dt('dir.field.sender'), render: (row) => row.senderUnitName }
      : {
          key: 'counts',
          header: dt('dir.board'),
          render: (row) =>
            row.counts
              ? `${row.counts.acknowledged + row.counts.reported}/${row.counts.total} ${dt('dir.status.acknowledged').toLowerCase()}${
                  row.counts.overdue
                    ? ` · ${row.counts.overdue} ${dt('dir.status.overdue').toLowerCase()}`
                    : ''
                }`
              : '—',
        },
    { key: 'action', header: dt('dir.field.action'), render: (row) => dt(actionKey(row.action)) },
    { key: 'deadline', header: dt('dir.field.deadline'), render: (row) => formatDateTime(row.deadline) },
    { key: 'sentAt', header: dt('dir.field.sentAt'), render: (row) => formatDateTime(row.createdAt) },
  ];

  return (
    <Stack gap="md">
      <PageHeader
        title={dt('dir.title')}
        actions={
          canSend && (
            <Button component={Link} to="/directives/new" leftSection={<IconSend size={16} aria-hidden />}>
              {dt('dir.send')}
            </Button>
          )
        }
      />
      {canSend && canRespond && (
        <SegmentedControl
          aria-label={dt('dir.box')}
          w="fit-content"
          maw="100%"
          value={box}
          onChange={(value) => setParam('box', value === 'received' ? '' : value)}
          data={[
            { value: 'received', label: dt('dir.box.received') },
            { value: 'sent', label: dt('dir.box.sent') },
          ]}
        />
      )}
      <ErrorAlert error={list.error} />
      {list.data && (
        <PagedTable
          caption={box === 'received' ? dt('dir.box.received') : dt('dir.box.sent')}
          columns={columns}
          rows={list.data.items}
          rowKey={(row) => row.id}
          empty={box === 'received' ? dt('dir.list.empty.received') : dt('dir.list.empty.sent')}
          testId={`directives-${box}`}
          busy={list.isFetching}
          page={page}
          total={list.data.total}
          pageSize={PAGE_SIZE}
          onPage={(next) => setParam('page', String(next))}
        />
      )}
      {list.isPending && !list.error && (
        <Text role="status" c="dimmed">
          {t('common.loading')}
        </Text>
      )}
    </Stack>
  );
}
