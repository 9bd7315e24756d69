import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';
import { ownedByUnit } from '../../platform/policy/index.ts';
import type { ExchangeModule } from '../exchange/index.ts';
import { registerComposeRoute } from './compose.routes.ts';
import { registerCopyRoutes } from './copies.routes.ts';
import { createCopiesService } from './copies.service.ts';
import { registerDocumentRoutes } from './documents.routes.ts';
import { createDocumentsService } from './documents.service.ts';
import { registerDocumentEventRoutes } from './events.routes.ts';
import { registerExchangeLinkRoutes } from './exchange-link.routes.ts';
import { createExchangeLink } from './exchange-link.ts';
import { createDocumentFiles } from './files/index.ts';
import { createIncomingService, DEADLINE_QUEUE, type IncomingChange } from './incoming.service.ts';
import { registerKpiRoutes } from './kpi/index.ts';
import { createOcrLink } from './ocr-link.ts';
import { createOutgoingService } from './outgoing.service.ts';
import { registerDocumentPrintRoutes } from './print/index.ts';
import { createRegistersService } from './registers.service.ts';
import { registerSearchRoutes } from './search.routes.ts';
import { createSearchService } from './search.service.ts';
import { createDocumentSigningLink, type SigningPorts } from './signing/index.ts';

export * from './documents.schema.ts';
export { documentExchangeMessage } from './exchange-link.schema.ts';
export { takeNumber } from './numbering.ts';
export {
  createSigningPorts,
  type RemoteProviderEntry,
  remoteProvidersFrom,
  seedDemoSigningDocument,
  startDemoRemoteSigning,
  tsaFrom,
} from './signing/index.ts';

/** Official documents (văn bản): registers and numbering, incoming and outgoing workflows, exchange. */
export function createDocumentsModule(
  deps: PlatformDeps,
  wiring: { exchange?: ExchangeModule; signing?: SigningPorts } = {},
) {
  deps.resources.register('document', ownedByUnit('document'));
  // An assignment belongs to the assignee's unit: assignees in a department act on it there.
  deps.resources.register('document_assignment', ownedByUnit('document_assignment', 'assignee_unit_id'));
  deps.resources.register('document_register', ownedByUnit('document_register'));
  // Types of the system catalogue (no unit) are edited by no unit: they resolve to nothing.
  deps.resources.register('document_type', ownedByUnit('document_type'));
  const registers = createRegistersService(deps);
  const documents = createDocumentsService(deps);
  // Digitisation (OCR of scans into the search text) and the edXML exchange with outside agencies.
  const ocr = createOcrLink(deps);
  // Digital signatures: the signer's and the agency's, and verification of what arrives.
  const signing = wiring.signing ? createDocumentSigningLink(deps, wiring.signing) : null;
  const exchange = wiring.exchange
    ? createExchangeLink(deps, wiring.exchange, ocr, async (id) => {
        await signing?.verification.queue(id);
      })
    : null;
  // After-commit work: the change itself has succeeded; its follow-ups record their own state.
  const afterIncoming = async (id: string, change: IncomingChange) => {
    if (change === 'registered' || change === 'received') await ocr.queueDocument(id).catch(() => undefined);
    if (change === 'registered') await signing?.verification.queue(id).catch(() => undefined);
    if (change !== 'registered') await exchange?.reportStatus(id).catch(() => undefined);
  };
  const incoming = createIncomingService(deps, afterIncoming);
  const outgoing = createOutgoingService(
    deps,
    async (id, change) => {
      await exchange?.sendToOutside(id, change).catch(() => undefined);
    },
    signing ? signing.signing.sealAtIssue : undefined,
  );
  deps.jobs.define<{ assignmentId: string }>(DEADLINE_QUEUE, ({ assignmentId }) =>
    incoming.checkDeadline(assignmentId),
  );
  const files = createDocumentFiles(deps);
  return {
    name: 'documents',
    registers,
    documents,
    incoming,
    outgoing,
    files: files.files,
    ocr,
    exchange,
    signing,
    registerRoutes(app) {
      registerDocumentRoutes(app, { documents, incoming, outgoing, registers });
      registerComposeRoute(app, { db: deps.db, documents });
      registerDocumentEventRoutes(app, deps.realtime);
      registerSearchRoutes(app, createSearchService(deps));
      registerCopyRoutes(app, createCopiesService(deps, signing?.signing.certifyCopy));
      registerDocumentPrintRoutes(app, deps);
      files.registerRoutes(app);
      registerKpiRoutes(app, deps);
      ocr.registerRoutes(app);
      if (exchange) registerExchangeLinkRoutes(app, deps.db, exchange);
      signing?.registerRoutes(app);
    },
  } satisfies AppModule & Record<string, unknown>;
}

export type DocumentsModule = ReturnType<typeof createDocumentsModule>;
