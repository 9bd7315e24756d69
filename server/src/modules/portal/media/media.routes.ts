import {
  embedPortalMediaSchema,
  portalMediaListQuerySchema,
  portalMediaListSchema,
  portalMediaSchema,
  portalMediaSiteParamsSchema,
  updatePortalMediaSchema,
  uploadPortalMediaQuerySchema,
} from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../../platform/audit/index.ts';
import { uploadedFile } from '../../../platform/http/index.ts';
import { actorOf, requires } from '../../../platform/policy/index.ts';
import type { MediaService } from './media.service.ts';

/** Resource kind of a library item: its site's unit (registered in index.ts). */
export const PORTAL_MEDIA = 'portal_media';

const tags = ['portal-media'];
const idParams = z.object({ id: z.uuid() });

/**
 * The media library (/api/portal/…). Routes naming a site check its unit against the actor's
 * scope in the service (404 outside it); routes naming an item go through the `portal_media`
 * resource kind.
 */
export function registerMediaRoutes(scope: FastifyInstance, media: MediaService) {
  const app = scope.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/portal/sites/:siteId/media',
    {
      config: { access: requires('portal.write') },
      schema: {
        operationId: 'uploadPortalMedia',
        tags,
        description:
          'One file (multipart/form-data, ≤ 10 MB), recognised by content: an image (JPEG, PNG, WebP, AVIF, GIF; ' +
          '≤ 40 megapixels) is turned upright, stripped of metadata and resized to WebP/AVIF/JPEG renditions; ' +
          'a PDF, DOCX or XLSX becomes an attachment. Alt text and caption go in the query string.',
        params: portalMediaSiteParamsSchema,
        querystring: uploadPortalMediaQuerySchema,
        response: { 201: portalMediaSchema },
      },
    },
    async (request, reply) => {
      const file = await uploadedFile(request);
      const created = await media.upload(
        actorOf(request),
        auditContextOf(request),
        request.params.siteId,
        file,
        request.query,
      );
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/portal/sites/:siteId/media/embed',
    {
      config: { access: requires('portal.write') },
      schema: {
        operationId: 'embedPortalVideo',
        tags,
        description:
          'A video embedded by its URL: YouTube (watch, youtu.be, shorts, embed) through youtube-nocookie.com, ' +
          'or a Facebook video (page videos, watch, fb.watch) through the video plugin. Anything else → 400.',
        params: portalMediaSiteParamsSchema,
        body: embedPortalMediaSchema,
        response: { 201: portalMediaSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await media.embed(actorOf(request), auditContextOf(request), request.params.siteId, request.body),
        ),
  );

  app.get(
    '/portal/sites/:siteId/media',
    {
      config: { access: requires('portal.read') },
      schema: {
        operationId: 'listPortalMedia',
        tags,
        description:
          "The site's library, newest first. `q`: words of the file name, alt text or caption, diacritics optional.",
        params: portalMediaSiteParamsSchema,
        querystring: portalMediaListQuerySchema,
        response: { 200: portalMediaListSchema },
      },
    },
    async (request) => media.list(actorOf(request), request.params.siteId, request.query),
  );

  app.patch(
    '/portal/media/:id',
    {
      config: { access: requires('portal.write', PORTAL_MEDIA) },
      schema: {
        operationId: 'updatePortalMedia',
        tags,
        description: 'Changes the alt text and/or the caption of a library item.',
        params: idParams,
        body: updatePortalMediaSchema,
        response: { 200: portalMediaSchema },
      },
    },
    async (request) => media.update(request.params.id, request.body),
  );

  app.delete(
    '/portal/media/:id',
    {
      config: { access: requires('portal.write', PORTAL_MEDIA) },
      schema: {
        operationId: 'deletePortalMedia',
        tags,
        description: "Removes a library item; 409 while it is an article's cover or the site's emblem.",
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await media.remove(auditContextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
