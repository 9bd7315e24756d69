import path from 'node:path';
import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';
import { createDelivery } from './delivery.ts';
import { createDirectoryTransport } from './directory-transport.ts';
import { registerExchangeRoutes } from './exchange.routes.ts';
import { createExchangeService } from './exchange.service.ts';
import { parsePeersConfig } from './peers-config.ts';
import { edxmlSignerFromFiles } from './signature/index.ts';

export type {
  DeliveryOutcome,
  DeliveryResult,
  DirectoryPeer,
  ExchangePeer,
  HttpPeer,
  OutgoingTransport,
} from './delivery.ts';
export { directoryTransport, httpTransport } from './delivery.ts';
export type { DirectoryScanResult } from './directory-transport.ts';
export type { EdxmlOptions, ParsedEdxml } from './edxml.ts';
export { buildDocumentMessage, buildStatusMessage, parseDocumentMessage, parseEdxml } from './edxml.ts';
export * from './edxml-model.ts';
export type {
  ExchangeService,
  ExportableDocument,
  IncomingDocumentHandler,
  ReceiptContext,
  StatusHandler,
} from './exchange.service.ts';
export { vietnamTimestamp } from './exchange.service.ts';
export type { EdxmlSignatureInfo, EdxmlSigner } from './signature/index.ts';
export { createEdxmlSigner, TRUST_NOT_CHECKED, verifyEdxmlSignature } from './signature/index.ts';
export type { RejectionReason } from './xml.ts';
export { EdxmlRejection } from './xml.ts';

/** How often the watched directory is scanned (background work runs where JOBS_ENABLED). */
const DIRECTORY_SCAN_MS = 5_000;

const modules = new WeakMap<object, ExchangeModule>();

/**
 * Electronic document exchange (liên thông văn bản) by edXML: the builder/parser, the HTTP
 * endpoint, the watched directory DATA_DIR/exchange and outgoing delivery by HTTP. The documents
 * module plugs in with `onIncomingDocument`, `onStatus`, `exportDocument` and `send`.
 */
export function createExchangeModule(deps: PlatformDeps) {
  // Outgoing messages are signed when a key and certificate are configured (read once, at boot).
  const service = createExchangeService(deps, { signer: edxmlSignerFromFiles(deps.config) });
  const delivery = createDelivery(deps);
  const directory = createDirectoryTransport(path.join(deps.config.DATA_DIR, 'exchange'), service);
  for (const { name, peer, reaches } of parsePeersConfig(deps.config.EXCHANGE_PEERS)) {
    delivery.registerPeer(name, peer, reaches);
  }
  const module = {
    name: 'exchange',
    ...service,
    directory,
    registerPeer: delivery.registerPeer,
    peerFor: delivery.peerFor,
    /** Queues an edXML message for a registered peer (HTTP POST or directory drop, retried by a job). */
    send: delivery.send,
    onDeliveryResult: delivery.onDeliveryResult,
    registerRoutes(app) {
      registerExchangeRoutes(app, service);
      if (deps.config.JOBS_ENABLED) {
        app.addHook('onReady', async () =>
          directory.start(DIRECTORY_SCAN_MS, (error) =>
            app.log.error({ err: error }, 'edXML directory scan failed'),
          ),
        );
        app.addHook('onClose', async () => directory.stop());
      }
    },
  } satisfies AppModule & Record<string, unknown>;
  modules.set(deps, module);
  return module;
}

export type ExchangeModule = ReturnType<typeof createExchangeModule>;

/** The exchange module built on these platform services, for code wired after buildApp (and tests). */
export function exchangeModuleOf(deps: PlatformDeps): ExchangeModule | undefined {
  return modules.get(deps);
}
