import {
  Alert,
  Button,
  Code,
  Group,
  Menu,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { AuditChainReport, AuditEntry, AuditPage as AuditPageData } from '@mts/contracts';
import { IconDownload, IconShieldCheck } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Query, saveDownload } from '../../api/client.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { DateField } from '../../components/date-field.tsx';
import { ErrorAlert } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { StaffPicker } from '../../components/staff-picker.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';

const PAGE = 50;

export default function AuditPage() {
  const { t } = useI18n();
  const [action, setAction] = useState('');
  const [entityType, setEntityType] = useState('');
  const [actorId, setActorId] = useState<string | null>(null);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [debouncedAction] = useDebouncedValue(action.trim(), 300);
  const [debouncedEntity] = useDebouncedValue(entityType.trim(), 300);
  const [details, setDetails] = useState<AuditEntry | null>(null);
  const filter: Query = {
    action: debouncedAction || undefined,
    entityType: debouncedEntity || undefined,
    actorId: actorId ?? undefined,
    unitId: unitId ?? undefined,
    from: from || undefined,
    to: to || undefined,
  };

  const entries = useInfiniteQuery({
    queryKey: ['audit', filter],
    queryFn: ({ pageParam, signal }) =>
      api.get<AuditPageData>('/audit', { ...filter, limit: PAGE, cursor: pageParam }, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const verify = useMutation({ mutationFn: () => api.get<AuditChainReport>('/audit/verify') });
  const exportFile = useMutation({
    mutationFn: async (format: 'csv' | 'xlsx') => {
      const response = await api.raw('GET', '/audit/export', { query: { ...filter, format } });
      await saveDownload(response, `nhat-ky-he-thong.${format}`);
    },
  });

  const rows = entries.data?.pages.flatMap((page) => page.items) ?? [];
  const columns: Column<AuditEntry>[] = [
    { key: 'at', header: t('audit.time'), render: (e) => formatDateTime(e.at) },
    { key: 'action', header: t('audit.action'), primary: true, render: (e) => <Code>{e.action}</Code> },
    { key: 'actor', header: t('audit.actor'), render: (e) => e.actorLabel },
    {
      key: 'entity',
      header: t('audit.entity'),
      render: (e) => (
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {e.entityType}
          {e.entityId ? ` · ${e.entityId.slice(0, 12)}` : ''}
        </Text>
      ),
    },
    { key: 'unit', header: t('audit.unit'), render: (e) => e.unit?.name ?? '—' },
    { key: 'ip', header: t('audit.ip'), render: (e) => e.ip ?? '—' },
    {
      key: 'actions',
      header: t('common.actions'),
      actions: true,
      render: (e) => (
        <Button
          size="compact-sm"
          variant="default"
          onClick={() => setDetails(e)}
          aria-label={`${t('audit.showDetails')}: ${e.action} #${e.id}`}
        >
          {t('audit.showDetails')}
        </Button>
      ),
    },
  ];

  return (
    <Stack gap="md">
      <PageHeader
        title={t('audit.title')}
        actions={
          <>
            <Button
              variant="default"
              leftSection={<IconShieldCheck size={16} aria-hidden />}
              onClick={() => verify.mutate()}
              loading={verify.isPending}
            >
              {t('audit.verify')}
            </Button>
            <Menu position="bottom-end">
              <Menu.Target>
                <Button leftSection={<IconDownload size={16} aria-hidden />} loading={exportFile.isPending}>
                  {t('audit.export')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => exportFile.mutate('xlsx')}>Excel (.xlsx)</Menu.Item>
                <Menu.Item onClick={() => exportFile.mutate('csv')}>CSV (.csv)</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </>
        }
      />
      <div aria-live="polite" data-testid="audit-chain-status">
        {verify.data ? (
          verify.data.firstBrokenId === null ? (
            <Alert color="green" variant="light" icon={<IconShieldCheck aria-hidden />}>
              {t('audit.chainOk', { count: verify.data.checked })}
            </Alert>
          ) : (
            <Alert color="red" variant="light" role="alert">
              {t('audit.chainBroken', { id: verify.data.firstBrokenId })}
              {verify.data.reason ? ` (${verify.data.reason})` : ''}
            </Alert>
          )
        ) : (
          <Text size="sm" c="dimmed">
            {t('audit.chainUnknown')}
          </Text>
        )}
      </div>
      <ErrorAlert error={verify.error ?? exportFile.error} />
      <Paper withBorder p="sm" role="search" aria-label={t('common.filter')}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          <TextInput
            label={t('audit.filterAction')}
            placeholder="unit."
            value={action}
            onChange={(e) => setAction(e.currentTarget.value)}
          />
          <TextInput
            label={t('audit.filterEntity')}
            placeholder="staff"
            value={entityType}
            onChange={(e) => setEntityType(e.currentTarget.value)}
          />
          <StaffPicker label={t('audit.filterActor')} value={actorId} onChange={(id) => setActorId(id)} />
          <UnitPicker
            label={t('audit.unit')}
            value={unitId}
            onChange={(id) => setUnitId(id)}
            includeInactive
          />
          <DateField label={t('common.from')} value={from} onChange={setFrom} />
          <DateField label={t('common.to')} value={to} onChange={setTo} />
        </SimpleGrid>
      </Paper>
      <ErrorAlert error={entries.error} />
      {entries.isPending && !entries.error ? (
        <Text role="status">{t('common.loading')}</Text>
      ) : (
        <DataTable
          caption={t('audit.title')}
          columns={columns}
          rows={rows}
          rowKey={(e) => String(e.id)}
          empty={t('common.noResults')}
          testId="audit-table"
        />
      )}
      {entries.hasNextPage && (
        <Group>
          <Button
            variant="default"
            onClick={() => void entries.fetchNextPage()}
            loading={entries.isFetchingNextPage}
          >
            {t('audit.loadMore')}
          </Button>
        </Group>
      )}
      <Modal
        opened={details !== null}
        onClose={() => setDetails(null)}
        title={details ? `${details.action} #${details.id}` : ''}
        size="lg"
      >
        {details && (
          <Stack gap="xs">
            <Text size="sm">
              {formatDateTime(details.at)} · {details.actorLabel}
            </Text>
            {details.requestId && (
              <Text size="xs" c="dimmed">
                {t('common.requestId', { id: details.requestId })}
              </Text>
            )}
            <Text fw={600} size="sm">
              {t('audit.before')}
            </Text>
            <Code block>{JSON.stringify(details.before ?? null, null, 2)}</Code>
            <Text fw={600} size="sm">
              {t('audit.after')}
            </Text>
            <Code block>{JSON.stringify(details.after ?? null, null, 2)}</Code>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
