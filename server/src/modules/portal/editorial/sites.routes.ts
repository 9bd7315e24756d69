import {
  createPortalCategorySchema,
  createPortalSiteSchema,
  portalCategoryListSchema,
  portalCategorySchema,
  portalSiteListSchema,
  portalSiteSchema,
  portalTagListSchema,
  updatePortalCategorySchema,
  updatePortalSiteSchema,
} from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../../platform/audit/index.ts';
import { actorOf, requires } from '../../../platform/policy/index.ts';
import { PORTAL_CATEGORY, PORTAL_SITE, PORTAL_TAG } from './scope.ts';
import type { SitesService } from './sites.service.ts';
import type { TaxonomyService } from './taxonomy.service.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['portal'];

/** Sites of units, their categories and tags (staff API, /api/portal/…). */
export function registerSitesRoutes(
  scope: FastifyInstance,
  deps: { sites: SitesService; taxonomy: TaxonomyService },
) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { sites, taxonomy } = deps;

  app.get(
    '/portal/sites',
    {
      config: { access: requires('portal.read') },
      schema: {
        operationId: 'listPortalSites',
        tags,
        description: 'The sites of units inside your portal.read scope.',
        response: { 200: portalSiteListSchema },
      },
    },
    async (request) => sites.list(actorOf(request)),
  );

  app.post(
    '/portal/sites',
    {
      config: { access: requires('portal.configure') },
      schema: {
        operationId: 'createPortalSite',
        tags,
        description:
          'One site per unit, the unit in your portal.configure scope. Duplicate unit, slug or host name: 409.',
        body: createPortalSiteSchema,
        response: { 201: portalSiteSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await sites.create(actorOf(request), request.body, auditContextOf(request))),
  );

  app.get(
    '/portal/sites/:id',
    {
      config: { access: requires('portal.read', PORTAL_SITE) },
      schema: { operationId: 'getPortalSite', tags, params: idParams, response: { 200: portalSiteSchema } },
    },
    async (request) => sites.get(request.params.id),
  );

  app.patch(
    '/portal/sites/:id',
    {
      config: { access: requires('portal.configure', PORTAL_SITE) },
      schema: {
        operationId: 'updatePortalSite',
        tags,
        description: 'Menu categories must be the site’s; the emblem an image of its library.',
        params: idParams,
        body: updatePortalSiteSchema,
        response: { 200: portalSiteSchema },
      },
    },
    async (request) => sites.update(request.params.id, request.body, auditContextOf(request)),
  );

  app.get(
    '/portal/sites/:id/categories',
    {
      config: { access: requires('portal.read', PORTAL_SITE) },
      schema: {
        operationId: 'listPortalCategories',
        tags,
        params: idParams,
        response: { 200: portalCategoryListSchema },
      },
    },
    async (request) => taxonomy.listCategories(request.params.id),
  );

  app.post(
    '/portal/sites/:id/categories',
    {
      config: { access: requires('portal.configure', PORTAL_SITE) },
      schema: {
        operationId: 'createPortalCategory',
        tags,
        description: 'Slug defaults to the name without diacritics; a slug taken on the site: 409.',
        params: idParams,
        body: createPortalCategorySchema,
        response: { 201: portalCategorySchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await taxonomy.createCategory(request.params.id, request.body, auditContextOf(request))),
  );

  app.patch(
    '/portal/categories/:id',
    {
      config: { access: requires('portal.configure', PORTAL_CATEGORY) },
      schema: {
        operationId: 'updatePortalCategory',
        tags,
        params: idParams,
        body: updatePortalCategorySchema,
        response: { 200: portalCategorySchema },
      },
    },
    async (request) => taxonomy.updateCategory(request.params.id, request.body, auditContextOf(request)),
  );

  app.delete(
    '/portal/categories/:id',
    {
      config: { access: requires('portal.configure', PORTAL_CATEGORY) },
      schema: {
        operationId: 'deletePortalCategory',
        tags,
        description: 'Its articles stay, without a category; its menu entry is removed.',
        params: idParams,
      },
    },
    async (request, reply) => {
      await taxonomy.deleteCategory(request.params.id, auditContextOf(request));
      return reply.code(204).send();
    },
  );

  app.get(
    '/portal/sites/:id/tags',
    {
      config: { access: requires('portal.read', PORTAL_SITE) },
      schema: {
        operationId: 'listPortalTags',
        tags,
        params: idParams,
        response: { 200: portalTagListSchema },
      },
    },
    async (request) => taxonomy.listTags(request.params.id),
  );

  app.delete(
    '/portal/tags/:id',
    {
      config: { access: requires('portal.configure', PORTAL_TAG) },
      schema: {
        operationId: 'deletePortalTag',
        tags,
        description: 'Removes the tag from every article of the site.',
        params: idParams,
      },
    },
    async (request, reply) => {
      await taxonomy.deleteTag(request.params.id, auditContextOf(request));
      return reply.code(204).send();
    },
  );
}
