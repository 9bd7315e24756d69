import { Button, Group, Paper, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { CreateStaff, StaffDetail, StaffStatus, UnitLink, UpdateStaff } from '@mts/contracts';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useRoles } from '../../api/identity-hooks.ts';
import { useSaveStaff, useStaffMember } from '../../api/organisation.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { DateField } from '../../components/date-field.tsx';
import { ErrorAlert, ErrorState, fieldError } from '../../components/error-state.tsx';
import { nullIfEmpty } from '../../components/form-utils.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { staffStatuses } from '../../domain.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { PageFallback } from '../../layout/app-layout.tsx';

type Gender = 'male' | 'female' | 'other';

interface StaffFormValues {
  unitId: string | null;
  username: string;
  fullName: string;
  position: string;
  email: string;
  phone: string;
  gender: Gender | null;
  birthYear: string;
  termStart: string;
  termEnd: string;
  status: StaffStatus;
  initialPassword: string;
  roleId: string | null;
}

function initialValues(staff?: StaffDetail): StaffFormValues {
  return {
    unitId: staff?.unit.id ?? null,
    username: staff?.username ?? '',
    fullName: staff?.fullName ?? '',
    position: staff?.position ?? '',
    email: staff?.email ?? '',
    phone: staff?.phone ?? '',
    gender: staff?.gender ?? null,
    birthYear: staff?.birthYear ? String(staff.birthYear) : '',
    termStart: staff?.termStart ?? '',
    termEnd: staff?.termEnd ?? '',
    status: staff?.status ?? 'active',
    initialPassword: '',
    roleId: null,
  };
}

export default function StaffFormPage() {
  const { staffId } = useParams();
  const existing = useStaffMember(staffId);
  if (staffId && existing.isPending) return <PageFallback />;
  if (staffId && existing.error)
    return <ErrorState error={existing.error} onRetry={() => void existing.refetch()} />;
  return <StaffForm key={existing.data?.id ?? 'new'} staff={existing.data} />;
}

