import {
  portalChannelKindSchema,
  portalChannelListSchema,
  portalChannelSchema,
  portalCrosspostListSchema,
  putPortalChannelSchema,
} from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../../platform/audit/index.ts';
import { requires } from '../../../platform/policy/index.ts';
import type { ChannelsService } from './channels.service.ts';

// Resource kinds registered by the editorial setup (a site by its unit, an article by its site's).
const PORTAL_SITE = 'portal_site';
const PORTAL_ARTICLE = 'portal_article';
/** Resource kind of a cross-post (through its article's site's unit), for the retry route. */
export const PORTAL_CROSSPOST = 'portal_crosspost';

const idParams = z.object({ id: z.uuid() });
const channelParams = z.object({ id: z.uuid(), kind: portalChannelKindSchema });
const tags = ['portal'];

/** Cross-posting channels of a site and the posts' status (staff API, /api/portal/…). */
export function registerChannelsRoutes(scope: FastifyInstance, channels: ChannelsService) {
  const app = scope.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/portal/sites/:id/channels',
    {
      config: { access: requires('portal.configure', PORTAL_SITE) },
      schema: {
        operationId: 'listPortalChannels',
        tags,
        description: 'The site’s Facebook Page and Zalo OA; tokens shown by their last 4 characters only.',
        params: idParams,
        response: { 200: portalChannelListSchema },
      },
    },
    async (request) => channels.list(request.params.id),
  );

  app.put(
    '/portal/sites/:id/channels/:kind',
    {
      config: { access: requires('portal.configure', PORTAL_SITE) },
      schema: {
        operationId: 'putPortalChannel',
        tags,
        description:
          'Creates or edits the channel. A new channel needs `accessToken`; omitted on an edit, the stored one is kept. Articles published from now on are cross-posted.',
        params: channelParams,
        body: putPortalChannelSchema,
        response: { 200: portalChannelSchema },
      },
    },
    async (request) =>
      channels.put(request.params.id, request.params.kind, request.body, auditContextOf(request)),
  );

  app.delete(
    '/portal/sites/:id/channels/:kind',
    {
      config: { access: requires('portal.configure', PORTAL_SITE) },
      schema: {
        operationId: 'deletePortalChannel',
        tags,
        description: 'Removes the channel and the status of its posts (posts already on the network stay).',
        params: channelParams,
      },
    },
    async (request, reply) => {
      await channels.remove(request.params.id, request.params.kind, auditContextOf(request));
      return reply.code(204).send();
    },
  );

  app.get(
    '/portal/articles/:id/crossposts',
    {
      config: { access: requires('portal.read', PORTAL_ARTICLE) },
      schema: {
        operationId: 'listPortalCrossposts',
        tags,
        description:
          'Per channel: status, attempts, the last error in Vietnamese, the post id, when sent or next tried.',
        params: idParams,
        response: { 200: portalCrosspostListSchema },
      },
    },
    async (request) => channels.crossposts(request.params.id),
  );

  app.post(
    '/portal/crossposts/:id/retry',
    {
      config: { access: requires('portal.publish', PORTAL_CROSSPOST) },
      schema: {
        operationId: 'retryPortalCrosspost',
        tags,
        description: 'A failed post is queued again now (409 otherwise).',
        params: idParams,
      },
    },
    async (request, reply) => {
      await channels.retry(request.params.id, auditContextOf(request));
      return reply.code(204).send();
    },
  );
}
