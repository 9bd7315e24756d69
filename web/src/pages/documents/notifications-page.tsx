import { Anchor, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useMarkNotificationRead, useNotifications } from '../../api/documents.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useDocI18n } from './doc-i18n.ts';
import { DocumentsNav } from './parts.tsx';

/** The person's notifications (urgent first); opening one marks it read. */
export default function NotificationsPage() {
  const { dt } = useDocI18n();
  const list = useNotifications();
  const markRead = useMarkNotificationRead();
  return (
    <Stack gap="md">
      <PageHeader title={dt('doc.notif.title')} />
      <DocumentsNav />
      <ErrorAlert error={list.error ?? markRead.error} />
      {list.isPending && !list.error && <Loading py="md" />}
      {list.data && list.data.length === 0 && <Text c="dimmed">{dt('doc.notif.empty')}</Text>}
      {list.data && list.data.length > 0 && (
        <Stack
          component="ul"
          gap="xs"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label={dt('doc.notif.title')}
        >
          {list.data.map((n) => (
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
                  {n.documentId ? (
                    <Anchor
                      component={Link}
                      to={`/documents/${n.documentId}`}
                      fw={n.readAt ? 400 : 700}
                      onClick={() => !n.readAt && markRead.mutate(n.id)}
                      style={{ overflowWrap: 'anywhere' }}
                    >
                      {n.title}
                    </Anchor>
                  ) : (
                    <Text fw={n.readAt ? 400 : 700}>{n.title}</Text>
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
    </Stack>
  );
}
