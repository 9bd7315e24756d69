import {
  cancelVoterSessionSchema,
  createVoterSessionSchema,
  linkSessionPetitionsSchema,
  raisedSessionPetitionSchema,
  raiseSessionPetitionSchema,
  updateVoterSessionSchema,
  voterSessionAttendanceSchema,
  voterSessionDetailSchema,
  voterSessionInvitationsSchema,
  voterSessionListQuerySchema,
  voterSessionListSchema,
  voterSessionMinutesSchema,
  voterSessionPetitionListSchema,
} from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../../platform/audit/index.ts';
import { actorOf, requires } from '../../../platform/policy/index.ts';
import { sessionIcs } from './invitation-ics.ts';
import { sessionReportDocx, sessionReportPdf, sessionReportXlsx } from './report.ts';
import type { SessionsService } from './sessions.service.ts';

const tags = ['voter-sessions'];
const SESSION = 'petition_session';
const idParams = z.object({ id: z.uuid() });
const manage = requires('petitions.sessions', SESSION);
const view = requires('petitions.read', SESSION);

const reportTypes = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/**
 * Voter-contact sessions (tiếp xúc cử tri) under /api/voter-sessions: plan, notify the standing
 * board and the invitees, attendance, minutes, petitions raised, the summary report.
 * petitions.sessions manages, petitions.read views; both within the organising unit's subtree.
 */
