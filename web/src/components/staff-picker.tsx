import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useStaffList } from '../api/organisation.ts';
import { useI18n } from '../i18n/i18n.tsx';

export interface StaffOption {
  id: string;
  fullName: string;
  username: string;
}

/** Choose a staff member by typing a name or username (diacritics optional). */
export function StaffPicker({
  value,
  onChange,
  known = [],
  ...props
}: Omit<SelectProps, 'value' | 'onChange' | 'data'> & {
  value: string | null;
  onChange: (id: string | null, staff: StaffOption | null) => void;
  known?: StaffOption[];
}) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [remembered, setRemembered] = useState<StaffOption[]>([]);
  const list = useStaffList({ q: debounced || undefined, pageSize: 20, status: 'all' });
  const options = useMemo(() => {
    const byId = new Map<string, StaffOption>();
    for (const s of [...known, ...remembered, ...(list.data?.items ?? [])]) byId.set(s.id, s);
    return [...byId.values()];
  }, [known, remembered, list.data]);
  return (
    <Select
      searchable
      clearable
      nothingFoundMessage={list.isFetching ? t('common.loading') : t('common.noResults')}
      placeholder={t('roles.pickStaffHint')}
      {...props}
      data={options.map((s) => ({ value: s.id, label: `${s.fullName} (${s.username})` }))}
      filter={({ options: all }) => all}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id) => {
        const staff = options.find((s) => s.id === id) ?? null;
        if (staff && !remembered.some((s) => s.id === staff.id)) setRemembered([...remembered, staff]);
        onChange(id, staff);
      }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
