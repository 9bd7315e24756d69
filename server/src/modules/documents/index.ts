import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';
import {
  findAssignmentPath,
  findDocumentPath,
  findDocumentTypePath,
  findRegisterPath,
} from './documents.repository.ts';
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
  deps.resources.register('document', findDocumentPath);
  deps.resources.register('document_assignment', findAssignmentPath);
  deps.resources.register('document_register', findRegisterPath);
  deps.resources.register('document_type', findDocumentTypePath);
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