export function registerSessionRoutes(
  scope: FastifyInstance,
  deps: { service: SessionsService; host: string },
) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { service } = deps;

  app.post(
    '/voter-sessions',
    {
      config: { access: requires('petitions.sessions') },
      schema: {
        operationId: 'planVoterSession',
        tags,
        description:
          'Plans a session. `warnings` carries NOTICE_LATE when it is fewer than three working days away (the standing board should be notified at least three working days ahead, NQLT 72/2025 Art. 32): planned anyway.',
        body: createVoterSessionSchema,
        response: { 201: voterSessionDetailSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.create(actorOf(request), request.body, auditContextOf(request))),
  );

  app.get(
    '/voter-sessions',
    {
      config: { access: requires('petitions.read') },
      schema: {
        operationId: 'listVoterSessions',
        tags,
        querystring: voterSessionListQuerySchema,
        response: { 200: voterSessionListSchema },
      },
    },
    async (request) => service.list(actorOf(request), request.query),
  );

  app.get(
    '/voter-sessions/:id',
    {
      config: { access: view },
      schema: {
        operationId: 'getVoterSession',
        tags,
        params: idParams,
        response: { 200: voterSessionDetailSchema },
      },
    },
    async (request) => service.detail(actorOf(request), request.params.id),
  );

  app.patch(
    '/voter-sessions/:id',
    {
      config: { access: manage },
      schema: {
        operationId: 'updateVoterSession',
        tags,
        description:
          'Changes a planned session. Changing time, mode, place or link after the notice clears it: notify again.',
        params: idParams,
        body: updateVoterSessionSchema,
        response: { 200: voterSessionDetailSchema },
      },
    },
    async (request) =>
      service.update(actorOf(request), request.params.id, request.body, auditContextOf(request)),
  );

  app.delete(
    '/voter-sessions/:id',
    {
      config: { access: manage },
      schema: {
        operationId: 'deleteVoterSession',
        tags,
        description:
          'Only a planned session never announced and without petitions; otherwise cancel it (409).',
        params: idParams,
      },
    },
    async (request, reply) => {
      await service.remove(request.params.id, auditContextOf(request));
      return reply.code(204).send();
    },
  );

  app.put(
    '/voter-sessions/:id/invitations',
    {
      config: { access: manage },
      schema: {
        operationId: 'setVoterSessionInvitations',
        tags,
        description:
          'Replaces the invitation list (units, staff, agencies/delegates, outside people); invitations already sent to those still listed stay sent.',
        params: idParams,
        body: voterSessionInvitationsSchema,
        response: { 200: voterSessionDetailSchema },
      },
    },
    async (request) =>
      service.setInvitations(
        actorOf(request),
        request.params.id,
        request.body.invitees,
        auditContextOf(request),
      ),
  );

  app.post(
    '/voter-sessions/:id/notify',
    {
      config: { access: manage },
      schema: {
        operationId: 'notifyVoterSession',
        tags,
        description:
          "Notifies the organising committee's standing board (its leaders) and sends the invitations not sent yet; records notified_at. Late (fewer than three working days ahead): sent anyway, urgent, with a NOTICE_LATE warning.",
        params: idParams,
        response: { 200: voterSessionDetailSchema },
      },
    },
    async (request) => service.notify(actorOf(request), request.params.id, auditContextOf(request)),
  );

  app.put(
    '/voter-sessions/:id/attendance',
    {
      config: { access: manage },
      schema: {
        operationId: 'recordVoterSessionAttendance',
        tags,
        description:
          'Once the session has started: voters counted (optionally named), delegates present. planned → held.',
        params: idParams,
        body: voterSessionAttendanceSchema,
        response: { 200: voterSessionDetailSchema },
      },
    },
    async (request) =>
      service.recordAttendance(actorOf(request), request.params.id, request.body, auditContextOf(request)),
  );

  app.put(
    '/voter-sessions/:id/minutes',
    {
      config: { access: manage },
      schema: {
        operationId: 'writeVoterSessionMinutes',
        tags,
        description: 'The minutes (biên bản): held → minutes_done; later corrections are audited.',
        params: idParams,
        body: voterSessionMinutesSchema,
        response: { 200: voterSessionDetailSchema },
      },
    },
    async (request) =>
      service.writeMinutes(actorOf(request), request.params.id, request.body, auditContextOf(request)),
  );

  app.post(
    '/voter-sessions/:id/cancel',
    {
      config: { access: manage },
      schema: {
        operationId: 'cancelVoterSession',
        tags,
        params: idParams,
        body: cancelVoterSessionSchema,
        response: { 200: voterSessionDetailSchema },
      },
    },
    async (request) =>
      service.cancel(actorOf(request), request.params.id, request.body.reason, auditContextOf(request)),
  );

  app.get(
    '/voter-sessions/:id/petitions',
    {
      config: { access: view },
      schema: {
        operationId: 'listVoterSessionPetitions',
        tags,
        params: idParams,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: voterSessionPetitionListSchema },
      },
    },
    async (request) => service.listPetitions(request.params.id, request.query),
  );

  app.post(
    '/voter-sessions/:id/petitions',
    {
      config: { access: manage },
      schema: {
        operationId: 'raiseVoterSessionPetition',
        tags,
        description: "Records a petition raised at the session (channel 'session', the session's term).",
        params: idParams,
        body: raiseSessionPetitionSchema,
        response: { 201: raisedSessionPetitionSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await service.raisePetition(
            actorOf(request),
            request.params.id,
            request.body,
            auditContextOf(request),
          ),
        ),
  );

  app.post(
    '/voter-sessions/:id/petitions/link',
    {
      config: { access: manage },
      schema: {
        operationId: 'linkVoterSessionPetitions',
        tags,
        description: 'Links petitions recorded elsewhere to the session; all or nothing.',
        params: idParams,
        body: linkSessionPetitionsSchema,
        response: { 200: z.object({ linked: z.number().int() }) },
      },
    },
    async (request) =>
      service.linkPetitions(
        actorOf(request),
        request.params.id,
        request.body.petitionIds,
        auditContextOf(request),
      ),
  );

  for (const format of ['xlsx', 'pdf', 'docx'] as const) {
    app.get(
      `/voter-sessions/:id/report.${format}`,
      {
        config: { access: view },
        schema: {
          operationId: `exportVoterSessionReport${format[0]!.toUpperCase()}${format.slice(1)}`,
          tags,
          description:
            'The summary report: header, attendance, minutes, petitions by subject and competence level.',
          params: idParams,
        },
      },
      async (request, reply) => {
        const data = await service.reportData(request.params.id, format, auditContextOf(request));
        const name = `bao-cao-tiep-xuc-cu-tri-${data.session.startsAt.slice(0, 10)}-${data.session.id.slice(0, 8)}.${format}`;
        reply
          .type(reportTypes[format])
          .header('content-disposition', `attachment; filename="${name}"`)
          .header('cache-control', 'no-store');
        if (format === 'pdf') return reply.send(sessionReportPdf(data));
        return reply.send(format === 'xlsx' ? await sessionReportXlsx(data) : await sessionReportDocx(data));
      },
    );
  }

  app.get(
    '/voter-sessions/:id/invitation.ics',
    {
      config: { access: view },
      schema: { operationId: 'getVoterSessionCalendarEvent', tags, params: idParams },
    },
    async (request, reply) => {
      const { session } = await service.detail(actorOf(request), request.params.id);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="tiep-xuc-cu-tri-${session.id.slice(0, 8)}.ics"`)
        .header('cache-control', 'no-store')
        .send(sessionIcs(session, deps.host));
    },
  );
}
