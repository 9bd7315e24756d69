import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';
import { ownedByUnit } from '../../platform/policy/index.ts';
import { registerDocumentRoutes } from './documents.routes.ts';
import { createDocumentsService } from './documents.service.ts';
import { createIncomingService, DEADLINE_QUEUE } from './incoming.service.ts';
import { createOutgoingService } from './outgoing.service.ts';
import { createRegistersService } from './registers.service.ts';
import { registerSearchRoutes } from './search.routes.ts';
import { createSearchService } from './search.service.ts';

export * from './documents.schema.ts';
export { takeNumber } from './numbering.ts';

/** Official documents (văn bản): registers and numbering, incoming and outgoing workflows, exchange. */
export function createDocumentsModule(deps: PlatformDeps) {
  deps.resources.register('document', ownedByUnit('document'));
  // An assignment belongs to the assignee's unit: assignees in a department act on it there.
  deps.resources.register('document_assignment', ownedByUnit('document_assignment', 'assignee_unit_id'));
  deps.resources.register('document_register', ownedByUnit('document_register'));
  // Types of the system catalogue (no unit) are edited by no unit: they resolve to nothing.
  deps.resources.register('document_type', ownedByUnit('document_type'));
  const registers = createRegistersService(deps);
  const documents = createDocumentsService(deps);
  const incoming = createIncomingService(deps);
  const outgoing = createOutgoingService(deps);
  deps.jobs.define<{ assignmentId: string }>(DEADLINE_QUEUE, ({ assignmentId }) =>
    incoming.checkDeadline(assignmentId),
  );
  return {
    name: 'documents',
    registers,
    documents,
    incoming,
    outgoing,
    registerRoutes(app) {
      registerDocumentRoutes(app, { documents, incoming, outgoing, registers });
      registerSearchRoutes(app, createSearchService(deps));
    },
  } satisfies AppModule & Record<string, unknown>;
}

export type DocumentsModule = ReturnType<typeof createDocumentsModule>;
