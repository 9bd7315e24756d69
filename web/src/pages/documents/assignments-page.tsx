import { Anchor, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import type { MyAssignment } from '@mts/contracts';
import { Link } from 'react-router';
import { useMyAssignments } from '../../api/documents.ts';
import { type Column, PagedTable } from '../../components/data-table.tsx';
import { ErrorAlert } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDate } from '../../i18n/format.ts';
import { useDocI18n } from './doc-i18n.ts';
import { DocumentsNav, OverdueBadge, PriorityBadge, StatusBadge, useUrlState } from './parts.tsx';

const PAGE_SIZE = 25;

/** Work assigned to me or to my unit (việc được giao), the soonest deadline first. */
export default function AssignmentsPage() {
  const { dt, t } = useDocI18n();
  const { params, setParam } = useUrlState();
  const scope = params.get('scope') === 'unit' ? 'unit' : 'mine';
  const state = params.get('state') === 'done' ? 'done' : 'open';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const list = useMyAssignments({ scope, state, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });

  const when = (a: MyAssignment) =>
    a.status === 'done'
      ? formatDate(a.deadline)
      : `${formatDate(a.deadline)} (${
          a.daysLeft < 0
            ? dt('doc.work.daysLate', { n: -a.daysLeft })
            : a.daysLeft === 0
              ? dt('doc.work.dueToday')
              : dt('doc.work.daysLeft', { n: a.daysLeft })
        })`;
  const columns: Column<MyAssignment>[] = [
    {
      key: 'subject',
      header: dt('doc.subject'),
      primary: true,
      render: (a) => (
        <Stack gap={4}>
          <Anchor
            component={Link}
            to={`/documents/${a.documentId}`}
            fw={600}
            style={{ overflowWrap: 'anywhere' }}
          >
            {a.subject}
          </Anchor>
          <Group gap={4}>
            <PriorityBadge priority={a.priority} />
            {a.isOverdue && <OverdueBadge />}
          </Group>
        </Stack>
      ),
    },
    { key: 'deadline', header: dt('doc.act.deadline'), render: when },
    {
      key: 'role',
      header: dt('doc.work.role'),
      render: (a) => (a.role === 'lead' ? dt('doc.act.lead') : dt('doc.act.coordinate')),
    },
    {
      key: 'assignee',
      header: dt('doc.work.assignee'),
      render: (a) => a.assigneeStaffName ?? a.assigneeUnitName,
    },
    {
      key: 'status',
      header: t('common.status'),
      render: (a) => <StatusBadge status={a.documentStatus} />,
    },
  ];

  return (
    <Stack gap="md">
      <PageHeader title={dt('doc.work')} />
      <DocumentsNav />
      <Group gap="md" wrap="wrap">
        <Stack gap={2}>
          <Text size="sm" fw={500} id="work-scope">
            {dt('doc.work.scope')}
          </Text>
          <SegmentedControl
            aria-labelledby="work-scope"
            value={scope}
            onChange={(value) => setParam('scope', value)}
            data={[
              { value: 'mine', label: dt('doc.work.mine') },
              { value: 'unit', label: dt('doc.work.unit') },
            ]}
          />
        </Stack>
        <Stack gap={2}>
          <Text size="sm" fw={500} id="work-state">
            {dt('doc.work.state')}
          </Text>
          <SegmentedControl
            aria-labelledby="work-state"
            value={state}
            onChange={(value) => setParam('state', value)}
            data={[
              { value: 'open', label: dt('doc.work.open') },
              { value: 'done', label: dt('doc.work.done') },
            ]}
          />
        </Stack>
      </Group>
      <ErrorAlert error={list.error} />
      {list.data && (
        <PagedTable
          caption={dt('doc.work')}
          columns={columns}
          rows={list.data.items}
          rowKey={(a) => a.id}
          empty={dt('doc.work.empty')}
          testId="my-assignments"
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
