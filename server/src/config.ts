import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/**
 * The one configuration schema. Every setting is an environment variable (optionally from `.env`);
 * `describe()` texts feed the configuration reference in the README (`npm run docs:config`).
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development').describe('Runtime mode.'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port.'),
  HOST: z.string().default('0.0.0.0').describe('Interface to listen on.'),
  PUBLIC_URL: z
    .url()
    .optional()
    .describe(
      'External URL of the staff app (links in e-mail, WebAuthn origin, OIDC redirect). Default http://localhost:PORT.',
    ),
  DATABASE_URL: z
    .string()
    .optional()
    .describe(
      'PostgreSQL ≥ 15 connection string. Unset: an embedded PostgreSQL is started with data in DATA_DIR/pg.',
    ),
  DATABASE_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(10)
    .describe('Connections per instance.'),
  DATA_DIR: z
    .string()
    .default('./data')
    .describe('Folder for embedded PostgreSQL, local files and the mail outbox.'),
  EMBEDDED_PG_PORT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(65535)
    .default(54329)
    .describe('Port of the embedded PostgreSQL.'),
  SEED_DEMO: flag
    .optional()
    .describe('Seed the demo province on first start. Default: true with embedded PostgreSQL.'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level.'),
  SECRET_KEY: z
    .string()
    .min(32)
    .optional()
    .describe(
      '≥ 32 characters; encrypts secrets at rest (TOTP seeds). Unset: generated once into DATA_DIR/secret.key.',
    ),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(720)
    .default(12)
    .describe('Idle lifetime of a staff session.'),
  COOKIE_SECURE: flag.optional().describe('Mark cookies Secure. Default: true when PUBLIC_URL is https.'),
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .default(1200)
    .describe('Requests per minute per session, API token or (anonymous) IP address.'),
  TRUST_PROXY: flag.default(false).describe('Trust X-Forwarded-* headers (behind nginx).'),
  LOGIN_MAX_FAILURES: z.coerce
    .number()
    .int()
    .min(1)
    .default(5)
    .describe('Failed logins before an account is locked.'),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(15)
    .describe('How long a locked account stays locked.'),
  SMTP_URL: z
    .string()
    .optional()
    .describe('smtp://user:pass@host:port. Unset: mails go to DATA_DIR/outbox, shown in the staff app.'),
  MAIL_FROM: z
    .string()
    .default('Mặt trận số <no-reply@mattranso.local>')
    .describe('Sender of system e-mail.'),
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{86,88}=*$/, 'must be a base64url P-256 public key (65 bytes)')
    .optional()
    .describe(
      'Web Push (VAPID) public key, base64url; set with VAPID_PRIVATE_KEY (npx web-push generate-vapid-keys). Unset: a pair is generated once into DATA_DIR/vapid-keys.json.',
    ),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{42,44}=*$/, 'must be a base64url P-256 private key (32 bytes)')
    .optional()
    .describe('Web Push (VAPID) private key, base64url, of VAPID_PUBLIC_KEY.'),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'must be a mailto: or https: URL')
    .optional()
    .describe(
      "Contact the push services may reach (mailto: or https:). Unset: PUBLIC_URL when https, else MAIL_FROM's address.",
    ),
  OIDC_ISSUER: z
    .url()
    .optional()
    .describe('OpenID Connect issuer for single sign-on (national e-ID, provincial SSO).'),
  OIDC_CLIENT_ID: z.string().optional().describe('OIDC client id.'),
  OIDC_CLIENT_SECRET: z.string().optional().describe('OIDC client secret.'),
  OIDC_LABEL: z.string().default('Đăng nhập một lần (SSO)').describe('Text of the SSO button.'),
  OIDC_LINK_CLAIM: z
    .enum(['email', 'preferred_username'])
    .default('email')
    .describe('Verified claim that links an SSO identity to an existing account on first login.'),
  OIDC_ALLOW_HTTP: flag
    .default(false)
    .describe('Allow an http:// OIDC issuer (tests and local providers only; never in production).'),
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local').describe('Where uploaded files are kept.'),
  S3_ENDPOINT: z.string().optional().describe('S3-compatible endpoint (MinIO, Ceph, AWS).'),
  S3_REGION: z.string().default('us-east-1').describe('S3 region.'),
  S3_BUCKET: z.string().optional().describe('S3 bucket.'),
  S3_ACCESS_KEY_ID: z.string().optional().describe('S3 access key.'),
  S3_SECRET_ACCESS_KEY: z.string().optional().describe('S3 secret key.'),
  S3_FORCE_PATH_STYLE: flag.default(true).describe('Path-style S3 URLs (MinIO).'),
  JOBS_ENABLED: flag.default(true).describe('Run background job workers in this instance.'),
  EXCHANGE_PEERS: z
    .string()
    .optional()
    .describe(
      'edXML exchange peers, JSON: [{"name":"lgsp","url":"https://…/edxml","token":"…","reaches":"*"}, {"name":"ubnd","folder":"/srv/edxml/ubnd/incoming","reaches":["000.00.01.H29"]}].',
    ),
  EDXML_SIGNING_KEY_FILE: z
    .string()
    .optional()
    .describe(
      'PEM private key (RSA or EC, unencrypted) that signs outgoing edXML messages (XML-DSig, RSA-SHA256 / ECDSA-SHA256). Set with EDXML_SIGNING_CERT_FILE; unset: messages go unsigned.',
    ),
  EDXML_SIGNING_CERT_FILE: z
    .string()
    .optional()
    .describe(
      "PEM X.509 certificate of EDXML_SIGNING_KEY_FILE's key, sent in each signature's KeyInfo/X509Data.",
    ),
  SIGNATURE_KEYSTORE_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes in base64')
    .optional()
    .describe(
      'Base64 of 32 random bytes; seals signing keystores (.p12) at rest. Unset: generated into DATA_DIR/signature-keystore.key (required in production with DATABASE_URL).',
    ),
  SIGNATURE_TRUST_ANCHORS: z
    .string()
    .optional()
    .describe(
      'Comma-separated PEM files (several certificates each): root CAs that signatures are verified against (official-use CA, public CAs); loaded at start.',
    ),
  SIGNATURE_DEMO_CA: flag
    .optional()
    .describe(
      'Create the demo CA (a trust anchor) and certificates (PIN 123456) and images for the demo leaders and committees. Default: SEED_DEMO.',
    ),
  SIGNATURE_REMOTE_PROVIDERS: z
    .string()
    .optional()
    .describe(
      'Remote signing services, JSON: CSC API v2 [{"id":"mysign","displayName":"Viettel MySign","baseUrl":"https://…","accessToken":"…"}] or SmartCA-style [{"id":"smartca","kind":"smartca","displayName":"VNPT SmartCA","baseUrl":"https://…","spId":"…","spPassword":"…"}]. A remote credential names its provider by id.',
    ),
  SIGNATURE_TSA_URL: z
    .url()
    .optional()
    .describe(
      'RFC 3161 timestamp authority: signatures get a signature timestamp (PAdES B-T). Unset: signatures carry the claimed signing time only (B-B).',
    ),
  NATS_URL: z
    .string()
    .optional()
    .describe(
      'nats://host:4222 — realtime fan-out across instances through NATS (transactional outbox relayed by every instance). Unset: PostgreSQL LISTEN/NOTIFY. All instances of one database must agree.',
    ),
  NATS_SUBJECT: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/)
    .default('mts.realtime')
    .describe('NATS subject of the realtime messages (one per deployment sharing a NATS server).'),
  PORTAL_FACEBOOK_GRAPH_URL: z
    .url()
    .default('https://graph.facebook.com/v21.0')
    .describe(
      'Facebook Graph API base (with its version) that portal articles are cross-posted to (Page feed).',
    ),
  PORTAL_ZALO_API_URL: z
    .url()
    .default('https://openapi.zalo.me')
    .describe(
      'Zalo Official Account open API origin that portal articles are cross-posted to (article/create).',
    ),
  LIVE_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .describe(
      "Comma-separated origins, besides PUBLIC_URL's, from which browsers may open the live WebSocket (e.g. the Vite dev server http://localhost:5173).",
    ),
  LIVE_MAX_SOCKETS_PER_USER: z.coerce
    .number()
    .int()
    .min(1)
    .default(10)
    .describe('Open live WebSockets per user on one instance (browser tabs); one more is closed with 4409.'),
  LIVE_MAX_SUBSCRIPTIONS: z.coerce
    .number()
    .int()
    .min(1)
    .default(200)
    .describe('Topics one live WebSocket may subscribe to.'),
  LIVE_MAX_MESSAGES_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .default(600)
    .describe('Frames a live WebSocket may send per minute; beyond, it is closed with 4429.'),
  LIVE_PING_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(30)
    .describe(
      'Keepalive: the server pings every live WebSocket this often and closes those that miss a pong.',
    ),
  PETITIONS_ANONYMISE_AFTER_DAYS: z.coerce
    .number()
    .int()
    .min(30)
    .max(36_500)
    .default(730)
    .describe(
      "Days after a petition is closed (or rejected) before a daily job blanks its petitioner's name, phone, e-mail and address (Decree 13/2023).",
    ),
  PETITIONS_MAP_TILE_URL: z
    .string()
    .regex(
      /^https?:\/\/[^\s"'<>]+$/,
      'must be an http(s) URL template such as https://tile.example.vn/{z}/{x}/{y}.png',
    )
    .refine((url) => ['{z}', '{x}', '{y}'].every((part) => url.includes(part)), {
      message: 'must contain {z}, {x} and {y}',
    })
    .optional()
    .describe(
      "Map tiles of the public petition map, a Leaflet URL template (https://{s}.tile.example.vn/{z}/{x}/{y}.png); the page's CSP admits its host. Unset: markers on a blank map (works offline); every page also lists the same petitions as text.",
    ),
  OCR_TOOLS_PATH: z
    .string()
    .optional()
    .describe(
      'Where the OCR tools (tesseract, ocrmypdf, qpdf, pdftotext) are looked up, PATH syntax. Unset: the server PATH.',
    ),
  PORTAL_TTS_TOOLS_PATH: z
    .string()
    .optional()
    .describe(
      'Where the radio bulletin tools (espeak-ng with its Vietnamese voice, oggenc, lame) are looked up, PATH syntax. Unset: the server PATH.',
    ),
  PETITIONS_INBOUND_SMTP_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .optional()
    .describe(
      'Port of the inbound SMTP listener that turns e-mail to PETITIONS_INBOUND_ADDRESS into draft petitions (0: any free port). Unset: no listener. Put it behind the mail relay that does TLS and spam filtering.',
    ),
  PETITIONS_INBOUND_ADDRESS: z
    .string()
    .regex(
      /^[^\s@,]+@[^\s@,]+(,\s*[^\s@,]+@[^\s@,]+)*$/,
      'must be one or more e-mail addresses, comma-separated',
    )
    .optional()
    .describe(
      'The mailbox address(es) of petitions, comma-separated (e.g. kiennghi@lamdong.mattran.vn); mail to any other address is refused (550).',
    ),
  PETITIONS_INBOUND_UNIT: z
    .string()
    .optional()
    .describe(
      'The unit (id or code, mã định danh) under which e-mailed petitions are filed as drafts for its cadres to confirm.',
    ),
});

/** The repository root: relative paths (DATA_DIR, .env) are resolved from here, whatever the cwd. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type RawConfig = z.infer<typeof configSchema>;
export type Config = ReturnType<typeof resolveConfig>;

function resolveConfig(raw: RawConfig) {
  const dataDir = path.resolve(projectRoot, raw.DATA_DIR);
  const publicUrl = (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, '');
  return {
    ...raw,
    DATA_DIR: dataDir,
    PUBLIC_URL: publicUrl,
    SEED_DEMO: raw.SEED_DEMO ?? !raw.DATABASE_URL,
    SIGNATURE_DEMO_CA: raw.SIGNATURE_DEMO_CA ?? raw.SEED_DEMO ?? !raw.DATABASE_URL,
    COOKIE_SECURE: raw.COOKIE_SECURE ?? publicUrl.startsWith('https:'),
    isOidcConfigured: Boolean(raw.OIDC_ISSUER && raw.OIDC_CLIENT_ID),
  };
}

export class ConfigError extends Error {}

/** Parses the environment once at boot; throws a readable list of every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { dotenv?: boolean } = {}): Config {
  const dotenvFile = path.join(projectRoot, '.env');
  if (options.dotenv !== false && existsSync(dotenvFile)) loadDotenv({ path: dotenvFile, quiet: true });
  const blankToUndefined = Object.fromEntries(
    Object.keys(configSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = configSchema.safeParse(blankToUndefined);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const key = String(issue.path[0]);
        const about = configSchema.shape[key as keyof RawConfig]?.description;
        return `  - ${issue.path.join('.')}: ${issue.message}${about ? ` — ${about}` : ''}`;
      });
  if (blankToUndefined.STORAGE_DRIVER === 's3' && !blankToUndefined.S3_BUCKET) {
    problems.push('  - S3_BUCKET: required when STORAGE_DRIVER=s3');
  }
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return resolveConfig(parsed.data);
}
