import type { FastifyInstance } from 'fastify';
import type { PlatformDeps } from '../../../platform/http/index.ts';
import type { SigningPorts } from './ports.ts';
import { registerSigningRoutes } from './signing.routes.ts';
import { createDocumentSigning } from './signing.service.ts';
import { createVerification } from './verification.ts';

export { seedDemoSigningDocument, startDemoRemoteSigning } from './demo.ts';
export type { SigningPorts } from './ports.ts';
export {
  createSigningPorts,
  type RemoteProviderEntry,
  remoteProvidersFrom,
  tsaFrom,
} from './signatures-adapter.ts';
export * from './signing.schema.ts';
export { REMOTE_SIGN_QUEUE } from './signing.service.ts';
export { combineVerdicts, VERIFY_QUEUE } from './verification.ts';

/**
 * Digital signing of documents (issue 4): the competent person's signature on the approved draft,
 * the agency's at issue (`sealAtIssue`, called by the outgoing service inside its transaction),
 * verification of arrived documents (a job per document, a check per distinct file) and of any
 * uploaded PDF. Keys, images, signing and verification themselves come through `ports`.
 */
export function createDocumentSigningLink(
  deps: Pick<PlatformDeps, 'db' | 'storage' | 'jobs'>,
  ports: SigningPorts,
) {
  const verification = createVerification(deps, ports);
  const signing = createDocumentSigning(deps, ports, verification);
  return {
    signing,
    verification,
    registerRoutes: (app: FastifyInstance) =>
      registerSigningRoutes(app, { db: deps.db, signing, verification, ports }),
  };
}

export type DocumentSigningLink = ReturnType<typeof createDocumentSigningLink>;
