import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { type BuildOptions, buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { type Platform, startPlatform } from '../src/platform/boot.ts';

export interface TestContext {
  app: FastifyInstance;
  platform: Platform;
  databaseUrl: string;
  dataDir: string;
  /** A client that keeps cookies and sends the CSRF header, like the staff app. */
  client(): TestClient;
  close(): Promise<void>;
}

/**
 * Boots the real application on a fresh database cloned from the migrated template.
 * `env` overrides configuration as environment variables would.
 */
export async function createTestContext(
  env: Record<string, string> = {},
  build: BuildOptions = {},
): Promise<TestContext> {
  const adminUrl = inject('pgAdminUrl');
  const database = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}" TEMPLATE "${inject('pgTemplate')}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mts-test-data-'));
  const config = loadConfig(
    {
      DATABASE_URL: url.toString(),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      NODE_ENV: 'test',
      ...env,
    },
    { dotenv: false },
  );
  const platform = await startPlatform(config);
  const app = await buildApp(platform, build);
  await platform.startJobs();
  await app.ready();
  return {
    app,
    platform,
    databaseUrl: url.toString(),
    dataDir,
    client: () => new TestClient(app),
    async close() {
      await app.close();
      await platform.shutdown();
      // A mail job stopping with the platform may still finish writing into DATA_DIR/outbox:
      // retry instead of failing the suite on ENOTEMPTY.
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
      await cleanup.end();
    },
  };
}

export class TestClient {
  private readonly cookies = new Map<string, string>();
  bearer?: string;
  language: 'vi' | 'en' = 'vi';
  /** The client's IP address as the server sees it (rate limits count per address). */
  ip?: string;

  constructor(private readonly app: FastifyInstance) {}

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = {
      'accept-language': this.language,
      ...(options.headers as Record<string, string>),
    };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('mts_csrf');
    if (csrf && !headers['x-csrf-token']) headers['x-csrf-token'] = csrf;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const response = await this.app.inject({
      ...options,
      headers,
      ...(this.ip ? { remoteAddress: this.ip } : {}),
    });
    for (const cookie of response.cookies as Array<{
      name: string;
      value: string;
      maxAge?: number;
      expires?: Date;
    }>) {
      const expired =
        cookie.maxAge === 0 ||
        (cookie.expires && cookie.expires.getTime() < Date.now()) ||
        cookie.value === '';
      if (expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  get(url: string) {
    return this.request({ method: 'GET', url });
  }
  post(url: string, payload?: unknown) {
    return this.request({ method: 'POST', url, payload: payload as InjectOptions['payload'] });
  }
  patch(url: string, payload?: unknown) {
    return this.request({ method: 'PATCH', url, payload: payload as InjectOptions['payload'] });
  }
  put(url: string, payload?: unknown) {
    return this.request({ method: 'PUT', url, payload: payload as InjectOptions['payload'] });
  }
  delete(url: string) {
    return this.request({ method: 'DELETE', url });
  }

  /** Signs in with a password; throws unless the server answers 200. */
  async login(username: string, password: string) {
    const response = await this.post('/api/auth/login', { username, password });
    if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
    return response.json() as { mfa: 'none' | 'verify' | 'enrol'; csrfToken: string };
  }

  cookie(name: string) {
    return this.cookies.get(name);
  }
  clearCookies() {
    this.cookies.clear();
  }
}
