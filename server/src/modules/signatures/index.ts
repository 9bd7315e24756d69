import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';
import { loadKeystoreKey } from './credentials.key.ts';
import { createCredentialsService, credentialUnitPath } from './credentials.service.ts';
import { createImagesService, imageUnitPath } from './images.service.ts';
import { registerSignatureRoutes } from './signatures.routes.ts';
import { createTrustService, syncConfiguredAnchors } from './trust.service.ts';

/**
 * Digital signatures (issue 4). This file is the module's one public entry: signing credentials
 * (local sealed PKCS#12 or remote), signature and seal images, trust anchors and the demo CA,
 * plus the signing core (pades), certificates and keystores (pki) for other modules.
 */
export { type KeystoreKeyConfig, loadKeystoreKey } from './credentials.key.ts';
export {
  CredentialInactiveError,
  type CredentialOwner,
  getSigningCredential,
  listCredentials,
  NotLocalCredentialError,
  NotSigningCertificateError,
  registerRemoteCredential,
  type SigningCredentialRow,
  storeLocalCredential,
  toCredentialDto,
  type UnlockedSigner,
  unlockLocalSigner,
} from './credentials.service.ts';
export {
  DEMO_CA_NAME,
  DEMO_CA_SUBJECT,
  DEMO_SIGNERS,
  DEMO_SIGNING_PIN,
  type DemoSignatures,
  type DemoSigner,
  issueDemoCertificate,
  loadDemoCa,
  seedDemoSignatures,
} from './demo.ts';
export {
  type CheckedImage,
  checkTransparentPng,
  ImageRejectedError,
  MAX_IMAGE_BYTES,
} from './images.check.ts';
export { drawDemoSeal, drawDemoSignature, pixelsAt300Dpi } from './images.draw.ts';
export {
  getSealImage,
  getSignatureImage,
  type ImageOwner,
  type StoredImage,
  storeImage,
} from './images.service.ts';
// The signing core, certificates/keystores, remote providers, Decree 30 rendering, time-stamps and
// verification, for other modules (documents signing, exchange).
export * from './pades/index.ts';
export * from './pki/index.ts';
export * from './remote/index.ts';
export * from './render/index.ts';
export { signatureImage, signingCredential, trustAnchor } from './signatures.schema.ts';
export {
  InvalidAnchorError,
  listTrustAnchors,
  parseAnchorPem,
  type TrustAnchorCertificate,
  upsertTrustAnchor,
} from './trust.service.ts';
export * from './tsa/index.ts';
export * from './verify/index.ts';

/** The signatures module: credentials, images and trust-anchor routes under /api/signatures. */
export function createSignaturesModule(deps: PlatformDeps) {
  const { db, config } = deps;
  deps.resources.register('signing_credential', credentialUnitPath);
  deps.resources.register('signature_image', imageUnitPath);
  const keystoreKey = () => loadKeystoreKey(config);
  const credentials = createCredentialsService({ db, keystoreKey });
  const images = createImagesService({ db });
  const trust = createTrustService({ db });
  return {
    name: 'signatures',
    credentials,
    images,
    trust,
    keystoreKey,
    async registerRoutes(app) {
      // SIGNATURE_TRUST_ANCHORS are loaded before the app serves: a bad file stops the start.
      await syncConfiguredAnchors(db, config.SIGNATURE_TRUST_ANCHORS);
      registerSignatureRoutes(app, { credentials, images, trust });
    },
  } satisfies AppModule & Record<string, unknown>;
}

export type SignaturesModule = ReturnType<typeof createSignaturesModule>;
