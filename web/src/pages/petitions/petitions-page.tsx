import {
  Anchor,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { petitionSorts } from '@mts/contracts';
import { IconInbox, IconMailOpened, IconPlus } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { type PetitionSummary, usePetitionList } from '../../api/petitions.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { type Column, PagedTable } from '../../components/data-table.tsx';
import { ErrorAlert } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { formatDate } from '../../i18n/format.ts';
import { useUrlState } from '../documents/parts.tsx';
import {
  channelKey,
  OverdueBadge,
  PetitionStatusBadge,
  SessionSelect,
  SubjectSelect,
  useVocabularies,
} from './parts.tsx';
import { usePetitionI18n } from './petition-i18n.ts';

const PAGE_SIZE = 25;

/**
 * Every petition of the caller's subtree, filtered by status, subject, area, channel, session,
 * overdue or words (diacritics optional) and tracking code; the filters live in the URL so a
 * filtered list can be bookmarked and shared.
 */
export default function PetitionsPage() {
  const { pt, t } = usePetitionI18n();
  const me = useMe().data;
  const vocab = useVocabularies();
  const { params, setParam, setParams } = useUrlState();
  const page = Number(params.get('page') ?? '1') || 1;
  const [text, setText] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(text, 350);
  // Only the typed (debounced) text drives the URL; params and setParam change on every render.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    if ((params.get('q') ?? '') !== debounced) setParam('q', debounced);
  }, [debounced]);

  const query = {
    q: params.get('q') || undefined,
    status: params.get('status') || undefined,
    subjectCode: params.get('subject') || undefined,
    unitId: params.get('unit') || undefined,
    channel: params.get('channel') || undefined,
    sessionId: params.get('session') || undefined,
    overdue: params.get('overdue') === '1' ? 'true' : undefined,
    hidden: params.get('hidden') === '1' ? 'true' : undefined,
    sort: params.get('sort') || undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const list = usePetitionList(query);

  const columns: Column<PetitionSummary>[] = [
    {
      key: 'title',
      header: pt('pet.f.title'),
      primary: true,
      render: (row) => (
        <Stack gap={4}>
          <Anchor component={Link} to={`/petitions/${row.id}`} fw={600}>
            {row.title}
          </Anchor>
          <Group gap={4}>
            <Text size="xs" c="dimmed" ff="monospace">
              {row.trackingCode}
            </Text>
            <PetitionStatusBadge status={row.status} />
            {row.isOverdue && <OverdueBadge />}
            {row.memberCount > 0 && (
              <Text size="xs" c="dimmed">
                {pt('pet.inbox.voters', { count: row.memberCount + 1 })}
              </Text>
            )}
          </Group>
        </Stack>
      ),
    },
    { key: 'subject', header: pt('pet.f.subject'), render: (row) => row.subjectName },
    { key: 'unit', header: pt('pet.f.unit'), render: (row) => row.unitName },
    { key: 'channel', header: pt('pet.f.channel'), render: (row) => pt(channelKey(row.channel)) },
    { key: 'received', header: pt('pet.f.receivedAt'), render: (row) => formatDate(row.receivedAt) },
    { key: 'deadline', header: pt('pet.f.deadline'), render: (row) => formatDate(row.deadlineAt) || '—' },
  ];

  const anyFilter = [
    'q',
    'status',
    'subject',
    'unit',
    'channel',
    'session',
    'overdue',
    'hidden',
    'sort',
  ].some((key) => params.get(key));

  return (
    <Stack gap="md">
      <PageHeader
        title={pt('pet.title')}
        actions={
          <>
            {can(me, 'petitions.intake') && (
              <>
                <Button component={Link} to="/petitions/new" leftSection={<IconPlus size={16} aria-hidden />}>
                  {pt('pet.new')}
                </Button>
                <Button
                  component={Link}
                  to="/petitions/drafts"
                  variant="default"
                  leftSection={<IconMailOpened size={16} aria-hidden />}
                >
                  {pt('pet.drafts')}
                </Button>
              </>
            )}
            <Button
              component={Link}
              to="/petition-inbox"
              variant="default"
              leftSection={<IconInbox size={16} aria-hidden />}
            >
              {pt('pet.inbox')}
            </Button>
          </>
        }
      />
      <Paper
        withBorder
        p="sm"
        component="form"
        role="search"
        aria-label={t('common.filter')}
        onSubmit={(e) => e.preventDefault()}
      >
        <Stack gap="xs">
          <TextInput
            label={pt('pet.filter.q')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            maxLength={200}
            type="search"
          />
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="xs">
            <Select
              label={pt('pet.status')}
              data={vocab.statuses}
              clearable
              value={params.get('status')}
              onChange={(value) => setParam('status', value ?? '')}
            />
            <SubjectSelect
              clearable
              value={params.get('subject')}
              onChange={(value) => setParam('subject', value ?? '')}
            />
            <UnitPicker
              label={pt('pet.f.unit')}
              value={params.get('unit')}
              onChange={(id) => setParam('unit', id ?? '')}
            />
            <Select
              label={pt('pet.f.channel')}
              data={vocab.channels}
              clearable
              value={params.get('channel')}
              onChange={(value) => setParam('channel', value ?? '')}
            />
            <SessionSelect
              value={params.get('session')}
              onChange={(value) => setParam('session', value ?? '')}
            />
            <Select
              label={pt('pet.filter.sort')}
              data={petitionSorts.map((s) => ({ value: s, label: pt(`pet.sort.${s}`) }))}
              value={params.get('sort') ?? 'received_desc'}
              allowDeselect={false}
              onChange={(value) => setParam('sort', value === 'received_desc' ? '' : (value ?? ''))}
            />
          </SimpleGrid>
          <Group gap="md">
            <Checkbox
              label={pt('pet.filter.overdue')}
              checked={params.get('overdue') === '1'}
              onChange={(e) => setParam('overdue', e.currentTarget.checked ? '1' : '')}
            />
            {can(me, 'petitions.moderate') && (
              <Checkbox
                label={pt('pet.filter.hidden')}
                checked={params.get('hidden') === '1'}
                onChange={(e) => setParam('hidden', e.currentTarget.checked ? '1' : '')}
              />
            )}
            {anyFilter && (
              <Button
                variant="subtle"
                size="compact-sm"
                onClick={() => {
                  setText('');
                  setParams(new URLSearchParams());
                }}
              >
                {pt('pet.filter.clear')}
              </Button>
            )}
          </Group>
        </Stack>
      </Paper>
      <ErrorAlert error={list.error} />
      {list.data && (
        <PagedTable
          caption={pt('pet.list.caption')}
          columns={columns}
          rows={list.data.items}
          rowKey={(row) => row.id}
          empty={pt('pet.list.empty')}
          testId="petitions-list"
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
