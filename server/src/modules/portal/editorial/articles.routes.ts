import {
  createPortalArticleSchema,
  portalArticleListQuerySchema,
  portalArticleListSchema,
  portalArticleSchema,
  portalRevisionDiffQuerySchema,
  portalRevisionDiffSchema,
  portalRevisionListSchema,
  publishPortalArticleSchema,
  returnPortalArticleSchema,
  unpublishPortalArticleSchema,
  updatePortalArticleSchema,
} from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../../db/client.ts';
import { auditContextOf } from '../../../platform/audit/index.ts';
import { actorOf, requires } from '../../../platform/policy/index.ts';
import { diffArticleRevisions, listRevisions } from './articles.read.ts';
import type { ArticlesService } from './articles.service.ts';
import { PORTAL_ARTICLE } from './scope.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['portal'];
const emptyBody = z.object({}).optional();

/** Articles, their workflow and revisions (staff API, /api/portal/articles…). */
export function registerArticlesRoutes(
  scope: FastifyInstance,
  deps: { db: Database; articles: ArticlesService },
) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { db, articles } = deps;

  app.get(
    '/portal/articles',
    {
      config: { access: requires('portal.read') },
      schema: {
        operationId: 'listPortalArticles',
        tags,
        description:
          'Articles of the sites inside your portal.read scope, last changed first. `q`: diacritics optional.',
        querystring: portalArticleListQuerySchema,
        response: { 200: portalArticleListSchema },
      },
    },
    async (request) => articles.list(actorOf(request), request.query),
  );

  app.post(
    '/portal/articles',
    {
      config: { access: requires('portal.write') },
      schema: {
        operationId: 'createPortalArticle',
        tags,
        description:
          'A draft, version 1. The body is sanitised on save. An explicit slug already taken: 409; the automatic one gets -2, -3…',
        body: createPortalArticleSchema,
        response: { 201: portalArticleSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await articles.create(actorOf(request), request.body, auditContextOf(request))),
  );

  app.get(
    '/portal/articles/:id',
    {
      config: { access: requires('portal.read', PORTAL_ARTICLE) },
      schema: {
        operationId: 'getPortalArticle',
        tags,
        params: idParams,
        response: { 200: portalArticleSchema },
      },
    },
    async (request) => articles.get(request.params.id),
  );

  app.patch(
    '/portal/articles/:id',
    {
      config: { access: requires('portal.write', PORTAL_ARTICLE) },
      schema: {
        operationId: 'updatePortalArticle',
        tags,
        description:
          'Saves a new revision. Approved or scheduled: back to review. Published: a correction, needs portal.publish (403 otherwise).',
        params: idParams,
        body: updatePortalArticleSchema,
        response: { 200: portalArticleSchema },
      },
    },
    async (request) =>
      articles.update(actorOf(request), request.params.id, request.body, auditContextOf(request)),
  );

  const action = (
    path: string,
    operationId: string,
    permission: 'portal.write' | 'portal.approve' | 'portal.publish',
    description: string,
    body: z.ZodType<{ reason?: string; at?: string } | undefined>,
    run: 'submit' | 'approve' | 'return' | 'publish' | 'unpublish' | 'republish',
  ) =>
    app.post(
      `/portal/articles/:id/${path}`,
      {
        config: { access: requires(permission, PORTAL_ARTICLE) },
        schema: {
          operationId,
          tags,
          description,
          params: idParams,
          body,
          response: { 200: portalArticleSchema },
        },
      },
      async (request) =>
        articles.transition(
          actorOf(request),
          request.params.id,
          run,
          request.body ?? {},
          auditContextOf(request),
        ),
    );

  action('submit', 'submitPortalArticle', 'portal.write', 'Draft → review.', emptyBody, 'submit');
  action(
    'approve',
    'approvePortalArticle',
    'portal.approve',
    'Review → approved (the approver is recorded).',
    emptyBody,
    'approve',
  );
  action(
    'return',
    'returnPortalArticle',
    'portal.approve',
    'Review or approved → draft, with a reason.',
    returnPortalArticleSchema,
    'return',
  );
  action(
    'publish',
    'publishPortalArticle',
    'portal.publish',
    'Approved → published now, or scheduled when `at` is given (at least a minute ahead; 400 otherwise).',
    publishPortalArticleSchema,
    'publish',
  );
  action(
    'unpublish',
    'unpublishPortalArticle',
    'portal.publish',
    'Published or scheduled → unpublished, with a reason.',
    unpublishPortalArticleSchema,
    'unpublish',
  );
  action(
    'republish',
    'republishPortalArticle',
    'portal.publish',
    'Unpublished → published (the first publication date is kept).',
    emptyBody,
    'republish',
  );

  app.get(
    '/portal/articles/:id/revisions',
    {
      config: { access: requires('portal.read', PORTAL_ARTICLE) },
      schema: {
        operationId: 'listPortalArticleRevisions',
        tags,
        description: 'Every saved version, newest first.',
        params: idParams,
        response: { 200: portalRevisionListSchema },
      },
    },
    async (request) => listRevisions(db, request.params.id),
  );

  app.get(
    '/portal/articles/:id/revisions/diff',
    {
      config: { access: requires('portal.read', PORTAL_ARTICLE) },
      schema: {
        operationId: 'diffPortalArticleRevisions',
        tags,
        description: 'Word diff of title, summary and body text between versions `from` and `to`.',
        params: idParams,
        querystring: portalRevisionDiffQuerySchema,
        response: { 200: portalRevisionDiffSchema },
      },
    },
    async (request) => diffArticleRevisions(db, request.params.id, request.query.from, request.query.to),
  );
}
