import { Button, Group, Paper, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { CreateUnit, UnitKind, UnitLink, UpdateUnit } from '@mts/contracts';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useSaveUnit, useUnit, useUnitLevels } from '../../api/organisation.ts';
import { DateField } from '../../components/date-field.tsx';
import { ErrorAlert, ErrorState, fieldError } from '../../components/error-state.tsx';
import { nullIfEmpty, undefinedIfEmpty } from '../../components/form-utils.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { unitKinds } from '../../domain.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { PageFallback } from '../../layout/app-layout.tsx';

interface UnitFormValues {
  parentId: string | null;
  name: string;
  shortName: string;
  code: string;
  symbol: string;
  levelId: string | null;
  kind: UnitKind | null;
  effectiveFrom: string;
  address: string;
  phone: string;
  email: string;
  website: string;
}

const empty: UnitFormValues = {
  parentId: null,
  name: '',
  shortName: '',
  code: '',
  symbol: '',
  levelId: null,
  kind: 'committee',
  effectiveFrom: '',
  address: '',
  phone: '',
  email: '',
  website: '',
};

export default function UnitFormPage() {
  const { unitId } = useParams();
  const existing = useUnit(unitId);
  if (unitId && existing.isPending) return <PageFallback />;
  if (unitId && existing.error)
    return <ErrorState error={existing.error} onRetry={() => void existing.refetch()} />;
  const unit = existing.data;
  return (
    <UnitForm
      key={unit?.id ?? 'new'}
      unitId={unitId}
      parentLink={unit?.parent ?? undefined}
      initial={
        unit
          ? {
              parentId: unit.parentId,
              name: unit.name,
              shortName: unit.shortName ?? '',
              code: unit.code ?? '',
              symbol: unit.symbol ?? '',
              levelId: unit.levelId,
              kind: unit.kind,
              effectiveFrom: unit.effectiveFrom,
              address: unit.address ?? '',
              phone: unit.phone ?? '',
              email: unit.email ?? '',
              website: unit.website ?? '',
            }
          : empty
      }
    />
  );
}

function UnitForm({
  unitId,
  initial,
  parentLink,
}: {
  unitId?: string;
  initial: UnitFormValues;
  parentLink?: UnitLink;
}) {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const levels = useUnitLevels();
  const save = useSaveUnit(unitId);
  const [values, setValues] = useState<UnitFormValues>({
    ...initial,
    parentId: initial.parentId ?? params.get('parentId'),
  });
  const [checked, setChecked] = useState(false);
  const isEdit = Boolean(unitId);
  const set = <K extends keyof UnitFormValues>(key: K, value: UnitFormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const missing = {
    parentId: !isEdit && !values.parentId,
    name: !isEdit && values.name.trim().length < 2,
    levelId: !isEdit && !values.levelId,
    kind: !isEdit && !values.kind,
  };
  const err = (field: keyof typeof missing | string) =>
    (checked && field in missing && missing[field as keyof typeof missing]
      ? t('common.required')
      : undefined) ?? fieldError(save.error, field);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (Object.values(missing).some(Boolean)) return;
    const contacts = {
      shortName: nullIfEmpty(values.shortName),
      symbol: nullIfEmpty(values.symbol),
      address: nullIfEmpty(values.address),
      phone: nullIfEmpty(values.phone),
      email: nullIfEmpty(values.email),
      website: nullIfEmpty(values.website),
      code: nullIfEmpty(values.code),
    };
    const body: CreateUnit | UpdateUnit = isEdit
      ? { ...contacts, effectiveFrom: undefinedIfEmpty(values.effectiveFrom) }
      : {
          ...contacts,
          parentId: values.parentId!,
          name: values.name.trim(),
          levelId: values.levelId!,
          kind: values.kind!,
          effectiveFrom: undefinedIfEmpty(values.effectiveFrom),
        };
    save.mutate(body, {
      onSuccess: (unit) => {
        notifications.show({
          color: 'green',
          message: t(isEdit ? 'units.updated' : 'units.created', { name: unit.name }),
        });
        navigate(`/units/${unit.id}`);
      },
    });
  };

  return (
    <Stack gap="md" maw={820}>
      <PageHeader title={isEdit ? `${t('units.edit')}: ${initial.name}` : t('units.create')} />
      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <ErrorAlert error={save.error} />
            {!isEdit && (
              <>
                <UnitPicker
                  label={t('units.parent')}
                  required
                  value={values.parentId}
                  known={parentLink ? [parentLink] : []}
                  onChange={(id) => set('parentId', id)}
                  error={err('parentId')}
                />
                <TextInput
                  label={t('units.name')}
                  required
                  value={values.name}
                  onChange={(e) => set('name', e.currentTarget.value)}
                  error={err('name')}
                />
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <Select
                    label={t('units.level')}
                    required
                    data={(levels.data ?? []).map((level) => ({
                      value: level.id,
                      label: pick(level.nameVi, level.nameEn),
                    }))}
                    value={values.levelId}
                    onChange={(value) => set('levelId', value)}
                    error={err('levelId')}
                  />
                  <Select
                    label={t('units.kind')}
                    required
                    allowDeselect={false}
                    data={unitKinds.map((kind) => ({ value: kind, label: t(`units.kind.${kind}`) }))}
                    value={values.kind}
                    onChange={(value) => set('kind', value as UnitKind | null)}
                    error={err('kind')}
                  />
                </SimpleGrid>
              </>
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={t('units.shortName')}
                value={values.shortName}
                onChange={(e) => set('shortName', e.currentTarget.value)}
                error={err('shortName')}
              />
              <TextInput
                label={t('units.code')}
                description={t('units.codeHint')}
                value={values.code}
                onChange={(e) => set('code', e.currentTarget.value.toUpperCase())}
                error={err('code')}
                maxLength={35}
              />
              <TextInput
                label={t('units.symbol')}
                placeholder="MTTQ-BTT"
                value={values.symbol}
                onChange={(e) => set('symbol', e.currentTarget.value.toUpperCase())}
                error={err('symbol')}
              />
              <DateField
                label={t('units.effectiveFrom')}
                value={values.effectiveFrom}
                onChange={(iso) => set('effectiveFrom', iso)}
                error={err('effectiveFrom')}
              />
            </SimpleGrid>
            <TextInput
              label={t('units.address')}
              value={values.address}
              onChange={(e) => set('address', e.currentTarget.value)}
              error={err('address')}
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput
                label={t('units.phone')}
                type="tel"
                value={values.phone}
                onChange={(e) => set('phone', e.currentTarget.value)}
                error={err('phone')}
              />
              <TextInput
                label={t('units.email')}
                type="email"
                value={values.email}
                onChange={(e) => set('email', e.currentTarget.value)}
                error={err('email')}
              />
              <TextInput
                label={t('units.website')}
                type="url"
                placeholder="https://"
                value={values.website}
                onChange={(e) => set('website', e.currentTarget.value)}
                error={err('website')}
              />
            </SimpleGrid>
            <Group gap="xs" mt="sm">
              <Button type="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
              <Button component={Link} to={unitId ? `/units/${unitId}` : '/units'} variant="default">
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
