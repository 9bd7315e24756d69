import { ActionIcon, Badge, Box, Button, Group, Menu, Stack, Text, Textarea } from '@mantine/core';
import { REACTION_EMOJIS } from '@mts/contracts';
import {
  IconDots,
  IconEdit,
  IconHistory,
  IconMessageReply,
  IconPin,
  IconPinnedOff,
  IconTrash,
} from '@tabler/icons-react';
import { useState } from 'react';
import type { Message } from '../../api/messaging.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { MessageBody } from './message-body.tsx';
import { useMsgI18n } from './msg-i18n.ts';

export interface MessageActions {
  onReply?: (message: Message) => void;
  onReact: (message: Message, emoji: string, mine: boolean) => void;
  onPin?: (message: Message) => void;
  onEdit: (message: Message, body: string) => Promise<unknown>;
  onDelete: (message: Message) => void;
  onHistory?: (message: Message) => void;
}

/**
 * One message: author, time, the body as text (links only for http(s) addresses), reactions,
 * the reply count of its thread, and its actions (reply, react, pin, edit and delete one's own;
 * moderators delete any, pin and see the history).
 */
export function MessageItem({
  message,
  myId,
  canModerate,
  canWrite,
  actions,
}: {
  message: Message;
  myId: string;
  canModerate: boolean;
  canWrite: boolean;
  actions: MessageActions;
}) {
  const { mt, t } = useMsgI18n();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.body);
  const [saving, setSaving] = useState(false);
  const mine = message.author.id === myId;
  const deleted = Boolean(message.deletedAt);

  const save = async () => {
    setSaving(true);
    try {
      await actions.onEdit(message, draft);
      setEditing(false);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Box
      component="article"
      aria-label={`${message.author.fullName}, ${formatDateTime(message.createdAt)}`}
      data-testid="message"
      data-seq={message.seq}
      py={6}
      px="xs"
      style={{ borderRadius: 6 }}
      bg={message.pinned ? 'yellow.0' : undefined}
    >
      <Group justify="space-between" gap={4} wrap="nowrap" align="flex-start">
        <Group gap={6} wrap="wrap" style={{ minWidth: 0 }}>
          <Text size="sm" fw={700}>
            {message.author.fullName}
          </Text>
          <Text size="xs" c="dimmed" component="time" dateTime={message.createdAt}>
            {formatDateTime(message.createdAt)}
          </Text>
          {message.editedAt && !deleted && (
            <Text size="xs" c="dimmed">
              ({mt('msg.edited')})
            </Text>
          )}
          {message.pinned && (
            <Badge size="xs" color="yellow.9" variant="light" leftSection={<IconPin size={10} aria-hidden />}>
              {mt('msg.pinned')}
            </Badge>
          )}
        </Group>
        {!deleted && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray.8"
                aria-label={mt('msg.actions', { name: message.author.fullName })}
              >
                <IconDots size={18} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {actions.onReply && canWrite && (
                <Menu.Item
                  leftSection={<IconMessageReply size={16} aria-hidden />}
                  onClick={() => actions.onReply?.(message)}
                >
                  {mt('msg.reply')}
                </Menu.Item>
              )}
              <Menu.Label>{mt('msg.react')}</Menu.Label>
              <Group gap={2} px="xs" pb={4} wrap="wrap" maw={200}>
                {REACTION_EMOJIS.map((emoji) => {
                  const had = message.reactions.find((r) => r.emoji === emoji)?.mine ?? false;
                  return (
                    <Menu.Item
                      key={emoji}
                      w="auto"
                      px={6}
                      py={2}
                      aria-label={`${mt('msg.react')} ${emoji}`}
                      onClick={() => actions.onReact(message, emoji, had)}
                    >
                      <span aria-hidden>{emoji}</span>
                    </Menu.Item>
                  );
                })}
              </Group>
              {canModerate && actions.onPin && (
                <Menu.Item
                  leftSection={
                    message.pinned ? (
                      <IconPinnedOff size={16} aria-hidden />
                    ) : (
                      <IconPin size={16} aria-hidden />
                    )
                  }
                  onClick={() => actions.onPin?.(message)}
                >
                  {message.pinned ? mt('msg.unpin') : mt('msg.pin')}
                </Menu.Item>
              )}
              {mine && canWrite && (
                <Menu.Item
                  leftSection={<IconEdit size={16} aria-hidden />}
                  onClick={() => {
                    setDraft(message.body);
                    setEditing(true);
                  }}
                >
                  {mt('msg.edit')}
                </Menu.Item>
              )}
              {canModerate && actions.onHistory && (
                <Menu.Item
                  leftSection={<IconHistory size={16} aria-hidden />}
                  onClick={() => actions.onHistory?.(message)}
                >
                  {mt('msg.history')}
                </Menu.Item>
              )}
              {(mine || canModerate) && (
                <Menu.Item
                  color="red.9"
                  leftSection={<IconTrash size={16} aria-hidden />}
                  onClick={() => actions.onDelete(message)}
                >
                  {mt('msg.delete')}
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {editing ? (
        <Stack gap={4} mt={4}>
          <Textarea
            label={mt('msg.editing')}
            autosize
            minRows={1}
            value={draft}
            onChange={(event) => setDraft(event.currentTarget.value)}
          />
          <Group gap="xs">
            <Button size="xs" loading={saving} onClick={() => void save().catch(() => undefined)}>
              {t('common.save')}
            </Button>
            <Button size="xs" variant="default" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      ) : deleted ? (
        <Text size="sm" c="dimmed" fs="italic">
          {mt('msg.deleted')}
        </Text>
      ) : (
        <Text
          size="sm"
          component="div"
          data-testid="message-body"
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        >
          <MessageBody body={message.body} />
        </Text>
      )}
      {(message.reactions.length > 0 || (message.replyCount > 0 && actions.onReply)) && !deleted && (
        <Group gap={4} mt={4}>
          {message.reactions.map((reaction) => (
            <Button
              key={reaction.emoji}
              size="compact-xs"
              variant={reaction.mine ? 'light' : 'default'}
              aria-pressed={reaction.mine}
              aria-label={mt('msg.reactionLabel', { emoji: reaction.emoji, count: reaction.count })}
              onClick={() => actions.onReact(message, reaction.emoji, reaction.mine)}
            >
              {reaction.emoji} {reaction.count}
            </Button>
          ))}
          {message.replyCount > 0 && actions.onReply && (
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={<IconMessageReply size={14} aria-hidden />}
              onClick={() => actions.onReply?.(message)}
            >
              {mt('msg.replies', { count: message.replyCount })}
            </Button>
          )}
        </Group>
      )}
    </Box>
  );
}
