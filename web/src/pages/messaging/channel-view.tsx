import { Alert, Badge, Button, Drawer, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArchive, IconPin } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  type ChannelSummary,
  fetchEarlierMessages,
  type Message,
  markRead,
  messagingKeys,
  useChannelMembers,
  useDeleteMessage,
  useEditMessage,
  useLatestMessages,
  usePin,
  usePins,
  usePostMessage,
  useReact,
  useRevisions,
} from '../../api/messaging.ts';
import { useMe } from '../../auth/use-me.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { Loading } from '../../components/loading.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { channelTitle } from './channel-list.tsx';
import { Composer } from './composer.tsx';
import { MessageBody } from './message-body.tsx';
import { type MessageActions, MessageItem } from './message-item.tsx';
import { type MsgKey, useMsgI18n } from './msg-i18n.ts';

/** Messages merged by id, oldest first (a live refetch and an earlier page may overlap). */
export function mergeMessages(...lists: Message[][]): Message[] {
  const byId = new Map<string, Message>();
  for (const list of lists) for (const m of list) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * An open channel: its messages (the newest page, earlier pages on demand), kept current by the
 * page's live subscription; the composer; the thread of a message in a side panel; pinned
 * messages; and, for moderators, the history of edits and deletions.
 */
export function ChannelView({ channel }: { channel: ChannelSummary }) {
  const { mt, t } = useMsgI18n();
  const me = useMe().data!;
  const client = useQueryClient();
  const latest = useLatestMessages(channel.id);
  const members = useChannelMembers(channel.id, !channel.archived);
  const [earlier, setEarlier] = useState<Message[]>([]);
  const [hasEarlier, setHasEarlier] = useState(true);
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  const [thread, setThread] = useState<Message | null>(null);
  const [showPins, setShowPins] = useState(false);
  const [deleting, setDeleting] = useState<Message | null>(null);
  const [historyOf, setHistoryOf] = useState<Message | null>(null);
  const post = usePostMessage(channel.id);
  const actions = useMessageActions(channel.id, {
    onReply: setThread,
    onDelete: setDeleting,
    onHistory: setHistoryOf,
  });
  const remove = useDeleteMessage(channel.id);
  const messages = useMemo(() => mergeMessages(earlier, latest.data ?? []), [earlier, latest.data]);
  const canWrite = !channel.archived && (!channel.isReadOnly || channel.canModerate);

  // Mark what is shown as read (once per new last message).
  const lastSeq = Math.max(channel.lastMessageSeq, messages.at(-1)?.seq ?? 0);
  const marked = useRef(channel.lastReadSeq);
  useEffect(() => {
    if (!latest.data || lastSeq <= marked.current || channel.archived) return;
    marked.current = lastSeq;
    void markRead(channel.id, lastSeq)
      .then(() => client.invalidateQueries({ queryKey: messagingKeys.channels, exact: true }))
      .catch(() => undefined);
  }, [latest.data, lastSeq, channel.id, channel.archived, client]);

  // Keep the newest message in view when one arrives.
  const end = useRef<HTMLDivElement>(null);
  const newest = messages.at(-1)?.id;
  useEffect(() => {
    if (newest) end.current?.scrollIntoView({ block: 'nearest' });
  }, [newest]);

  const loadEarlier = async () => {
    const first = messages[0];
    if (!first) return;
    setLoadingEarlier(true);
    try {
      const page = await fetchEarlierMessages(channel.id, first.seq);
      setEarlier((current) => mergeMessages(page.items, current));
      if (page.items.length === 0) setHasEarlier(false);
    } finally {
      setLoadingEarlier(false);
    }
  };

  const kindKey = `msg.kind.${channel.kind}` as MsgKey;
  return (
    <Stack gap="sm" style={{ minWidth: 0 }}>
      <Group justify="space-between" gap="xs" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Title order={2} size="h3" style={{ overflowWrap: 'anywhere' }}>
            {channelTitle(channel)}
          </Title>
          <Group gap={4}>
            <Text size="xs" c="dimmed">
              {mt(kindKey)}
            </Text>
            {channel.archived && (
              <Badge size="sm" color="gray.8" leftSection={<IconArchive size={12} aria-hidden />}>
                {mt('msg.archivedBadge')}
              </Badge>
            )}
            {channel.isReadOnly && (
              <Badge size="sm" color="front.8" variant="light">
                {mt('msg.readOnlyBadge')}
              </Badge>
            )}
          </Group>
        </Stack>
        <Button
          size="xs"
          variant={showPins ? 'light' : 'default'}
          aria-pressed={showPins}
          leftSection={<IconPin size={14} aria-hidden />}
          onClick={() => setShowPins((v) => !v)}
        >
          {mt('msg.pins')}
        </Button>
      </Group>
      {channel.archived && (
        <Alert color="gray" variant="light" icon={<IconArchive aria-hidden />}>
          {mt('msg.archived')}
        </Alert>
      )}
      {showPins && <PinnedMessages channelId={channel.id} />}
      <Paper withBorder p="xs" style={{ minWidth: 0 }}>
        <Stack
          gap={2}
          role="log"
          aria-live="polite"
          aria-label={mt('msg.messages', { name: channelTitle(channel) })}
          data-testid="message-list"
        >
          {messages.length > 0 && hasEarlier && messages[0]!.seq > 1 && (
            <Button
              variant="subtle"
              size="xs"
              w="fit-content"
              mx="auto"
              loading={loadingEarlier}
              onClick={() => void loadEarlier()}
            >
              {mt('msg.loadEarlier')}
            </Button>
          )}
          {latest.isPending && <Loading py="md" />}
          <ErrorAlert error={latest.error} />
          {latest.data && messages.length === 0 && (
            <Text c="dimmed" size="sm" py="md" ta="center">
              {mt('msg.empty')}
            </Text>
          )}
          {messages.map((message) => (
            <MessageItem
              key={message.id}
              message={message}
              myId={me.staff.id}
              canModerate={channel.canModerate}
              canWrite={canWrite}
              actions={actions}
            />
          ))}
          <div ref={end} />
        </Stack>
      </Paper>
      {canWrite ? (
        <Composer
          label={mt('msg.compose')}
          members={members.data ?? []}
          busy={post.isPending}
          onSend={(body, mentionStaffIds) => post.mutateAsync({ body, mentionStaffIds })}
        />
      ) : (
        !channel.archived && (
          <Text size="sm" c="dimmed">
            {mt('msg.readOnly')}
          </Text>
        )
      )}
      <ErrorAlert error={post.error} title={mt('msg.sendFailed')} />
      <ThreadPanel
        channel={channel}
        root={thread}
        canWrite={canWrite}
        onClose={() => setThread(null)}
        actions={actions}
      />
      <Modal
        opened={Boolean(deleting)}
        onClose={() => setDeleting(null)}
        title={mt('msg.deleteConfirm')}
        centered
      >
        <Stack gap="md">
          <Text size="sm">{mt('msg.deleteMessage')}</Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setDeleting(null)} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button
              color="red.9"
              loading={remove.isPending}
              onClick={() => {
                if (deleting) remove.mutate(deleting.id, { onSettled: () => setDeleting(null) });
              }}
            >
              {mt('msg.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <HistoryModal message={historyOf} onClose={() => setHistoryOf(null)} />
    </Stack>
  );
}

/** The actions every message list shares (channel and thread). */
function useMessageActions(
  channelId: string,
  open: { onReply: (m: Message) => void; onDelete: (m: Message) => void; onHistory: (m: Message) => void },
): MessageActions {
  const react = useReact(channelId);
  const pin = usePin(channelId);
  const edit = useEditMessage(channelId);
  return {
    onReply: open.onReply,
    onReact: (message, emoji, mine) => react.mutate({ id: message.id, emoji, mine }),
    onPin: (message) => pin.mutate({ id: message.id, pinned: message.pinned }),
    onEdit: (message, body) => edit.mutateAsync({ id: message.id, body }),
    onDelete: open.onDelete,
    onHistory: open.onHistory,
  };
}

function PinnedMessages({ channelId }: { channelId: string }) {
  const { mt } = useMsgI18n();
  const pins = usePins(channelId, true);
  return (
    <Paper withBorder p="xs" bg="yellow.0" component="section" aria-label={mt('msg.pins')}>
      {pins.isPending && <Loading py="xs" />}
      <ErrorAlert error={pins.error} />
      {pins.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {mt('msg.empty')}
        </Text>
      )}
      <Stack gap={6}>
        {pins.data?.map((m) => (
          <Stack gap={0} key={m.id}>
            <Text size="xs" c="dimmed">
              {m.author.fullName} · {formatDateTime(m.createdAt)}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              <MessageBody body={m.body} />
            </Text>
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}

function ThreadPanel({
  channel,
  root,
  canWrite,
  onClose,
  actions,
}: {
  channel: ChannelSummary;
  root: Message | null;
  canWrite: boolean;
  onClose: () => void;
  actions: MessageActions;
}) {
  const { mt, t } = useMsgI18n();
  const me = useMe().data!;
  const narrow = useMediaQuery('(max-width: 48em)');
  const replies = useLatestMessages(root ? channel.id : '', root?.id);
  const post = usePostMessage(channel.id);
  const members = useChannelMembers(channel.id, !channel.archived);
  const threadActions: MessageActions = { ...actions, onReply: undefined };
  return (
    <Drawer
      opened={Boolean(root)}
      onClose={onClose}
      position="right"
      size={narrow ? '100%' : 'md'}
      title={mt('msg.thread')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {root && (
        <Stack gap="sm">
          <MessageItem
            message={root}
            myId={me.staff.id}
            canModerate={channel.canModerate}
            canWrite={canWrite}
            actions={threadActions}
          />
          <Stack
            gap={2}
            role="log"
            aria-live="polite"
            aria-label={mt('msg.thread')}
            data-testid="thread-list"
            pl="md"
          >
            {replies.isPending && <Loading py="xs" />}
            {(replies.data ?? []).map((m) => (
              <MessageItem
                key={m.id}
                message={m}
                myId={me.staff.id}
                canModerate={channel.canModerate}
                canWrite={canWrite}
                actions={threadActions}
              />
            ))}
          </Stack>
          {canWrite && (
            <Composer
              label={mt('msg.threadReply')}
              members={members.data ?? []}
              busy={post.isPending}
              onSend={(body, mentionStaffIds) =>
                post.mutateAsync({ body, mentionStaffIds, threadRootId: root.id })
              }
            />
          )}
          <ErrorAlert error={post.error} title={mt('msg.sendFailed')} />
        </Stack>
      )}
    </Drawer>
  );
}

function HistoryModal({ message, onClose }: { message: Message | null; onClose: () => void }) {
  const { mt } = useMsgI18n();
  const revisions = useRevisions(message?.id ?? null);
  return (
    <Modal opened={Boolean(message)} onClose={onClose} title={mt('msg.history')} centered>
      {revisions.isPending && <Loading py="xs" />}
      <ErrorAlert error={revisions.error} />
      <Stack gap="sm">
        {revisions.data?.map((r) => (
          <Stack gap={2} key={`${r.createdAt}-${r.kind}`}>
            <Text size="xs" c="dimmed">
              {mt(`msg.historyKind.${r.kind}`)} · {r.actor.fullName} · {formatDateTime(r.createdAt)}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {r.body}
            </Text>
          </Stack>
        ))}
      </Stack>
    </Modal>
  );
}
