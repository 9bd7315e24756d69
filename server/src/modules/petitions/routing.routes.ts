import {
  addRecipientMemberSchema,
  answerPetitionSchema,
  createRecipientSchema,
  deadlinePreviewQuerySchema,
  deadlinePreviewSchema,
  deadlineRuleInputSchema,
  deadlineRuleListSchema,
  deadlineRuleSchema,
  forwardPetitionSchema,
  holidayListQuerySchema,
  holidayListSchema,
  holidayParamsSchema,
  holidaySchema,
  inboxQuerySchema,
  inboxSchema,
  petitionRecipientSchema,
  petitionRoutingSchema,
  putHolidaySchema,
  recipientListQuerySchema,
  recipientListSchema,
  recipientMembersSchema,
  returnForwardSchema,
  scorecardListSchema,
  scorecardQuerySchema,
  updateRecipientSchema,
  withdrawForwardSchema,
} from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/index.ts';
import { actorOf, requires, signedIn } from '../../platform/policy/index.ts';
import type { DeadlineSettingsService } from './deadline-settings.service.ts';
import type { RecipientsService } from './recipients.service.ts';
import type { RoutingService } from './routing.service.ts';

/** Resource kinds: a petition (registered by intake.setup.ts), a recipient (by its serving unit). */
const PETITION = 'petition';
export const PETITION_RECIPIENT = 'petition_recipient';

const idParams = z.object({ id: z.uuid() });
const tags = ['petitions-routing'];

/**
 * Routing of voters' petitions: recipients (agencies and delegates) and their members, deadline
 * rules and holidays, forwarding and the transfer chain, the recipient's inbox with accept/return,
 * answers and their publication, scorecards. Recipient-side routes are open to any signed-in
 * person and decided by membership of the recipient (routing.policy.ts): 404 for anyone else.
 */
