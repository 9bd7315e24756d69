import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { Staff, StaffStatus } from '@mts/contracts';
import { IconFileImport, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useStaffList } from '../../api/organisation.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { type Column, DataTable, Pager } from '../../components/data-table.tsx';
import { ErrorAlert } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { staffStatuses } from '../../domain.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { tones } from '../../tones.ts';

const PAGE_SIZE = 25;

export function StaffStatusBadge({ status }: { status: StaffStatus }) {
  const { t } = useI18n();
  const color = status === 'active' ? tones.success : status === 'suspended' ? tones.warning : 'gray.8';
  return <Badge color={color}>{t(`staff.status.${status}`)}</Badge>;
}

export default function StaffListPage() {
  const { t } = useI18n();
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [unitId, setUnitId] = useState<string | null>(params.get('unitId'));
  const [subtree, setSubtree] = useState(true);
  const [status, setStatus] = useState<StaffStatus | 'all'>('active');
  const page = Number(params.get('page') ?? '1') || 1;
  const list = useStaffList({
    q: q || undefined,
    unitId: unitId ?? undefined,
    subtree: unitId ? (subtree ? 'true' : 'false') : undefined,
    status,
    page,
    pageSize: PAGE_SIZE,
  });
  const setPage = (next: number) =>
    setParams((current) => {
      current.set('page', String(next));
      return current;
    });
  const resetPage = () => page !== 1 && setPage(1);
  const canManage = can(me, 'staff.manage');
  const canRoles = can(me, 'roles.read');

  const columns: Column<Staff>[] = [
    {
      key: 'name',
      header: t('staff.fullName'),
      primary: true,
      render: (row) =>
        canManage ? (
          <Anchor component={Link} to={`/staff/${row.id}/edit`} fw={600}>
            {row.fullName}
          </Anchor>
        ) : (
          row.fullName
        ),
    },
    { key: 'username', header: t('staff.username'), render: (row) => row.username },
    { key: 'position', header: t('staff.position'), render: (row) => row.position ?? '—' },
    { key: 'unit', header: t('staff.unit'), render: (row) => row.unit.name },
    { key: 'email', header: t('staff.email'), render: (row) => row.email ?? '—' },
    { key: 'status', header: t('common.status'), render: (row) => <StaffStatusBadge status={row.status} /> },
  ];
  if (canRoles)
    columns.push({
      key: 'actions',
      header: t('common.actions'),
      actions: true,
      render: (row) => (
        <Button
          component={Link}
          to={`/roles?staff=${row.id}`}
          size="compact-sm"
          variant="default"
          aria-label={`${t('staff.manageRoles')}: ${row.fullName}`}
        >
          {t('staff.manageRoles')}
        </Button>
      ),
    });

  return (
    <Stack gap="md">
      <PageHeader
        title={t('staff.title')}
        actions={
          <>
            {canManage && (
              <Button component={Link} to="/staff/new" leftSection={<IconPlus size={16} aria-hidden />}>
                {t('staff.create')}
              </Button>
            )}
            {can(me, 'staff.import') && (
              <Button
                component={Link}
                to="/staff/import"
                variant="default"
                leftSection={<IconFileImport size={16} aria-hidden />}
              >
                {t('staff.import')}
              </Button>
            )}
          </>
        }
      />
      <Paper withBorder p="sm" role="search" aria-label={t('common.filter')}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          <TextInput
            type="search"
            label={t('common.search')}
            placeholder={t('staff.search')}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              resetPage();
            }}
          />
          <UnitPicker
            label={t('staff.filterUnit')}
            value={unitId}
            onChange={(id) => {
              setUnitId(id);
              resetPage();
            }}
          />
          <Select
            label={t('staff.filterStatus')}
            allowDeselect={false}
            data={[
              { value: 'all', label: t('common.all') },
              ...staffStatuses.map((s) => ({ value: s, label: t(`staff.status.${s}`) })),
            ]}
            value={status}
            onChange={(value) => {
              setStatus((value ?? 'active') as StaffStatus | 'all');
              resetPage();
            }}
          />
          <Group align="flex-end" pb={6}>
            <Checkbox
              label={t('staff.includeSubunits')}
              checked={subtree}
              disabled={!unitId}
              onChange={(e) => setSubtree(e.currentTarget.checked)}
            />
          </Group>
        </SimpleGrid>
      </Paper>
      <ErrorAlert error={list.error} />
      {list.data && (
        <div aria-live="polite" aria-busy={list.isFetching}>
          <DataTable
            caption={t('staff.title')}
            columns={columns}
            rows={list.data.items}
            rowKey={(row) => row.id}
            empty={t('common.noResults')}
            testId="staff-table"
          />
          <Pager page={page} total={list.data.total} pageSize={PAGE_SIZE} onChange={setPage} />
        </div>
      )}
      {list.isPending && !list.error && <PageFallbackInline />}
    </Stack>
  );
}

function PageFallbackInline() {
  const { t } = useI18n();
  return (
    <div role="status" aria-live="polite">
      {t('common.loading')}
    </div>
  );
}
