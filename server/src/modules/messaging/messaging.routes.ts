import { createHash } from 'node:crypto';
import {
  attachmentUploadSchema,
  channelListSchema,
  channelMemberListSchema,
  channelSummarySchema,
  createChannelSchema,
  createDirectSchema,
  editMessageSchema,
  markReadSchema,
  membersChangeSchema,
  messageListQuerySchema,
  messageListSchema,
  messageRevisionListSchema,
  messageSchema,
  messageSearchQuerySchema,
  messageSearchResultSchema,
  postMessageSchema,
  updateChannelSchema,
} from '@mts/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { uploadedFile } from '../../platform/http/index.ts';
import { actorOf, signedIn } from '../../platform/policy/index.ts';
import type { MessagingService } from './messaging.service.ts';

const tags = ['messaging'];
const channelParams = z.object({ id: z.string() });
const messageParams = z.object({ messageId: z.string() });
const reactionParams = z.object({ messageId: z.string(), emoji: z.string().max(16) });
const memberParams = z.object({ id: z.string(), staffId: z.uuid() });
const ok = z.object({ ok: z.literal(true) });

/** Posting is limited per person and channel (flooding one channel does not block the others). */
export const POST_RATE_LIMIT = { max: 20, timeWindow: 10_000 };
// A message is at most 4,000 characters; a request far beyond that is refused before parsing.
const POST_BODY_LIMIT = 64 * 1024;

function postKey(request: FastifyRequest) {
  const credential = request.headers.authorization ?? request.cookies?.mts_session ?? request.ip;
  const channel = (request.params as { id?: string }).id ?? '';
  return `msg:${createHash('sha256').update(credential).digest('base64url')}:${channel}`;
}

