/** Channels and messages endpoints. Paths live here only. */
import type { ChannelSummary, channelMemberSchema, Message, messageRevisionSchema } from '@mts/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';

export type { ChannelSummary, Message };
export type ChannelMember = z.infer<typeof channelMemberSchema>;
export type MessageRevision = z.infer<typeof messageRevisionSchema>;
export type SearchHit = Message & { channelName: string };

export const messagingPaths = {
  channels: '/channels',
  channel: (id: string) => `/channels/${id}`,
  direct: '/channels/direct',
  members: (id: string) => `/channels/${id}/members`,
  messages: (channelId: string) => `/channels/${channelId}/messages`,
  read: (channelId: string) => `/channels/${channelId}/read`,
  pins: (channelId: string) => `/channels/${channelId}/pins`,
  message: (id: string) => `/messages/${id}`,
  reaction: (id: string, emoji: string) => `/messages/${id}/reactions/${encodeURIComponent(emoji)}`,
  pin: (id: string) => `/messages/${id}/pin`,
  revisions: (id: string) => `/messages/${id}/revisions`,
  search: '/messages/search',
} as const;

export const messagingKeys = {
  channels: ['channels'] as const,
  messages: (channelId: string, threadRootId?: string) =>
    ['channels', channelId, 'messages', threadRootId ?? 'top'] as const,
  pins: (channelId: string) => ['channels', channelId, 'pins'] as const,
  members: (channelId: string) => ['channels', channelId, 'members'] as const,
  revisions: (messageId: string) => ['messages', messageId, 'revisions'] as const,
  search: (q: string) => ['messages', 'search', q] as const,
};

export function useChannels() {
  return useQuery({
    queryKey: messagingKeys.channels,
    queryFn: ({ signal }) => api.get<{ items: ChannelSummary[] }>(messagingPaths.channels, undefined, signal),
    select: (data) => data.items,
  });
}

/** One channel I may read without being a member (a moderator over its unit); null: not found. */
export function useChannel(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['channels', id ?? '', 'summary'],
    queryFn: ({ signal }) => api.get<ChannelSummary>(messagingPaths.channel(id!), undefined, signal),
    enabled: Boolean(id) && enabled,
    retry: false,
  });
}

/** The newest `limit` messages of a channel (top level) or of one thread, oldest first. */
export function useLatestMessages(channelId: string, threadRootId?: string, limit = 50) {
  return useQuery({
    queryKey: messagingKeys.messages(channelId, threadRootId),
    queryFn: ({ signal }) =>
      api.get<{ items: Message[] }>(messagingPaths.messages(channelId), { threadRootId, limit }, signal),
    select: (data) => [...data.items].sort((a, b) => a.seq - b.seq),
    enabled: Boolean(channelId),
  });
}

export function fetchEarlierMessages(channelId: string, before: number, limit = 50) {
  return api.get<{ items: Message[] }>(messagingPaths.messages(channelId), { before, limit });
}

export function useChannelMembers(channelId: string, enabled: boolean) {
  return useQuery({
    queryKey: messagingKeys.members(channelId),
    queryFn: ({ signal }) =>
      api.get<{ items: ChannelMember[] }>(messagingPaths.members(channelId), undefined, signal),
    select: (data) => data.items,
    enabled: Boolean(channelId) && enabled,
    staleTime: 5 * 60_000,
  });
}

export function usePins(channelId: string, enabled: boolean) {
  return useQuery({
    queryKey: messagingKeys.pins(channelId),
    queryFn: ({ signal }) => api.get<{ items: Message[] }>(messagingPaths.pins(channelId), undefined, signal),
    select: (data) => data.items,
    enabled: Boolean(channelId) && enabled,
  });
}

export function useRevisions(messageId: string | null) {
  return useQuery({
    queryKey: messagingKeys.revisions(messageId ?? ''),
    queryFn: ({ signal }) =>
      api.get<{ items: MessageRevision[] }>(messagingPaths.revisions(messageId!), undefined, signal),
    select: (data) => data.items,
    enabled: Boolean(messageId),
  });
}

export function useMessageSearch(q: string) {
  return useQuery({
    queryKey: messagingKeys.search(q),
    queryFn: ({ signal }) => api.get<{ items: SearchHit[] }>(messagingPaths.search, { q }, signal),
    select: (data) => data.items,
    enabled: q.trim().length >= 2,
  });
}

/** Every write in a channel refreshes that channel's lists (the live topic refreshes the others). */
function useChannelMutation<Input, Output>(channelId: string, fn: (input: Input) => Promise<Output>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: ['channels', channelId] }),
  });
}

export function usePostMessage(channelId: string) {
  return useChannelMutation(
    channelId,
    (body: { body: string; threadRootId?: string; mentionStaffIds?: string[]; mentionUnitIds?: string[] }) =>
      api.post<Message>(messagingPaths.messages(channelId), body),
  );
}

export function useEditMessage(channelId: string) {
  return useChannelMutation(channelId, (input: { id: string; body: string }) =>
    api.patch<Message>(messagingPaths.message(input.id), { body: input.body }),
  );
}

export function useDeleteMessage(channelId: string) {
  return useChannelMutation(channelId, (id: string) => api.delete<unknown>(messagingPaths.message(id)));
}

export function useReact(channelId: string) {
  return useChannelMutation(channelId, (input: { id: string; emoji: string; mine: boolean }) =>
    input.mine
      ? api.delete<unknown>(messagingPaths.reaction(input.id, input.emoji))
      : api.put<unknown>(messagingPaths.reaction(input.id, input.emoji)),
  );
}

export function usePin(channelId: string) {
  return useChannelMutation(channelId, (input: { id: string; pinned: boolean }) =>
    input.pinned
      ? api.delete<unknown>(messagingPaths.pin(input.id))
      : api.put<unknown>(messagingPaths.pin(input.id)),
  );
}

export function markRead(channelId: string, seq: number) {
  return api.post<unknown>(messagingPaths.read(channelId), { seq });
}

export function useCreateChannel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; isReadOnly?: boolean; memberIds: string[] }) =>
      api.post<{ id: string }>(messagingPaths.channels, body),
    onSuccess: () => client.invalidateQueries({ queryKey: messagingKeys.channels }),
  });
}

export function useCreateDirect() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (staffId: string) =>
      api.post<{ id: string; created: boolean }>(messagingPaths.direct, { staffId }),
    onSuccess: () => client.invalidateQueries({ queryKey: messagingKeys.channels }),
  });
}
