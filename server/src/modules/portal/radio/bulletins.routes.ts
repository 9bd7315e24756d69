import {
  createPortalBulletinSchema,
  portalBulletinListSchema,
  portalBulletinSchema,
  ttsStatusSchema,
  updatePortalBulletinSchema,
} from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../../platform/audit/index.ts';
import { actorOf, requires, signedIn } from '../../../platform/policy/index.ts';
import type { BulletinsService } from './bulletins.service.ts';

/** Resource kind of a bulletin: its site's unit (registered in index.ts). */
export const PORTAL_BULLETIN = 'portal_bulletin';

const tags = ['portal-radio'];
const idParams = z.object({ id: z.uuid() });

/**
 * Radio bulletins (/api/portal/…). Routes naming a site check its unit in the service (404
 * outside the caller's scope); routes naming a bulletin go through the `portal_bulletin` kind.
 */
export function registerBulletinsRoutes(scope: FastifyInstance, bulletins: BulletinsService) {
  const app = scope.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/portal/tts-status',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'getPortalTtsStatus',
        tags,
        description:
          'Whether the server can read bulletins aloud: espeak-ng with its Vietnamese voice, and oggenc (Ogg) ' +
          'or lame (MP3). `message` says in Vietnamese what the administrator must install when missing.',
        response: { 200: ttsStatusSchema },
      },
    },
    async () => bulletins.status(),
  );

  app.get(
    '/portal/sites/:id/bulletins',
    {
      config: { access: requires('portal.read') },
      schema: {
        operationId: 'listPortalBulletins',
        tags,
        description: "The site's radio bulletins, newest first.",
        params: idParams,
        response: { 200: portalBulletinListSchema },
      },
    },
    async (request) => bulletins.list(actorOf(request), request.params.id),
  );

  app.post(
    '/portal/sites/:id/bulletins',
    {
      config: { access: requires('portal.publish') },
      schema: {
        operationId: 'createPortalBulletin',
        tags,
        description:
          'A draft bulletin from 1–10 published articles of the site or of the sites of units below it: ' +
          'the script (opening with the unit and date, each article cut at a sentence near 1,500 characters, ' +
          'a closing) is composed and can be edited before the audio is produced.',
        params: idParams,
        body: createPortalBulletinSchema,
        response: { 201: portalBulletinSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await bulletins.create(actorOf(request), auditContextOf(request), request.params.id, request.body),
        ),
  );

  app.get(
    '/portal/bulletins/:id',
    {
      config: { access: requires('portal.read', PORTAL_BULLETIN) },
      schema: {
        operationId: 'getPortalBulletin',
        tags,
        description: 'One bulletin with its script.',
        params: idParams,
        response: { 200: portalBulletinSchema },
      },
    },
    async (request) => bulletins.get(request.params.id),
  );

  app.patch(
    '/portal/bulletins/:id',
    {
      config: { access: requires('portal.publish', PORTAL_BULLETIN) },
      schema: {
        operationId: 'updatePortalBulletin',
        tags,
        description: 'Title, script (≤ 20,000 characters) and format, while draft or failed; 409 once ready.',
        params: idParams,
        body: updatePortalBulletinSchema,
        response: { 200: portalBulletinSchema },
      },
    },
    async (request) => bulletins.update(auditContextOf(request), request.params.id, request.body),
  );

  app.post(
    '/portal/bulletins/:id/produce',
    {
      config: { access: requires('portal.publish', PORTAL_BULLETIN) },
      schema: {
        operationId: 'producePortalBulletin',
        tags,
        description:
          'Reads the script with Vietnamese text-to-speech and stores the audio (a few seconds; about 10 s for ' +
          '20,000 characters): ready, or failed with the error. 503 with a Vietnamese message, nothing changed, ' +
          'when the engine is not installed.',
        params: idParams,
        response: { 200: portalBulletinSchema },
      },
    },
    async (request) => bulletins.produce(auditContextOf(request), request.params.id),
  );

  app.delete(
    '/portal/bulletins/:id',
    {
      config: { access: requires('portal.publish', PORTAL_BULLETIN) },
      schema: {
        operationId: 'deletePortalBulletin',
        tags,
        description: 'Removes a draft or failed bulletin; 409 once its audio is ready (it may be in feeds).',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await bulletins.remove(auditContextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
