import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea, createdAt } from '../../db/columns.ts';
import { staff, unit } from '../organisation/organisation.schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** Login secrets of a staff account; one row per staff member who may sign in. */
export const credential = pgTable('credential', {
  staffId: uuid('staff_id')
    .primaryKey()
    .references(() => staff.id),
  passwordHash: text('password_hash'), // argon2id; null = SSO/passkey only
  failedLoginCount: integer('failed_login_count').notNull().default(0),
  lockedUntil: at('locked_until'),
  totpSecret: text('totp_secret'), // encrypted with SECRET_KEY
  totpEnabledAt: at('totp_enabled_at'),
  totpLastStep: bigint('totp_last_step', { mode: 'number' }), // last accepted time step (replay guard)
  passwordChangedAt: at('password_changed_at'),
  lastLoginAt: at('last_login_at'),
});

export const recoveryCode = pgTable(
  'recovery_code',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    codeHash: text('code_hash').notNull(),
    usedAt: at('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('recovery_code_staff_idx').on(t.staffId)],
);

export const webauthnCredential = pgTable(
  'webauthn_credential',
  {
    id: text('id').primaryKey(), // credential id, base64url
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    publicKey: bytea('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    transports: text('transports').array().notNull().default(sql`'{}'::text[]`),
    deviceType: text('device_type'),
    backedUp: boolean('backed_up').notNull().default(false),
    name: text('name').notNull(),
    createdAt: createdAt(),
    lastUsedAt: at('last_used_at'),
  },
  (t) => [index('webauthn_credential_staff_idx').on(t.staffId)],
);

/** An SSO identity (issuer + subject) linked to a staff account. */
export const externalIdentity = pgTable(
  'external_identity',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    email: text('email'),
    linkedAt: createdAt(),
    lastLoginAt: at('last_login_at'),
  },
  (t) => [uniqueIndex('external_identity_unique').on(t.issuer, t.subject)],
);

/** Short-lived state of a multi-step flow (WebAuthn challenge, OIDC state + PKCE verifier). */
export const authFlow = pgTable(
  'auth_flow',
  {
    id: text('id').primaryKey(),
    purpose: text('purpose', {
      enum: ['webauthn_register', 'webauthn_login', 'webauthn_mfa', 'oidc'],
    }).notNull(),
    staffId: uuid('staff_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [index('auth_flow_expires_idx').on(t.expiresAt)],
);

/**
 * Failed sign-ins per login name (existing or not) in a sliding window, shared by every instance:
 * throttles guessing spread over many IP addresses. The key is the SHA-256 of the normalised name.
 */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    key: text('key').primaryKey(),
    windowStartedAt: at('window_started_at').notNull(),
    failures: integer('failures').notNull(),
  },
  (t) => [index('login_throttle_window_idx').on(t.windowStartedAt)],
);

export const passwordReset = pgTable(
  'password_reset',
  {
    tokenHash: text('token_hash').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('password_reset_staff_idx').on(t.staffId)],
);

/** Server-side session; the cookie carries a random token whose SHA-256 is the id. */
export const session = pgTable(
  'session',
  {
    id: text('id').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    csrfToken: text('csrf_token').notNull(),
    authMethod: text('auth_method', { enum: ['password', 'passkey', 'oidc'] }).notNull(),
    mfaVerified: boolean('mfa_verified').notNull().default(false), // a second factor was presented
    mfaPending: boolean('mfa_pending').notNull().default(false), // enrolled factor still to present
    activeUnitId: uuid('active_unit_id').references(() => unit.id),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: at('last_seen_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
    revokedAt: at('revoked_at'),
  },
  (t) => [index('session_staff_idx').on(t.staffId)],
);

/** A token for a system integration: hashed, scoped to permissions and a unit subtree, expiring. */
export const apiToken = pgTable(
  'api_token',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unit.id),
    permissions: text('permissions').array().notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => staff.id),
    expiresAt: at('expires_at').notNull(),
    lastUsedAt: at('last_used_at'),
    revokedAt: at('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('api_token_unit_idx').on(t.unitId)],
);

/** Roles are data: a set of permissions, and whether holders must use two-factor sign-in. */
export const role = pgTable('role', {
  id: text('id').primaryKey(),
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
  permissions: text('permissions').array().notNull(),
  requiresMfa: boolean('requires_mfa').notNull().default(false),
  isSystem: boolean('is_system').notNull().default(false),
  createdAt: createdAt(),
});

/** A role held in a unit; it applies to that unit's whole subtree. */
export const roleAssignment = pgTable(
  'role_assignment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    roleId: text('role_id')
      .notNull()
      .references(() => role.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unit.id),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('role_assignment_unique').on(t.staffId, t.roleId, t.unitId),
    index('role_assignment_unit_idx').on(t.unitId),
  ],
);
