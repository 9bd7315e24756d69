import { Anchor, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import {
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  useNotifications,
  useUnreadCount,
} from '../../api/documents.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useDocI18n } from './doc-i18n.ts';
import { DocumentsNav, PrevNextPager } from './parts.tsx';

const PAGE_SIZE = 20;

/** The person's notifications (urgent first) a page at a time; opening one marks it read. */
export default function NotificationsPage() {
  const { dt } = useDocI18n();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  // One more than a page tells whether another page follows.
  const list = useNotifications({ limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE });
  const count = useUnreadCount();
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const items = list.data?.slice(0, PAGE_SIZE) ?? [];
  const unread = count.data?.unread ?? 0;
  return (
    <Stack gap="md">
      <PageHeader
        title={dt('doc.notif.title')}
        description={count.data && dt('doc.notif.unreadCount', count.data)}
        actions={
          unread > 0 && (
            <Button variant="default" onClick={() => markAll.mutate()} loading={markAll.isPending}>
              {dt('doc.notif.markAll')}
            </Button>
          )
        }
      />
      <DocumentsNav />
      <ErrorAlert error={list.error ?? markRead.error ?? markAll.error} />
      {markAll.data && (
        <Text role="status" size="sm">
          {dt('doc.notif.markedAll', { count: markAll.data.count })}
        </Text>
      )}
      {list.isPending && !list.error && <Loading py="md" />}
      {list.data && items.length === 0 && <Text c="dimmed">{dt('doc.notif.empty')}</Text>}
      {items.length > 0 && (
        <Stack
          component="ul"
          gap="xs"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label={dt('doc.notif.title')}
        >
          {items.map((n) => (
            <Paper component="li" key={n.id} withBorder p="sm" bg={n.readAt ? undefined : 'front.0'}>
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Stack gap={2} style={{ flex: '1 1 14rem', minWidth: 0 }}>
                  <Group gap={6}>
                    {n.isUrgent && (
                      <Badge color="#7f0000" variant="filled">
                        {dt('doc.notif.urgent')}
                      </Badge>
                    )}
                    {!n.readAt && <Badge color="front.8">{dt('doc.notif.unread')}</Badge>}
                  </Group>
                  {n.documentId || n.link?.startsWith('/') ? (
                    <Anchor
                      component={Link}
                      to={n.documentId ? `/documents/${n.documentId}` : n.link!}
                      fw={n.readAt ? 400 : 700}
                      onClick={() => !n.readAt && markRead.mutate(n.id)}
                      style={{ overflowWrap: 'anywhere' }}
                    >
                      {n.title}
                    </Anchor>
                  ) : (
                    <Text fw={n.readAt ? 400 : 700}>{n.title}</Text>
                  )}
                  {n.body && (
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {n.body}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed">
                    {formatDateTime(n.createdAt)}
                  </Text>
                </Stack>
                {!n.readAt && (
                  <Button size="compact-sm" variant="default" onClick={() => markRead.mutate(n.id)}>
                    {dt('doc.notif.markRead')}
                  </Button>
                )}
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      <PrevNextPager
        page={page}
        hasMore={(list.data?.length ?? 0) > PAGE_SIZE}
        onChange={(next) => setParams({ page: String(next) })}
      />
    </Stack>
  );
}