/** /api/channels and /api/messages: every route for signed-in staff; membership is checked inside (404 otherwise). */
export function registerMessagingRoutes(fastify: FastifyInstance, messaging: MessagingService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const config = { access: signedIn };

  app.get(
    '/channels',
    {
      config,
      schema: {
        operationId: 'listChannels',
        tags,
        querystring: z.object({ archived: z.stringbool().default(false) }),
        response: { 200: channelListSchema },
      },
    },
    (request) => messaging.listChannels(actorOf(request), { archived: request.query.archived }),
  );
  app.post(
    '/channels',
    {
      config: { access: { permission: 'channels.moderate' } },
      schema: {
        operationId: 'createChannel',
        tags,
        body: createChannelSchema,
        response: { 201: z.object({ id: z.uuid() }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await messaging.createChannel(actorOf(request), request.body)),
  );
  app.post(
    '/channels/direct',
    {
      config,
      schema: {
        operationId: 'openDirectChannel',
        tags,
        body: createDirectSchema,
        response: { 200: z.object({ id: z.uuid(), created: z.boolean() }) },
      },
    },
    (request) => messaging.openDirect(actorOf(request), request.body.staffId),
  );
  app.get(
    '/channels/:id',
    {
      config,
      schema: {
        operationId: 'getChannel',
        tags,
        params: channelParams,
        response: { 200: channelSummarySchema },
      },
    },
    (request) => messaging.getChannel(actorOf(request), request.params.id),
  );
  app.patch(
    '/channels/:id',
    {
      config,
      schema: {
        operationId: 'updateChannel',
        tags,
        params: channelParams,
        body: updateChannelSchema,
        response: { 200: channelSummarySchema },
      },
    },
    (request) => messaging.updateChannel(actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/channels/:id/members',
    {
      config,
      schema: {
        operationId: 'listChannelMembers',
        tags,
        params: channelParams,
        response: { 200: channelMemberListSchema },
      },
    },
    (request) => messaging.listMembers(actorOf(request), request.params.id),
  );
  app.post(
    '/channels/:id/members',
    {
      config,
      schema: {
        operationId: 'addChannelMembers',
        tags,
        params: channelParams,
        body: membersChangeSchema,
        response: { 200: ok },
      },
    },
    async (request) => {
      await messaging.addMembers(
        actorOf(request),
        request.params.id,
        request.body.staffIds,
        request.body.role,
      );
      return { ok: true as const };
    },
  );
  app.delete(
    '/channels/:id/members/:staffId',
    {
      config,
      schema: { operationId: 'removeChannelMember', tags, params: memberParams, response: { 200: ok } },
    },
    async (request) => {
      await messaging.removeMember(actorOf(request), request.params.id, request.params.staffId);
      return { ok: true as const };
    },
  );
  app.get(
    '/channels/:id/messages',
    {
      config,
      schema: {
        operationId: 'listMessages',
        tags,
        params: channelParams,
        querystring: messageListQuerySchema,
        response: { 200: messageListSchema },
      },
    },
    (request) => messaging.listMessages(actorOf(request), request.params.id, request.query),
  );
  app.post(
    '/channels/:id/messages',
    {
      config: { access: signedIn, rateLimit: { ...POST_RATE_LIMIT, keyGenerator: postKey } },
      bodyLimit: POST_BODY_LIMIT,
      schema: {
        operationId: 'postMessage',
        tags,
        description:
          'Posts a plain-text message (HTML is kept as text; clients escape it). Mentions: `@username` and ' +
          '`@unit:<code>` in the body, and/or `mentionStaffIds` / `mentionUnitIds`. `threadRootId` replies in a thread.',
        params: channelParams,
        body: postMessageSchema,
        response: { 201: messageSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await messaging.post(actorOf(request), request.params.id, request.body)),
  );
  app.post(
    '/channels/:id/attachments',
    {
      config: { access: signedIn, rateLimit: { ...POST_RATE_LIMIT, keyGenerator: postKey } },
      schema: {
        operationId: 'uploadMessageAttachment',
        tags,
        description:
          'One file (multipart/form-data, ≤ 10 MB; PDF, JPEG, PNG, DOCX, XLSX recognised by content). ' +
          'Answers a token to pass in `attachmentTokens` when posting to the same channel.',
        params: channelParams,
        response: { 201: attachmentUploadSchema },
      },
    },
    async (request, reply) => {
      const file = await uploadedFile(request);
      return reply
        .status(201)
        .send(await messaging.upload(actorOf(request), request.params.id, file.fileName, file.bytes));
    },
  );
  app.get(
    '/messages/:messageId/attachments/:index',
    {
      config,
      schema: {
        operationId: 'downloadMessageAttachment',
        tags,
        params: z.object({ messageId: z.string(), index: z.coerce.number().int().min(0).max(9) }),
      },
    },
    async (request, reply) => {
      const { ref, bytes } = await messaging.download(
        actorOf(request),
        request.params.messageId,
        request.params.index,
      );
      return reply
        .header('content-type', ref.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(ref.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  );
  app.get(
    '/channels/:id/pins',
    {
      config,
      schema: {
        operationId: 'listPinnedMessages',
        tags,
        params: channelParams,
        response: { 200: messageListSchema },
      },
    },
    (request) => messaging.pins(actorOf(request), request.params.id),
  );
  app.post(
    '/channels/:id/read',
    {
      config,
      schema: {
        operationId: 'markChannelRead',
        tags,
        params: channelParams,
        body: markReadSchema,
        response: { 200: z.object({ lastReadSeq: z.number().int(), unread: z.number().int() }) },
      },
    },
    (request) => messaging.markRead(actorOf(request), request.params.id, request.body.seq),
  );
  app.get(
    '/messages/search',
    {
      config,
      schema: {
        operationId: 'searchMessages',
        tags,
        querystring: messageSearchQuerySchema,
        response: { 200: messageSearchResultSchema },
      },
    },
    (request) => messaging.search(actorOf(request), request.query),
  );
  app.patch(
    '/messages/:messageId',
    {
      config,
      bodyLimit: POST_BODY_LIMIT,
      schema: {
        operationId: 'editMessage',
        tags,
        params: messageParams,
        body: editMessageSchema,
        response: { 200: messageSchema },
      },
    },
    (request) => messaging.edit(actorOf(request), request.params.messageId, request.body.body),
  );
  app.delete(
    '/messages/:messageId',
    {
      config,
      schema: { operationId: 'deleteMessage', tags, params: messageParams, response: { 200: ok } },
    },
    async (request) => {
      await messaging.remove(actorOf(request), request.params.messageId);
      return { ok: true as const };
    },
  );
  app.get(
    '/messages/:messageId/revisions',
    {
      config,
      schema: {
        operationId: 'listMessageRevisions',
        tags,
        params: messageParams,
        response: { 200: messageRevisionListSchema },
      },
    },
    (request) => messaging.revisions(actorOf(request), request.params.messageId),
  );
  app.put(
    '/messages/:messageId/reactions/:emoji',
    {
      config,
      schema: { operationId: 'addReaction', tags, params: reactionParams, response: { 200: messageSchema } },
    },
    (request) => messaging.react(actorOf(request), request.params.messageId, request.params.emoji, true),
  );
  app.delete(
    '/messages/:messageId/reactions/:emoji',
    {
      config,
      schema: {
        operationId: 'removeReaction',
        tags,
        params: reactionParams,
        response: { 200: messageSchema },
      },
    },
    (request) => messaging.react(actorOf(request), request.params.messageId, request.params.emoji, false),
  );
  app.put(
    '/messages/:messageId/pin',
    {
      config,
      schema: { operationId: 'pinMessage', tags, params: messageParams, response: { 200: messageSchema } },
    },
    (request) => messaging.pin(actorOf(request), request.params.messageId, true),
  );
  app.delete(
    '/messages/:messageId/pin',
    {
      config,
      schema: { operationId: 'unpinMessage', tags, params: messageParams, response: { 200: messageSchema } },
    },
    (request) => messaging.pin(actorOf(request), request.params.messageId, false),
  );
}
