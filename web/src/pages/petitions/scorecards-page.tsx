import { Group, Select, Stack, Text } from '@mantine/core';
import { recipientKinds } from '@mts/contracts';
import { type Scorecard, useScorecards } from '../../api/petitions.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { DateField } from '../../components/date-field.tsx';
import { ErrorAlert } from '../../components/error-state.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { formatDate } from '../../i18n/format.ts';
import { useUrlState } from '../documents/parts.tsx';
import { percent } from './petition-format.ts';
import { usePetitionI18n } from './petition-i18n.ts';

/** Per agency and per delegate: received, answered on time, median days, repeat rate, satisfaction. */
export default function ScorecardsPage() {
  const { pt, t } = usePetitionI18n();
  const { params, setParam } = useUrlState();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const cards = useScorecards({
    kind: params.get('kind') || undefined,
    unitId: params.get('unit') || undefined,
    from: from ? `${from}T00:00:00+07:00` : undefined,
    to: to ? `${to}T23:59:59+07:00` : undefined,
  });

  const columns: Column<Scorecard>[] = [
    {
      key: 'name',
      header: pt('pet.sc.recipient'),
      primary: true,
      render: (row) => (
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {row.label}
          </Text>
          <Text size="xs" c="dimmed">
            {[pt(`pet.kind.${row.kind}`), pt(`pet.level.${row.level}`), row.unitName, row.constituency]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </Stack>
      ),
    },
    { key: 'received', header: pt('pet.sc.received'), render: (row) => row.received },
    { key: 'returned', header: pt('pet.sc.returned'), render: (row) => row.returned },
    { key: 'answered', header: pt('pet.sc.answered'), render: (row) => row.answered },
    {
      key: 'onTime',
      header: pt('pet.sc.onTime'),
      render: (row) => `${row.answeredOnTime} (${percent(row.onTimeRate)})`,
    },
    { key: 'overdue', header: pt('pet.sc.overdue'), render: (row) => row.overdue },
    {
      key: 'median',
      header: pt('pet.sc.median'),
      render: (row) => (row.medianDays === null ? '—' : row.medianDays.toLocaleString('vi-VN')),
    },
    {
      key: 'repeat',
      header: pt('pet.sc.repeat'),
      render: (row) => `${row.repeats} (${percent(row.repeatRate)})`,
    },
    {
      key: 'satisfaction',
      header: pt('pet.sc.satisfaction'),
      render: (row) => `${row.satisfied}/${row.rated} (${percent(row.satisfactionRate)})`,
    },
  ];

  return (
    <Stack gap="md">
      <PageHeader title={pt('pet.scorecards')} description={pt('pet.sc.desc')} />
      <Group gap="sm" align="flex-start" wrap="wrap">
        <Select
          label={pt('pet.kind')}
          data={recipientKinds.map((k) => ({ value: k, label: pt(`pet.kind.${k}`) }))}
          clearable
          value={params.get('kind')}
          onChange={(value) => setParam('kind', value ?? '')}
          w={180}
        />
        <UnitPicker
          label={pt('pet.f.unit')}
          value={params.get('unit')}
          onChange={(id) => setParam('unit', id ?? '')}
          w={260}
        />
        <DateField label={t('common.from')} value={from} onChange={(iso) => setParam('from', iso)} w={180} />
        <DateField label={t('common.to')} value={to} onChange={(iso) => setParam('to', iso)} w={180} />
      </Group>
      <ErrorAlert error={cards.error} />
      {cards.isPending && !cards.error && <Loading py="md" />}
      {cards.data && (
        <>
          <Text size="sm" c="dimmed">
            {pt('pet.sc.window', { from: formatDate(cards.data.from), to: formatDate(cards.data.to) })}
          </Text>
          <div aria-busy={cards.isFetching}>
            <DataTable
              caption={pt('pet.sc.caption')}
              columns={columns}
              rows={cards.data.items}
              rowKey={(row) => row.recipientId}
              testId="petition-scorecards"
            />
          </div>
        </>
      )}
    </Stack>
  );
}
