import { Anchor, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { directiveKeys } from '../../api/directives.ts';
import { live, useLiveTopic } from '../../api/live.ts';
import { useMe } from '../../auth/use-me.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useDirectiveI18n } from './directive-i18n.ts';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * Anywhere in the app: when a directive arrives for my working unit (the `unit:<id>` topic, type
 * 'directive'), a toast names it and links to it, and the directive lists are read again.
 */
export default function DirectiveAlerts() {
  const me = useMe().data;
  const { dt } = useDirectiveI18n();
  const client = useQueryClient();
  // The toasts render outside the router (main.tsx): links navigate through this hook, not <Link>.
  const navigate = useNavigate();
  const canRespond = Boolean(me?.permissions.includes('directives.respond'));
  // After a reconnection, unordered events (new directives, board changes) may have been missed.
  useEffect(
    () => live?.onResync(() => void client.invalidateQueries({ queryKey: directiveKeys.all })),
    [client],
  );
  useLiveTopic(me && canRespond ? `unit:${me.activeUnit.id}` : null, (event) => {
    if (event.type !== 'directive') return;
    void client.invalidateQueries({ queryKey: directiveKeys.all });
    const id = text(event.data.directiveId) || text(event.data.id);
    const title = text(event.data.title);
    const deadline = text(event.data.deadline);
    notifications.show({
      id: `directive-${id}`,
      color: event.data.urgent ? 'red' : 'front',
      autoClose: 15_000,
      title: dt('dir.new', { title }),
      message: (
        <Stack gap={2}>
          {deadline && (
            <Text size="sm">{dt('dir.deadlineLeft', { deadline: formatDateTime(deadline) })}</Text>
          )}
          {id && (
            <Anchor
              href={`/app/directives/${id}`}
              size="sm"
              onClick={(click) => {
                click.preventDefault();
                notifications.hide(`directive-${id}`);
                navigate(`/directives/${id}`);
              }}
            >
              {dt('dir.open')}
            </Anchor>
          )}
        </Stack>
      ),
    });
  });
  return null;
}