function StaffForm({ staff }: { staff?: StaffDetail }) {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const me = useMe().data;
  const isEdit = Boolean(staff);
  const save = useSaveStaff(staff?.id);
  const roles = useRoles(!isEdit && can(me, 'roles.assign'));
  const [values, setValues] = useState<StaffFormValues>(() => ({
    ...initialValues(staff),
    unitId: staff?.unit.id ?? me?.activeUnit.id ?? null,
  }));
  const [checked, setChecked] = useState(false);
  const set = <K extends keyof StaffFormValues>(key: K, value: StaffFormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const known: UnitLink[] = staff
    ? [staff.unit]
    : me
      ? [
          {
            id: me.activeUnit.id,
            name: me.activeUnit.name,
            shortName: me.activeUnit.shortName,
            status: 'active',
          },
        ]
      : [];

  const birthYear = values.birthYear.trim() ? Number(values.birthYear) : null;
  const missing: Record<string, string | undefined> = {
    unitId: !values.unitId ? t('common.required') : undefined,
    username: !isEdit && values.username.trim().length < 3 ? t('common.required') : undefined,
    fullName: values.fullName.trim().length < 2 ? t('common.required') : undefined,
    birthYear:
      birthYear !== null && (!Number.isInteger(birthYear) || birthYear < 1900 || birthYear > 2100)
        ? t('staff.birthYearInvalid')
        : undefined,
    initialPassword:
      values.initialPassword && values.initialPassword.length < 10
        ? t('reset.tooShort', { min: 10 })
        : undefined,
  };
  const err = (field: string) => (checked ? missing[field] : undefined) ?? fieldError(save.error, field);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (Object.values(missing).some(Boolean)) return;
    const common = {
      fullName: values.fullName.trim(),
      position: nullIfEmpty(values.position),
      email: nullIfEmpty(values.email),
      phone: nullIfEmpty(values.phone),
      gender: values.gender,
      birthYear,
      termStart: values.termStart || null,
      termEnd: values.termEnd || null,
    };
    const body: CreateStaff | UpdateStaff = isEdit
      ? {
          ...common,
          status: values.status,
          ...(values.unitId !== staff?.unit.id ? { unitId: values.unitId! } : {}),
        }
      : {
          ...common,
          unitId: values.unitId!,
          username: values.username.trim().toLowerCase(),
          ...(values.initialPassword ? { initialPassword: values.initialPassword } : {}),
          ...(values.roleId ? { roleId: values.roleId } : {}),
        };
    save.mutate(body, {
      onSuccess: (saved) => {
        notifications.show({
          color: 'green',
          message: t(isEdit ? 'staff.updated' : 'staff.created', { name: saved.fullName }),
        });
        navigate('/staff');
      },
    });
  };

  return (
    <Stack gap="md" maw={820}>
      <PageHeader title={isEdit ? `${t('staff.editTitle')}: ${staff?.fullName}` : t('staff.createTitle')} />
      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <ErrorAlert error={save.error} />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={t('staff.fullName')}
                required
                autoComplete="off"
                value={values.fullName}
                onChange={(e) => set('fullName', e.currentTarget.value)}
                error={err('fullName')}
              />
              <TextInput
                label={t('staff.username')}
                description={isEdit ? undefined : t('staff.usernameHint')}
                required={!isEdit}
                disabled={isEdit}
                autoCapitalize="none"
                autoComplete="off"
                spellCheck={false}
                value={values.username}
                onChange={(e) => set('username', e.currentTarget.value)}
                error={err('username')}
              />
            </SimpleGrid>
            <UnitPicker
              label={t('staff.unit')}
              required
              value={values.unitId}
              known={known}
              onChange={(id) => set('unitId', id)}
              error={err('unitId')}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={t('staff.position')}
                value={values.position}
                onChange={(e) => set('position', e.currentTarget.value)}
                error={err('position')}
              />
              <TextInput
                label={t('staff.email')}
                type="email"
                autoComplete="off"
                value={values.email}
                onChange={(e) => set('email', e.currentTarget.value)}
                error={err('email')}
              />
              <TextInput
                label={t('staff.phone')}
                type="tel"
                value={values.phone}
                onChange={(e) => set('phone', e.currentTarget.value)}
                error={err('phone')}
              />
              <Select
                label={t('staff.gender')}
                clearable
                data={(['male', 'female', 'other'] as const).map((g) => ({
                  value: g,
                  label: t(`staff.gender.${g}`),
                }))}
                value={values.gender}
                onChange={(value) => set('gender', value as Gender | null)}
              />
              <TextInput
                label={t('staff.birthYear')}
                inputMode="numeric"
                maxLength={4}
                value={values.birthYear}
                onChange={(e) => set('birthYear', e.currentTarget.value.replace(/\D/g, ''))}
                error={err('birthYear')}
              />
              {isEdit && (
                <Select
                  label={t('common.status')}
                  allowDeselect={false}
                  data={staffStatuses.map((s) => ({ value: s, label: t(`staff.status.${s}`) }))}
                  value={values.status}
                  onChange={(value) => set('status', (value ?? 'active') as StaffStatus)}
                />
              )}
              <DateField
                label={t('staff.termStart')}
                value={values.termStart}
                onChange={(iso) => set('termStart', iso)}
                error={err('termStart')}
              />
              <DateField
                label={t('staff.termEnd')}
                value={values.termEnd}
                onChange={(iso) => set('termEnd', iso)}
                error={err('termEnd')}
              />
            </SimpleGrid>
            {!isEdit && (
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <PasswordField
                  label={t('staff.initialPassword')}
                  description={t('staff.initialPasswordHint')}
                  autoComplete="new-password"
                  value={values.initialPassword}
                  onChange={(e) => set('initialPassword', e.currentTarget.value)}
                  error={err('initialPassword')}
                />
                {roles.data && (
                  <Select
                    label={t('roles.role')}
                    description={t('common.optional')}
                    clearable
                    data={roles.data.map((role) => ({
                      value: role.id,
                      label: pick(role.nameVi, role.nameEn),
                    }))}
                    value={values.roleId}
                    onChange={(value) => set('roleId', value)}
                  />
                )}
              </SimpleGrid>
            )}
            <Group gap="xs" mt="sm">
              <Button type="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
              <Button component={Link} to="/staff" variant="default">
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
