import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { UnitLink } from '@mts/contracts';
import { useMemo, useState } from 'react';
import { useUnitList } from '../api/organisation.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * Choose a unit by typing part of its name (diacritics optional: the server folds them).
 * `known` seeds labels for ids chosen before (e.g. a record's current unit).
 */
export function UnitPicker({
  value,
  onChange,
  known = [],
  excludeIds = [],
  includeInactive = false,
  ...props
}: Omit<SelectProps, 'value' | 'onChange' | 'data'> & {
  value: string | null;
  onChange: (id: string | null, unit: UnitLink | null) => void;
  known?: UnitLink[];
  excludeIds?: string[];
  includeInactive?: boolean;
}) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [remembered, setRemembered] = useState<UnitLink[]>(known);
  const list = useUnitList({
    q: debounced || undefined,
    pageSize: 20,
    status: includeInactive ? 'all' : 'active',
  });
  const options = useMemo(() => {
    const byId = new Map<string, UnitLink>();
    for (const unit of [...known, ...remembered]) byId.set(unit.id, unit);
    for (const unit of list.data?.items ?? []) byId.set(unit.id, unit);
    return [...byId.values()].filter((u) => !excludeIds.includes(u.id));
  }, [known, remembered, list.data, excludeIds]);
  return (
    <Select
      searchable
      clearable
      nothingFoundMessage={list.isFetching ? t('common.loading') : t('common.noResults')}
      placeholder={t('units.pickHint')}
      {...props}
      data={options.map((u) => ({ value: u.id, label: u.name }))}
      filter={({ options: all }) => all}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id) => {
        const unit = options.find((u) => u.id === id) ?? null;
        if (unit && !remembered.some((u) => u.id === unit.id)) setRemembered([...remembered, unit]);
        onChange(id, unit);
      }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
