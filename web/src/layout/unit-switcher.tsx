import { Select } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBuildingCommunity } from '@tabler/icons-react';
import { useSwitchUnit } from '../api/auth.ts';
import type { Me } from '../auth/use-me.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** Shown only to people holding roles in more than one unit. */
export function UnitSwitcher({ me, id, compact = false }: { me: Me; id: string; compact?: boolean }) {
  const { t } = useI18n();
  const switchUnit = useSwitchUnit();
  if (me.units.length < 2) return null;
  return (
    <Select
      id={id}
      label={compact ? undefined : t('shell.unit')}
      aria-label={compact ? t('shell.unit') : undefined}
      leftSection={compact ? <IconBuildingCommunity size={16} aria-hidden /> : undefined}
      size="xs"
      w={{ base: '100%', sm: 260 }}
      allowDeselect={false}
      checkIconPosition="right"
      data={me.units.map((u) => ({ value: u.id, label: u.shortName ?? u.name }))}
      value={me.activeUnit.id}
      disabled={switchUnit.isPending}
      comboboxProps={{ withinPortal: true }}
      onChange={(value) => {
        if (!value || value === me.activeUnit.id) return;
        switchUnit.mutate(value, {
          onSuccess: (next) =>
            notifications.show({
              message: t('shell.unitSwitched', { unit: next.activeUnit.name }),
              color: 'green',
            }),
          onError: (error) => notifications.show({ message: error.message, color: 'red' }),
        });
      }}
    />
  );
}
