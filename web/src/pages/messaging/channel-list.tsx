import { Badge, Box, Group, NavLink, Stack, Text } from '@mantine/core';
import { IconArchive, IconHash, IconSpeakerphone, IconUser, IconUsersGroup } from '@tabler/icons-react';
import { NavLink as RouterNavLink } from 'react-router';
import type { ChannelSummary } from '../../api/messaging.ts';
import { type MsgKey, useMsgI18n } from './msg-i18n.ts';

const groups: Array<{ key: MsgKey; kinds: ChannelSummary['kind'][] }> = [
  { key: 'msg.group.hierarchy', kinds: ['unit', 'province_communes', 'committee_organisations'] },
  { key: 'msg.group.adhoc', kinds: ['adhoc'] },
  { key: 'msg.group.direct', kinds: ['direct'] },
];

/** The name a person sees: the other person for a direct message. */
export const channelTitle = (channel: ChannelSummary) => channel.peer?.fullName ?? channel.name;

function ChannelIcon({ channel }: { channel: ChannelSummary }) {
  const Icon =
    channel.kind === 'direct'
      ? IconUser
      : channel.archived
        ? IconArchive
        : channel.isReadOnly
          ? IconSpeakerphone
          : channel.kind === 'adhoc'
            ? IconUsersGroup
            : IconHash;
  return <Icon size={18} stroke={1.6} aria-hidden />;
}

/** The channels I belong to, by kind, with their unread counts; archived ones last. */
export function ChannelList({ channels }: { channels: ChannelSummary[] }) {
  const { mt } = useMsgI18n();
  if (channels.length === 0) return <Text c="dimmed">{mt('msg.noChannels')}</Text>;
  return (
    <Stack gap="sm" component="nav" aria-label={mt('msg.channels')}>
      {groups.map(({ key, kinds }) => {
        const items = channels
          .filter((c) => kinds.includes(c.kind))
          .sort((a, b) => Number(a.archived) - Number(b.archived));
        if (items.length === 0) return null;
        const headingId = `channels-${key}`;
        return (
          <Box component="section" key={key} aria-labelledby={headingId}>
            <Text id={headingId} size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4} component="h2">
              {mt(key)}
            </Text>
            <Stack gap={2} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
              {items.map((channel) => (
                <li key={channel.id}>
                  <NavLink
                    component={RouterNavLink}
                    to={`/channels/${channel.id}`}
                    variant="light"
                    leftSection={<ChannelIcon channel={channel} />}
                    label={
                      <Group gap={6} wrap="nowrap" justify="space-between">
                        <Text
                          size="sm"
                          fw={channel.unread > 0 ? 700 : 400}
                          style={{ overflowWrap: 'anywhere' }}
                        >
                          {channelTitle(channel)}
                        </Text>
                        {channel.unread > 0 && (
                          <Badge size="sm" color="#a4161a" variant="filled" aria-hidden>
                            {channel.unread > 99 ? '99+' : channel.unread}
                          </Badge>
                        )}
                      </Group>
                    }
                    description={channel.archived ? mt('msg.archivedBadge') : undefined}
                    aria-label={
                      channel.unread > 0
                        ? `${channelTitle(channel)}: ${mt('msg.unread', { count: channel.unread })}`
                        : channelTitle(channel)
                    }
                    data-testid="channel-link"
                  />
                </li>
              ))}
            </Stack>
          </Box>
        );
      })}
    </Stack>
  );
}
