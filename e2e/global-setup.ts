import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { seedDemoIfEmpty } from '../server/src/db/seed/index.ts';
import {
  type CscSimulator,
  createDemoCscUsers,
  DEMO_CSC_PASSWORD,
  startCscSimulator,
  toPem,
} from '../server/src/modules/signatures/index.ts';
import { startPlatform } from '../server/src/platform/boot.ts';
import { createDatabaseForRun } from './support/database.ts';
import { type SsoProvider, startSsoProvider } from './support/oidc-provider.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /**
     * A second instance of the app on the same database (its own port and PUBLIC_URL, no job
     * workers): realtime tests open one browser on each to prove fan-out across instances.
     */
    baseUrl2: string;
    databaseUrl: string;
    oidcIssuer: string;
    /** The remote signing simulator (CSC API v2) the app is configured with, as provider `csc-sim`. */
    csc: {
      url: string;
      caPem: string;
      userId: string;
      credentialId: string;
      certificatePem: string;
    };
  }
}

/**
 * Browser tests run against the real product: the built staff app served by the real server on a
 * loopback port, on a fresh database (embedded, or on TEST_DATABASE_URL's server) with the demo seed,
 * and a real OpenID Connect provider for single sign-on.
 *
 * The app is reached as http://localhost:PORT — the address it believes is its own (PUBLIC_URL):
 * WebAuthn needs a host name (not an IP) as relying party, and OIDC needs the exact redirect URI.
 */
export default async function setup(project: TestProject) {
  const database = await createDatabaseForRun();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mts-e2e-data-'));
  const port = await freeLoopbackPort();
  const publicUrl = `http://localhost:${port}`;
  const sso = await startSsoProvider({ redirectUri: `${publicUrl}/api/auth/oidc/callback` });
  const csc = await startRemoteSigning();
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: publicUrl,
    ...extraEnv(sso),
    SIGNATURE_REMOTE_PROVIDERS: JSON.stringify([
      {
        id: 'csc-sim',
        displayName: 'Ký số từ xa (mô phỏng)',
        baseUrl: csc.simulator.url,
        accountPassword: DEMO_CSC_PASSWORD,
      },
    ]),
  };
  const config = loadConfig(env, { dotenv: false });
  const platform = await startPlatform(config);
  const app = await buildApp(platform, { logger: { level: 'warn' } });
  await platform.startJobs();
  // As `npm run seed` does: the demo logins whose role requires two-factor get the fixed TOTP seed.
  await seedDemoIfEmpty(platform.db, { secretKey: platform.config.SECRET_KEY });
  // 'localhost' listens on every loopback address the name resolves to (127.0.0.1, and ::1 if any).
  await app.listen({ port, host: 'localhost' });
  const second = await startSecondInstance(env, platform.config.SECRET_KEY!);
  project.provide('baseUrl', publicUrl);
  project.provide('baseUrl2', second.publicUrl);
  project.provide('databaseUrl', database.url);
  project.provide('oidcIssuer', sso.issuer);
  project.provide('csc', csc.provided);
  return async () => {
    await second.close();
    await app.close();
    await sso.close();
    await csc.simulator.close();
    await platform.shutdown();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

/**
 * The same app again, as a load balancer would run it: same database and secret key (sessions and
 * CSRF tokens are valid on both), its own port and public address (the WebSocket Origin check
 * compares with it), and no job workers (the first instance runs them).
 */
async function startSecondInstance(env: Record<string, string>, secretKey: string) {
  const port = await freeLoopbackPort();
  const publicUrl = `http://localhost:${port}`;
  const config = loadConfig(
    { ...env, PORT: String(port), PUBLIC_URL: publicUrl, SECRET_KEY: secretKey, JOBS_ENABLED: 'false' },
    { dotenv: false },
  );
  const platform = await startPlatform(config);
  const app = await buildApp(platform, { logger: { level: 'warn' } });
  await platform.startJobs();
  await app.listen({ port, host: 'localhost' });
  return {
    publicUrl,
    async close() {
      await app.close();
      await platform.shutdown();
    },
  };
}

/** Settings browser suites need at boot: single sign-on through the provider started above. */
function extraEnv(sso: SsoProvider): Record<string, string> {
  return {
    OIDC_ISSUER: sso.issuer,
    OIDC_CLIENT_ID: sso.clientId,
    OIDC_CLIENT_SECRET: sso.clientSecret,
    OIDC_ALLOW_HTTP: 'true',
  };
}

/** The remote signing simulator with the demo accounts; its first signer's RSA credential for tests. */
async function startRemoteSigning(): Promise<{ simulator: CscSimulator; provided: ProvidedCsc }> {
  const accounts = await createDemoCscUsers();
  const simulator = await startCscSimulator({ users: accounts.users, host: '127.0.0.1' });
  const user = accounts.users[0]!;
  const credential = user.credentials.find(
    (c) => !c.disabled && c.key.certificate.publicKey.algorithm.name === 'RSASSA-PKCS1-v1_5',
  )!;
  return {
    simulator,
    provided: {
      url: simulator.url,
      caPem: toPem(accounts.ca.certificate),
      userId: user.userId,
      credentialId: credential.credentialID,
      certificatePem: toPem(credential.key.certificate),
    },
  };
}
type ProvidedCsc = import('vitest').ProvidedContext['csc'];

/** A port free on the loopback interface right now (the app needs it before it is built). */
async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
