import { Avatar, Menu, UnstyledButton } from '@mantine/core';
import { IconLogout, IconShieldLock, IconUser } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useLogout } from '../api/auth.ts';
import type { Me } from '../auth/use-me.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function UserMenu({ me }: { me: Me }) {
  const { t } = useI18n();
  const logout = useLogout();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton
          aria-label={t('shell.userMenu', { name: me.staff.fullName })}
          style={{ borderRadius: '50%' }}
        >
          <Avatar color="front.8" variant="filled" radius="xl" size={34}>
            <IconUser size={20} aria-hidden />
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {me.staff.fullName}
          {me.staff.position ? ` · ${me.staff.position}` : ''}
        </Menu.Label>
        <Menu.Item component={Link} to="/security" leftSection={<IconShieldLock size={16} aria-hidden />}>
          {t('shell.mySecurity')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          color="red.9"
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() => logout.mutate()}
          disabled={logout.isPending}
        >
          {t('shell.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
