import {
  assignRoleRequestSchema,
  createRoleRequestSchema,
  roleAssignmentSchema,
  roleIdParamsSchema,
  roleSchema,
  updateRoleRequestSchema,
} from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/index.ts';
import { actorOf, requires } from '../../platform/policy/index.ts';
import type { RolesService } from './roles.service.ts';

const tags = ['roles'];
const staffParams = z.object({ id: z.uuid() });

export function registerRoleRoutes(scope: FastifyInstance, roles: RolesService) {
  const app = scope.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/roles',
    {
      config: { access: requires('roles.read') },
      schema: { operationId: 'listRoles', tags, response: { 200: z.array(roleSchema) } },
    },
    async () => roles.list(),
  );

  app.post(
    '/roles',
    {
      config: { access: requires('roles.manage') },
      schema: {
        operationId: 'createRole',
        tags,
        body: createRoleRequestSchema,
        response: { 201: roleSchema },
      },
    },
    async (request, reply) => {
      const created = await roles.create(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/roles/:id',
    {
      config: { access: requires('roles.manage') },
      schema: {
        operationId: 'updateRole',
        tags,
        description: 'Changes names, permissions or the two-factor requirement; the id never changes.',
        params: roleIdParamsSchema,
        body: updateRoleRequestSchema,
        response: { 200: roleSchema },
      },
    },
    async (request) =>
      roles.update(actorOf(request), request.params.id, request.body, auditContextOf(request)),
  );

  app.get(
    '/identity/staff/:id/roles',
    {
      config: { access: requires('roles.read', 'staff', 'id') },
      schema: {
        operationId: 'listStaffRoles',
        tags,
        params: staffParams,
        response: { 200: z.array(roleAssignmentSchema) },
      },
    },
    async (request) => roles.assignmentsOf(actorOf(request), request.params.id),
  );

  app.post(
    '/identity/staff/:id/roles',
    {
      config: { access: requires('roles.assign', 'staff', 'id') },
      schema: {
        operationId: 'assignRole',
        tags,
        params: staffParams,
        body: assignRoleRequestSchema,
        response: { 201: roleAssignmentSchema },
      },
    },
    async (request, reply) => {
      const created = await roles.assign(
        actorOf(request),
        request.params.id,
        request.body,
        auditContextOf(request),
      );
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/identity/staff/:id/roles/:assignmentId',
    {
      config: { access: requires('roles.assign', 'staff', 'id') },
      schema: {
        operationId: 'unassignRole',
        tags,
        params: z.object({ id: z.uuid(), assignmentId: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await roles.unassign(
        actorOf(request),
        request.params.id,
        request.params.assignmentId,
        auditContextOf(request),
      );
      return reply.status(204).send(null);
    },
  );
}