export function registerRoutingRoutes(
  scope: FastifyInstance,
  deps: {
    recipients: RecipientsService;
    routing: RoutingService;
    settings: DeadlineSettingsService;
    scorecards: (
      actor: ReturnType<typeof actorOf>,
      query: z.infer<typeof scorecardQuerySchema>,
    ) => Promise<z.infer<typeof scorecardListSchema>>;
  },
) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { recipients, routing, settings } = deps;

  // ── Recipients ──
  app.get(
    '/petition-recipients',
    {
      config: { access: requires('petitions.read') },
      schema: {
        operationId: 'listPetitionRecipients',
        tags,
        description:
          'Agencies and delegates serving an area inside your petitions.read scope or above it (ministries, province departments). `forPetitionId`: those a petition may be forwarded to.',
        querystring: recipientListQuerySchema,
        response: { 200: recipientListSchema },
      },
    },
    async (request) => recipients.list(actorOf(request), request.query),
  );

  app.post(
    '/petition-recipients',
    {
      config: { access: requires('petitions.configure') },
      schema: {
        operationId: 'createPetitionRecipient',
        tags,
        description: 'The serving unit must lie in your petitions.configure scope (403 otherwise).',
        body: createRecipientSchema,
        response: { 201: petitionRecipientSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await recipients.create(actorOf(request), request.body, auditContextOf(request))),
  );

  app.get(
    '/petition-recipients/:id',
    {
      config: { access: requires('petitions.read') },
      schema: {
        operationId: 'getPetitionRecipient',
        tags,
        params: idParams,
        response: { 200: petitionRecipientSchema },
      },
    },
    async (request) => recipients.get(actorOf(request), request.params.id),
  );

  app.patch(
    '/petition-recipients/:id',
    {
      config: { access: requires('petitions.configure', PETITION_RECIPIENT) },
      schema: {
        operationId: 'updatePetitionRecipient',
        tags,
        params: idParams,
        body: updateRecipientSchema,
        response: { 200: petitionRecipientSchema },
      },
    },
    async (request) =>
      recipients.update(actorOf(request), request.params.id, request.body, auditContextOf(request)),
  );

  app.delete(
    '/petition-recipients/:id',
    {
      config: { access: requires('petitions.configure', PETITION_RECIPIENT) },
      schema: {
        operationId: 'deletePetitionRecipient',
        tags,
        description: 'Only a recipient never used (409 otherwise: set isActive to false instead).',
        params: idParams,
      },
    },
    async (request, reply) => {
      await recipients.remove(actorOf(request), request.params.id, auditContextOf(request));
      return reply.code(204).send();
    },
  );

  app.get(
    '/petition-recipients/:id/members',
    {
      config: { access: requires('petitions.configure', PETITION_RECIPIENT) },
      schema: {
        operationId: 'listPetitionRecipientMembers',
        tags,
        params: idParams,
        response: { 200: recipientMembersSchema },
      },
    },
    async (request) => recipients.members(actorOf(request), request.params.id),
  );

  app.post(
    '/petition-recipients/:id/members',
    {
      config: { access: requires('petitions.configure', PETITION_RECIPIENT) },
      schema: {
        operationId: 'addPetitionRecipientMember',
        tags,
        description: 'A staff member who acts for the recipient (sees its inbox, accepts, returns, answers).',
        params: idParams,
        body: addRecipientMemberSchema,
        response: { 200: recipientMembersSchema },
      },
    },
    async (request) =>
      recipients.addMember(
        actorOf(request),
        request.params.id,
        request.body.staffId,
        auditContextOf(request),
      ),
  );

  app.delete(
    '/petition-recipients/:id/members/:staffId',
    {
      config: { access: requires('petitions.configure', PETITION_RECIPIENT) },
      schema: {
        operationId: 'removePetitionRecipientMember',
        tags,
        params: z.object({ id: z.uuid(), staffId: z.uuid() }),
        response: { 200: recipientMembersSchema },
      },
    },
    async (request) =>
      recipients.removeMember(
        actorOf(request),
        request.params.id,
        request.params.staffId,
        auditContextOf(request),
      ),
  );

  // ── Deadline rules and holidays ──
  app.get(
    '/petition-deadline-rules',
    {
      config: { access: requires('petitions.read') },
      schema: { operationId: 'listPetitionDeadlineRules', tags, response: { 200: deadlineRuleListSchema } },
    },
    async () => settings.listRules(),
  );

  app.post(
    '/petition-deadline-rules',
    {
      config: { access: requires('petitions.configure') },
      schema: {
        operationId: 'createPetitionDeadlineRule',
        tags,
        description: 'Nationwide: petitions.configure at the root of the tree (403 otherwise).',
        body: deadlineRuleInputSchema,
        response: { 201: deadlineRuleSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await settings.createRule(actorOf(request), request.body, auditContextOf(request))),
  );

  app.put(
    '/petition-deadline-rules/:id',
    {
      config: { access: requires('petitions.configure') },
      schema: {
        operationId: 'updatePetitionDeadlineRule',
        tags,
        description: 'Deadlines already set do not move. A default rule (naming nothing) must remain (409).',
        params: idParams,
        body: deadlineRuleInputSchema,
        response: { 200: deadlineRuleSchema },
      },
    },
    async (request) =>
      settings.updateRule(actorOf(request), request.params.id, request.body, auditContextOf(request)),
  );

  app.delete(
    '/petition-deadline-rules/:id',
    {
      config: { access: requires('petitions.configure') },
      schema: { operationId: 'deletePetitionDeadlineRule', tags, params: idParams },
    },
    async (request, reply) => {
      await settings.deleteRule(actorOf(request), request.params.id, auditContextOf(request));
      return reply.code(204).send();
    },
  );

  app.get(
    '/petition-deadline-preview',
    {
      config: { access: requires('petitions.read') },
      schema: {
        operationId: 'previewPetitionDeadline',
        tags,
        description: 'The rule that applies and the deadline it gives for a forward at `at` (default now).',
        querystring: deadlinePreviewQuerySchema,
        response: { 200: deadlinePreviewSchema },
      },
    },
    async (request) => settings.preview(request.query),
  );

  app.get(
    '/petition-holidays',
    {
      config: { access: requires('petitions.read') },
      schema: {
        operationId: 'listPetitionHolidays',
        tags,
        querystring: holidayListQuerySchema,
        response: { 200: holidayListSchema },
      },
    },
    async (request) => settings.listHolidays(request.query.year),
  );

  app.put(
    '/petition-holidays/:day',
    {
      config: { access: requires('petitions.configure') },
      schema: {
        operationId: 'putPetitionHoliday',
        tags,
        params: holidayParamsSchema,
        body: putHolidaySchema,
        response: { 200: holidaySchema },
      },
    },
    async (request) =>
      settings.putHoliday(actorOf(request), request.params.day, request.body.name, auditContextOf(request)),
  );

  app.delete(
    '/petition-holidays/:day',
    {
      config: { access: requires('petitions.configure') },
      schema: { operationId: 'deletePetitionHoliday', tags, params: holidayParamsSchema },
    },
    async (request, reply) => {
      await settings.deleteHoliday(actorOf(request), request.params.day, auditContextOf(request));
      return reply.code(204).send();
    },
  );

  // ── Forwarding, the transfer chain, answers ──
  app.post(
    '/petitions/:id/forward',
    {
      config: { access: requires('petitions.route', PETITION) },
      schema: {
        operationId: 'forwardPetition',
        tags,
        description:
          'A new hop to an agency or delegate serving the area (or above it), with the deadline of the most specific rule. From received, returned or reopened; from forwarded/accepted it re-routes (the hop in force is withdrawn).',
        params: idParams,
        body: forwardPetitionSchema,
        response: { 200: petitionRoutingSchema },
      },
    },
    async (request) =>
      routing.forward(actorOf(request), request.params.id, request.body, auditContextOf(request)),
  );

  app.post(
    '/petitions/:id/withdraw',
    {
      config: { access: requires('petitions.route', PETITION) },
      schema: {
        operationId: 'withdrawPetitionForward',
        tags,
        description: 'Takes the petition back from its recipient (status received), e.g. before merging it.',
        params: idParams,
        body: withdrawForwardSchema,
        response: { 200: petitionRoutingSchema },
      },
    },
    async (request) =>
      routing.withdraw(actorOf(request), request.params.id, request.body.reason, auditContextOf(request)),
  );

  app.get(
    '/petitions/:id/routing',
    {
      config: { access: requires('petitions.read', PETITION) },
      schema: {
        operationId: 'getPetitionRouting',
        tags,
        description: 'The transfer chain (every hop, with deadlines, returns and reasons) and the answers.',
        params: idParams,
        response: { 200: petitionRoutingSchema },
      },
    },
    async (request) => routing.routing(request.params.id),
  );

  app.get(
    '/petition-inbox',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'petitionInbox',
        tags,
        description: 'Petitions forwarded to the agencies and delegates you act for (membership).',
        querystring: inboxQuerySchema,
        response: { 200: inboxSchema },
      },
    },
    async (request) => routing.inbox(actorOf(request), request.query),
  );

  app.post(
    '/petition-forwards/:id/accept',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'acceptPetitionForward',
        tags,
        description: 'By a member of the recipient (404 for anyone else); 409 when no longer waiting.',
        params: idParams,
        response: { 200: petitionRoutingSchema },
      },
    },
    async (request) => routing.accept(actorOf(request), request.params.id, auditContextOf(request)),
  );

  app.post(
    '/petition-forwards/:id/return',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'returnPetitionForward',
        tags,
        description:
          'Not competent (không thuộc thẩm quyền), with the reason (required; shown on the public timeline).',
        params: idParams,
        body: returnForwardSchema,
        response: { 200: petitionRoutingSchema },
      },
    },
    async (request) =>
      routing.returnToSender(
        actorOf(request),
        request.params.id,
        request.body.reason,
        auditContextOf(request),
      ),
  );

  app.post(
    '/petitions/:id/answer',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'answerPetition',
        tags,
        description:
          'By a member of the recipient of the hop in force, or Front staff with petitions.route over the petition (404 for anyone else). `documentId`: an official document you may see (issued or registered). 409 when already answered.',
        params: idParams,
        body: answerPetitionSchema,
        response: { 200: petitionRoutingSchema },
      },
    },
    async (request) =>
      routing.answer(actorOf(request), request.params.id, request.body, auditContextOf(request)),
  );

  app.post(
    '/petitions/:id/answer/publish',
    {
      config: { access: requires('petitions.route', PETITION) },
      schema: {
        operationId: 'publishPetitionAnswer',
        tags,
        description:
          'Publishes the latest answer: on the public page of the petition and of every petition consolidated into it; followers get an e-mail.',
        params: idParams,
        response: { 200: petitionRoutingSchema },
      },
    },
    async (request) => routing.publish(actorOf(request), request.params.id, auditContextOf(request)),
  );

  // ── Scorecards ──
  app.get(
    '/petition-scorecards',
    {
      config: { access: requires('petitions.read') },
      schema: {
        operationId: 'petitionScorecards',
        tags,
        description:
          "Per agency and per delegate serving the unit's subtree (default: the active unit), over hops forwarded in [from, to).",
        querystring: scorecardQuerySchema,
        response: { 200: scorecardListSchema },
      },
    },
    async (request) => deps.scorecards(actorOf(request), request.query),
  );
}
