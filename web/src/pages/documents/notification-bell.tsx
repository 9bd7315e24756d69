import { ActionIcon, Indicator } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useUnreadCount } from '../../api/documents.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** The header's bell: the unread count (polled every minute); opens the notifications page. */
export function NotificationBell() {
  const { t } = useI18n();
  const count = useUnreadCount();
  const unread = count.data?.unread ?? 0;
  const label = unread > 0 ? t('shell.notificationsUnread', { count: unread }) : t('shell.notifications');
  return (
    <Indicator
      label={unread > 99 ? '99+' : unread}
      size={18}
      disabled={unread === 0}
      color="#a4161a"
      offset={4}
    >
      <ActionIcon
        component={Link}
        to="/documents/notifications"
        variant="subtle"
        color="gray.8"
        size="lg"
        aria-label={label}
      >
        <IconBell size={22} aria-hidden />
      </ActionIcon>
    </Indicator>
  );
}
