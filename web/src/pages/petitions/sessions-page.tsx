import { Anchor, Badge, Button, Group, Select, Stack, Text } from '@mantine/core';
import { voterSessionStatuses } from '@mts/contracts';
import { IconCalendarPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useVoterSessions, type VoterSession } from '../../api/petitions.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { type Column, PagedTable } from '../../components/data-table.tsx';
import { ErrorAlert } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useUrlState } from '../documents/parts.tsx';
import { usePetitionI18n } from './petition-i18n.ts';
import { SessionStatusBadge, sessionWords } from './session-parts.tsx';

const PAGE_SIZE = 25;

/** Voter-contact sessions of the caller's subtree, newest first, with their status and petitions. */
export default function SessionsPage() {
  const { pt, t, language } = usePetitionI18n();
  const me = useMe().data;
  const { params, setParam } = useUrlState();
  const page = Number(params.get('page') ?? '1') || 1;
  const list = useVoterSessions({
    status: params.get('status') || undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const words = sessionWords(language);

  const columns: Column<VoterSession>[] = [
    {
      key: 'title',
      header: pt('pet.s.f.title'),
      primary: true,
      render: (row) => (
        <Stack gap={4}>
          <Anchor component={Link} to={`/voter-sessions/${row.id}`} fw={600}>
            {row.title}
          </Anchor>
          <Group gap={4}>
            <SessionStatusBadge status={row.status} />
            {row.noticeLate && (
              <Badge color="#8a3b00" variant="light">
                {pt('pet.s.notifiedLate')}
              </Badge>
            )}
          </Group>
        </Stack>
      ),
    },
    { key: 'when', header: pt('pet.s.f.when'), render: (row) => formatDateTime(row.startsAt) },
    { key: 'level', header: pt('pet.s.f.level'), render: (row) => words.level[row.level] },
    {
      key: 'mode',
      header: pt('pet.s.f.mode'),
      render: (row) => `${words.mode[row.mode]}${row.place ? ` · ${row.place}` : ''}`,
    },
    { key: 'unit', header: pt('pet.s.f.unit'), render: (row) => row.unitName },
    { key: 'petitions', header: pt('pet.s.f.petitions'), render: (row) => row.petitionCount },
  ];

  return (
    <Stack gap="md">
      <PageHeader
        title={pt('pet.sessions')}
        description={pt('pet.s.desc')}
        actions={
          can(me, 'petitions.sessions') && (
            <Button
              component={Link}
              to="/voter-sessions/new"
              leftSection={<IconCalendarPlus size={16} aria-hidden />}
            >
              {pt('pet.s.plan')}
            </Button>
          )
        }
      />
      <Select
        label={pt('pet.status')}
        data={voterSessionStatuses.map((s) => ({ value: s, label: words.status[s] }))}
        clearable
        value={params.get('status')}
        onChange={(value) => setParam('status', value ?? '')}
        maw={280}
      />
      <ErrorAlert error={list.error} />
      {list.data && (
        <PagedTable
          caption={pt('pet.s.caption')}
          columns={columns}
          rows={list.data.items}
          rowKey={(row) => row.id}
          empty={pt('pet.s.empty')}
          testId="voter-sessions"
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
