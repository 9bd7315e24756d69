import { Box, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { MESSAGE_BODY_MAX } from '@mts/contracts';
import { IconSend } from '@tabler/icons-react';
import { type KeyboardEvent, useId, useMemo, useRef, useState } from 'react';
import type { ChannelMember } from '../../api/messaging.ts';
import { foldText } from '../../i18n/format.ts';
import { useMsgI18n } from './msg-i18n.ts';

/** The "@word" being typed just before the caret, if any. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(?:^|\s)@([\p{L}\p{N}._-]{0,40})$/u.exec(before);
  if (!match) return null;
  return { start: caret - match[1]!.length - 1, query: match[1]! };
}

/**
 * The message box: Enter sends, Shift+Enter breaks the line; typing "@" offers the channel's
 * members (by name or username, diacritics optional) and inserts "@username", which the server
 * resolves to a mention.
 */
export function Composer({
  label,
  members,
  onSend,
  busy,
  disabled,
}: {
  label: string;
  members: ChannelMember[];
  onSend: (body: string, mentionStaffIds: string[]) => Promise<unknown>;
  busy: boolean;
  disabled?: boolean;
}) {
  const { mt } = useMsgI18n();
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const mentioned = useRef(new Map<string, string>());
  const area = useRef<HTMLTextAreaElement>(null);
  const listId = useId();

  const query = mentionQuery(text, caret);
  const suggestions = useMemo(() => {
    if (!query) return [];
    const q = foldText(query.query);
    return members
      .filter((m) => foldText(m.fullName).includes(q) || m.username.toLowerCase().includes(q))
      .slice(0, 6);
  }, [query, members]);

  const choose = (member: ChannelMember) => {
    if (!query) return;
    const next = `${text.slice(0, query.start)}@${member.username} ${text.slice(caret)}`;
    mentioned.current.set(member.username, member.staffId);
    setText(next);
    const position = query.start + member.username.length + 2;
    setCaret(position);
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(position, position);
    });
  };

  const send = async () => {
    const body = text;
    if (!body.trim() || busy) return;
    const ids = [...mentioned.current]
      .filter(([username]) => body.includes(`@${username}`))
      .map(([, id]) => id);
    await onSend(body, ids);
    setText('');
    setCaret(0);
    mentioned.current.clear();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (suggestions.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((current) => (current + step + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        choose(suggestions[Math.min(active, suggestions.length - 1)]!);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send().catch(() => undefined);
    }
  };

  const open = suggestions.length > 0;
  return (
    <Stack
      gap={4}
      component="form"
      onSubmit={(event) => {
        event.preventDefault();
        void send().catch(() => undefined);
      }}
    >
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <Textarea
          ref={area}
          label={label}
          description={mt('msg.composeHint')}
          autosize
          minRows={1}
          maxRows={8}
          maxLength={MESSAGE_BODY_MAX}
          disabled={disabled}
          value={text}
          style={{ flex: 1, minWidth: 0 }}
          onChange={(event) => {
            setText(event.currentTarget.value);
            setCaret(event.currentTarget.selectionStart ?? event.currentTarget.value.length);
            setActive(0);
          }}
          onSelect={(event) => setCaret(event.currentTarget.selectionStart ?? 0)}
          onKeyDown={onKeyDown}
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? `${listId}-${Math.min(active, suggestions.length - 1)}` : undefined}
        />
        <Button
          type="submit"
          loading={busy}
          disabled={disabled}
          leftSection={<IconSend size={16} aria-hidden />}
          aria-label={mt('msg.send')}
        >
          <Text span visibleFrom="xs" inherit>
            {mt('msg.send')}
          </Text>
        </Button>
      </Group>
      {open && (
        <Paper
          withBorder
          shadow="sm"
          p={4}
          component="ul"
          id={listId}
          role="listbox"
          aria-label={mt('msg.mentionSuggestions')}
          m={0}
          style={{ listStyle: 'none' }}
        >
          {suggestions.map((member, i) => (
            <Box
              component="li"
              key={member.staffId}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              px="xs"
              py={4}
              bg={i === active ? 'gray.1' : undefined}
              style={{ cursor: 'pointer' }}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(member);
              }}
            >
              <Text size="sm">
                {member.fullName}{' '}
                <Text span c="dimmed" size="xs">
                  @{member.username}
                </Text>
              </Text>
            </Box>
          ))}
        </Paper>
      )}
    </Stack>
  );
}
