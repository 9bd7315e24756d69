import { z } from 'zod';

/**
 * Channels and messages (kênh trao đổi, tin nhắn) — /api/channels, /api/messages.
 * Message bodies are plain text: HTML in a body is kept verbatim as text and clients must escape it.
 * Mentions: `@username` and `@unit:<code>` in the body are recognised, and ids may also be given.
 */
export const MESSAGE_BODY_MAX = 4000;
export const REACTION_EMOJIS = ['👍', '❤️', '😂', '😮', '😢', '🙏', '✅', '👏'] as const;
export const channelKindSchema = z.enum([
  'unit',
  'province_communes',
  'committee_organisations',
  'adhoc',
  'direct',
]);
export type ChannelKind = z.infer<typeof channelKindSchema>;

const uuid = z.uuid({ error: 'Mã không hợp lệ (invalid id)' });

export const channelSummarySchema = z.object({
  id: z.uuid(),
  kind: channelKindSchema,
  unitId: z.uuid().nullable(),
  name: z.string(),
  isReadOnly: z.boolean(),
  archived: z.boolean(),
  role: z.enum(['member', 'moderator']).nullable(),
  canModerate: z.boolean(),
  lastMessageSeq: z.number().int(),
  lastEventSeq: z.number().int(),
  lastReadSeq: z.number().int(),
  unread: z.number().int(),
  /** The other person of a direct channel. */
  peer: z.object({ id: z.uuid(), fullName: z.string() }).nullable(),
});
export type ChannelSummary = z.infer<typeof channelSummarySchema>;

export const channelListSchema = z.object({ items: z.array(channelSummarySchema) });

export const createChannelSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: 'Hãy đặt tên kênh (a channel needs a name)' })
    .max(200, { error: 'Tên kênh dài quá 200 ký tự (the name is longer than 200 characters)' }),
  isReadOnly: z.boolean().default(false),
  memberIds: z.array(uuid).max(500).default([]),
});
export const updateChannelSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  isReadOnly: z.boolean().optional(),
});
export const createDirectSchema = z.object({ staffId: uuid });
export const membersChangeSchema = z.object({
  staffIds: z.array(uuid).min(1).max(500),
  role: z.enum(['member', 'moderator']).default('member'),
});

export const channelMemberSchema = z.object({
  staffId: z.uuid(),
  fullName: z.string(),
  username: z.string(),
  unitId: z.uuid(),
  role: z.enum(['member', 'moderator']),
  source: z.enum(['hierarchy', 'manual']),
});
export const channelMemberListSchema = z.object({ items: z.array(channelMemberSchema) });

export const messageBodySchema = z
  .string()
  .max(MESSAGE_BODY_MAX, {
    error: `Tin nhắn dài quá ${MESSAGE_BODY_MAX} ký tự (the message is longer than ${MESSAGE_BODY_MAX} characters)`,
  })
  .refine((s) => s.trim().length > 0, { error: 'Tin nhắn trống (the message is empty)' });

export const postMessageSchema = z.object({
  body: messageBodySchema,
  threadRootId: uuid.optional(),
  mentionStaffIds: z.array(uuid).max(100).default([]),
  mentionUnitIds: z.array(uuid).max(100).default([]),
  documentIds: z.array(uuid).max(20).default([]),
  /** Tokens returned by POST /channels/:id/attachments (at most 5). */
  attachmentTokens: z
    .array(z.string().max(4000))
    .max(5, { error: 'Tối đa 5 tệp đính kèm mỗi tin nhắn (at most 5 attachments per message)' })
    .default([]),
});
export const editMessageSchema = z.object({ body: messageBodySchema });

export const messageSchema = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  seq: z.number().int(),
  author: z.object({ id: z.uuid(), fullName: z.string(), username: z.string() }),
  /** Plain text; '' once deleted. */
  body: z.string(),
  threadRootId: z.uuid().nullable(),
  replyCount: z.number().int(),
  mentionStaffIds: z.array(z.uuid()),
  mentionUnitIds: z.array(z.uuid()),
  documentIds: z.array(z.uuid()),
  /** Download: GET /api/messages/:id/attachments/:index. */
  attachments: z.array(z.object({ fileName: z.string(), contentType: z.string(), size: z.number().int() })),
  reactions: z.array(z.object({ emoji: z.string(), count: z.number().int(), mine: z.boolean() })),
  pinned: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
  editedAt: z.iso.datetime({ offset: true }).nullable(),
  deletedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type Message = z.infer<typeof messageSchema>;
export const messageListSchema = z.object({ items: z.array(messageSchema) });

export const messageListQuerySchema = z.object({
  before: z.coerce.number().int().min(1).optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Replies of one thread (otherwise top-level messages only). */
  threadRootId: uuid.optional(),
});

export const messageRevisionSchema = z.object({
  kind: z.enum(['edit', 'delete']),
  body: z.string(),
  actor: z.object({ id: z.uuid(), fullName: z.string() }),
  createdAt: z.iso.datetime({ offset: true }),
});
export const messageRevisionListSchema = z.object({ items: z.array(messageRevisionSchema) });

export const markReadSchema = z.object({ seq: z.number().int().min(0) });

export const messageSearchQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .min(2, { error: 'Từ khoá cần ít nhất 2 ký tự (at least 2 characters)' })
    .max(200, { error: 'Từ khoá dài quá 200 ký tự (the query is longer than 200 characters)' }),
  channelId: uuid.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const messageSearchResultSchema = z.object({
  items: z.array(messageSchema.extend({ channelName: z.string() })),
});

export const attachmentUploadSchema = z.object({
  token: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});
