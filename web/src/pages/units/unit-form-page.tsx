import { Select, SimpleGrid, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { CreateUnit, UnitKind, UnitLink, UpdateUnit } from '@mts/contracts';
import { type FormEvent, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useSaveUnit, useUnit, useUnitLevels } from '../../api/organisation.ts';
import { DateField } from '../../components/date-field.tsx';
import { fieldError } from '../../components/error-state.tsx';
import { nullIfEmpty, textBinder, undefinedIfEmpty } from '../../components/form-utils.ts';
import { RecordFormShell, RecordLoader } from '../../components/record-form.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { unitKinds } from '../../domain.ts';
import { useI18n } from '../../i18n/i18n.tsx';

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
  return (
    <RecordLoader id={unitId} query={existing}>
      {(unit) => (
        <UnitForm
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
      )}
    </RecordLoader>
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

  const text = textBinder(values, set, err);

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
    <RecordFormShell
      title={isEdit ? `${t('units.edit')}: ${initial.name}` : t('units.create')}
      onSubmit={submit}
      error={save.error}
      saving={save.isPending}
      cancelTo={unitId ? `/units/${unitId}` : '/units'}
    >
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
          <TextInput label={t('units.name')} required {...text('name')} />
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
        <TextInput label={t('units.shortName')} {...text('shortName')} />
        <TextInput
          label={t('units.code')}
          description={t('units.codeHint')}
          {...text('code', (v) => v.toUpperCase())}
          maxLength={35}
        />
        <TextInput
          label={t('units.symbol')}
          placeholder="MTTQ-BTT"
          {...text('symbol', (v) => v.toUpperCase())}
        />
        <DateField
          label={t('units.effectiveFrom')}
          value={values.effectiveFrom}
          onChange={(iso) => set('effectiveFrom', iso)}
          error={err('effectiveFrom')}
        />
      </SimpleGrid>
      <TextInput label={t('units.address')} {...text('address')} />
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <TextInput label={t('units.phone')} type="tel" {...text('phone')} />
        <TextInput label={t('units.email')} type="email" {...text('email')} />
        <TextInput label={t('units.website')} type="url" placeholder="https://" {...text('website')} />
      </SimpleGrid>
    </RecordFormShell>
  );
}
