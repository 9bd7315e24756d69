import { Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Role, RoleAssignment } from '@mts/contracts';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useAssignRole, useRevokeRole, useRoles, useStaffRoles } from '../../api/identity-hooks.ts';
import { useStaffMember } from '../../api/organisation.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { StaffPicker } from '../../components/staff-picker.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { formatDate } from '../../i18n/format.ts';
import { permissionLabel, useI18n } from '../../i18n/i18n.tsx';
import { PageFallback } from '../../layout/app-layout.tsx';

function PermissionBadges({ permissions }: { permissions: string[] }) {
  const { t } = useI18n();
  return (
    <Group gap={4}>
      {permissions.map((p) => (
        <Badge key={p} color="dark" size="sm" tt="none">
          {permissionLabel(t, p)}
        </Badge>
      ))}
    </Group>
  );
}

export default function RolesPage() {
  const { t, pick } = useI18n();
  const roles = useRoles();
  const columns: Column<Role>[] = [
    { key: 'name', header: t('roles.role'), primary: true, render: (r) => pick(r.nameVi, r.nameEn) },
    {
      key: 'permissions',
      header: t('roles.permissions'),
      render: (r) => <PermissionBadges permissions={r.permissions} />,
    },
    {
      key: 'mfa',
      header: t('roles.requiresMfa'),
      render: (r) => (r.requiresMfa ? t('common.yes') : t('common.no')),
    },
    { key: 'holders', header: t('roles.holders'), render: (r) => r.assignmentCount },
  ];
  return (
    <Stack gap="lg">
      <PageHeader title={t('roles.title')} />
      <section aria-labelledby="roles-list">
        <Title order={2} size="h4" id="roles-list" mb="xs">
          {t('roles.list')}
        </Title>
        <ErrorAlert error={roles.error} />
        {roles.isPending && !roles.error ? (
          <PageFallback />
        ) : (
          roles.data && (
            <DataTable
              caption={t('roles.list')}
              columns={columns}
              rows={roles.data}
              rowKey={(r) => r.id}
              testId="roles-table"
            />
          )
        )}
      </section>
      <StaffAssignments roles={roles.data ?? []} />
    </Stack>
  );
}

function StaffAssignments({ roles }: { roles: Role[] }) {
  const { t } = useI18n();
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const staffId = params.get('staff');
  const staff = useStaffMember(staffId ?? undefined);
  const assignments = useStaffRoles(staffId);
  const canAssign = can(me, 'roles.assign');
  const known = staff.data
    ? [{ id: staff.data.id, fullName: staff.data.fullName, username: staff.data.username }]
    : [];
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="roles-assignments">
      <Stack gap="sm">
        <Title order={2} size="h4" id="roles-assignments">
          {t('roles.assignments')}
        </Title>
        <StaffPicker
          label={t('roles.pickStaff')}
          value={staffId}
          known={known}
          maw={480}
          onChange={(id) =>
            setParams((current) => {
              if (id) current.set('staff', id);
              else current.delete('staff');
              return current;
            })
          }
        />
        {staffId && (
          <>
            <ErrorAlert error={assignments.error} />
            {assignments.data && (
              <AssignmentList
                staffId={staffId}
                staffName={staff.data?.fullName ?? ''}
                assignments={assignments.data}
                canRevoke={canAssign}
              />
            )}
            {canAssign && (
              <AssignForm staffId={staffId} roles={roles} defaultUnit={staff.data?.unit} key={staffId} />
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

function AssignmentList({
  staffId,
  staffName,
  assignments,
  canRevoke,
}: {
  staffId: string;
  staffName: string;
  assignments: RoleAssignment[];
  canRevoke: boolean;
}) {
  const { t, pick } = useI18n();
  const revoke = useRevokeRole(staffId);
  const confirmRevoke = (a: RoleAssignment) => {
    revoke.mutate(a.id, {
      onSuccess: () => notifications.show({ color: 'green', message: t('roles.revoked') }),
    });
  };
  const columns: Column<RoleAssignment>[] = [
    {
      key: 'role',
      header: t('roles.role'),
      primary: true,
      render: (a) => pick(a.role.nameVi, a.role.nameEn),
    },
    { key: 'unit', header: t('roles.inUnit'), render: (a) => a.unit.name },
    { key: 'since', header: t('security.createdAt'), render: (a) => formatDate(a.createdAt) },
  ];
  if (canRevoke)
    columns.push({
      key: 'actions',
      header: t('common.actions'),
      actions: true,
      render: (a) => (
        <ConfirmButton
          size="compact-sm"
          variant="default"
          title={t('roles.revoke')}
          message={t('roles.confirmRevoke', {
            role: pick(a.role.nameVi, a.role.nameEn),
            name: staffName,
            unit: a.unit.name,
          })}
          confirmLabel={t('roles.revoke')}
          onConfirm={() => confirmRevoke(a)}
          aria-label={t('roles.revokeLabel', { role: pick(a.role.nameVi, a.role.nameEn), unit: a.unit.name })}
        >
          {t('roles.revoke')}
        </ConfirmButton>
      ),
    });
  return (
    <>
      <ErrorAlert error={revoke.error} />
      <DataTable
        caption={t('roles.assignments')}
        columns={columns}
        rows={assignments}
        rowKey={(a) => a.id}
        empty={t('roles.noAssignments')}
        testId="role-assignments"
      />
    </>
  );
}

function AssignForm({
  staffId,
  roles,
  defaultUnit,
}: {
  staffId: string;
  roles: Role[];
  defaultUnit?: {
    id: string;
    name: string;
    shortName: string | null;
    status: 'active' | 'merged' | 'split' | 'dissolved';
  };
}) {
  const { t, pick } = useI18n();
  const assign = useAssignRole(staffId);
  const [roleId, setRoleId] = useState<string | null>(null);
  const [unitId, setUnitId] = useState<string | null>(defaultUnit?.id ?? null);
  const [checked, setChecked] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (!roleId || !unitId) return;
    assign.mutate(
      { roleId, unitId },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('roles.assigned') });
          setRoleId(null);
          setChecked(false);
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('roles.assign')}>
      <Stack gap="sm">
        <Text fw={600}>{t('roles.assign')}</Text>
        <ErrorAlert error={assign.error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t('roles.role')}
            required
            data={roles.map((r) => ({ value: r.id, label: pick(r.nameVi, r.nameEn) }))}
            value={roleId}
            onChange={setRoleId}
            error={checked && !roleId ? t('common.required') : fieldError(assign.error, 'roleId')}
          />
          <UnitPicker
            label={t('roles.inUnit')}
            required
            value={unitId}
            known={defaultUnit ? [defaultUnit] : []}
            onChange={(id) => setUnitId(id)}
            error={checked && !unitId ? t('common.required') : fieldError(assign.error, 'unitId')}
          />
        </SimpleGrid>
        <Button type="submit" loading={assign.isPending} w="fit-content">
          {t('roles.assign')}
        </Button>
      </Stack>
    </form>
  );
}
