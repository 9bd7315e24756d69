import {
  classifyPetitionSchema,
  confirmDraftSchema,
  createdPetitionSchema,
  createPetitionSchema,
  hidePetitionSchema,
  mergePetitionsSchema,
  petitionDetailSchema,
  petitionerSchema,
  petitionListQuerySchema,
  petitionListSchema,
  petitionSubjectListSchema,
  redactPetitionSchema,
  rejectPetitionSchema,
  restorePetitionSchema,
  unmergePetitionSchema,
} from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/index.ts';
import { actorOf, requires, signedIn } from '../../platform/policy/index.ts';
import type { IntakeService } from './intake.service.ts';
import type { MergeService } from './merge.service.ts';
import type { ModerationService } from './moderation.service.ts';

const tags = ['petitions'];
/** Resource kind: a petition, owned by the unit of its area (`petition.unit_id`). */
export const PETITION = 'petition';
const idParams = z.object({ id: z.uuid() });

/**
 * The staff side of voters' petitions: assisted intake, lists and details, classification, e-mail
 * drafts, the petitioner's personal data (audited), consolidation and moderation. Every route
 * naming a petition is scoped by the policy layer to the caller's subtree for its permission.
 */
export function registerIntakeRoutes(
  scope: FastifyInstance,
  deps: { intake: IntakeService; merges: MergeService; moderation: ModerationService },
) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { intake, merges, moderation } = deps;

  app.post(
    '/petitions',
    {
      config: { access: requires('petitions.intake') },
      schema: {
        operationId: 'createPetition',
        tags,
        description:
          'Assisted intake by a cadre (session, phone, walk-in, paper, e-mail, social). The area unit must lie in your petitions.intake scope (403 otherwise); the petitioner is stored only with consent.',
        body: createPetitionSchema,
        response: { 201: createdPetitionSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await intake.create(actorOf(request), request.body, auditContextOf(request))),
  );

  app.get(
    '/petition-subjects',
    {
      // Public knowledge (Open311 services); every signed-in form that classifies needs it.
      config: { access: signedIn },
      schema: {
        operationId: 'listPetitionSubjects',
        tags,
        description: 'The subject areas (lĩnh vực), active ones first in the configured order.',
        response: { 200: petitionSubjectListSchema },
      },
    },
    async () => intake.subjects(),
  );

  app.get(
    '/petitions',
    {
      config: { access: requires('petitions.read') },
      schema: {
        operationId: 'listPetitions',
        tags,
        description:
          'Within your petitions.read scope; merged members are left out unless `status` names them.',
        querystring: petitionListQuerySchema,
        response: { 200: petitionListSchema },
      },
    },
    async (request) => intake.list(actorOf(request), request.query),
  );

  app.get(
    '/petitions/:id',
    {
      config: { access: requires('petitions.read', PETITION) },
      schema: {
        operationId: 'getPetition',
        tags,
        description: 'Timeline, transfer chain, answers, consolidation with provenance; no personal data.',
        params: idParams,
        response: { 200: petitionDetailSchema },
      },
    },
    async (request) => intake.detail(request.params.id),
  );

  app.patch(
    '/petitions/:id/classification',
    {
      config: { access: requires('petitions.intake', PETITION) },
      schema: {
        operationId: 'classifyPetition',
        tags,
        params: idParams,
        body: classifyPetitionSchema,
        response: { 200: petitionDetailSchema },
      },
    },
    async (request) =>
      intake.classify(actorOf(request), request.params.id, request.body, auditContextOf(request)),
  );

  app.post(
    '/petitions/:id/confirm',
    {
      config: { access: requires('petitions.intake', PETITION) },
      schema: {
        operationId: 'confirmPetitionDraft',
        tags,
        description:
          'A draft (e-mail intake) becomes received, optionally reclassified and edited. 409 when not a draft.',
        params: idParams,
        body: confirmDraftSchema,
        response: { 200: petitionDetailSchema },
      },
    },
    async (request) =>
      intake.confirm(actorOf(request), request.params.id, request.body, auditContextOf(request)),
  );

  app.post(
    '/petitions/:id/reject',
    {
      config: { access: requires('petitions.intake', PETITION) },
      schema: {
        operationId: 'rejectPetition',
        tags,
        description:
          'Drafts and received petitions not yet forwarded; the reason shows on the public timeline.',
        params: idParams,
        body: rejectPetitionSchema,
        response: { 200: petitionDetailSchema },
      },
    },
    async (request) =>
      intake.reject(actorOf(request), request.params.id, request.body.reason, auditContextOf(request)),
  );

  app.get(
    '/petitions/:id/petitioner',
    {
      config: { access: requires('petitions.personal_data', PETITION) },
      schema: {
        operationId: 'getPetitioner',
        tags,
        description: 'Personal data (Decree 13/2023): every view is written to the audit log.',
        params: idParams,
        response: { 200: petitionerSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return intake.petitioner(request.params.id, auditContextOf(request));
    },
  );

  app.post(
    '/petitions/:id/merge',
    {
      config: { access: requires('petitions.intake', PETITION) },
      schema: {
        operationId: 'mergePetitions',
        tags,
        description:
          'The listed petitions become members of this one (the primary). All or nothing: 404 for a member outside your scope, 409 for a member already merged, a primary of others, a draft or one with a recipient, or a primary that is itself merged.',
        params: idParams,
        body: mergePetitionsSchema,
        response: { 200: petitionDetailSchema },
      },
    },
    async (request) => {
      await merges.merge(
        actorOf(request),
        request.params.id,
        request.body.memberIds,
        auditContextOf(request),
      );
      return intake.detail(request.params.id);
    },
  );

  app.post(
    '/petitions/:id/unmerge',
    {
      config: { access: requires('petitions.intake', PETITION) },
      schema: {
        operationId: 'unmergePetition',
        tags,
        description: 'The member leaves the group and takes back the status it had before the merge.',
        params: idParams,
        body: unmergePetitionSchema,
        response: { 200: petitionDetailSchema },
      },
    },
    async (request) => {
      await merges.unmerge(
        actorOf(request),
        request.params.id,
        request.body.memberId,
        auditContextOf(request),
      );
      return intake.detail(request.params.id);
    },
  );

  app.post(
    '/petitions/:id/hide',
    {
      config: { access: requires('petitions.moderate', PETITION) },
      schema: {
        operationId: 'hidePetition',
        tags,
        params: idParams,
        body: hidePetitionSchema,
        response: { 200: petitionDetailSchema },
      },
    },
    async (request) => {
      await moderation.hide(actorOf(request), request.params.id, request.body, auditContextOf(request));
      return intake.detail(request.params.id);
    },
  );

  app.post(
    '/petitions/:id/restore',
    {
      config: { access: requires('petitions.moderate', PETITION) },
      schema: {
        operationId: 'restorePetition',
        tags,
        params: idParams,
        body: restorePetitionSchema,
        response: { 200: petitionDetailSchema },
      },
    },
    async (request) => {
      await moderation.restore(actorOf(request), request.params.id, request.body, auditContextOf(request));
      return intake.detail(request.params.id);
    },
  );

  app.post(
    '/petitions/:id/redact',
    {
      config: { access: requires('petitions.moderate', PETITION) },
      schema: {
        operationId: 'redactPetition',
        tags,
        description: 'Replaces parts of the public title/description; staff keep the original.',
        params: idParams,
        body: redactPetitionSchema,
        response: { 200: petitionDetailSchema },
      },
    },
    async (request) => {
      await moderation.redact(actorOf(request), request.params.id, request.body, auditContextOf(request));
      return intake.detail(request.params.id);
    },
  );
}
