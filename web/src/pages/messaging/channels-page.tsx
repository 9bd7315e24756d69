import { Anchor, Badge, Box, Button, Grid, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { IconArrowLeft, IconSearch } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { live, useLiveStatus, useLiveTopic } from '../../api/live.ts';
import { messagingKeys, useChannel, useChannels, useMessageSearch } from '../../api/messaging.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { ErrorAlert, ErrorState } from '../../components/error-state.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useUrlState } from '../documents/parts.tsx';
import { ChannelList } from './channel-list.tsx';
import { ChannelView } from './channel-view.tsx';
import { MessageBody } from './message-body.tsx';
import { useMsgI18n } from './msg-i18n.ts';
import { NewDirectButton, NewGroupButton } from './new-channel.tsx';

/**
 * "Trao đổi": my channels (organisation channels, groups, direct messages) with their unread
 * counts, and the open channel. Every channel I can read is followed live, so unread counts and
 * the open conversation change without reloading; after being offline the live connection
 * replays what was missed.
 */
export default function ChannelsPage() {
  const { mt } = useMsgI18n();
  const { channelId } = useParams();
  const me = useMe().data;
  const channels = useChannels();
  // A channel not in my list: one I oversee as a moderator of its unit, or one closed to me.
  const outside = useChannel(
    channelId,
    Boolean(channelId && channels.data && !channels.data.some((c) => c.id === channelId)),
  );
  const narrow = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const { params, setParam } = useUrlState();
  const q = params.get('q') ?? '';
  const client = useQueryClient();
  // After a reconnection: the lists (unread counts, new channels) are read again.
  useEffect(
    () => live?.onResync(() => void client.invalidateQueries({ queryKey: messagingKeys.channels })),
    [client],
  );

  if (channels.error) return <ErrorState error={channels.error} onRetry={() => channels.refetch()} />;
  const list = channels.data ?? [];
  const open = list.find((c) => c.id === channelId) ?? outside.data;
  const showList = !narrow || !channelId;
  const showView = !narrow || Boolean(channelId);

  return (
    <Stack gap="md">
      <PageHeader
        title={mt('msg.title')}
        actions={
          <>
            <LiveIndicator />
            {/* Choosing a person needs the staff directory (staff.read). */}
            {can(me, 'staff.read') && <NewDirectButton />}
            {can(me, 'channels.moderate') && <NewGroupButton />}
          </>
        }
      />
      <SearchBox value={q} onChange={(value) => setParam('q', value)} />
      {q.trim().length >= 2 && <SearchResults q={q.trim()} onClear={() => setParam('q', '')} />}
      {list
        .filter((c) => !c.archived)
        .map((c) => (
          <ChannelWatcher key={c.id} channelId={c.id} />
        ))}
      <Grid gap="md">
        {showList && (
          <Grid.Col span={{ base: 12, sm: 4, lg: 3 }}>
            {channels.isPending ? <Loading py="md" /> : <ChannelList channels={list} />}
          </Grid.Col>
        )}
        {showView && (
          <Grid.Col span={{ base: 12, sm: 8, lg: 9 }}>
            {narrow && (
              <Anchor component={Link} to="/channels" size="sm" mb="xs" display="inline-flex">
                <IconArrowLeft size={16} aria-hidden /> {mt('msg.backToList')}
              </Anchor>
            )}
            {open ? (
              <ChannelView key={open.id} channel={open} />
            ) : channelId && channels.data && !outside.isPending ? (
              <Text c="dimmed" py="xl" ta="center" role="alert">
                {mt('msg.notAvailable')}
              </Text>
            ) : (
              !narrow && (
                <Text c="dimmed" py="xl" ta="center">
                  {mt('msg.pickChannel')}
                </Text>
              )
            )}
          </Grid.Col>
        )}
      </Grid>
    </Stack>
  );
}

/** Follows one channel live: any event refreshes its messages and the unread counts. */
function ChannelWatcher({ channelId }: { channelId: string }) {
  const client = useQueryClient();
  useLiveTopic(`channel:${channelId}`, () => {
    void client.invalidateQueries({ queryKey: ['channels', channelId] });
    void client.invalidateQueries({ queryKey: messagingKeys.channels, exact: true });
  });
  return null;
}

function LiveIndicator() {
  const { mt } = useMsgI18n();
  const status = useLiveStatus();
  const [colour, key] =
    status === 'online'
      ? (['#1b5e20', 'msg.live.online'] as const)
      : status === 'offline'
        ? (['#a4161a', 'msg.live.offline'] as const)
        : (['gray.8', 'msg.live.connecting'] as const);
  return (
    <Badge color={colour} variant="dot" size="lg" role="status" data-live-status={status}>
      {mt(key)}
    </Badge>
  );
}

function SearchBox({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { mt } = useMsgI18n();
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  return (
    <Box
      component="form"
      role="search"
      aria-label={mt('msg.search')}
      onSubmit={(event) => {
        event.preventDefault();
        onChange(text.trim());
      }}
    >
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          type="search"
          label={mt('msg.search')}
          description={mt('msg.searchHint')}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          leftSection={<IconSearch size={16} aria-hidden />}
          style={{ flex: 1, maxWidth: 480 }}
        />
        <Button type="submit" variant="default">
          {mt('msg.search')}
        </Button>
      </Group>
    </Box>
  );
}

function SearchResults({ q, onClear }: { q: string; onClear: () => void }) {
  const { mt } = useMsgI18n();
  const [debounced] = useDebouncedValue(q, 150);
  const results = useMessageSearch(debounced);
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="message-search-results">
      <Group justify="space-between" mb="xs">
        <Text id="message-search-results" fw={700} component="h2" size="md" m={0}>
          {mt('msg.searchResults')}
        </Text>
        <Button size="xs" variant="subtle" onClick={onClear}>
          {mt('msg.searchClear')}
        </Button>
      </Group>
      {results.isPending && <Loading py="xs" />}
      <ErrorAlert error={results.error} />
      {results.data?.length === 0 && <Text c="dimmed">{mt('msg.searchNone')}</Text>}
      <Stack gap="xs" component="ol" m={0} p={0} style={{ listStyle: 'none' }} data-testid="message-search">
        {results.data?.map((hit) => (
          <li key={hit.id}>
            <Anchor component={Link} to={`/channels/${hit.channelId}`} size="sm" fw={600}>
              {hit.channelName}
            </Anchor>
            <Text size="xs" c="dimmed">
              {hit.author.fullName} · {formatDateTime(hit.createdAt)}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              <MessageBody body={hit.body} />
            </Text>
          </li>
        ))}
      </Stack>
    </Paper>
  );
}
