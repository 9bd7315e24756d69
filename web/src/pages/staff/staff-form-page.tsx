import { Select, SimpleGrid, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { CreateStaff, StaffDetail, StaffStatus, UnitLink, UpdateStaff } from '@mts/contracts';
import { type FormEvent, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useRoles } from '../../api/identity-hooks.ts';
import { useSaveStaff, useStaffMember } from '../../api/organisation.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { DateField } from '../../components/date-field.tsx';
import { fieldError } from '../../components/error-state.tsx';
import { nullIfEmpty, textBinder } from '../../components/form-utils.ts';
import { PasswordField } from '../../components/password-field.tsx';
import { RecordFormShell, RecordLoader } from '../../components/record-form.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { staffStatuses } from '../../domain.ts';
import { useI18n } from '../../i18n/i18n.tsx';

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
  return (
    <RecordLoader id={staffId} query={existing}>
      {(staff) => <StaffForm staff={staff} />}
    </RecordLoader>
  );
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

  const text = textBinder(values, set, err);

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
    <RecordFormShell
      title={isEdit ? `${t('staff.editTitle')}: ${staff?.fullName}` : t('staff.createTitle')}
      onSubmit={submit}
      error={save.error}
      saving={save.isPending}
      cancelTo="/staff"
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label={t('staff.fullName')} required autoComplete="off" {...text('fullName')} />
        <TextInput
          label={t('staff.username')}
          description={isEdit ? undefined : t('staff.usernameHint')}
          required={!isEdit}
          disabled={isEdit}
          autoCapitalize="none"
          autoComplete="off"
          spellCheck={false}
          {...text('username')}
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
        <TextInput label={t('staff.position')} {...text('position')} />
        <TextInput label={t('staff.email')} type="email" autoComplete="off" {...text('email')} />
        <TextInput label={t('staff.phone')} type="tel" {...text('phone')} />
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
            {...text('initialPassword')}
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
    </RecordFormShell>
  );
}
