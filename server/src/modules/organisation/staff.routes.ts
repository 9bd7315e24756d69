import {
  createStaffSchema,
  createTrainingSchema,
  idParamsSchema,
  staffDetailSchema,
  staffListQuerySchema,
  staffListSchema,
  trainingSchema,
  updateStaffSchema,
} from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/index.ts';
import { actorOf, requires } from '../../platform/policy/index.ts';
import type { StaffService } from './staff.service.ts';

const tags = ['staff'];

export function registerStaffRoutes(scope: FastifyInstance, deps: { staff: StaffService }) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { staff } = deps;

  app.get(
    '/staff',
    {
      config: { access: requires('staff.read') },
      schema: {
        operationId: 'listStaff',
        tags,
        querystring: staffListQuerySchema,
        response: { 200: staffListSchema },
      },
    },
    async (request) => staff.list(actorOf(request), request.query),
  );

  app.get(
    '/staff/:id',
    {
      config: { access: requires('staff.read', 'staff', 'id') },
      schema: { operationId: 'getStaff', tags, params: idParamsSchema, response: { 200: staffDetailSchema } },
    },
    async (request) => staff.get(request.params.id),
  );

  app.post(
    '/staff',
    {
      config: { access: requires('staff.manage') },
      schema: {
        operationId: 'createStaff',
        tags,
        body: createStaffSchema,
        response: { 201: staffDetailSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await staff.create(actorOf(request), request.body, auditContextOf(request))),
  );

  app.patch(
    '/staff/:id',
    {
      config: { access: requires('staff.manage', 'staff', 'id') },
      schema: {
        operationId: 'updateStaff',
        tags,
        params: idParamsSchema,
        body: updateStaffSchema,
        response: { 200: staffDetailSchema },
      },
    },
    async (request) =>
      staff.update(actorOf(request), request.params.id, request.body, auditContextOf(request)),
  );

  app.get(
    '/staff/:id/training',
    {
      config: { access: requires('staff.read', 'staff', 'id') },
      schema: {
        operationId: 'listStaffTraining',
        tags,
        params: idParamsSchema,
        response: { 200: z.array(trainingSchema) },
      },
    },
    async (request) => staff.trainings(request.params.id),
  );

  app.post(
    '/staff/:id/training',
    {
      config: { access: requires('staff.manage', 'staff', 'id') },
      schema: {
        operationId: 'addStaffTraining',
        tags,
        params: idParamsSchema,
        body: createTrainingSchema,
        response: { 201: trainingSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await staff.addTraining(request.params.id, request.body, auditContextOf(request))),
  );
}
