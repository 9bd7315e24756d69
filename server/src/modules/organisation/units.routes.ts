import {
  createUnitSchema,
  idParamsSchema,
  nameAtQuerySchema,
  reorganisationPreviewSchema,
  reorganisationRequestSchema,
  reorganisationResultSchema,
  unitDetailSchema,
  unitLevelSchema,
  unitListQuerySchema,
  unitListSchema,
  unitNameAtSchema,
  unitTreeQuerySchema,
  unitTreeSchema,
  updateUnitLevelSchema,
  updateUnitSchema,
} from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/index.ts';
import { actorOf, requires } from '../../platform/policy/index.ts';
import type { ReorganisationService } from './reorganisation.service.ts';
import type { UnitsService } from './units.service.ts';

const tags = ['units'];

export function registerUnitRoutes(
  scope: FastifyInstance,
  deps: { units: UnitsService; reorganisations: ReorganisationService },
) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { units, reorganisations } = deps;

  app.get(
    '/unit-levels',
    {
      config: { access: requires('units.read') },
      schema: { operationId: 'listUnitLevels', tags, response: { 200: z.array(unitLevelSchema) } },
    },
    async () => units.listLevels(),
  );

  app.patch(
    '/unit-levels/:id',
    {
      config: { access: requires('unit_levels.manage') },
      schema: {
        operationId: 'updateUnitLevel',
        tags,
        params: z.object({ id: z.string().min(1).max(50) }),
        body: updateUnitLevelSchema,
        response: { 200: unitLevelSchema },
      },
    },
    async (request) => units.updateLevel(request.params.id, request.body, auditContextOf(request)),
  );

  app.get(
    '/units',
    {
      config: { access: requires('units.read') },
      schema: {
        operationId: 'listUnits',
        tags,
        querystring: unitListQuerySchema,
        response: { 200: unitListSchema },
      },
    },
    async (request) => units.list(actorOf(request), request.query),
  );

  app.get(
    '/units/tree',
    {
      config: { access: requires('units.read') },
      schema: {
        operationId: 'unitTree',
        tags,
        querystring: unitTreeQuerySchema,
        response: { 200: unitTreeSchema },
      },
    },
    async (request) => units.tree(actorOf(request), request.query),
  );

  app.get(
    '/units/:id',
    {
      config: { access: requires('units.read', 'unit', 'id') },
      schema: { operationId: 'getUnit', tags, params: idParamsSchema, response: { 200: unitDetailSchema } },
    },
    async (request) => units.get(request.params.id),
  );

  app.get(
    '/units/:id/name-at',
    {
      config: { access: requires('units.read', 'unit', 'id') },
      schema: {
        operationId: 'unitNameAt',
        tags,
        params: idParamsSchema,
        querystring: nameAtQuerySchema,
        response: { 200: unitNameAtSchema },
      },
    },
    async (request) => units.nameAt(request.params.id, request.query.date),
  );

  app.post(
    '/units',
    {
      config: { access: requires('units.manage') },
      schema: {
        operationId: 'createUnit',
        tags,
        body: createUnitSchema,
        response: { 201: unitDetailSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await units.create(actorOf(request), request.body, auditContextOf(request))),
  );

  app.patch(
    '/units/:id',
    {
      config: { access: requires('units.manage', 'unit', 'id') },
      schema: {
        operationId: 'updateUnit',
        tags,
        params: idParamsSchema,
        body: updateUnitSchema,
        response: { 200: unitDetailSchema },
      },
    },
    async (request) => units.update(request.params.id, request.body, auditContextOf(request)),
  );

  app.post(
    '/units/reorganisations/preview',
    {
      config: { access: requires('units.reorganise') },
      schema: {
        operationId: 'previewReorganisation',
        tags,
        body: reorganisationRequestSchema,
        response: { 200: reorganisationPreviewSchema },
      },
    },
    async (request) => reorganisations.preview(actorOf(request), request.body),
  );

  app.post(
    '/units/reorganisations',
    {
      config: { access: requires('units.reorganise') },
      schema: {
        operationId: 'applyReorganisation',
        tags,
        body: reorganisationRequestSchema,
        response: { 201: reorganisationResultSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await reorganisations.apply(actorOf(request), request.body, auditContextOf(request))),
  );
}
